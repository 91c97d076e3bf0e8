"""``wakewatch demo``: the whole job on the bundled real data (grows with every capability).

Today: ingest the bundled real AIS samples (Danish, Australian and satellite NMEA logs and a
NOAA MarineCadastre CSV), then print what was found: lines by outcome, vessels by flag, and
the vessels whose identities look forged.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

import click
import polars as pl
from rich.table import Table

from wakewatch.cli.ingest import render_reports, wide_console
from wakewatch.ingest.report import IngestReport
from wakewatch.store import Store
from wakewatch.store.load import ingest_path

SAMPLES = (
    "dma_aislib_stream_2010-06-11.nmea.gz",
    "amsa_risky_australia_2012-01-27.nmea.gz",
    "libais_tagblock.nmea",
    "marinecadastre_AIS_2023_01_11_aisdb_sample1000.csv",
)


def ingest_samples(store: Store) -> list[IngestReport]:
    reports = []
    root = files("wakewatch.data") / "samples"
    for name in SAMPLES:
        with as_file(root / name) as path:
            reports.append(ingest_path(store, Path(path)))
    return reports


def _flags_table(store: Store, limit: int) -> Table:
    from wakewatch.identity.vessels import vessel_summary

    summary = vessel_summary(store)
    by_flag = (summary.group_by(pl.col("flag_iso2").fill_null("??"),
                                pl.col("flag").fill_null("(no allocated MID)"))
               .len().sort(["len", "flag"], descending=[True, False]))
    table = Table(title=f"vessels by flag (from the MMSI's MID), top {limit} of "
                  f"{by_flag.height}", title_justify="left")
    table.add_column("iso")
    table.add_column("flag", max_width=48, overflow="ellipsis", no_wrap=True)
    table.add_column("vessels", justify="right", no_wrap=True)
    for iso, flag, n in by_flag.head(limit).iter_rows():
        table.add_row(str(iso), str(flag), f"{n:,}")
    table.add_row("", "all", f"{summary.height:,}")
    return table


def _forged_table(store: Store, limit: int) -> Table:
    from wakewatch.identity.vessels import forged_vessels

    forged = forged_vessels(store).with_columns(
        n_reasons=pl.col("forged_reasons").list.len(),
        is_ship=pl.col("mmsi_kind") == "ship")
    reasons = (forged.select(pl.col("forged_reasons").explode()).group_by("forged_reasons")
               .len().sort("len", descending=True))
    why = ", ".join(f"{r} {n:,}" for r, n in reasons.iter_rows())
    shown = forged.sort(["is_ship", "n_reasons", "n_positions"],
                        descending=[True, True, True]).head(limit)
    table = Table(title=f"vessels whose identities look forged: {forged.height:,} ({why}); "
                  f"ship stations first", title_justify="left")
    for col in ("mmsi", "kind", "name", "imo", "flag", "reasons"):
        table.add_column(col, no_wrap=col in ("mmsi", "imo"))
    for row in shown.iter_rows(named=True):
        table.add_row(str(row["mmsi"]), str(row["mmsi_kind"]), str(row["name"] or ""),
                      str(row["imo"] or ""), str(row["flag_iso2"] or ""),
                      "; ".join(row["forged_reasons"] or []))
    return table


@click.command()
@click.option("--limit", default=15, show_default=True, help="Rows per table.")
@click.pass_obj
def demo(obj: object, limit: int) -> None:
    """Run wakewatch on the bundled real data and show what it finds."""
    from wakewatch.cli.main import Context

    assert isinstance(obj, Context)
    err = wide_console(stderr=True)
    out = wide_console(stderr=False)
    err.print(f"[bold]wakewatch demo[/] — database {obj.db}")
    with obj.open_store() as store:
        reports = ingest_samples(store)
        render_reports(reports, out)
        out.print(_flags_table(store, limit))
        out.print(_forged_table(store, limit))
