"""Normalising AIS names and call signs, in Python and in SQL."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.identity.names import callsign_sql, name_sql, normalise_callsign, normalise_name


@pytest.mark.parametrize(("raw", "name"), [
    ("LADY R@@@@@@@@@@@@@@", "LADY R"),
    ("  maia  1 ", "MAIA 1"),
    ("ANGARA", "ANGARA"),
    ("@@@@@@@@@@@@@@@@@@@@", None),
    ("", None),
    ("   ", None),
    (None, None),
    ("A LI@@@@GARBAGE", "A LI"),
    ("CHON\tMA\nSAN", "CHON MA SAN"),
])
def test_normalise_name(raw: str | None, name: str | None) -> None:
    assert normalise_name(raw) == name


@pytest.mark.parametrize(("raw", "callsign"), [
    ("UBX 5@@", "UBX5"), ("ubx5", "UBX5"), ("@@@@@@@", None), ("  ", None), (None, None),
])
def test_normalise_callsign(raw: str | None, callsign: str | None) -> None:
    assert normalise_callsign(raw) == callsign


# AIS text is 6-bit ASCII; CSV input may add tabs and the like.
ASCII_TEXT = st.text(alphabet=st.characters(min_codepoint=9, max_codepoint=126), max_size=24)


@settings(max_examples=50)
@given(st.lists(st.one_of(st.none(), ASCII_TEXT, st.sampled_from(["A  B@", "@", " x "])),
                min_size=1, max_size=30))
def test_sql_matches_python(values: list[str | None]) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (i INTEGER, s VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [[i, v] for i, v in enumerate(values)])
    rows = con.sql(f"SELECT s, {name_sql('s')}, {callsign_sql('s')} FROM t ORDER BY i").fetchall()
    for raw, name, callsign in rows:
        assert name == normalise_name(raw)
        assert callsign == normalise_callsign(raw)
