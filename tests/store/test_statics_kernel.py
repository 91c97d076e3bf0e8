"""The statics-group kernel against DuckDB's GROUP BY (the definition it replaces)."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.store.statics_kernel import statics_groups

ROW = st.tuples(st.sampled_from([1, 2, 3, 2**40]), st.sampled_from([0, 5, 2**64 - 1, 77]),
                st.integers(0, 6), st.booleans())


@settings(max_examples=50)
@given(st.lists(ROW, max_size=200))
def test_groups_match_group_by(rows: list[tuple[int, int, int, bool]]) -> None:
    mmsi = np.array([r[0] for r in rows], dtype=np.int64)
    h = np.array([r[1] for r in rows], dtype=np.uint64)
    ts = np.array([r[2] for r in rows], dtype=np.int64)
    use = np.array([r[3] for r in rows], dtype=bool)
    got = sorted(zip(*(a.tolist() for a in statics_groups(mmsi, h, ts, use)), strict=True))
    con = duckdb.connect()
    con.register("r", pa.table({"k": np.arange(len(rows), dtype=np.int64), "mmsi": mmsi,
                                "h": h, "ts": ts, "use": use}))
    want = sorted(con.execute("SELECT mmsi, min(ts), max(ts), arg_min(k, (ts, k)) FROM r "
                              "WHERE use GROUP BY mmsi, h").fetchall())
    assert got == want
