"""The spoofing detector: teleports, positions inland, one MMSI in two places."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from spoof_cases import HAMBURG_BERTH, INLAND_KP, SEA, T0, displace, inputs, track

from wakewatch.detect import DetectInputs
from wakewatch.detect.runner import with_hulls
from wakewatch.detect.spoofing import run
from wakewatch.events import Event


def detect(*frames: pl.DataFrame) -> list[Event]:
    return run(inputs(*frames), {})


def test_honest_track_gps_noise_duplicates_and_out_of_order_give_nothing() -> None:
    t = track(1, *SEA).with_columns(lat=pl.col("lat") + (pl.int_range(pl.len()) % 3) * 1e-4)
    dup = t.sample(fraction=0.3, seed=1).with_columns(
        ts=pl.col("ts") + timedelta(seconds=3), line_no=pl.col("line_no") + 10_000)
    assert detect(pl.concat([t, dup]).sample(fraction=1.0, shuffle=True, seed=2)) == []


def test_ship_at_a_berth_the_coarse_coast_puts_inland_is_not_spoofing() -> None:
    assert detect(track(2, *HAMBURG_BERTH, speed_kn=0.0, hours=48.0)) == []


def test_dateline_crossing_is_not_a_teleport() -> None:
    assert detect(track(3, 52.0, 179.7, speed_kn=15.0, hours=6.0)) == []


def test_one_bad_fix_or_a_stale_first_report_is_not_spoofing() -> None:
    assert detect(displace(track(4, *SEA), [40], SEA[0] + 1.5, SEA[1])) == []
    assert detect(displace(track(4, *SEA), [0], SEA[0] + 1.5, SEA[1])) == []


def test_two_reports_displaced_are_one_impossible_speed_episode_spanning_them() -> None:
    t = displace(track(4, *SEA), [40, 41], SEA[0] + 1.5, SEA[1])
    (e,) = detect(t)
    assert e.kind == "spoofing" and e.evidence["reason"] == "impossible_speed"
    assert (e.start, e.end) == (t["ts"][40], t["ts"][41])
    assert e.evidence["report_count"] == 4  # before, the two false ones, after
    assert [j["distance_m"] > 100_000 for j in e.evidence["episodes"][0]["jumps"]] == [True] * 2
    assert 0.5 < e.score <= 1.0


def test_displaced_run_away_and_back_is_one_episode_spanning_the_displaced_reports() -> None:
    t = displace(track(5, *SEA, hours=24.0), range(60, 130), SEA[0] - 2.5, SEA[1] + 1.0)
    (e,) = detect(t)
    assert e.evidence["reason"] == "impossible_speed"
    assert (e.start, e.end) == (t["ts"][60], t["ts"][129])


def test_jump_away_for_good_spans_the_jump() -> None:
    t = displace(track(6, *SEA), range(70, 145), SEA[0] + 3.0, SEA[1])
    (e,) = detect(t)
    assert e.evidence["reason"] == "impossible_speed"
    assert (e.start, e.end) == (t["ts"][69], t["ts"][70])


def test_positions_far_inland_are_one_on_land_episode() -> None:
    t = displace(track(7, *SEA, hours=24.0), range(100, 136), *INLAND_KP)
    (e,) = detect(t)
    assert e.evidence["reason"] == "on_land"
    assert set(e.evidence["reasons"]) == {"on_land", "impossible_speed"}
    assert (e.start, e.end) == (t["ts"][100], t["ts"][135])
    land = next(p for p in e.evidence["episodes"] if p["reason"] == "on_land")
    assert land["reports_on_land"] == 36 and land["max_inland_m"] > 50_000


def test_shared_mmsi_two_ships_300_km_apart_is_one_two_places_episode() -> None:
    a = track(8, *SEA, step_min=6.0, hours=12.0)
    b = track(8, SEA[0] + 2.7, SEA[1], step_min=6.0, hours=6.0,
              start=T0 + timedelta(hours=3, minutes=3), line0=1000)
    (e,) = detect(a, b)
    assert e.evidence["reason"] == "two_places" and e.mmsi == 8
    assert (e.start, e.end) == (b["ts"][0], b["ts"][-1])
    assert e.evidence["episodes"][0]["separation_m_median"] > 250_000


def test_two_ships_close_together_on_one_mmsi_are_not_two_places() -> None:
    a = track(9, *SEA, step_min=6.0)
    b = track(9, SEA[0] + 0.2, SEA[1], step_min=6.0, start=T0 + timedelta(minutes=3),
              line0=1000)
    assert detect(a, b) == []


points = st.lists(st.tuples(st.floats(-60, 60), st.floats(-180, 180),
                            st.integers(0, 48 * 3600), st.integers(0, 1)),
                  min_size=1, max_size=50)


def _frame(pts: list[tuple[float, float, int, int]], shift: float = 0.0) -> pl.DataFrame:
    return pl.DataFrame({
        "mmsi": [200 + m for *_, m in pts], "ts": [T0 + timedelta(seconds=s) for *_, s, _ in pts],
        "lat": [p[0] for p in pts], "lon": [p[1] + shift for p in pts],
        "sog_kn": [10.0] * len(pts), "line_no": list(range(len(pts)))})


def _events(df: pl.DataFrame) -> list[Event]:
    return run(with_hulls(DetectInputs.from_frames(df)), {})


@given(points)
def test_events_lie_in_the_input_time_range_with_scores_in_0_1(
        pts: list[tuple[float, float, int, int]]) -> None:
    df = _frame(pts)
    for e in _events(df):
        assert df["ts"].min() <= e.start <= e.end <= df["ts"].max()
        assert 0.0 <= e.score <= 1.0 and e.kind == "spoofing"
        assert e.evidence["reason"] in ("impossible_speed", "on_land", "two_places")


@given(points)
def test_a_360_degree_longitude_shift_changes_nothing(
        pts: list[tuple[float, float, int, int]]) -> None:
    def key(es: list[Event]) -> list[tuple[object, ...]]:
        return [(e.event_id, e.start, e.end, e.score, e.evidence["reasons"]) for e in es]
    assert key(_events(_frame(pts))) == key(_events(_frame(pts, shift=360.0)))


def test_a_track_far_inland_with_no_teleport_is_a_river_or_lake_not_spoofing() -> None:
    lake_superior = (47.4, -89.0)  # "land" for Natural Earth 50m, 700 km from its coast
    t = track(10, *lake_superior, hours=6.0)
    assert detect(t) == []
    (e,) = run(inputs(t), {"on_land_alone_min_m": 100_000.0})
    assert e.evidence["reason"] == "on_land" and e.evidence["reasons"] == ["on_land"]
