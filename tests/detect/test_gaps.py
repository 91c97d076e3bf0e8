"""The gap detector: named scenarios, the intentional score, and invariants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.detect import DetectInputs
from wakewatch.detect.gaps import (
    PARAMS,
    find_gaps,
    reception_during,
    run,
    shared_reception,
)
from wakewatch.detect.reception import ReceptionCounts
from wakewatch.events import Event

T0 = datetime(2024, 3, 1, tzinfo=UTC)


def track(mmsi: int, start_h: float, hours: float, step_s: float, lat: float, lon: float,
          *, dlat_h: float = 0.0, dlon_h: float = 0.0, hull: int = 0,
          skip: tuple[float, float] | None = None) -> pl.DataFrame:
    """Reports every ``step_s`` from ``start_h`` for ``hours`` moving ``dlat_h``/``dlon_h``
    degrees per hour; none in the hours ``skip`` = (from_h, to_h)."""
    t = np.arange(start_h * 3600.0, (start_h + hours) * 3600.0, step_s)
    if skip is not None:
        t = t[(t < skip[0] * 3600.0) | (t > skip[1] * 3600.0)]
    h = (t - start_h * 3600.0) / 3600.0
    return pl.DataFrame({
        "mmsi": np.full(len(t), mmsi, dtype=np.int64), "hull": np.full(len(t), hull),
        "ts": [T0 + timedelta(seconds=float(s)) for s in t],
        "lat": lat + dlat_h * h, "lon": (lon + dlon_h * h + 180.0) % 360.0 - 180.0,
        "sog_kn": np.full(len(t), 10.0), "source": "test.nmea",
        "line_no": np.arange(len(t), dtype=np.int64) + mmsi % 1000 * 100_000})


def detect(*frames: pl.DataFrame, **params: object) -> list[Event]:
    inputs = DetectInputs.from_frames(pl.concat(frames, how="diagonal_relaxed"))
    return run(inputs, PARAMS.resolve(params))


def neighbours(n: int, hours: float, skip: tuple[float, float] | None = None
               ) -> list[pl.DataFrame]:
    """``n`` other vessels sailing around (40.0 N, 135.0 E), 5-min reports."""
    return [track(300_000_000 + k, 0.0, hours, 300.0, 40.0 + 0.05 * k, 135.0 - 0.05 * k,
                  dlat_h=0.005, skip=skip) for k in range(n)]


def test_a_gap_runs_from_the_last_report_before_to_the_first_after() -> None:
    v = track(211_000_001, 0.0, 30.0, 60.0, 40.0, 135.0, dlon_h=0.2, skip=(10.0, 18.0))
    (e,) = detect(v)
    assert e.kind == "gap" and e.mmsi == 211_000_001
    assert e.start == T0 + timedelta(hours=9, minutes=59)
    assert e.end == T0 + timedelta(hours=18, minutes=1)
    assert e.lat == pytest.approx(40.0) and e.lon == pytest.approx(136.99667, abs=1e-4)
    ev = e.evidence
    assert ev["off"]["ts"] == "2024-03-01T09:59:00Z" and ev["on"]["ts"] == "2024-03-01T18:01:00Z"
    assert ev["duration_h"] == pytest.approx(8.0333, abs=1e-3)
    # 8.03 h at 0.2 deg/h of longitude at 40 N: 1.607 deg ~ 136.9 km ~ 9.2 kn
    assert ev["distance_m"] == pytest.approx(136_900, rel=0.01)
    assert ev["implied_speed_kn"] == pytest.approx(9.2, abs=0.1)
    assert ev["own_reception"]["reports_before"] == 600   # 10 h of data (< 12 h), 1/min
    assert ev["off_distance_to_shore_m"] > 0 and "thresholds" in ev


def test_no_gap_up_to_the_threshold() -> None:
    v = track(211_000_002, 0.0, 20.0, 60.0, 40.0, 135.0, skip=(5.0, 10.9))
    assert detect(v) == []
    assert len(detect(v, min_gap_h=4.0)) == 1


def test_pier_every_3_min_for_days_is_no_gap() -> None:
    assert detect(track(211_000_003, 0.0, 24.0 * 5, 180.0, 35.1, 129.04)) == []


def test_dateline_gap_measures_the_short_way_round() -> None:
    v = track(211_000_004, 0.0, 40.0, 120.0, 52.0, 179.0, dlon_h=0.1, skip=(6.0, 20.0))
    (e,) = detect(v)
    assert e.evidence["on"]["lon"] < -178.9 and e.lon > 179.5
    # 1.41 deg of longitude at 52 N ~ 96 km, not 360 deg
    assert e.evidence["distance_m"] == pytest.approx(96_300, rel=0.02)
    assert e.evidence["implied_speed_kn"] < 10.0


def test_two_hulls_sharing_one_mmsi_keep_their_own_gaps() -> None:
    a = track(211_000_005, 0.0, 30.0, 300.0, 40.0, 135.0, hull=0)
    b = track(211_000_005, 0.0, 30.0, 300.0, 20.0, 115.0, hull=1, skip=(8.0, 20.0))
    (e,) = detect(a, b)
    assert e.lat == pytest.approx(20.0) and e.start == T0 + timedelta(hours=7, minutes=55)
    # the same reports on one hull: the other ship's reports hide the gap (GFW's failure)
    merged = pl.concat([a, b]).with_columns(hull=pl.lit(0))
    assert detect(merged) == []


def test_out_of_order_and_duplicate_reports_change_nothing() -> None:
    v = track(211_000_006, 0.0, 30.0, 60.0, 40.0, 135.0, skip=(10.0, 22.0))
    clean = detect(v)
    dup = v.sample(200, seed=1).with_columns(pl.col("ts") + timedelta(seconds=2),
                                            pl.col("line_no") + 1_000_000)
    messy = pl.concat([v, dup]).sample(fraction=1.0, shuffle=True, seed=2)
    (e,) = detect(messy)
    assert (e.start, e.end, e.lat, e.lon) == (clean[0].start, clean[0].end, clean[0].lat,
                                              clean[0].lon)


def test_silent_while_others_nearby_are_heard_is_intentional() -> None:
    v = track(211_000_007, 0.0, 48.0, 60.0, 40.1, 135.05, skip=(14.0, 32.0))
    (e,) = detect(v, *neighbours(5, 48.0))
    rec = e.evidence["reception_nearby"]
    assert rec["bins_heard"] == rec["bins_measured"] > 0
    assert rec["others_near_off"] > 0 and rec["others_near_on"] > 0
    assert e.evidence["intentional"] is True and e.score >= 0.9


def test_coverage_hole_silencing_everybody_is_not_intentional() -> None:
    v = track(211_000_008, 0.0, 48.0, 60.0, 40.1, 135.05, skip=(14.0, 32.0))
    events = detect(v, *neighbours(5, 48.0, skip=(13.5, 32.5)))
    assert len(events) == 6          # everybody has a gap, nobody hid
    for e in events:
        assert e.evidence["reception_nearby"]["bins_heard"] == 0
        assert e.evidence["intentional"] is False and e.score == 0.0


def test_nobody_else_around_is_no_evidence_of_intent() -> None:
    v = track(211_000_009, 0.0, 48.0, 60.0, 40.1, 135.05, skip=(14.0, 32.0))
    (e,) = detect(v)
    assert e.evidence["intentional"] is False and e.score == 0.0


def test_short_gap_is_never_intentional() -> None:
    v = track(211_000_010, 0.0, 48.0, 60.0, 40.1, 135.05, skip=(14.0, 21.0))
    (e,) = detect(v, *neighbours(5, 48.0))
    assert e.evidence["factors"]["coverage"] == 1.0
    assert 0.0 < e.score < 0.6 and e.evidence["intentional"] is False


def test_under_12_h_in_measured_coverage_can_be_intentional() -> None:
    """GFW needs 12 h; a 10.5 h silence while everybody around is heard is called."""
    v = track(211_000_013, 0.0, 48.0, 60.0, 40.1, 135.05, skip=(14.0, 24.5))
    (e,) = detect(v, *neighbours(5, 48.0))
    assert e.evidence["factors"]["duration"] < 1.0
    assert e.evidence["intentional"] is True


def test_reception_from_a_shared_count_equals_the_whole_input() -> None:
    """A vessel partition given the whole input's counts measures the same reception."""
    v = track(211_000_011, 0.0, 48.0, 60.0, 40.1, 135.05, skip=(14.0, 32.0))
    whole = DetectInputs.from_frames(pl.concat([v, *neighbours(5, 48.0)]))
    part = DetectInputs.from_frames(v)
    p = PARAMS.resolve(None)
    gaps = find_gaps(part.positions, p["min_gap_h"], p["before_h"])
    shared = shared_reception(whole.positions)
    got = reception_during(part.positions, gaps, p, shared)
    want = reception_during(whole.positions, gaps, p)
    assert got.equals(want)
    assert reception_during(part.positions, gaps, p)["bins_heard"].item() == 0


