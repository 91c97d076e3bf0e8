"""Loading AIS position tables (CSV, Parquet) through DuckDB's own readers, set-based.

One file, one transaction (a killed load leaves nothing and can simply be re-run):

1. (:func:`stage_table`, before the transaction and before the file's hash is needed) The
   file is read once into the *row table*, an Arrow table in file order with ``k`` = row
   index (``read_csv`` with explicit column types, gzip decompressed by DuckDB; or
   ``read_parquet``; fetched with ``to_arrow_table``, ~20 % less CPU than a temporary
   DuckDB table), see :mod:`wakewatch.ingest.tables`. It is registered as a view for the
   queries below and dropped afterwards (:func:`discard_staged`). Rows DuckDB cannot
   parse land in its rejects tables (``store_rejects``): a bad time value counts as
   ``no_timestamp``, anything else as ``unparseable``. Parsed rows without MMSI or
   position are ``unparseable``, without time ``no_timestamp``.
2. (:func:`finish_table`, one transaction) Exact repeats of an earlier row's (mmsi, ts,
   lat, lon) are ``duplicate``; rows whose statics (name, IMO, call sign, ship type,
   dimensions, draught, destination, ETA) differ from the MMSI's previous row with statics
   in time order each give one ``statics`` row (both found by compiled kernels, see
   :mod:`load_steps`; the statics changes on a cursor in a thread while positions are
   inserted).
3. ``INSERT INTO positions / statics / rejects SELECT ...`` (statics from the change rows
   only) and the ``ingest_log`` row.

Line numbers: for CSV the text line with the header as line 1, counted as records (exact
unless an empty line or a quoted field spanning lines comes earlier in the file); for
Parquet the row index + 1. Rejected rows keep their text: DuckDB's rejects the line as
read, rows rejected after parsing re-assembled from their fields.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from wakewatch.errors import FormatError, StoreError, WakewatchError
from wakewatch.ingest.codes import case_sql, nav_status_code, ship_type_code, sql_string
from wakewatch.ingest.outcomes import ORDER, Outcome
from wakewatch.ingest.report import IngestReport
from wakewatch.ingest.sources import PARQUET_MAGIC, is_gzip, read_head
from wakewatch.ingest.table_clean import PARQUET_NAV_STATUS, position_select, static_select
from wakewatch.ingest.tables import (
    OUTCOME_SQL,
    PROBLEM_SQL,
    CsvPlan,
    RowTable,
    csv_reader_sql,
    csv_row_table,
    detect_csv_layout,
    parquet_reader_sql,
    parquet_row_table,
    parse_header,
)
from wakewatch.store.db import Store, fetch_one
from wakewatch.store.load_steps import (
    as_arrow,
    duplicate_rows,
    static_change_rows,
    warm_kernels,
)
from wakewatch.store.schema import POSITION_COLUMNS, STATIC_COLUMNS

ROWS, BAD, SHIFT = "_ww_tbl_rows", "_ww_tbl_bad", "_ww_tbl_shift"
EMIT_ROWS, DUPS = "_ww_tbl_emit_rows", "_ww_tbl_dups"
REJECT_ERRORS, REJECT_SCANS = "_ww_tbl_reject_errors", "_ww_tbl_reject_scans"
TEMP_TABLES = (BAD, SHIFT, REJECT_ERRORS, REJECT_SCANS)


@dataclass(frozen=True)
class Staged:
    """A file read into the loader's temporary row table, not yet stored."""

    plan: CsvPlan | None
    rows: RowTable
    started: datetime
    table: pa.Table   # the row table in file order, ``k`` (0-based row index) first


def load_table(store: Store, path: Path, sha256: str, report: IngestReport) -> IngestReport:
    """Load one CSV or Parquet file of AIS positions into ``store``; returns ``report``
    with every row counted under exactly one outcome."""
    try:
        return finish_table(store, path, stage_table(store, path, report), sha256, report)
    finally:
        discard_staged(store)


def stage_table(store: Store, path: Path, report: IngestReport) -> Staged:
    """Step 1: read the file into the temporary row table (nothing stored yet; no hash
    needed, so the file's SHA-256 can be computed meanwhile)."""
    started = datetime.now(UTC)
    con = store.con
    try:
        with _order_preserved(con):
            if _is_parquet(path):
                reader = parquet_reader_sql(str(path))
                schema = {str(r[0]): str(r[1])
                          for r in con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()}
                plan: CsvPlan | None = None
                rows = parquet_row_table(schema, reader, path)
                report.decoder = "parquet"
            else:
                plan = detect_csv_layout(_csv_header(path), path)
                reader = csv_reader_sql(plan, str(path), gzip=is_gzip(path),
                                        rejects_table=REJECT_ERRORS, rejects_scan=REJECT_SCANS)
                rows = csv_row_table(plan, reader)
                report.decoder = plan.layout.name
            _drop_temp(con)
            warm = threading.Thread(target=warm_kernels, name="wakewatch-jit-warm")
            warm.start()   # numba's first call in a process (~0.4 s) overlaps the scan
            try:
                table = con.sql(rows.query).to_arrow_table()
            finally:
                warm.join()
    except duckdb.Error as exc:
        raise _as_error(exc, path) from exc
    k = as_arrow(np.arange(table.num_rows, dtype=np.int64))
    return Staged(plan, rows, started, table.add_column(0, "k", k))


