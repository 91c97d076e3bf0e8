"""The events table: replace-on-rerun inside a scope, filtered reads, evidence round trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wakewatch.errors import StoreError
from wakewatch.events import Event, event_id
from wakewatch.store import Store
from wakewatch.store.events import EventFilter, read_events, replace_events

T0 = datetime(2024, 3, 1, tzinfo=UTC)


def ev(kind: str, mmsi: int, day: int, *, lat: float | None = 40.0, lon: float = 130.0,
       other: int | None = None) -> Event:
    start = T0 + timedelta(days=day)
    return Event(kind=kind, mmsi=mmsi, other_mmsi=other, start=start,
                 end=start + timedelta(hours=8), event_id=event_id(kind, mmsi, start),
                 lat=lat, lon=lon, score=0.5, evidence={"duration_h": 8.0, "refs": [1, 2]},
                 detector=kind, version="1", params={"min_gap_h": 6.0})


def test_events_round_trip_with_their_evidence(store: Store) -> None:
    e = ev("encounter", 1, 0, other=2)
    replace_events(store, [e], EventFilter(kinds=["encounter"]))
    (back,) = read_events(store)
    assert back == e and back.evidence == e.evidence and back.params == e.params
    assert read_events(store, EventFilter(mmsi=[2])) == [e]  # either vessel of a pair


def test_rerun_replaces_and_never_duplicates(store: Store) -> None:
    events = [ev("gap", 1, 0), ev("gap", 2, 1), ev("port_call", 1, 2)]
    replace_events(store, events, EventFilter(kinds=["gap", "port_call"]))
    deleted = replace_events(store, events[:2], EventFilter(kinds=["gap"]))
    assert deleted == 2
    assert sorted(e.kind for e in read_events(store)) == ["gap", "gap", "port_call"]


def test_a_scoped_run_leaves_events_outside_its_window_and_box(store: Store) -> None:
    replace_events(store, [ev("gap", 1, 0), ev("gap", 1, 5), ev("gap", 2, 0, lon=10.0)],
                   EventFilter(kinds=["gap"]))
    scope = EventFilter(kinds=["gap"], since=T0, until=T0 + timedelta(days=1),
                        bbox=(120.0, 30.0, 140.0, 50.0))
    replace_events(store, [], scope)
    left = read_events(store)
    assert [(e.mmsi, e.start) for e in left] == [(2, T0), (1, T0 + timedelta(days=5))]


def test_box_across_the_antimeridian_and_min_score(store: Store) -> None:
    replace_events(store, [ev("gap", 1, 0, lon=179.5), ev("gap", 2, 0, lon=-179.5),
                           ev("gap", 3, 0, lon=0.0)], EventFilter(kinds=["gap"]))
    box = EventFilter(bbox=(170.0, 30.0, -170.0, 50.0))
    assert sorted(e.mmsi for e in read_events(store, box)) == [1, 2]
    assert read_events(store, EventFilter(min_score=0.6)) == []
    assert len(read_events(store, limit=2)) == 2


def test_reading_a_store_without_events_says_run_detect(tmp_path: object) -> None:
    s = Store.open(":memory:")
    s.con.execute("DROP TABLE events")
    with pytest.raises(StoreError, match="wakewatch detect"):
        read_events(s)
