"""The ``vessels`` identity timeline, the per-vessel summary and forged identities."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.errors import StoreError
from wakewatch.identity import (
    FORGED_REASONS,
    VESSEL_COLUMNS,
    forged_vessels,
    normalise_callsign,
    normalise_name,
    store_is_empty,
    vessel_summary,
    vessel_timeline,
)
from wakewatch.store import Store

T0 = datetime(2024, 1, 1, tzinfo=UTC)
# (mmsi, hours after T0, imo, name, callsign, ship_type)
Static = tuple[int, float, int | None, str | None, str | None, int | None]


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def add_statics(store: Store, rows: Sequence[Static]) -> None:
    store.con.executemany(
        "INSERT INTO statics (mmsi, ts, msg_type, imo, name, callsign, ship_type, line_no)"
        " VALUES (?, ?, 5, ?, ?, ?, ?, ?)",
        [[m, T0 + timedelta(hours=h), imo, name, cs, st_, i]
         for i, (m, h, imo, name, cs, st_) in enumerate(rows)])


def add_positions(store: Store, mmsi: int, hours: Sequence[float]) -> None:
    store.con.executemany(
        "INSERT INTO positions (mmsi, ts, lat, lon, line_no) VALUES (?, ?, 42.2, 130.3, ?)",
        [[mmsi, T0 + timedelta(hours=h), i] for i, h in enumerate(hours)])


@pytest.fixture
def mem() -> Iterator[Store]:
    s = Store.open(":memory:")
    try:
        yield s
    finally:
        s.close()


def rows(frame: pl.DataFrame, *cols: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in frame.select(cols).iter_rows()]


def test_repeated_reports_collapse_into_one_interval(mem: Store) -> None:
    add_statics(mem, [(273_123_456, h, 9179842, "ANGARA", "UBX5", 70) for h in (0, 6, 12)])
    tl = vessel_timeline(mem)
    assert tl.columns == list(VESSEL_COLUMNS)
    assert rows(tl, "mmsi", "interval_no", "imo", "name", "n_reports", "first_seen", "last_seen"
                ) == [(273_123_456, 0, 9179842, "ANGARA", 3, T0, T0 + timedelta(hours=12))]
    assert rows(tl, "flag", "flag_iso2", "flag_iso3", "mid", "imo_valid", "mid_allocated",
                "default_mmsi", "mmsi_kind", "basis") == [
        ("Russian Federation", "RU", "RUS", 273, True, True, False, "ship", "statics")]


def test_rename_and_back_gives_three_intervals_in_time_order(mem: Store) -> None:
    # inserted out of order on purpose
    add_statics(mem, [
        (273_000_001, 48, 9161003, "LADY R", "UBCT6", 70),
        (273_000_001, 0, 9161003, "LADY R", "UBCT6", 70),
        (273_000_001, 24, 9161003, "LADY-R", "UBCT6", 70),
        (273_000_001, 30, 9161003, "LADY-R", "UBCT6", 70),
    ])
    assert rows(vessel_timeline(mem), "interval_no", "name", "n_reports", "first_seen") == [
        (0, "LADY R", 1, T0), (1, "LADY-R", 2, day(1)), (2, "LADY R", 1, day(2))]


def test_padding_spaces_and_case_do_not_split(mem: Store) -> None:
    add_statics(mem, [
        (273_000_002, 0, None, "maia-1@@@@@@@@@@@@@@", "ucpe 2@@", None),
        (273_000_002, 1, None, "  MAIA-1 ", "UCPE2", None),
    ])
    assert rows(vessel_timeline(mem), "name", "callsign", "n_reports") == [("MAIA-1", "UCPE2", 2)]


def test_class_b_parts_a_and_b_fill_each_other(mem: Store) -> None:
    # Type 24 part A carries only the name, part B only call sign and ship type.
    add_statics(mem, [
        (244_000_001, 0, None, "NOORDERLICHT", None, None),
        (244_000_001, 0.1, None, None, "PD1234", 37),
        (244_000_001, 6, None, "NOORDERLICHT", None, None),
        (244_000_001, 6.1, None, None, "PD1234", 37),
    ])
    assert rows(vessel_timeline(mem), "name", "callsign", "ship_type", "n_reports") == [
        ("NOORDERLICHT", "PD1234", 37, 4)]


def test_a_field_left_empty_is_carried_not_cleared(mem: Store) -> None:
    add_statics(mem, [
        (273_000_003, 0, 9179842, "ANGARA", "UBX5", 70),
        (273_000_003, 1, None, "ANGARA", None, None),     # e.g. IMO not sent
        (273_000_003, 2, None, "MARIA", None, None),      # renamed; IMO still the same
    ])
    assert rows(vessel_timeline(mem), "imo", "name", "callsign", "ship_type", "n_reports") == [
        (9179842, "ANGARA", "UBX5", 70, 2), (9179842, "MARIA", "UBX5", 70, 1)]


def test_not_available_values_are_null(mem: Store) -> None:
    add_statics(mem, [(273_000_004, 0, 0, "@@@@", "", 0),
                      (273_000_005, 0, 1073741823, "X", None, None)])
    assert rows(vessel_timeline(mem), "imo", "name", "callsign", "ship_type", "imo_valid") == [
        (None, None, None, None, None), (None, "X", None, None, None)]


def test_positions_only_mmsi_gets_one_row(mem: Store) -> None:
    add_positions(mem, 445_000_001, [0, 5, 30])
    add_positions(mem, 273_123_456, [1])          # has statics too: no positions row
    add_statics(mem, [(273_123_456, 0, 9179842, "ANGARA", None, None)])
    tl = vessel_timeline(mem)
    assert rows(tl, "mmsi", "basis", "n_reports", "first_seen", "last_seen", "flag", "imo") == [
        (273_123_456, "statics", 1, T0, T0, "Russian Federation", 9179842),
        (445_000_001, "positions", 3, T0, T0 + timedelta(hours=30),
         "Democratic People's Republic of Korea", None),
    ]


def test_identity_checks_per_row(mem: Store) -> None:
    add_statics(mem, [
        (520_123_000, 0, 8814881, "A LI", None, 70),      # Fiji flag, IMO fails check digit
        (646_000_001, 0, 9179842, "STATELESS", None, 80),  # MID 646 unallocated
        (123_456_789, 0, None, "DEFAULT", None, None),    # placeholder MMSI
        (970_123_456, 0, None, "SART TEST", None, None),  # a SART carries no MID
        (66_912_345, 0, None, "US BOAT", None, None),     # 366912345 without its 3
    ])
    got = {r["mmsi"]: r for r in vessel_timeline(mem).iter_rows(named=True)}
    assert got[520_123_000]["imo_valid"] is False and got[520_123_000]["flag_iso2"] == "FJ"
    assert got[646_000_001]["mid_allocated"] is False and got[646_000_001]["flag"] is None
    assert got[123_456_789]["default_mmsi"] is True
    assert got[123_456_789]["mmsi_kind"] == "invalid"
    assert got[970_123_456]["mmsi_kind"] == "sart" and got[970_123_456]["mid_allocated"] is None
    assert got[66_912_345]["truncated_us_mmsi"] is True and got[66_912_345]["mid"] is None


def test_times_are_utc_whatever_the_session_zone(mem: Store) -> None:
    mem.con.execute("SET TimeZone = 'Asia/Tokyo'")
    add_statics(mem, [(273_000_006, 0, None, "X", None, None)])
    for frame in (vessel_timeline(mem), vessel_summary(mem)):
        dtype = frame.schema["first_seen"]
        assert isinstance(dtype, pl.Datetime) and dtype.time_zone == "UTC"
        assert frame["first_seen"][0] == T0


def test_summary_latest_identity_and_counts(mem: Store) -> None:
    add_statics(mem, [
        (273_000_001, 0, 9161003, "LADY R", "UBCT6", 70),
        (273_000_001, 24, 9161003, "SPARTA IV", "UBCT6", 70),
        (273_000_001, 48, 9161003, "SPARTA IV", "UBCT7", 70),
    ])
    add_positions(mem, 273_000_001, [-5, 100])
    s = vessel_summary(mem).row(0, named=True)
    assert (s["name"], s["callsign"], s["imo"]) == ("SPARTA IV", "UBCT7", 9161003)
    assert (s["n_names"], s["n_callsigns"], s["n_imos"], s["n_intervals"]) == (2, 2, 1, 3)
    assert s["names"] == ["LADY R", "SPARTA IV"] and s["imos"] == [9161003]
    assert (s["n_static_reports"], s["n_positions"]) == (3, 2)
    assert s["first_seen"] == T0 - timedelta(hours=5)     # positions widen the span
    assert s["last_seen"] == T0 + timedelta(hours=100)
    assert s["flags"] == ["Russian Federation"]
    assert s["forged"] is False and s["forged_reasons"] == []


def test_every_forged_reason(mem: Store) -> None:
    add_statics(mem, [
        (520_123_000, 0, 8814881, "A LI", None, 70),                   # invalid_imo
        (646_000_001, 0, None, "GHOST", None, 80),                     # unallocated_mid
        (123_456_789, 0, None, "DEFAULT", None, None),                 # default_mmsi
        (66_912_345, 0, None, "US BOAT", None, None),                  # truncated_us_mmsi
        (273_000_010, 0, 9179842, "ANGARA", None, 70),                 # multiple_imos
        (273_000_010, 5, 9161003, "ANGARA", None, 70),
        (445_000_001, 0, 8660313, "CHON MA SAN", None, 80),            # shared_imo ...
        (445_000_001, 48, 8660313, "CHON MA SAN", None, 80),
        (511_000_001, 24, 8660313, "ANOTHER", None, 80),               # ... overlapping
        (273_000_020, 0, 9000003, "CLEAN", "UAAA", 70),                   # not forged
    ])
    summary = {r["mmsi"]: r for r in vessel_summary(mem).iter_rows(named=True)}
    assert summary[520_123_000]["forged_reasons"] == ["invalid_imo"]
    assert summary[646_000_001]["forged_reasons"] == ["unallocated_mid"]
    assert summary[123_456_789]["forged_reasons"] == ["default_mmsi"]
    assert summary[66_912_345]["forged_reasons"] == ["truncated_us_mmsi"]
    assert summary[273_000_010]["forged_reasons"] == ["multiple_imos"]
    assert summary[445_000_001]["forged_reasons"] == ["shared_imo"]
    assert summary[445_000_001]["shared_imo_mmsis"] == [511_000_001]
    assert summary[511_000_001]["shared_imo_mmsis"] == [445_000_001]
    # flags of the hull: every MMSI that broadcast this IMO
    assert summary[445_000_001]["flags"] == [
        "Democratic People's Republic of Korea", "Palau (Republic of)"]
    assert summary[273_000_020]["forged"] is False
    seen = {reason for r in summary.values() for reason in r["forged_reasons"]}
    assert seen == set(FORGED_REASONS)

    forged = forged_vessels(mem)
    assert forged["forged"].all() and 273_000_020 not in forged["mmsi"].to_list()
    assert forged.height == 7


def test_reflag_with_same_imo_at_different_times_is_not_shared(mem: Store) -> None:
    # The hull leaves one MMSI and takes another: same IMO, no overlap.
    add_statics(mem, [
        (273_000_030, 0, 9179842, "ANGARA", None, 70),
        (273_000_030, 24, 9179842, "ANGARA", None, 70),
        (620_000_030, 48, 9179842, "ANGARA", None, 70),
    ])
    summary = vessel_summary(mem)
    assert not summary["forged"].any()
    assert summary["flags"].to_list() == [["Comoros (Union of the)", "Russian Federation"]] * 2


def test_shared_imo_spans_renames(mem: Store) -> None:
    # One MMSI keeps IMO 9179842 across a rename (two intervals, days 0 and 1); another
    # MMSI broadcasts it in between: the IMO was in use by both at once.
    add_statics(mem, [
        (273_123_456, 0, 9179842, "ANGARA", None, 70),
        (273_123_456, 24, 9179842, "MARIA", None, 70),
        (646_000_001, 12, 9179842, "GHOST", None, 80),
    ])
    got = {r["mmsi"]: r["shared_imo_mmsis"] for r in vessel_summary(mem).iter_rows(named=True)}
    assert got == {273_123_456: [646_000_001], 646_000_001: [273_123_456]}


def test_forged_orders_most_reasons_first(mem: Store) -> None:
    add_statics(mem, [
        (520_123_000, 0, 8814881, "A LI", None, 70),                   # 1 reason
        (646_000_001, 0, 8814881, "A LI", None, 70),                   # invalid, 646, shared
    ])
    assert forged_vessels(mem)["mmsi"].to_list() == [646_000_001, 520_123_000]


def test_empty_store(mem: Store) -> None:
    assert store_is_empty(mem)
    assert vessel_timeline(mem).is_empty()
    assert vessel_summary(mem).is_empty()
    assert forged_vessels(mem).is_empty()
    add_positions(mem, 273_000_001, [0])
    assert not store_is_empty(mem)


def test_works_on_a_read_only_store(tmp_path: Path) -> None:
    path = tmp_path / "ro.duckdb"
    with Store.open(path) as writable:
        add_statics(writable, [(445_000_001, 0, 8660313, "CHON MA SAN", None, 80)])
    with Store.open(path, read_only=True) as ro:
        assert vessel_timeline(ro)["flag_iso3"].to_list() == ["PRK"]
        assert vessel_summary(ro, mmsi=445_000_001).height == 1


def test_a_database_without_wakewatch_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).close()
    with Store.open(path, read_only=True) as ro, pytest.raises(StoreError, match="not a wakewatch"):
        vessel_timeline(ro)


# --- property: the view equals a plain-Python reading of the rules -------------------------

FIELDS = ("imo", "name", "callsign", "ship_type")


def reference_intervals(reports: list[Static]) -> list[tuple[object, ...]]:
    """Sort by time; a report opens a new interval when a field it carries differs from
    that field's last known value; each interval shows the last known values at its end."""
    ordered = sorted(enumerate(reports), key=lambda ir: (ir[1][1], ir[0]))
    last: dict[str, object] = dict.fromkeys(FIELDS)
    out: list[list[object]] = []
    for _, (_, h, imo, name, cs, st_) in ordered:
        now: dict[str, object] = {
            "imo": imo if imo and imo > 0 and imo != 1073741823 else None,
            "name": normalise_name(name), "callsign": normalise_callsign(cs),
            "ship_type": st_ or None}
        starts = any(now[f] is not None and last[f] is not None and now[f] != last[f]
                     for f in FIELDS)
        last.update({f: v for f, v in now.items() if v is not None})
        ts = T0 + timedelta(hours=h)
        if starts or not out:
            out.append([len(out), None, None, None, None, ts, ts, 0])
        current = out[-1]
        current[1:5] = [last[f] for f in FIELDS]
        current[6] = ts
        current[7] = int(str(current[7])) + 1
    return [tuple(i) for i in out]


REPORT = st.tuples(
    st.just(273_000_099),
    st.integers(0, 20).map(float),
    st.sampled_from([None, 0, 9179842, 9161003]),
    st.sampled_from([None, "", "ANGARA", "angara@@@", "MARIA", " MARIA "]),
    st.sampled_from([None, "UBX5", "UBX 5", "UBCT6"]),
    st.sampled_from([None, 0, 70, 80]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(REPORT, min_size=1, max_size=25))
def test_timeline_matches_reference(reports: list[Static]) -> None:
    with Store.open(":memory:") as s:
        add_statics(s, reports)
        got = rows(vessel_timeline(s), "interval_no", *FIELDS, "first_seen", "last_seen",
                   "n_reports")
    assert got == reference_intervals(reports)
