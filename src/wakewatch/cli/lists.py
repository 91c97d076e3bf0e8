"""``wakewatch lists``: load sanctions lists and show what is loaded.

``wakewatch lists load FILE...`` detects each file's format (:mod:`wakewatch.sanctions.load`)
and replaces that list's previous version in the store; every file is read completely before
anything is written, so a damaged file is refused with one line and the loaded lists stay as
they were. ``wakewatch lists`` prints one row per loaded list (dataset, published date, file,
entity counts by schema, the top programs) as a table or ``--format jsonl``. Notes go to
stderr; an empty store is not an error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from wakewatch.sanctions.load import load_lists
from wakewatch.store.entities import LoadedList, loaded_lists

_TABLE_WIDTH_CHARS = 200  # when stdout is not a terminal (pipes, files, tests)


def _row(item: LoadedList, top: int) -> dict[str, Any]:
    programs = list(item.counts.get("program", {}).items())[:top]
    return {"dataset": item.dataset,
            "published": item.published.isoformat() if item.published else None,
            "format": item.format, "path": item.path, "sha256": item.sha256,
            "loaded_at": item.loaded_at.isoformat().replace("+00:00", "Z"),
            "entities": item.counts.get("entities", 0),
            "schema": item.counts.get("schema", {}), "imo": item.counts.get("imo", 0),
            "mmsi": item.counts.get("mmsi", 0), "programs": dict(programs)}


def _table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="loaded sanctions lists", title_justify="left")
    for name in ("dataset", "published", "format", "entities", "by schema", "IMO", "MMSI",
                 "top programs"):
        table.add_column(name)
    for r in rows:
        table.add_row(r["dataset"], r["published"] or "", r["format"], str(r["entities"]),
                      ", ".join(f"{k} {v}" for k, v in r["schema"].items()), str(r["imo"]),
                      str(r["mmsi"]), ", ".join(f"{k} {v}" for k, v in r["programs"].items()))
    return table


@click.group(invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True, help="Output format.")
@click.option("--top", type=click.IntRange(min=0), default=8, show_default=True,
              help="How many programs to show per list (largest first).")
@click.pass_context
def lists(ctx: click.Context, fmt: str, top: int) -> None:
    """Sanctions lists: what is loaded (dataset, date, counts by schema and program)."""
    if ctx.invoked_subcommand is not None:
        return
    with ctx.obj.open_store() as store:
        rows = [_row(item, top) for item in loaded_lists(store)]
    if not rows:
        click.echo("no sanctions lists loaded: run `wakewatch lists load FILE...`", err=True)
        return
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    out = sys.stdout
    Console(file=out, width=None if out.isatty() else _TABLE_WIDTH_CHARS, highlight=False,
            soft_wrap=False).print(_table(rows))


@lists.command("load")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def load(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Load sanctions list FILES (format detected); each replaces its list's older version.

    OFAC sdn.csv reads its add.csv / alt.csv / sdn_comments.csv companions from beside it.
    """
    with ctx.obj.open_store() as store:
        done = load_lists(store, list(files))
    for item in done:
        schema = ", ".join(f"{k} {v}" for k, v in item.counts["schema"].items())
        when = item.info.published.isoformat() if item.info.published else "undated"
        click.echo(f"{item.info.dataset} ({item.info.format}, {when}): "
                   f"{item.counts['entities']} entities ({schema}); "
                   f"{item.counts['imo']} IMO, {item.counts['mmsi']} MMSI "
                   f"from {item.info.path}", err=True)
