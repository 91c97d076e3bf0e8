"""Loading input files into the store: one file at a time, accounted, idempotent, resumable.

* A file is identified by the SHA-256 of its bytes. Re-ingesting a file already done adds
  nothing (the report says ``skipped``). The hash is computed in a thread (hashlib releases
  the GIL) while the file is already being read: the CSV/Parquet scan into the loader's
  temporary row table, or the parsing of the first NMEA chunk. Nothing is written to the
  store before the hash is known and the ingest log checked, so a done file is still
  skipped with nothing written (its scan is wasted work).
* NMEA logs are committed one chunk per transaction together with the ingest-log progress
  (``chunks_done``), so a killed ingest resumes after the last committed chunk and ends
  with every line stored once. Chunk k is committed in a worker thread while the parser
  computes chunk k + 1 (at most one commit in flight, commits in order); the parser never
  touches the store, and the store connection is used by one thread at a time. The
  ``progress`` callback for a chunk runs once that chunk is committed.
* A file that turns out to be unusable part-way (e.g. a truncated gzip) is rolled back
  whole: its rows and its log entry are removed, nothing else is touched.
* Provenance (``source``, ``file_sha256``) is the same for every row of a file: it is bound
  as a query parameter of the ``INSERT ... SELECT``, not materialised as a column of the
  chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
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
from wakewatch.store.load_table import Staged, discard_staged, finish_table, stage_table
from wakewatch.store.schema import POSITION_COLUMNS, STATIC_COLUMNS

Progress = Callable[[IngestReport, int], None]
REJECT_COLUMNS: tuple[str, ...] = ("file_sha256", "source", "line_no", "reason", "raw")
PROVENANCE: tuple[str, ...] = ("source", "file_sha256")


def ingest_path(store: Store, path: Path, *, decoder: str | Decoder | None = None,
                assume_time: datetime | None = None, progress: Progress | None = None,
                parser_options: Mapping[str, Any] | None = None) -> IngestReport:
    """Ingest one file (NMEA log, AIS CSV or Parquet) into ``store``."""
    check_exists(path)
    fmt = sniff_format(path)
    report = IngestReport(path=str(path), sha256="", format=fmt.value)
    with ThreadPoolExecutor(1, thread_name_prefix="wakewatch-sha256") as pool:
        sha = pool.submit(file_sha256, path)
        if fmt is not FileFormat.NMEA:
            return _ingest_table(store, path, sha, report)
        return _ingest_nmea(store, path, sha, report, decoder, assume_time, progress,
                            parser_options)


def _ingest_table(store: Store, path: Path, sha: Future[str],
                  report: IngestReport) -> IngestReport:
    failure: WakewatchError | None = None
    staged: Staged | None = None
    try:
        staged = stage_table(store, path, report)
    except WakewatchError as exc:
        failure = exc
    try:
        report.sha256 = sha.result()
        if _log_state(store, report.sha256)[0] == "done":
            return _skipped(store, report)
        if failure is not None or staged is None:
            raise failure or AssertionError
        return finish_table(store, path, staged, report.sha256, report)
    except WakewatchError:
        _discard(store, report.sha256)
        raise
    finally:
        discard_staged(store)


@dataclass(frozen=True)
class _Totals:
    """The report's running totals after one chunk (what its commit writes to the log)."""

    counts: tuple[int, ...]
    lines: int
    positions: int
    statics: int


def _ingest_nmea(store: Store, path: Path, sha: Future[str], report: IngestReport,
                 decoder: str | Decoder | None, assume_time: datetime | None,
                 progress: Progress | None,
                 parser_options: Mapping[str, Any] | None) -> IngestReport:
    dec = get_decoder(decoder) if decoder is None or isinstance(decoder, str) else decoder
    report.decoder = dec.name
    chunks = NmeaParser(dec, assume_time=assume_time, params=parser_options).parse(path)
    failure: WakewatchError | None = None
    first: ParsedChunk | None = None
    try:
        first = next(chunks, None)   # parsed while the hash runs
    except WakewatchError as exc:
        failure = exc
    report.sha256 = sha.result()
    state, chunks_done = _log_state(store, report.sha256)
    if state == "done":
        return _skipped(store, report)
    try:
        if failure is not None:
            raise failure
        if state is None:
            store.con.execute(
                "INSERT INTO ingest_log (file_sha256, path, format, decoder, size_bytes, "
                "status, assume_time, started_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
                [report.sha256, str(path), report.format, dec.name, path.stat().st_size,
                 assume_time, datetime.now(UTC)])
        else:
            report.resumed = True
        rest = chunks if first is None else _prepend(first, chunks)
        _commit_all(store, path, report, rest, chunks_done, progress)
    except WakewatchError:
        _discard(store, report.sha256)
        raise
    store.con.execute(
        "UPDATE ingest_log SET status = 'done', finished_at = ? WHERE file_sha256 = ?",
        [datetime.now(UTC), report.sha256])
    return report


