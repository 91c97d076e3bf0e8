"""Loading input files into the store: one file at a time, accounted, idempotent, resumable.

* A file is identified by the SHA-256 of its bytes. Re-ingesting a file already done adds
  nothing (the report says ``skipped``).
* NMEA logs are committed one chunk per transaction together with the ingest-log progress
  (``chunks_done``), so a killed ingest resumes after the last committed chunk and ends
  with every line stored once.
* A file that turns out to be unusable part-way (e.g. a truncated gzip) is rolled back
  whole: its rows and its log entry are removed, nothing else is touched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from wakewatch.errors import WakewatchError
from wakewatch.ingest.decoders import Decoder, get_decoder
from wakewatch.ingest.nmea.pipeline import NmeaParser, ParsedChunk
from wakewatch.ingest.outcomes import ORDER
from wakewatch.ingest.report import IngestReport
from wakewatch.ingest.sources import FileFormat, check_exists, file_sha256, sniff_format
from wakewatch.store.db import Store, fetch_one
from wakewatch.store.load_table import load_table
from wakewatch.store.schema import POSITION_COLUMNS, STATIC_COLUMNS

Progress = Callable[[IngestReport, int], None]


def ingest_path(store: Store, path: Path, *, decoder: str | Decoder | None = None,
                assume_time: datetime | None = None, progress: Progress | None = None,
                parser_options: Mapping[str, Any] | None = None) -> IngestReport:
    """Ingest one file (NMEA log, AIS CSV or Parquet) into ``store``."""
    check_exists(path)
    fmt = sniff_format(path)
    sha = file_sha256(path)
    report = IngestReport(path=str(path), sha256=sha, format=fmt.value)
    row = fetch_one(store.con,
                    "SELECT status, chunks_done FROM ingest_log WHERE file_sha256 = ?", [sha])
    if row is not None and row[0] == "done":
        report.skipped = True
        _fill_from_log(store, report)
        return report
    if fmt is not FileFormat.NMEA:
        try:
            return load_table(store, path, sha, report)
        except WakewatchError:
            _discard(store, sha)
            raise
    dec = get_decoder(decoder) if decoder is None or isinstance(decoder, str) else decoder
    report.decoder = dec.name
    chunks_done = 0
    if row is not None:
        report.resumed = True
        chunks_done = int(row[1])
    else:
        store.con.execute(
            "INSERT INTO ingest_log (file_sha256, path, format, decoder, size_bytes, status, "
            "assume_time, started_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
            [sha, str(path), fmt.value, dec.name, path.stat().st_size, assume_time,
             datetime.now(UTC)])
    parser = NmeaParser(dec, assume_time=assume_time, params=parser_options)
    try:
        for chunk in parser.parse(path):
            for k, v in chunk.counts.items():
                report.counts[k] += v
            report.positions += chunk.positions.height
            report.statics += chunk.statics.height
            if chunk.index >= chunks_done:
                _commit_chunk(store, path, sha, chunk, report)
            if progress is not None:
                progress(report, chunk.first_line_no + chunk.n_lines - 1)
    except WakewatchError:
        _discard(store, sha)
        raise
    store.con.execute(
        "UPDATE ingest_log SET status = 'done', finished_at = ? WHERE file_sha256 = ?",
        [datetime.now(UTC), sha])
    return report


def _commit_chunk(store: Store, path: Path, sha: str, chunk: ParsedChunk,
                  report: IngestReport) -> None:
    con = store.con
    provenance = {"source": pl.lit(str(path)), "file_sha256": pl.lit(sha)}
    with store.transaction():
        _insert(store, "positions", chunk.positions, provenance, POSITION_COLUMNS)
        _insert(store, "statics", chunk.statics, provenance, STATIC_COLUMNS)
        _insert(store, "rejects", chunk.rejects, provenance,
                ("file_sha256", "source", "line_no", "reason", "raw"))
        sets = ", ".join(f"{o.value} = ?" for o in ORDER)
        con.execute(
            f"UPDATE ingest_log SET chunks_done = ?, lines_done = ?, lines_total = ?, {sets}, "
            "positions = ?, statics = ? WHERE file_sha256 = ?",
            [chunk.index + 1, chunk.first_line_no + chunk.n_lines - 1, report.lines,
             *(report.counts[o.value] for o in ORDER), report.positions, report.statics, sha])


def _insert(store: Store, table: str, rows: pl.DataFrame, provenance: dict[str, pl.Expr],
            columns: tuple[str, ...]) -> None:
    """Append a chunk's rows (plus their file provenance) to ``table``."""
    if rows.height == 0:
        return
    view = f"_chunk_{table}"
    store.con.register(view, rows.with_columns(**provenance).select(columns).to_arrow())
    try:
        store.con.execute(f"INSERT INTO {table} SELECT * FROM {view}")
    finally:
        store.con.unregister(view)


def _discard(store: Store, sha: str) -> None:
    """Remove every trace of one file (used when it proves unusable part-way)."""
    with store.transaction() as con:
        for table in ("positions", "statics", "rejects", "ingest_log"):
            con.execute(f"DELETE FROM {table} WHERE file_sha256 = ?", [sha])


def _fill_from_log(store: Store, report: IngestReport) -> None:
    cols = ", ".join(o.value for o in ORDER)
    row = fetch_one(
        store.con,
        f"SELECT decoder, {cols}, positions, statics FROM ingest_log WHERE file_sha256 = ?",
        [report.sha256])
    assert row is not None
    report.decoder = row[0]
    for o, v in zip(ORDER, row[1:1 + len(ORDER)], strict=True):
        report.counts[o.value] = int(v)
    report.positions, report.statics = int(row[-2]), int(row[-1])
