"""MMSI structure, MID -> flag, default MMSIs, and the SQL twins of the same rules."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.identity.mid import (
    MID_MAX,
    MID_MIN,
    MMSI_KINDS,
    default_mmsi_sql,
    flag_info,
    flag_of,
    flag_table,
    is_default_mmsi,
    is_truncated_us_mmsi,
    mid_allocated,
    mid_of,
    mid_sql,
    mmsi_kind,
    mmsi_kind_sql,
    register_mid_flags,
    truncated_us_sql,
)

BIGINT = st.integers(min_value=-(2**63), max_value=2**63 - 1)
# Mostly numbers in and around the 7- to 9-digit range where the structure lives.
MMSI_LIKE = st.one_of(st.integers(0, 1_000_000_000), st.integers(-10, 100_000_000), BIGINT)


def test_real_flags() -> None:
    assert flag_of(273_123_456) == "Russian Federation"
    assert flag_of(445_123_456) == "Democratic People's Republic of Korea"
    assert flag_of(520_123_456) == "Fiji (Republic of)"
    dprk = flag_info(445_000_001)
    assert dprk is not None and (dprk.mid, dprk.iso2, dprk.iso3) == (445, "KP", "PRK")
    liberia = flag_info(636_000_001)
    assert liberia is not None and liberia.iso3 == "LBR"


def test_unallocated_mid_646() -> None:
    assert not mid_allocated(646)
    assert mid_allocated(273) and mid_allocated(445)
    assert mid_of(646_123_456) == 646  # structurally a ship station ...
    assert flag_of(646_123_456) is None  # ... of no country


def test_table_is_complete_and_consistent() -> None:
    table = flag_table()
    assert len(table) == 289
    for mid, flag in table.items():
        assert MID_MIN <= mid <= MID_MAX
        assert flag.mid == mid and flag.country
        assert len(flag.iso2) == 2 and flag.iso2.isupper()
        assert len(flag.iso3) == 3 and flag.iso3.isupper()
    # Territories with an ISO code of their own keep it; parts of a country get the country's.
    assert table[310].iso2 == "BM" and table[477].iso2 == "HK" and table[204].iso2 == "PT"


def test_packaged_table_is_the_shared_copy(shared_data: Path) -> None:
    shared = shared_data / "ports" / "itu_mid_country_libais.csv"
    packaged = Path(__file__).resolve().parents[2] / "src" / "wakewatch" / "identity" / "data"
    assert (packaged / "itu_mid_country_libais.csv").read_bytes() == shared.read_bytes()


@pytest.mark.parametrize(("mmsi", "kind", "mid"), [
    (273_123_456, "ship", 273),
    (201_000_000, "ship", 201),
    (775_999_999, "ship", 775),
    (2_730_001, "coast_station", 273),        # 002730001
    (4_450_100, "coast_station", 445),
    (111_273_100, "sar_aircraft", 273),
    (992_731_234, "aton", 273),
    (982_731_234, "auxiliary", 273),
    (970_123_456, "sart", None),
    (972_000_001, "mob", None),
    (974_999_999, "epirb", None),
    (200_123_456, "invalid", None),           # MID 200 is below the range
    (776_000_000, "invalid", None),
    (111_111_111, "invalid", None),           # 111 + MID 111
    (812_345_678, "invalid", None),           # handheld VHF, not an AIS transmitter
    (66_912_345, "invalid", None),            # a US MMSI missing its leading 3
    (2_009_999, "invalid", None),
    (0, "invalid", None),
    (-273_123_456, "invalid", None),
    (10**20, "invalid", None),
])
def test_mmsi_kind_and_mid(mmsi: int, kind: str, mid: int | None) -> None:
    assert mmsi_kind(mmsi) == kind
    assert mid_of(mmsi) == mid


@pytest.mark.parametrize("mmsi", [
    0, 1, 12_345_678, 123_456_789, 987_654_321, 100_000_000, 300_000_000,
    *(int(str(d) * 9) for d in range(1, 10)),
    66_912_345, 2_730, 1_193_046, 2_730_001_000, 413_000_000, 273_000_000,
])
def test_default_mmsis(mmsi: int) -> None:
    assert is_default_mmsi(mmsi)


@pytest.mark.parametrize("mmsi", [
    273_123_456, 445_000_001, 2_730_001, 970_123_456, 992_731_234, 413_000_001, 273_100_000,
])
def test_real_station_numbers_are_not_default(mmsi: int) -> None:
    assert not is_default_mmsi(mmsi)


def test_truncated_us_mmsis_are_flagged_not_fixed() -> None:
    assert is_truncated_us_mmsi(66_912_345)   # 366912345 without its 3
    assert is_truncated_us_mmsi(38_123_456)   # 338...
    assert not is_truncated_us_mmsi(36_691_234)  # 336 is not a US MID
    assert not is_truncated_us_mmsi(366_912_345)
    assert mid_of(66_912_345) is None and flag_of(66_912_345) is None
    assert is_default_mmsi(66_912_345)


@given(MMSI_LIKE)
def test_never_raise_and_agree(mmsi: int) -> None:
    kind = mmsi_kind(mmsi)
    mid = mid_of(mmsi)
    flag = flag_of(mmsi)
    assert kind in MMSI_KINDS
    assert (mid is None) == (kind in ("sart", "mob", "epirb", "invalid"))
    if mid is not None:
        assert MID_MIN <= mid <= MID_MAX
        assert (flag is not None) == mid_allocated(mid)
    else:
        assert flag is None
    assert isinstance(is_default_mmsi(mmsi), bool)
    if kind == "invalid":
        assert is_default_mmsi(mmsi)


@given(st.integers())
def test_arbitrary_ints_never_raise(value: int) -> None:
    mmsi_kind(value), mid_of(value), flag_of(value), is_default_mmsi(value)
    is_truncated_us_mmsi(value)
    mid_allocated(value)


@settings(max_examples=60)
@given(st.lists(MMSI_LIKE.filter(lambda v: -(2**63) <= v < 2**63), min_size=1, max_size=40))
def test_sql_matches_python(values: list[int]) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE m (mmsi BIGINT)")
    con.executemany("INSERT INTO m VALUES (?)", [[v] for v in values])
    rows = con.sql(
        f"SELECT mmsi, {mmsi_kind_sql('mmsi')}, {mid_sql('mmsi')}, {default_mmsi_sql('mmsi')},"
        f" {truncated_us_sql('mmsi')} FROM m").fetchall()
    for mmsi, kind, mid, default, truncated in rows:
        assert kind == mmsi_kind(mmsi)
        assert mid == mid_of(mmsi)
        assert default == is_default_mmsi(mmsi)
        assert truncated == is_truncated_us_mmsi(mmsi)


def test_mid_flags_table_joins_in_sql() -> None:
    con = duckdb.connect()
    register_mid_flags(con)
    register_mid_flags(con)  # idempotent
    assert con.sql("SELECT count(*) FROM mid_flags").fetchall() == [(289,)]
    rows = con.sql(
        f"SELECT m.mmsi, f.country, f.iso3 FROM (VALUES (273123456), (445000001), (646000001))"
        f" m(mmsi) LEFT JOIN mid_flags f ON f.mid = {mid_sql('m.mmsi')} ORDER BY m.mmsi").fetchall()
    assert rows == [
        (273123456, "Russian Federation", "RUS"),
        (445000001, "Democratic People's Republic of Korea", "PRK"),
        (646000001, None, None),
    ]


def test_mid_flags_on_a_read_only_store(tmp_path: Path) -> None:
    path = tmp_path / "ro.duckdb"
    duckdb.connect(str(path)).close()
    con = duckdb.connect(str(path), read_only=True)
    register_mid_flags(con)
    assert con.sql("SELECT country FROM mid_flags WHERE mid = 273").fetchall() == [
        ("Russian Federation",)]
    con.close()