def _commit_all(store: Store, path: Path, report: IngestReport, chunks: Iterator[ParsedChunk],
                chunks_done: int, progress: Progress | None) -> None:
    """Account every chunk; commit those not yet done in a worker thread, one in flight
    while the next is parsed. Leaves only once no commit is running (also on errors)."""
    with ThreadPoolExecutor(1, thread_name_prefix="wakewatch-commit") as worker:
        pending: Future[None] | None = None
        last_line = 0
        for chunk in chunks:   # parsing chunk k + 1 overlaps the commit of chunk k
            if pending is not None:
                pending.result()
                if progress is not None:
                    progress(report, last_line)
            for k, v in chunk.counts.items():
                report.counts[k] += v
            report.positions += chunk.positions.height
            report.statics += chunk.statics.height
            last_line = chunk.first_line_no + chunk.n_lines - 1
            totals = _Totals(tuple(report.counts[o.value] for o in ORDER), report.lines,
                             report.positions, report.statics)
            if chunk.index >= chunks_done:
                pending = worker.submit(_commit_chunk, store, path, report.sha256, chunk,
                                        totals)
            else:
                pending = _done()
        if pending is not None:
            pending.result()
            if progress is not None:
                progress(report, last_line)


def _commit_chunk(store: Store, path: Path, sha: str, chunk: ParsedChunk,
                  totals: _Totals) -> None:
    """One transaction: the chunk's rows and the ingest log's progress through it."""
    provenance = (str(path), sha)
    with store.transaction() as con:
        _insert(store, "positions", chunk.positions, provenance, POSITION_COLUMNS)
        _insert(store, "statics", chunk.statics, provenance, STATIC_COLUMNS)
        _insert(store, "rejects", chunk.rejects, provenance, REJECT_COLUMNS)
        sets = ", ".join(f"{o.value} = ?" for o in ORDER)
        con.execute(
            f"UPDATE ingest_log SET chunks_done = ?, lines_done = ?, lines_total = ?, {sets}, "
            "positions = ?, statics = ? WHERE file_sha256 = ?",
            [chunk.index + 1, chunk.first_line_no + chunk.n_lines - 1, totals.lines,
             *totals.counts, totals.positions, totals.statics, sha])


def _insert(store: Store, table: str, rows: pl.DataFrame, provenance: tuple[str, str],
            columns: tuple[str, ...]) -> None:
    """Append a chunk's rows to ``table``; ``source`` and ``file_sha256`` are parameters."""
    if rows.height == 0:
        return
    view = f"_chunk_{table}"
    data = [c for c in columns if c not in PROVENANCE]
    select = ", ".join("?" if c in PROVENANCE else f'"{c}"' for c in columns)
    params = [provenance[PROVENANCE.index(c)] for c in columns if c in PROVENANCE]
    store.con.register(view, rows.select(data).to_arrow())
    try:
        store.con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} "
                          f"FROM {view}", params)
    finally:
        store.con.unregister(view)


def _prepend(first: ParsedChunk, rest: Iterator[ParsedChunk]) -> Iterator[ParsedChunk]:
    yield first
    yield from rest


def _done() -> Future[None]:
    f: Future[None] = Future()
    f.set_result(None)
    return f


def _log_state(store: Store, sha: str) -> tuple[str | None, int]:
    row = fetch_one(store.con,
                    "SELECT status, chunks_done FROM ingest_log WHERE file_sha256 = ?", [sha])
    return (None, 0) if row is None else (str(row[0]), int(row[1]))


def _skipped(store: Store, report: IngestReport) -> IngestReport:
    report.skipped = True
    _fill_from_log(store, report)
    return report


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
