"""screen_fleet (wakewatch.sanctions.match.fleet) on a hand-made store: which reports a
sanctions_hit points at, its time span, and replace-on-rerun."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.match.engine import Matcher, NoListsError
from wakewatch.sanctions.match.fleet import fleet_queries, screen_fleet, store_fleet_hits
from wakewatch.store.db import Store, fetch_one

T0 = datetime(2023, 9, 1, tzinfo=UTC)
CCG = Entity("us_ofac_sdn:17069", "Vessel", "us_ofac_sdn",
             {"name": ("CHONG CHON GANG",), "imoNumber": ("7937317",), "program": ("DPRK",),
              "flag": ("KP",)})
OTHER = Entity("x:2", "Vessel", "ftm", {"name": ("SELENGA",), "imoNumber": ("9179842",)})


def add_static(store: Store, mmsi: int, hours: float, name: str | None, imo: int | None,
               callsign: str | None, line_no: int) -> None:
    store.con.execute(
        "INSERT INTO statics (mmsi, ts, msg_type, imo, callsign, name, source, file_sha256, "
        "line_no) VALUES (?, ?, 5, ?, ?, ?, 'test.nmea', 'abc', ?)",
        [mmsi, T0 + timedelta(hours=hours), imo, callsign, name, line_no])


@pytest.fixture
def store() -> Store:
    s = Store.open(":memory:")
    # 445000001: CHONG CHON GANG, then renamed with the same IMO: the IMO ties both names.
    add_static(s, 445000001, 0, "CHONG CHON GANG@@", 7937317, "HMAA", 1)
    add_static(s, 445000001, 5, "CHONG CHON GANG", 7937317, "HMAA", 2)
    add_static(s, 445000001, 30, "SEA BREEZE", 7937317, "HMAA", 3)
    # 273000002: the name of a listed ship with another (valid) IMO, and an unrelated name.
    add_static(s, 273000002, 1, "SELENGA", 9300001, None, 4)
    add_static(s, 273000002, 40, "NEVA", 9300001, None, 5)
    # 636000003: nothing listed.
    add_static(s, 636000003, 2, "BLUE SKY", 9074729, "A8BC", 6)
    return s


def test_fleet_queries(store: Store) -> None:
    qs = fleet_queries(store)
    assert set(qs) == {445000001, 273000002, 636000003}
    assert qs[445000001].get("name") == ("CHONG CHON GANG", "SEA BREEZE")
    assert qs[445000001].get("imoNumber") == ("7937317",) and qs[445000001].schema == "Vessel"


def test_hits_and_evidence(store: Store) -> None:
    events = screen_fleet(store, Matcher([CCG, OTHER]), threshold=0.7)
    by_mmsi = {e.mmsi: e for e in events}
    assert set(by_mmsi) == {445000001, 273000002}
    ccg = by_mmsi[445000001]
    assert ccg.kind == "sanctions_hit" and ccg.score == 1.0 and ccg.detector == "screen"
    assert ccg.evidence["identity"] == {"name": "CHONG CHON GANG", "imo": "7937317"}
    # every report carrying the IMO, the renamed one included
    assert [r["line_no"] for r in ccg.evidence["reports"]] == [1, 2, 3]
    assert ccg.start == T0 and ccg.end == T0 + timedelta(hours=30)
    assert ccg.evidence["programs"] == ["DPRK"] and ccg.params == {"threshold": 0.7}
    selenga = by_mmsi[273000002]
    features = [m["feature"] for m in selenga.evidence["matched"]]
    assert "imo_conflict" in features and selenga.score == pytest.approx(0.9)
    # only the report carrying the matched name, not the later NEVA one
    assert [r["line_no"] for r in selenga.evidence["reports"]] == [4]
    assert selenga.start == selenga.end == T0 + timedelta(hours=1)


def test_rerun_replaces(store: Store) -> None:
    matcher = Matcher([CCG, OTHER])
    first = screen_fleet(store, matcher)
    assert store_fleet_hits(store, first) == 0
    again = screen_fleet(store, matcher)
    assert store_fleet_hits(store, again) == len(first)
    n = fetch_one(store.con, "SELECT count(*) FROM events WHERE kind = 'sanctions_hit'")
    assert n is not None and n[0] == len(first)
    assert sorted(e.event_id or "" for e in again) == sorted(e.event_id or "" for e in first)


def test_no_lists(store: Store) -> None:
    with pytest.raises(NoListsError, match="lists load"):
        screen_fleet(store)