def finish_table(store: Store, path: Path, staged: Staged, sha256: str,
                 report: IngestReport) -> IngestReport:
    """Steps 2-3, one transaction: outcomes, duplicates, statics changes, the inserts and
    the ingest-log row (replacing any unfinished earlier attempt of the same file)."""
    con = store.con
    try:
        con.register(ROWS, staged.table)
        with _order_preserved(con), store.transaction():
            _forget_earlier_attempt(con, sha256)
            _load_rows(con, staged, str(path), sha256, report)
            _write_log(con, path, sha256, report, staged.started)
    except duckdb.Error as exc:
        raise _as_error(exc, path) from exc
    return report


def discard_staged(store: Store) -> None:
    """Drop the loader's temporary tables (after a load, or when it is skipped or fails)."""
    with suppress(duckdb.Error):
        store.con.unregister(ROWS)
    with suppress(duckdb.Error):
        _drop_temp(store.con)


def _load_rows(con: duckdb.DuckDBPyConnection, staged: Staged, source: str, sha256: str,
               report: IngestReport) -> None:
    plan, rows, table = staged.plan, staged.rows, staged.table
    with ThreadPoolExecutor(1, thread_name_prefix="wakewatch-statics") as pool:
        # the statics changes are found on a cursor of their own while positions go in
        cursor = con.cursor()
        changes = (pool.submit(static_change_rows, cursor, table) if "h" in rows.columns
                   else None)
        try:
            n_bad = _collect_reader_rejects(con, plan)
            numbered_from = _numbered(con, plan, n_bad)
            numbered = numbered_from(ROWS)
            valid, unparseable, no_ts = _one(con, (
                f"SELECT count(*) FILTER (WHERE raw IS NULL), "
                f"count(*) FILTER (WHERE raw IS NOT NULL AND {OUTCOME_SQL} = 'unparseable'), "
                f"count(*) FILTER (WHERE raw IS NOT NULL AND {OUTCOME_SQL} = 'no_timestamp') "
                f"FROM {ROWS}"))
            dup_k = duplicate_rows(con, table)
            dups = len(dup_k)
            if "status" not in rows.columns:
                nav = "CAST(NULL AS TINYINT)"
            elif plan is None:
                nav = PARQUET_NAV_STATUS
            else:
                nav = case_sql("status", _distinct(table, "status"), nav_status_code,
                               "TINYINT", 0, 15)
            keep = f" AND k NOT IN (SELECT k FROM {DUPS})" if dups else ""
            con.register(DUPS, pa.table({"k": dup_k}))
            try:
                (positions,) = _one(con, (
                    f"INSERT INTO positions ({', '.join(POSITION_COLUMNS)}) "
                    f"SELECT {position_select(rows, nav, source, sha256)} FROM {numbered} "
                    f"WHERE raw IS NULL{keep}"))
            finally:
                con.unregister(DUPS)
            change_rows = changes.result() if changes is not None else None
        finally:
            if changes is not None:
                changes.cancel()
                wait([changes])
            cursor.close()
    statics = 0
    if change_rows is not None and change_rows.num_rows:
        assert plan is not None
        ship = (case_sql("ship_type", _distinct(table, "ship_type"), ship_type_code,
                         "SMALLINT", 1, 32767)
                if "ship_type" in rows.columns else "CAST(NULL AS SMALLINT)")
        sel = static_select(rows, ship, plan.layout.timestamp_format, source, sha256)
        # only the change rows' text is read
        con.register(EMIT_ROWS, change_rows)
        try:
            (statics,) = _one(con, (
                f"INSERT INTO statics ({', '.join(STATIC_COLUMNS)}) "
                f"SELECT {sel} FROM {numbered_from(EMIT_ROWS)}"))
        finally:
            con.unregister(EMIT_ROWS)
    head = f"INSERT INTO rejects SELECT {sql_string(sha256)}, {sql_string(source)}, "
    if unparseable + no_ts:
        con.execute(f"{head} line_no, {PROBLEM_SQL}, raw FROM {numbered} "
                    "WHERE raw IS NOT NULL")
    counts = dict(con.execute(f"SELECT outcome, count(*) FROM {BAD} GROUP BY outcome"
                              ).fetchall())
    if n_bad:
        con.execute(f"{head} line_no, reason, raw FROM {BAD}")
    report.counts[Outcome.ACCEPTED.value] += valid - dups
    report.counts[Outcome.DUPLICATE.value] += dups
    report.counts[Outcome.UNPARSEABLE.value] += unparseable + counts.get("unparseable", 0)
    report.counts[Outcome.NO_TIMESTAMP.value] += no_ts + counts.get("no_timestamp", 0)
    report.positions += positions
    report.statics += statics
    if positions != valid - dups:
        raise StoreError(f"{source}: stored {positions} positions, expected {valid - dups}",
                         path=source)


