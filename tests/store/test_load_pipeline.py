"""ingest_path's concurrency: the SHA-256 computed while the file is read, NMEA chunks
committed in a worker thread while the next is parsed, provenance bound as parameters.

The stored rows must not depend on any of it: each test compares against a plain,
sequential reference (a fresh store, or the chunk's own rows) or checks the guarantees
(one transaction per chunk, in order; errors in the worker re-raised in the caller with
the file discarded; a done file skipped with nothing written)."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from wakewatch.errors import FormatError, StoreError
from wakewatch.ingest.report import IngestReport
from wakewatch.ingest.sources import file_sha256
from wakewatch.store import load as load_module
from wakewatch.store import load_table as load_table_module
from wakewatch.store.db import Store
from wakewatch.store.load import ingest_path

LOG = Path("ais-nmea") / "amsa_risky_australia_2012-01-27.nmea.gz"
CSV = Path("ais-csv") / "marinecadastre_AIS_2023_01_11_aisdb_sample1000.csv"
OPTS: dict[str, int | float] = {"lines_per_chunk": 300}
DECODER = "pyais"
TABLES = ("positions", "statics", "rejects", "ingest_log")


def count(store: Store, sql: str) -> int:
    (n,) = store.con.execute(sql).fetchall()[0]
    return int(n)


def stored(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("positions", "statics", "rejects")}


@pytest.fixture
def log(shared_data: Path, tmp_path: Path) -> Path:
    """The first 3,000 lines of a real AMSA log (positions, statics and rejects)."""
    with gzip.open(shared_data / LOG, "rt") as f:
        lines = [next(f) for _ in range(3000)]
    path = tmp_path / "amsa.nmea"
    path.write_text("".join(lines))
    return path


def test_provenance_is_the_file_on_every_row(store: Store, log: Path) -> None:
    report = ingest_path(store, log, decoder=DECODER, parser_options=OPTS)
    sha = file_sha256(log)
    assert report.sha256 == sha and report.positions > 0 and report.statics > 0
    for table in ("positions", "statics", "rejects"):
        rows = store.con.execute(f"SELECT DISTINCT source, file_sha256 FROM {table}"
                                 ).fetchall()
        assert rows in ([], [(str(log), sha)]), table
    assert count(store, "SELECT count(*) FROM positions") == report.positions
    assert count(store, "SELECT count(*) FROM rejects") > 0


def test_chunked_commits_store_what_one_chunk_stores(tmp_path: Path, log: Path) -> None:
    """Many small chunks committed in a worker thread store exactly the rows of one big
    chunk committed alone (chunk boundaries carry reassembly and duplicate state)."""
    with Store.open(tmp_path / "one.duckdb") as one:
        whole = ingest_path(one, log, decoder=DECODER,
                            parser_options={"lines_per_chunk": 10_000_000})
        want = stored(one)
    with Store.open(tmp_path / "many.duckdb") as many:
        parts = ingest_path(many, log, decoder=DECODER, parser_options={"lines_per_chunk": 37})
        assert stored(many) == want
        assert parts.counts == whole.counts
        (chunks,) = many.con.execute("SELECT chunks_done FROM ingest_log").fetchall()[0]
    assert chunks > 10


def test_progress_runs_after_each_chunk_is_committed(store: Store, log: Path) -> None:
    seen: list[tuple[int, int, int]] = []

    def progress(report: IngestReport, line_no: int) -> None:
        (done, lines) = store.con.execute(
            "SELECT chunks_done, lines_done FROM ingest_log").fetchall()[0]
        seen.append((done, lines, line_no))

    report = ingest_path(store, log, decoder=DECODER, progress=progress, parser_options=OPTS)
    assert [d for d, _, _ in seen] == list(range(1, len(seen) + 1))
    assert all(lines == line_no for _, lines, line_no in seen)
    assert seen[-1][2] == report.lines


def test_store_error_in_the_worker_discards_the_file(store: Store, log: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    real = load_module._commit_chunk
    calls: list[int] = []

    def failing(*args: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise StoreError("disk full")
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(load_module, "_commit_chunk", failing)
    with pytest.raises(StoreError, match="disk full"):
        ingest_path(store, log, decoder=DECODER, parser_options=OPTS)
    for table in TABLES:
        assert count(store, f"SELECT count(*) FROM {table}") == 0, table


def test_crash_in_the_worker_is_reraised_and_resumable(tmp_path: Path, log: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(tmp_path / "ref.duckdb") as ref:
        full = ingest_path(ref, log, decoder=DECODER, parser_options=OPTS)
        want = stored(ref)
    real = load_module._commit_chunk
    calls: list[int] = []

    def crashing(*args: object) -> None:
        calls.append(1)
        if len(calls) == 4:
            raise RuntimeError("worker died")
        real(*args)  # type: ignore[arg-type]

    with Store.open(tmp_path / "t.duckdb") as store:
        monkeypatch.setattr(load_module, "_commit_chunk", crashing)
        with pytest.raises(RuntimeError, match="worker died"):
            ingest_path(store, log, decoder=DECODER, parser_options=OPTS)
        assert store.con.execute("SELECT status, chunks_done FROM ingest_log"
                                 ).fetchall() == [("running", 3)]
        monkeypatch.undo()
        again = ingest_path(store, log, decoder=DECODER, parser_options=OPTS)
        assert again.resumed and again.counts == full.counts
        assert stored(store) == want


def test_done_csv_is_skipped_even_if_its_scan_fails(store: Store, shared_data: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan now starts before the log is checked; a done file must still be skipped
    with nothing changed whatever the scan does."""
    path = shared_data / CSV
    first = ingest_path(store, path)
    before = stored(store)

    def broken(*args: object) -> None:
        raise FormatError("scan failed")

    monkeypatch.setattr(load_module, "stage_table", broken)
    again = ingest_path(store, path)
    assert again.skipped and again.counts == first.counts
    assert stored(store) == before
    assert store.con.execute("SELECT status FROM ingest_log").fetchall() == [("done",)]


