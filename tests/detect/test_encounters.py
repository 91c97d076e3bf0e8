"""The encounter detector on named scenarios, and its invariants (Hypothesis)."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest
from encounter_cases import BASE, DATELINE, PORT, SEA, inputs, meeting, offset, still, track
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.detect import encounters
from wakewatch.detect.inputs import DetectInputs
from wakewatch.detect.partition import PartitionPlan, run_partitioned
from wakewatch.detect.runner import run_detection
from wakewatch.events import Event

P = encounters.PARAMS.resolve({})


def found(*frames: pl.DataFrame, **overrides: object) -> list[Event]:
    return encounters.run(inputs(*frames), encounters.PARAMS.resolve(overrides))


def near(ts: object, hours: float, minutes: float = 10.0) -> bool:
    return abs(ts - (BASE + timedelta(hours=hours))) <= timedelta(minutes=minutes)  # type: ignore[operator]


def test_meeting_at_sea_is_one_encounter() -> None:
    [e] = found(*meeting(222_000_001, 111_000_002, SEA))
    assert (e.kind, e.mmsi, e.other_mmsi) == ("encounter", 111_000_002, 222_000_001)
    assert near(e.start, 2.0) and near(e.end, 6.0)
    assert abs(e.lat - SEA[0]) < 0.01 and abs(e.lon - SEA[1]) < 0.01  # type: ignore[operator]
    ev = e.evidence
    assert ev["min_distance_m"] <= ev["median_distance_m"] <= P["max_distance_m"]
    assert 80.0 <= ev["median_distance_m"] <= 120.0
    assert [v["mmsi"] for v in ev["vessels"]] == [111_000_002, 222_000_001]
    for v in ev["vessels"]:
        assert v["median_speed_kn"] < 0.5
        assert v["points"] >= 200                       # one report a minute for 4 h
        assert v["start_report"]["ts"] <= v["end_report"]["ts"]
        assert v["start_report"]["line_no"] is not None
    assert ev["nearest_port"]["distance_km"] > 100.0
    assert ev["thresholds"]["max_distance_m"] == 500.0
    assert 0.0 <= e.score <= 1.0  # type: ignore[operator]


def test_utc_midnight_encounter_is_one_event() -> None:
    # BASE is 18:00 UTC: the meeting runs 22:00 -> 04:00 the next day
    [e] = found(*meeting(1, 2, SEA, meet_h=(4.0, 10.0), end_h=12.0))
    assert e.start.date() != e.end.date()
    assert near(e.start, 4.0) and near(e.end, 10.0)


def test_tug_alongside_in_port_is_not_an_encounter() -> None:
    assert found(*meeting(1, 2, PORT, apart_m=30.0)) == []
    # the same pair with the port rule switched off is an encounter: the port is the reason
    assert len(found(*meeting(1, 2, PORT, apart_m=30.0), min_port_distance_km=0.0)) == 1


def test_two_ships_passing_at_speed_are_not() -> None:
    south, north = offset(SEA, -40_000, 0), offset(SEA, 40_000, 0)
    a = track(1, [(0, *south), (4, *north)])                                # ~10.8 kn
    b = track(2, [(0, *offset(north, 0, 200)), (4, *offset(south, 0, 200))], line0=10**6)
    assert found(a, b) == []


def test_convoy_side_by_side_at_speed_is_not() -> None:
    south, north = offset(SEA, -40_000, 0), offset(SEA, 40_000, 0)
    a = track(1, [(0, *south), (4, *north)])
    b = track(2, [(0, *offset(south, 0, 300)), (4, *offset(north, 0, 300))], line0=10**6)
    assert found(a, b) == []                      # close for 4 h, but at ~10.8 kn
    assert len(found(a, b, max_median_sog_kn=15.0)) == 1


def test_dateline_encounter() -> None:
    [e] = found(*meeting(1, 2, offset(DATELINE, 0, -50)))
    assert abs(abs(e.lon) - 180.0) < 0.01  # type: ignore[arg-type]
    assert near(e.start, 2.0) and near(e.end, 6.0)


def test_third_vessel_nearby_is_not_part_of_it() -> None:
    third = still(3, offset(SEA, 0, 3_000), 0, 8, noise_m=10.0)
    [e] = found(*meeting(1, 2, SEA), third)
    assert (e.mmsi, e.other_mmsi) == (1, 2)


def test_three_vessels_rafted_give_every_pair() -> None:
    third = still(3, offset(SEA, 0, -150), 0, 8, noise_m=10.0)
    pairs = sorted((e.mmsi, e.other_mmsi) for e in found(*meeting(1, 2, SEA), third))
    assert pairs == [(1, 2), (1, 3), (2, 3)]


def test_reception_hole_inside_a_meeting_is_merged() -> None:
    a, b = meeting(1, 2, SEA, meet_h=(2.0, 8.0), end_h=10.0)
    hole = (pl.col("ts") > BASE + timedelta(hours=4)) & (pl.col("ts") < BASE + timedelta(
        hours=6))
    [e] = found(a, b.filter(~hole))
    assert near(e.start, 2.0) and near(e.end, 8.0)


def test_short_meeting_is_not() -> None:
    assert found(*meeting(1, 2, SEA, meet_h=(2.0, 3.5))) == []


def test_two_hulls_of_one_mmsi_are_not_a_pair() -> None:
    a, b = meeting(7, 8, SEA)
    assert found(a, b.with_columns(mmsi=pl.lit(7, dtype=pl.Int64))) == []


def test_same_events_on_a_cell_partition() -> None:
    # meeting on a cell border (130 E with 10-degree cells), alongside a loitering vessel
    frames = [*meeting(1, 2, (40.0, 130.0)), still(3, offset(SEA, 50_000, 0), 0, 9)]
    inp = DetectInputs.from_frames(pl.concat(frames))
    kinds = ["encounter", "loitering"]
    whole = run_detection(inp, kinds=kinds)
    parts = run_partitioned(inp, kinds=kinds, plan=PartitionPlan(cell_deg=10.0, window_h=6.0,
                                                                  halo_h=12.0))
    assert [e.event_id for e in whole] == [e.event_id for e in parts]
    assert sorted(e.kind for e in whole) == ["encounter", "loitering"]


@st.composite
def scenes(draw: st.DrawFn) -> list[pl.DataFrame]:
    lat = draw(st.floats(-60.0, 60.0))
    lon = draw(st.floats(-180.0, 179.999))
    start = draw(st.floats(1.0, 3.0))
    length = draw(st.floats(0.5, 6.0))
    apart = draw(st.floats(0.0, 800.0))
    every = draw(st.sampled_from([10, 60, 300, 1200]))
    a, b = draw(st.lists(st.integers(1, 999_999_999), min_size=2, max_size=2, unique=True))
    frames = meeting(a, b, (lat, lon), meet_h=(start, start + length), end_h=start + length
                     + 2.0, apart_m=apart)
    return [f.gather_every(max(1, every // 60)) for f in frames]


def _key(events: list[Event]) -> list[tuple[object, ...]]:
    return sorted((e.kind, e.mmsi, e.other_mmsi, e.start, e.end, e.lat, e.lon, e.score)
                  for e in events)


@settings(max_examples=40)
@given(scenes())
def test_invariants(frames: list[pl.DataFrame]) -> None:
    a, b = frames
    events = found(a, b)
    ids = [a["mmsi"][0], b["mmsi"][0]]
    # symmetric: swapping which vessel is which changes nothing
    swap = {ids[0]: ids[1], ids[1]: ids[0]}
    swapped = [f.with_columns(mmsi=pl.col("mmsi").replace_strict(swap)) for f in (a, b)]
    assert _key(found(*swapped)) == _key(events)
    # a 360-degree longitude shift changes nothing
    assert _key(found(*(f.with_columns(lon=pl.col("lon") + 360.0) for f in frames))) == _key(
        events)
    lo, hi = pl.concat(frames)["ts"].min(), pl.concat(frames)["ts"].max()
    for e in events:
        assert e.mmsi < e.other_mmsi  # type: ignore[operator]
        assert lo <= e.start <= e.end <= hi  # type: ignore[operator]
        assert 0.0 <= e.score <= 1.0  # type: ignore[operator]
        assert e.end - e.start >= timedelta(hours=P["min_duration_h"])
        assert e.evidence["median_distance_m"] <= P["max_distance_m"]


@pytest.mark.parametrize("every_s", [10, 600, 2400])
def test_reporting_rate(every_s: int) -> None:
    """Dense terrestrial, 10-minute and sparse reports: found while gaps stay < 1 h."""
    frames = [f.gather_every(max(1, every_s // 60)) for f in meeting(1, 2, SEA)]
    assert len(found(*frames)) == 1


def test_steaming_off_together_does_not_stretch_the_encounter() -> None:
    far = offset(SEA, 120_000, 0)
    a = track(1, [(0, *SEA), (3, *SEA), (8, *far)], noise_m=10.0, seed=1)
    b = track(2, [(0, *offset(SEA, 0, 200)), (3, *offset(SEA, 0, 200)),
                  (8, *offset(far, 0, 200))], noise_m=10.0, seed=2, line0=10**6)
    [e] = found(a, b)
    assert near(e.start, 0.0) and near(e.end, 3.0, minutes=20)
