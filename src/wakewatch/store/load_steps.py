"""The two kernel-driven steps of loading a position table (see :mod:`load_table`).

Both work on the *row table* (the file read into Arrow, ``k`` = row index first):

* :func:`duplicate_rows`: rows repeating an earlier row's (mmsi, ts, lat, lon) exactly.
  The rows whose key hash ``hk`` repeats are the candidates (:mod:`repeat_kernel`); a
  window over the candidates decides.
* :func:`static_change_rows`: the rows whose statics (hash ``h``) differ from the MMSI's
  previous row with statics in time order. Grouping by (mmsi, statics hash) is cheap
  (:mod:`statics_kernel`); when an MMSI's groups do not overlap in time, its rows run
  group after group and each group's first row is a change. Only MMSIs whose groups
  interleave go through the window over their rows. It needs no state of the load's
  transaction and runs on its own connection (a cursor) while positions are inserted.

Arrow ↔ numpy conversions go through Polars: pyarrow's own conversions import pandas
(~0.2 s of a run) to look for pandas objects.
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa

from wakewatch.store.repeat_kernel import repeated
from wakewatch.store.statics_kernel import statics_groups

__all__ = ["as_arrow", "duplicate_rows", "static_change_rows", "warm_kernels"]

_ROWS, _CANDIDATES, _GROUPS = "_ww_step_rows", "_ww_step_candidates", "_ww_step_groups"


def duplicate_rows(con: duckdb.DuckDBPyConnection, table: pa.Table) -> pa.Array:
    """``k`` of the rows repeating an earlier row's (mmsi, ts, lat, lon), ascending."""
    valid = _numpy(table.column("raw").is_null())
    candidates = np.flatnonzero(repeated(_numpy(table.column("hk")), valid))
    con.register(_CANDIDATES, table.select(["k", "mmsi", "ts", "lat", "lon"]).take(
        as_arrow(candidates)))
    try:
        return con.sql(
            f"SELECT k FROM (SELECT k, row_number() OVER (PARTITION BY mmsi, ts, lat, lon "
            f"ORDER BY k) AS n FROM {_CANDIDATES}) WHERE n > 1 ORDER BY k"
        ).to_arrow_table().column("k").combine_chunks()
    finally:
        con.unregister(_CANDIDATES)


def static_change_rows(con: duckdb.DuckDBPyConnection, table: pa.Table) -> pa.Table:
    """The rows of ``table`` (all its columns, ``k`` order) that change the statics."""
    use = np.logical_and(_numpy(table.column("raw").is_null()),
                         _numpy(table.column("h").is_valid()))
    g_mmsi, t0, t1, k0 = statics_groups(
        _ints(table, "mmsi", np.int64), _ints(table, "h", np.uint64),
        _ints(table, "ts", np.int64), use)
    con.register(_GROUPS, pa.table({"mmsi": as_arrow(g_mmsi), "t0": as_arrow(t0),
                                    "t1": as_arrow(t1), "k0": as_arrow(k0)}))
    con.register(_ROWS, table.select(["k", "mmsi", "ts", "h", "raw"]))
    try:
        ks = con.sql(f"""
            WITH g AS (
                SELECT mmsi, k0, coalesce(t0 <= max(t1) OVER (PARTITION BY mmsi ORDER BY t0
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS overlapping
                FROM {_GROUPS}),
            interleaved AS (SELECT DISTINCT mmsi FROM g WHERE overlapping)
            SELECT k FROM (
                SELECT k0 AS k FROM g WHERE mmsi NOT IN (SELECT mmsi FROM interleaved)
                UNION ALL
                SELECT k FROM (
                    SELECT k, h IS DISTINCT FROM lag(h) OVER (PARTITION BY mmsi
                                                              ORDER BY ts, k) AS e
                    FROM {_ROWS} WHERE raw IS NULL AND h IS NOT NULL
                        AND mmsi IN (SELECT mmsi FROM interleaved))
                WHERE e)
            ORDER BY k""").to_arrow_table().column("k")
    finally:
        con.unregister(_ROWS)
        con.unregister(_GROUPS)
    return table.take(ks)


def warm_kernels() -> None:
    """Load (or compile) both kernels: numba's first call in a process takes ~0.4 s."""
    one = np.zeros(1, dtype=np.int64)
    repeated(one.astype(np.uint64), one == 0)
    statics_groups(one, one.astype(np.uint64), one, one == 0)


def as_arrow(values: npt.NDArray[Any]) -> pa.Array:
    return pl.Series(values).to_arrow()


def _ints(table: pa.Table, column: str, as_type: type[np.integer[Any]]) -> npt.NDArray[Any]:
    """A column as a numpy integer array (timestamps as µs), nulls as 0 (rows the caller
    does not use)."""
    col = pl.from_arrow(table.column(column))
    assert isinstance(col, pl.Series)
    if col.dtype.is_temporal():
        col = col.dt.cast_time_unit("us").to_physical()
    return col.fill_null(0).to_numpy().astype(as_type, copy=False)


def _numpy(col: pa.ChunkedArray) -> npt.NDArray[Any]:
    series = pl.from_arrow(col)
    assert isinstance(series, pl.Series)
    return series.to_numpy()