@dataclass(frozen=True)
class WithReception(DetectInputs):
    """Inputs carrying the whole input's reception (what the runner hands a partition)."""

    reception: ReceptionCounts | None = None


def test_a_partition_given_the_shared_reception_finds_the_same_events() -> None:
    v = track(211_000_012, 0.0, 48.0, 60.0, 40.1, 135.05, skip=(14.0, 32.0))
    whole = DetectInputs.from_frames(pl.concat([v, *neighbours(5, 48.0)]))
    part = DetectInputs.from_frames(v)
    shared = WithReception(part.positions, part.statics, shared_reception(whole.positions))
    p = PARAMS.resolve(None)
    want = [e for e in run(whole, p) if e.mmsi == 211_000_012]
    assert run(shared, p) == want and want[0].evidence["intentional"] is True
    assert run(part, p)[0].evidence["intentional"] is False     # alone: nobody else heard


def test_companions_dark_at_the_same_time_do_not_count_as_expected_reception() -> None:
    """Three ships going dark together beside a sparsely heard neighbour: the companions
    were heard before and after but were silent themselves, so they say nothing about the
    receiver; the neighbour heard as often during the gap as around it does."""
    v = track(211_000_014, 0.0, 48.0, 60.0, 40.1, 135.05, skip=(14.0, 32.0))
    companions = neighbours(4, 48.0, skip=(13.0, 33.0))
    sparse = track(300_000_100, 0.0, 48.0, 6 * 3600.0, 40.05, 135.0)
    whole = DetectInputs.from_frames(pl.concat([v, *companions, sparse]))
    p = PARAMS.resolve(None)
    (e,) = [e for e in run(whole, p) if e.mmsi == 211_000_014]
    rec = e.evidence["reception_nearby"]
    assert 0 < rec["bins_heard"] < rec["bins_measured"]
    assert e.evidence["intentional"] is True
    (alone,) = detect(v, sparse)              # the companions add nothing to the expected
    assert alone.evidence["reception_nearby"]["bins_expected"] == rec["bins_expected"]
    part = DetectInputs.from_frames(v)
    shared = WithReception(part.positions, part.statics, shared_reception(whole.positions))
    assert run(shared, p) == [e]
    silent = detect(v, *companions)           # without the neighbour: nobody heard
    assert [x.evidence["intentional"] for x in silent] == [False] * 5