def test_done_csv_skip_writes_nothing_and_drops_the_scan(store: Store,
                                                         shared_data: Path) -> None:
    path = shared_data / CSV
    ingest_path(store, path)
    (finished,) = store.con.execute("SELECT finished_at FROM ingest_log").fetchall()[0]
    again = ingest_path(store, path)
    assert again.skipped and again.sha256 == file_sha256(path)
    assert store.con.execute("SELECT finished_at FROM ingest_log").fetchall() == [(finished,)]
    assert count(store, "SELECT count(*) FROM positions") == 1000
    names = {r[0] for r in store.con.execute("SELECT table_name FROM duckdb_tables()"
                                             ).fetchall()}
    assert not {n for n in names if n.startswith("_ww_")}


def test_failed_csv_is_discarded_after_the_hash(store: Store, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """An unusable CSV leaves nothing, including an unfinished earlier attempt's rows."""
    path = tmp_path / "bad.csv"
    path.write_text("mmsi,time,x,y\n1,2022-01-01T00:00:00,1,2\n")
    sha = file_sha256(path)
    store.con.execute(
        "INSERT INTO ingest_log (file_sha256, path, format, status, started_at) "
        "VALUES (?, ?, 'csv', 'running', ?)", [sha, str(path), datetime.now(UTC)])
    with pytest.raises(FormatError, match="missing column"):
        ingest_path(store, path)
    assert count(store, "SELECT count(*) FROM ingest_log") == 0
    assert load_table_module.ROWS.startswith("_ww_")


class _CrashingDecoder:
    """pyais, but the ``crash_at``-th decode call (1-based) raises."""

    name = "pyais"

    def __init__(self, crash_at: int) -> None:
        from wakewatch.ingest.decoders.pyais_decoder import PyaisDecoder
        self._inner, self._calls, self._crash_at = PyaisDecoder(), 0, crash_at

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        self._calls += 1
        if self._calls == self._crash_at:
            raise RuntimeError("decoder died")
        return self._inner.decode(messages)


def test_crash_in_the_decode_worker_is_reraised_and_resumable(tmp_path: Path,
                                                              log: Path) -> None:
    """Chunk k is decoded in a worker while k + 1 is scanned: a failure there surfaces
    when chunk k is due; the chunks before it are committed and the re-run completes."""
    with Store.open(tmp_path / "ref.duckdb") as ref:
        full = ingest_path(ref, log, decoder=DECODER, parser_options=OPTS)
        want = stored(ref)
    with Store.open(tmp_path / "t.duckdb") as store:
        with pytest.raises(RuntimeError, match="decoder died"):
            ingest_path(store, log, decoder=_CrashingDecoder(4), parser_options=OPTS)
        assert store.con.execute("SELECT status, chunks_done FROM ingest_log"
                                 ).fetchall() == [("running", 3)]
        again = ingest_path(store, log, decoder=DECODER, parser_options=OPTS)
        assert again.resumed and again.counts == full.counts
        assert stored(store) == want
