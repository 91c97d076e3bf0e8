"""The loitering detector on named scenarios, and its invariants (Hypothesis)."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from encounter_cases import BASE, DATELINE, PORT, SEA, inputs, meeting, offset, still, track
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.detect import encounters, loitering
from wakewatch.events import Event

P = loitering.PARAMS.resolve({})


def found(*frames: pl.DataFrame, **overrides: object) -> list[Event]:
    return loitering.run(inputs(*frames), loitering.PARAMS.resolve(overrides))


def at(hours: float) -> object:
    return BASE + timedelta(hours=hours)


def test_anchored_offshore_alone_is_loitering() -> None:
    [e] = found(still(5, SEA, 0.0, 6.0, noise_m=10.0))
    assert (e.kind, e.mmsi) == ("loitering", 5)
    assert e.start == at(0.0) and e.end == at(6.0)
    assert abs(e.lat - SEA[0]) < 0.001 and abs(e.lon - SEA[1]) < 0.001  # type: ignore[operator]
    ev = e.evidence
    assert ev["duration_h"] == 6.0 and ev["hours"] == 7 and ev["points"] == 361
    assert ev["mean_speed_kn"] < 0.1
    assert ev["shore_distance_nm"] > 100.0
    assert ev["first_report"]["line_no"] == 0 and ev["last_report"]["line_no"] == 360
    assert ev["thresholds"]["min_shore_distance_nm"] == 20.0
    assert 0.0 <= e.score <= 1.0  # type: ignore[operator]


def test_anchored_in_port_is_not() -> None:
    assert found(still(5, PORT, 0.0, 12.0, noise_m=10.0)) == []


def test_short_stop_is_not() -> None:
    assert found(still(5, SEA, 0.0, 3.0, noise_m=10.0)) == []


def test_slow_drift_is_loitering_and_steaming_is_not() -> None:
    drift = track(5, [(0.0, *SEA), (6.0, *offset(SEA, 6 * 1852.0, 0.0))], noise_m=10.0)
    assert len(found(drift)) == 1                                         # 1 kn
    steam = track(6, [(0.0, *SEA), (6.0, *offset(SEA, 6 * 5 * 1852.0, 0.0))])
    assert found(steam) == []                                             # 5 kn


def test_stop_between_two_passages() -> None:
    a, b = offset(SEA, -60_000, 0), offset(SEA, 60_000, 0)
    t = track(5, [(0.0, *a), (3.0, *SEA), (9.0, *SEA), (12.0, *b)], noise_m=10.0)
    [e] = found(t)
    assert abs(e.start - at(3.0)) <= timedelta(hours=1)  # type: ignore[operator]
    assert abs(e.end - at(9.0)) <= timedelta(hours=1)  # type: ignore[operator]


def test_dateline_loitering() -> None:
    [e] = found(still(5, offset(DATELINE, 0, -30), 0.0, 6.0, noise_m=10.0))
    assert abs(abs(e.lon) - 180.0) < 0.01  # type: ignore[arg-type]


def test_partner_hours_are_an_encounter_not_loitering() -> None:
    frames = meeting(1, 2, SEA, start_h=-6.0, meet_h=(2.0, 6.0), end_h=12.0)
    enc = encounters.run(inputs(*frames), encounters.PARAMS.resolve({}))
    [meet] = enc
    loiter = found(*frames)
    assert {e.mmsi for e in loiter} == {1}   # the waiting vessel, before and after
    for e in loiter:
        assert e.end <= meet.start or e.start >= meet.end
    assert len(loiter) == 2


def test_a_fast_vessel_passing_is_no_partner() -> None:
    south, north = offset(SEA, -40_000, 100), offset(SEA, 40_000, 100)
    passing = track(2, [(0.0, *south), (4.0, *north)], line0=10**6)
    [e] = found(still(1, SEA, 0.0, 6.0, noise_m=10.0), passing)
    assert e.start == at(0.0) and e.end == at(6.0)


def test_satellite_only_reception() -> None:
    """Heard for 8 minutes every 1.5 h, as over the open ocean."""
    t = still(5, SEA, 0.0, 12.0, noise_m=10.0)
    minute = (pl.col("ts") - BASE).dt.total_minutes()
    assert len(found(t.filter(minute % 90 < 8))) == 1


@settings(max_examples=40)
@given(lat=st.floats(-60.0, 60.0), lon=st.floats(-180.0, 179.999),
       hours=st.floats(1.0, 10.0), kn=st.floats(0.0, 4.0),
       every=st.sampled_from([1, 5, 20]))
def test_invariants(lat: float, lon: float, hours: float, kn: float, every: int) -> None:
    end = offset((lat, lon), hours * kn * 1852.0, 0.0)
    t = track(9, [(0.0, lat, lon), (hours, *end)], noise_m=10.0).gather_every(every)
    events = found(t)
    shifted = found(t.with_columns(lon=pl.col("lon") + 360.0))
    assert [(e.start, e.end, e.lat, e.lon, e.score) for e in shifted] == [
        (e.start, e.end, e.lat, e.lon, e.score) for e in events]
    for e in events:
        assert t["ts"].min() <= e.start <= e.end <= t["ts"].max()  # type: ignore[operator]
        assert 0.0 <= e.score <= 1.0  # type: ignore[operator]
        assert e.end - e.start >= timedelta(hours=P["min_duration_h"])
        assert e.evidence["shore_distance_nm"] >= P["min_shore_distance_nm"]
        assert e.evidence["mean_speed_kn"] < P["max_sog_kn"]