@st.composite
def tracks(draw: st.DrawFn) -> pl.DataFrame:
    frames = []
    for k in range(draw(st.integers(1, 3))):
        steps = draw(st.lists(st.sampled_from([0, 60, 600, 3600, 5 * 3600, 7 * 3600,
                                               13 * 3600, 30 * 3600]),
                              min_size=2, max_size=30))
        t = np.cumsum(steps).astype(float)
        lat = draw(st.floats(-60.0, 60.0))
        lon = draw(st.integers(-180_000, 179_999)) / 1000.0
        dlon = draw(st.floats(-0.5, 0.5))
        frames.append(pl.DataFrame({
            "mmsi": np.full(len(t), 200_000_000 + k, dtype=np.int64),
            "ts": [T0 + timedelta(seconds=float(s)) for s in t],
            "lat": np.full(len(t), lat), "lon": lon + dlon * t / 3600.0 * 0.01,
            "line_no": np.arange(len(t), dtype=np.int64)}))
    return pl.concat(frames)


@settings(max_examples=50)
@given(tracks())
def test_invariants(df: pl.DataFrame) -> None:
    events = detect(df)
    lo, hi = df["ts"].min(), df["ts"].max()
    for e in events:
        assert (e.end - e.start) > timedelta(hours=6)
        assert lo <= e.start < e.end <= hi  # type: ignore[operator]
        assert 0.0 <= e.score <= 1.0
        assert e.evidence["intentional"] == (e.score >= PARAMS.resolve(None)
                                             ["intentional_min_score"])
    shifted = detect(df.with_columns(pl.col("lon") + 360.0))
    assert [(e.event_id, e.start, e.end, e.score, e.lat) for e in shifted] == [
        (e.event_id, e.start, e.end, e.score, e.lat) for e in events]
