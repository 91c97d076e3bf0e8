"""``wakewatch vessels``: identity timelines and forged-identity flags.

Without ``--forged`` it prints the ``vessels`` timeline (one row per identity interval of an
MMSI); with ``--forged`` one row per MMSI whose identity looks forged, with the reasons
(:data:`wakewatch.identity.FORGED_REASONS`). Data goes to stdout as a table or JSON lines
(times ISO 8601 UTC with ``Z``); notes go to stderr. An empty store is not an error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import click
import polars as pl
from rich.console import Console
from rich.table import Table

from wakewatch.identity import forged_vessels, store_is_empty, vessel_timeline

_TABLE_WIDTH_CHARS = 200  # when stdout is not a terminal (pipes, files, tests)


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def _write_jsonl(rows: Iterable[Mapping[str, object]]) -> None:
    out = sys.stdout
    for row in rows:
        out.write(json.dumps({k: _json_value(v) for k, v in row.items()}, ensure_ascii=False))
        out.write("\n")


def _time(value: object) -> str:
    return str(_json_value(value)) if isinstance(value, datetime) else ""


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _flag(row: Mapping[str, Any]) -> str:
    if row["flag_iso2"] is not None:
        return f"{row['flag_iso2']} {row['mid']}"
    return "" if row["mid"] is None else f"?? {row['mid']}"


def _checks(row: Mapping[str, Any]) -> str:
    problems = []
    if row["imo_valid"] is False:
        problems.append("IMO check digit")
    if row["mid_allocated"] is False:
        problems.append("MID unallocated")
    if row["truncated_us_mmsi"]:
        problems.append("8-digit US MMSI")
    elif row["default_mmsi"]:
        problems.append("default MMSI")
    return ", ".join(problems)


def _console() -> Console:
    out = sys.stdout
    width = None if out.isatty() else _TABLE_WIDTH_CHARS
    return Console(file=out, width=width, highlight=False, soft_wrap=False)


def _timeline_table(frame: pl.DataFrame) -> Table:
    table = Table(title="vessel identity timeline", title_justify="left")
    for name in ("MMSI", "kind", "flag", "IMO", "name", "call sign", "type",
                 "first seen", "last seen", "reports", "problems"):
        table.add_column(name, no_wrap=name in ("MMSI", "first seen", "last seen"))
    for row in frame.iter_rows(named=True):
        reports = f"{row['n_reports']}" + (" pos" if row["basis"] == "positions" else "")
        table.add_row(
            str(row["mmsi"]), row["mmsi_kind"], _flag(row), _text(row["imo"]),
            _text(row["name"]), _text(row["callsign"]), _text(row["ship_type"]),
            _time(row["first_seen"]), _time(row["last_seen"]), reports, _checks(row))
    return table


def _forged_table(frame: pl.DataFrame) -> Table:
    table = Table(title="vessels whose identities look forged", title_justify="left")
    for name in ("MMSI", "flag", "IMO", "name", "call sign", "names", "IMOs",
                 "first seen", "last seen", "reasons", "IMO shared with"):
        table.add_column(name, no_wrap=name in ("MMSI", "first seen", "last seen"))
    for row in frame.iter_rows(named=True):
        table.add_row(
            str(row["mmsi"]), _flag(row), _text(row["imo"]), _text(row["name"]),
            _text(row["callsign"]), " / ".join(row["names"]),
            " ".join(str(i) for i in row["imos"]), _time(row["first_seen"]),
            _time(row["last_seen"]), ", ".join(row["forged_reasons"]),
            " ".join(str(m) for m in row["shared_imo_mmsis"]))
    return table


@click.command("vessels")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True, help="Output: a table, or one JSON object per line.")
@click.option("--forged", is_flag=True,
              help="Only vessels whose identity looks forged: one row per MMSI with reasons.")
@click.option("--mmsi", type=click.IntRange(min=0), default=None,
              help="Only this MMSI.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="At most this many rows.")
@click.pass_context
def vessels(ctx: click.Context, fmt: str, forged: bool, mmsi: int | None,
            limit: int | None) -> None:
    """Vessel identity timelines (MMSI, IMO, name, call sign, flag) and forged identities."""
    with ctx.obj.open_store(read_only=True) as store:
        if store_is_empty(store):
            click.echo(f"wakewatch: {ctx.obj.db} holds no position or static reports yet; "
                       "run `wakewatch ingest FILE...` first", err=True)
            return
        if forged:
            frame = forged_vessels(store)
            if mmsi is not None:
                frame = frame.filter(pl.col("mmsi") == mmsi)
        else:
            frame = vessel_timeline(store, mmsi=mmsi)
        if frame.is_empty():
            known = mmsi is None or (forged and not vessel_timeline(store, mmsi=mmsi).is_empty())
            _note_nothing(forged, mmsi, known=known)
            return
    if limit is not None:
        frame = frame.head(limit)
    if fmt == "jsonl":
        _write_jsonl(frame.iter_rows(named=True))
    else:
        _console().print(_forged_table(frame) if forged else _timeline_table(frame))


def _note_nothing(forged: bool, mmsi: int | None, *, known: bool) -> None:
    if not known:
        click.echo(f"wakewatch: no reports from MMSI {mmsi} in this database", err=True)
    elif forged:
        suffix = f" for MMSI {mmsi}" if mmsi is not None else ""
        click.echo(f"wakewatch: no vessel identity looks forged{suffix}", err=True)
    else:
        click.echo("wakewatch: no vessels to show", err=True)


