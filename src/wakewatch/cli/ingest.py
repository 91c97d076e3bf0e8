"""``wakewatch ingest FILE...``: NMEA logs, AIS CSV and Parquet into the store."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from wakewatch.cli.settings import resolve_settings
from wakewatch.errors import InputError
from wakewatch.ingest.decoders import NAMES
from wakewatch.ingest.nmea.timestamps import parse_iso
from wakewatch.ingest.outcomes import ORDER
from wakewatch.ingest.report import IngestReport
from wakewatch.store.load import ingest_path


def parse_assume_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    ts = parse_iso(value)
    if ts is None:
        raise InputError(
            f"--assume-time {value!r}: give an ISO 8601 time with a zone, "
            "e.g. 2012-03-14T11:29:00Z")
    return ts.astimezone(UTC)


def parse_settings(settings: tuple[str, ...]) -> dict[str, int | float]:
    """``NAME=VALUE`` overrides of the NMEA ingest parameters, checked and typed."""
    from wakewatch.ingest.nmea.pipeline import PARAMS

    resolved, names = resolve_settings(PARAMS, settings)
    return {k: v for k, v in resolved.items() if k in names}


def wide_console(stderr: bool) -> Console:
    """A console wide enough for the outcome table even when output is not a terminal."""
    console = Console(stderr=stderr)
    if not console.is_terminal:
        console = Console(stderr=stderr, width=160)
    return console


def render_reports(reports: list[IngestReport], console: Console) -> None:
    """The outcome table, one row per file (on stderr)."""
    table = Table(title="ingest: lines by outcome", title_justify="left")
    table.add_column("file", no_wrap=True, max_width=28, overflow="ellipsis")
    table.add_column("decoder", no_wrap=True, max_width=14, overflow="ellipsis")
    for o in ORDER:
        table.add_column(o.value.replace("_", "\n"), justify="right", no_wrap=True)
    table.add_column("positions", justify="right", no_wrap=True)
    table.add_column("statics", justify="right", no_wrap=True)
    for r in reports:
        if r.skipped:
            console.print(f"{Path(r.path).name}: already ingested (sha256 {r.sha256[:12]}), "
                          "nothing added; counts from the ingest log")
        elif r.resumed:
            console.print(f"{Path(r.path).name}: an interrupted ingest was resumed and "
                          "completed")
        table.add_row(Path(r.path).name, r.decoder or "duckdb",
                      *(f"{r.counts[o.value]:,}" for o in ORDER),
                      f"{r.positions:,}", f"{r.statics:,}")
    console.print(table)


@click.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--decoder", type=click.Choice(NAMES), default=None,
              help="AIS decoder (default: numpy — columnar, results identical to pyais).")
@click.option("--assume-time", "assume_time", metavar="ISO8601",
              help="Time for lines that carry none (logs without timestamps).")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override an ingest parameter (see docs/parameters.md), e.g. "
              "--set dedup_window_s=30.")
@click.option("--strict", is_flag=True,
              help="Exit with code 1 if any line was rejected.")
@click.pass_obj
def ingest(obj: object, files: tuple[Path, ...], decoder: str | None,
           assume_time: str | None, settings: tuple[str, ...], strict: bool) -> None:
    """Ingest NMEA logs (plain, tag blocks, timestamp prefixes, $PGHP/$GPZDA), NOAA
    MarineCadastre / DMA CSV and Parquet. Gzip is read transparently."""
    from wakewatch.cli.main import Context

    assert isinstance(obj, Context)
    when = parse_assume_time(assume_time)
    options = parse_settings(settings)
    console = wide_console(stderr=True)
    reports: list[IngestReport] = []
    with obj.open_store() as store:
        for path in files:
            if not path.exists():
                raise InputError(f"{path}: no such file")
        for path in files:
            with console.status(f"ingesting {path.name} ...") as status:
                def progress(partial: IngestReport, line_no: int,
                             name: str = path.name) -> None:
                    status.update(f"ingesting {name}: {line_no:,} lines, "
                                  f"{partial.positions:,} positions")

                report = ingest_path(store, path, decoder=decoder, assume_time=when,
                                     progress=progress, parser_options=options)
            reports.append(report)
    render_reports(reports, console)
    rejected = sum(r.counts[o] for r in reports
                   for o in ("bad_checksum", "unparseable", "orphan_fragment", "no_timestamp"))
    if strict and rejected:
        raise InputError(f"{rejected:,} lines rejected (see the rejects table); --strict")
