"""Hull splitting: the physical ships behind one MMSI."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from spoof_cases import SEA, T0, displace, inputs, track

from wakewatch.detect import DetectInputs
from wakewatch.detect.hulls import split_hulls


def hulls_of(df: pl.DataFrame) -> list[int]:
    return split_hulls(DetectInputs.from_frames(df).positions).sort("line_no")["hull"].to_list()


def test_honest_track_is_one_hull() -> None:
    assert set(hulls_of(track(1, *SEA))) == {0}


def test_shared_mmsi_two_ships_300_km_apart_alternating_are_two_hulls() -> None:
    a = track(7, *SEA, step_min=6.0)
    b = track(7, SEA[0] + 2.7, SEA[1], step_min=6.0, start=T0 + timedelta(minutes=3),
              line0=1000)
    out = inputs(a, b).positions
    assert out.group_by("hull").len().sort("hull")["len"].to_list() == [a.height, b.height]
    # each hull is one ship: its lines, and no fake gaps or jumps between its reports
    by_hull = {h: set(g["line_no"].to_list())
               for (h,), g in out.group_by("hull", maintain_order=True)}
    assert by_hull[0] == set(a["line_no"].to_list())
    assert by_hull[1] == set(b["line_no"].to_list())
    steps = out.with_columns(dt=pl.col("ts").diff().over("hull")).drop_nulls("dt")
    assert steps["dt"].max() == timedelta(minutes=6)


def test_a_real_silence_stays_on_its_hull_while_the_other_ship_talks() -> None:
    a = pl.concat([track(7, *SEA, hours=3.0),
                   track(7, SEA[0], SEA[1] + 1.0, hours=3.0, start=T0 + timedelta(hours=9),
                         line0=500)])
    b = track(7, SEA[0] + 2.7, SEA[1], start=T0 + timedelta(minutes=2), line0=1000)
    out = inputs(a, b).positions
    a_hull = out.filter(pl.col("line_no") < 1000)
    assert a_hull["hull"].n_unique() == 1
    gap = a_hull.sort("ts")["ts"].diff().max()
    assert gap == timedelta(hours=6)  # the one real gap, between A's own reports


def test_one_bad_gps_fix_makes_no_new_hull() -> None:
    t = displace(track(1, *SEA), [40], SEA[0] + 1.5, SEA[1])
    assert set(hulls_of(t)) == {0}


def test_bad_fix_first_does_not_take_hull_zero_from_the_real_track() -> None:
    t = displace(track(1, *SEA), [0], SEA[0] - 1.5, SEA[1])
    assert set(hulls_of(t)) == {0}


def test_dateline_crossing_is_one_hull() -> None:
    t = track(3, 52.0, 179.7, speed_kn=15.0, course_deg=90.0, hours=6.0)
    assert t["lon"].max() > 180.0
    assert set(hulls_of(t)) == {0}


def test_duplicates_and_out_of_order_arrival_are_one_hull() -> None:
    t = track(4, *SEA)
    dup = t.sample(fraction=0.3, seed=1).with_columns(
        ts=pl.col("ts") + timedelta(seconds=2), line_no=pl.col("line_no") + 10_000)
    shuffled = pl.concat([t, dup]).sample(fraction=1.0, shuffle=True, seed=2)
    assert set(hulls_of(shuffled)) == {0}


def test_fast_ferry_reporting_its_speed_is_one_hull() -> None:
    assert set(hulls_of(track(5, *SEA, speed_kn=38.0, step_min=2.0))) == {0}


def test_jump_away_for_good_is_a_second_hull_numbered_by_first_report() -> None:
    t = displace(track(6, *SEA), range(70, 145), SEA[0] + 3.0, SEA[1])
    h = hulls_of(t)
    assert h[0] == 0 and set(h[:70]) == {0} and set(h[70:]) == {1}


def test_a_stale_spoofed_hull_does_not_take_the_track_when_it_passes_nearby() -> None:
    # 1 h displaced 60 km north (a hull of its own), then two days later, after a 1 h
    # silence, the real ship sails past the spot where the false track stopped
    t = track(11, *SEA, hours=60.0, step_min=10.0, speed_kn=0.6, course_deg=0.0)
    t = displace(t, range(6, 12), SEA[0] + 0.55, SEA[1])
    t = t.filter(~pl.int_range(pl.len()).is_between(325, 330))
    h = hulls_of(t)
    assert set(h[6:12]) == {1}
    assert set(h[:6]) == set(h[12:]) == {0}


points = st.lists(st.tuples(st.floats(-60, 60), st.floats(-180, 180),
                            st.integers(0, 48 * 3600), st.integers(0, 2)),
                  min_size=1, max_size=60)


def _frame(pts: list[tuple[float, float, int, int]], shift: float = 0.0) -> pl.DataFrame:
    return pl.DataFrame({
        "mmsi": [100 + m for *_, m in pts], "ts": [T0 + timedelta(seconds=s) for *_, s, _ in pts],
        "lat": [p[0] for p in pts], "lon": [p[1] + shift for p in pts],
        "sog_kn": [10.0] * len(pts), "line_no": list(range(len(pts)))})


@given(points)
def test_every_report_gets_exactly_one_hull_numbered_from_zero(
        pts: list[tuple[float, float, int, int]]) -> None:
    out = split_hulls(DetectInputs.from_frames(_frame(pts)).positions)
    assert out.height == len(pts) and out["hull"].null_count() == 0
    assert sorted(out["line_no"].to_list()) == list(range(len(pts)))
    for (_,), g in out.group_by("mmsi"):
        g = g.sort("ts", "line_no")
        assert g["hull"][0] == 0
        assert sorted(g["hull"].unique().to_list()) == list(range(g["hull"].n_unique()))


@given(points)
def test_a_360_degree_longitude_shift_changes_no_hull(
        pts: list[tuple[float, float, int, int]]) -> None:
    assert hulls_of(_frame(pts)) == hulls_of(_frame(pts, shift=360.0))
