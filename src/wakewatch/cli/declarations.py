"""``wakewatch declarations``: shipment records (bills of lading, manifest lines).

* ``declarations load FILE...`` — CSV (header row) or JSON lines into the store; a table of
  lines by outcome (accepted / duplicate / rejected) on stderr; a malformed file is one
  error line and nothing of it is loaded; the same file again adds nothing.
* ``declarations [list]`` — the stored declarations (``--imo``, ``--mmsi`` filters).
* ``declarations check`` — reconciliation findings
  (:func:`wakewatch.declarations.reconcile.reconcile_store`).

``--format table|jsonl``: a table, or one JSON object per line on stdout (times ISO 8601 UTC
with ``Z``); notes go to stderr.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from wakewatch.errors import InputError
from wakewatch.events import iso_utc

_TABLE_WIDTH_CHARS = 200
_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]),
                       default="table", show_default=True,
                       help="Output: a table, or one JSON object per line.")


def _ctx(obj: object) -> Any:
    from wakewatch.cli.main import Context

    assert isinstance(obj, Context)
    return obj


def _console(stderr: bool = False) -> Console:
    console = Console(stderr=stderr)
    if not console.is_terminal:
        console = Console(stderr=stderr, width=_TABLE_WIDTH_CHARS)
    return console


def _json(value: object) -> object:
    return iso_utc(value) if isinstance(value, datetime) else value


@click.group(invoke_without_command=True)
@click.pass_context
def declarations(ctx: click.Context) -> None:
    """Shipment records: bills of lading, manifests (load, list, check)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_declarations)


@declarations.command("load")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--strict", is_flag=True, help="Exit with code 1 if any line was rejected.")
@click.pass_obj
def load(obj: object, files: tuple[Path, ...], strict: bool) -> None:
    """Load shipment records: CSV with a header row, or JSON lines (docs/declarations.md)."""
    from wakewatch.declarations.load import LoadReport, load_declarations, parse_declarations

    for path in files:
        if not path.exists():
            raise InputError(f"{path}: no such file")
    for path in files:  # a malformed file stops the command before anything is loaded
        parse_declarations(path)
    reports: list[LoadReport] = []
    with _ctx(obj).open_store() as store:
        for path in files:
            reports.append(load_declarations(store, path))
    console = _console(stderr=True)
    table = Table(title="declarations: lines by outcome", title_justify="left")
    for col in ("file", "format", "accepted", "duplicate", "rejected"):
        table.add_column(col, justify="left" if col in ("file", "format") else "right")
    for r in reports:
        if r.skipped:
            console.print(f"{Path(r.path).name}: already loaded (sha256 {r.sha256[:12]}), "
                          "nothing added; counts from the first load")
        table.add_row(Path(r.path).name, r.format, f"{r.accepted:,}", f"{r.duplicate:,}",
                      f"{r.rejected:,}")
    console.print(table)
    rejected = sum(r.rejected for r in reports if not r.skipped)
    if rejected:
        console.print(f"{rejected:,} rejected line(s): reasons in the declaration_rejects "
                      "table")
    if strict and rejected:
        raise InputError(f"{rejected:,} lines rejected; --strict")


@declarations.command("list")
@click.option("--imo", type=int, default=None, help="Only this declared IMO.")
@click.option("--mmsi", type=int, default=None, help="Only this declared MMSI.")
@_FORMAT
@click.pass_obj
def list_declarations(obj: object, imo: int | None = None, mmsi: int | None = None,
                      fmt: str = "table") -> None:
    """The stored declarations, by loading date."""
    from wakewatch.store.declarations import read_declarations

    with _ctx(obj).open_store(read_only=True) as store:
        frame = read_declarations(store, imo=imo, mmsi=mmsi)
    if fmt == "jsonl":
        for row in frame.drop("content_sha1").iter_rows(named=True):
            sys.stdout.write(json.dumps({k: _json(v) for k, v in row.items()},
                                        ensure_ascii=False) + "\n")
        return
    table = Table(title=f"declarations: {frame.height}", title_justify="left")
    cols = ("declaration_id", "vessel_imo", "vessel_name", "pol_locode", "pod_locode",
            "loading_date", "discharge_date", "consignee", "consignee_country", "hs_code",
            "cargo_description")
    for c in cols:
        table.add_column(c.replace("_", " "), overflow="fold")
    for row in frame.iter_rows(named=True):
        table.add_row(*("" if row[c] is None else
                        iso_utc(row[c])[:10] if isinstance(row[c], datetime) else str(row[c])
                        for c in cols))
    _console().print(table)


@declarations.command("check")
@_FORMAT
@click.pass_obj
def check(obj: object, fmt: str) -> None:
    """Reconcile declarations with observed events: discharge port not reached, port of
    concern visited, loading port not visited, arms or dual-use cargo."""
    from wakewatch.declarations.reconcile import finding_to_json, reconcile_store

    with _ctx(obj).open_store(read_only=True) as store:
        findings = reconcile_store(store)
    if fmt == "jsonl":
        for f in findings:
            sys.stdout.write(json.dumps(finding_to_json(f), ensure_ascii=False) + "\n")
        return
    table = Table(title=f"declaration findings: {len(findings)}", title_justify="left")
    for c in ("kind", "declaration", "imo", "mmsi", "start", "end", "score", "detail"):
        table.add_column(c, overflow="fold", justify="right" if c == "score" else "left")
    for f in findings:
        table.add_row(f.kind, f.declaration_id, "" if f.imo is None else str(f.imo),
                      "" if f.mmsi is None else str(f.mmsi), iso_utc(f.start)[:16],
                      iso_utc(f.end)[:16], f"{f.score:.2f}", f.detail)
    _console().print(table)