def _collect_reader_rejects(con: duckdb.DuckDBPyConnection, plan: CsvPlan | None) -> int:
    """The rows DuckDB's reader rejected, one row per line: line_no, outcome, reason, raw."""
    if plan is None:
        con.execute(f"CREATE TEMP TABLE {BAD} (line_no BIGINT, outcome VARCHAR, "
                    "reason VARCHAR, raw VARCHAR)")
        return 0
    message = "error_message"
    for name, shown in plan.display.items():
        if name.startswith("r_") and not name.startswith("r_c"):
            message = f"replace({message}, {sql_string(chr(34) + name + chr(34))}, " \
                      f"{sql_string(chr(34) + shown + chr(34))})"
    ts_col = plan.roles.get("ts", "")
    con.execute(f"""
        CREATE TEMP TABLE {BAD} AS
        SELECT line AS line_no,
            CASE WHEN bool_and(error_type = 'CAST' AND column_name = {sql_string(ts_col)})
                 THEN 'no_timestamp' ELSE 'unparseable' END AS outcome,
            first(lower(CAST(error_type AS VARCHAR)) || ': ' || {message}
                  ORDER BY column_idx) AS reason,
            first(csv_line) AS raw
        FROM {REJECT_ERRORS} GROUP BY line""")
    (n,) = _one(con, f"SELECT count(*) FROM {BAD}")
    return n


def _numbered(con: duckdb.DuckDBPyConnection, plan: CsvPlan | None,
              n_bad: int) -> Callable[[str], str]:
    """How to number rows of the row table (or of a subset with its ``k``): a FROM item
    over them with ``line_no`` added.

    Row k of the row table is data record k + 2 of the file, moved down by every rejected
    record before it: reject i (1-based, sorted) sits after ``line - 1 - i`` good rows.
    """
    if plan is None:
        return lambda rows_k: rows_k
    if not n_bad:
        return lambda rows_k: f"(SELECT *, k + 2 AS line_no FROM {rows_k})"
    con.execute(f"""
        CREATE TEMP TABLE {SHIFT} AS
        SELECT a, max(j) AS j FROM (
            SELECT line_no - 1 - row_number() OVER (ORDER BY line_no) AS a,
                   row_number() OVER (ORDER BY line_no) AS j FROM {BAD})
        GROUP BY a""")
    return lambda rows_k: (f"(SELECT r.*, r.k + 2 + coalesce(s.j, 0) AS line_no FROM "
                           f"{rows_k} r ASOF LEFT JOIN {SHIFT} s ON r.k >= s.a)")


def _write_log(con: duckdb.DuckDBPyConnection, path: Path, sha256: str,
               report: IngestReport, started: datetime) -> None:
    outcomes = [o.value for o in ORDER]
    cols = ["file_sha256", "path", "format", "decoder", "size_bytes", "status",
            "chunks_done", "lines_done", "lines_total", *outcomes, "positions", "statics",
            "started_at", "finished_at"]
    values = [sha256, str(path), report.format, report.decoder, path.stat().st_size, "done",
              1, report.lines, report.lines, *(report.counts[o] for o in outcomes),
              report.positions, report.statics, started, datetime.now(UTC)]
    con.execute(f"INSERT OR REPLACE INTO ingest_log ({', '.join(cols)}) "
                f"VALUES ({', '.join('?' for _ in cols)})", values)


def _forget_earlier_attempt(con: duckdb.DuckDBPyConnection, sha256: str) -> None:
    """Rows of an earlier, unfinished load of the same file (normally there are none)."""
    if fetch_one(con, "SELECT 1 FROM ingest_log WHERE file_sha256 = ?", [sha256]):
        for table in ("positions", "statics", "rejects", "ingest_log"):
            con.execute(f"DELETE FROM {table} WHERE file_sha256 = ?", [sha256])


def _distinct(table: pa.Table, column: str) -> list[str | None]:
    values: list[str | None] = table.column(column).unique().to_pylist()
    return values


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[int, ...]:
    row = fetch_one(con, sql)
    assert row is not None
    return tuple(int(v) for v in row)


def _drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    for table in TEMP_TABLES:
        con.execute(f"DROP TABLE IF EXISTS {table}")


@contextmanager
def _order_preserved(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Line numbers rely on the row table keeping the file's order."""
    (setting,) = fetch_one(con, "SELECT current_setting('preserve_insertion_order')"
                           ) or (True,)
    if not setting:
        con.execute("SET preserve_insertion_order = true")
    try:
        yield
    finally:
        if not setting:
            con.execute("SET preserve_insertion_order = false")


def _is_parquet(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == PARQUET_MAGIC


def _csv_header(path: Path) -> list[str]:
    first = read_head(path).split(b"\n", 1)[0].rstrip(b"\r")
    return parse_header(first.decode("utf-8", "replace"))


def _as_error(exc: duckdb.Error, path: Path) -> WakewatchError:
    first = (str(exc).splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, duckdb.IOException | duckdb.InvalidInputException
                  | duckdb.ConversionException):
        return FormatError(f"{path}: cannot read the table: {first}", path=path)
    return StoreError(f"{path}: loading into the store failed: {first}", path=path)
