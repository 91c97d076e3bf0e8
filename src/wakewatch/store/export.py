"""Exporting store tables as Parquet, partitioned for tools that read them (DuckDB, Polars,
Arrow, Dask, Spark).

``positions`` is written by DuckDB's own ``COPY ... TO`` as a hive-partitioned dataset: one
directory ``date=YYYY-MM-DD`` per UTC day (the day of ``ts`` in UTC, whatever the session
time zone), zstd-compressed files sorted by (mmsi, ts), every store column kept (``ts`` stays
timezone-aware). A file of the dataset ingests back with ``wakewatch ingest``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from wakewatch.errors import InputError, StoreError
from wakewatch.ingest.codes import sql_string
from wakewatch.store.db import Store, fetch_one
from wakewatch.store.schema import POSITION_COLUMNS

# The UTC calendar day of a TIMESTAMPTZ, independent of the session's TimeZone setting.
UTC_DATE_SQL = "CAST(make_timestamp(epoch_us(ts)) AS DATE)"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    partitions: int


def export_positions(store: Store, out_dir: Path, *, overwrite: bool = False) -> ExportResult:
    """Write every stored position under ``out_dir`` as ``date=YYYY-MM-DD/*.parquet``."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: exists and is not a directory", path=out_dir)
    if out_dir.is_dir() and any(out_dir.iterdir()) and not overwrite:
        raise InputError(f"{out_dir}: directory is not empty; choose another --out or pass "
                         "--overwrite", path=out_dir)
    options = ["FORMAT parquet", "PARTITION_BY (date)", "COMPRESSION zstd"]
    if overwrite:
        options.append("OVERWRITE")
    query = (f"SELECT {', '.join(POSITION_COLUMNS)}, {UTC_DATE_SQL} AS date "
             "FROM positions ORDER BY date, mmsi, ts, line_no")
    try:
        row = fetch_one(
            store.con, f"COPY ({query}) TO {sql_string(str(out_dir))} ({', '.join(options)})")
        (partitions,) = fetch_one(
            store.con, f"SELECT count(DISTINCT {UTC_DATE_SQL}) FROM positions") or (0,)
    except duckdb.IOException as exc:
        first = (str(exc).splitlines() or [""])[0]
        raise InputError(f"{out_dir}: cannot write: {first}", path=out_dir) from exc
    except duckdb.Error as exc:
        first = (str(exc).splitlines() or [""])[0]
        raise StoreError(f"exporting positions failed: {first}", path=out_dir) from exc
    return ExportResult(out_dir, int(row[0]) if row else 0, int(partitions))
