"""Track segments: cuts at dark gaps, aligned times, simplification, the antimeridian."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest
import shapely.geometry
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.export.tracks import segment_to_feature, track_segments

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def frame(mmsi: list[int], hours: list[float], lat: list[float],
          lon: list[float]) -> pl.DataFrame:
    return pl.DataFrame({
        "mmsi": mmsi, "ts": [T0 + timedelta(hours=h) for h in hours], "lat": lat, "lon": lon,
    }, schema={"mmsi": pl.Int64, "ts": pl.Datetime("us", "UTC"), "lat": pl.Float64,
               "lon": pl.Float64})


def test_gap_splits_into_lit_dark_lit() -> None:
    f = frame([1] * 6, [0, 1, 2, 9, 10, 11], [0, 0.1, 0.2, 1, 1.1, 1.2], [0] * 6)
    segs = track_segments(f)
    assert [s.dark for s in segs] == [False, True, False]
    assert segs[1].start == T0 + timedelta(hours=2) and segs[1].end == T0 + timedelta(hours=9)
    assert segs[1].duration_h == 7.0
    assert [s.n_positions for s in segs] == [3, 2, 3]


def test_gap_just_under_threshold_does_not_split() -> None:
    f = frame([1] * 3, [0, 5.99, 7], [0, 1, 2], [0, 0, 0])
    assert [s.dark for s in track_segments(f)] == [False]


def test_vessels_are_separate_and_single_reports_are_points() -> None:
    f = frame([1, 1, 2], [0, 1, 0.5], [0, 1, 5], [0, 1, 5])
    segs = track_segments(f)
    assert [(s.mmsi, s.dark) for s in segs] == [(1, False), (2, False)]
    feat = segment_to_feature(segs[1])
    assert feat["geometry"]["type"] == "Point" and feat["properties"]["times"]


def test_antimeridian_is_unwrapped() -> None:
    f = frame([1] * 4, [0, 1, 2, 3], [50, 50, 50, 50], [179.0, 179.5, -179.9, -179.4])
    (seg,) = track_segments(f)
    steps = np.diff(seg.coords[:, 0])
    assert np.all(np.abs(steps) < 1.0)
    assert seg.coords[-1, 0] == pytest.approx(180.6)


def test_dark_segment_across_antimeridian_is_short() -> None:
    f = frame([1] * 4, [0, 1, 10, 11], [50] * 4, [179.0, 179.5, -179.5, -179.0])
    dark = next(s for s in track_segments(f) if s.dark)
    assert abs(dark.coords[1, 0] - dark.coords[0, 0]) == 1.0


def test_simplify_keeps_endpoints_and_aligned_times() -> None:
    n = 200
    hours = list(np.arange(n) * 0.1)
    lat = list(np.linspace(0, 1, n) + np.sin(np.arange(n)) * 1e-5)
    f = frame([7] * n, hours, lat, list(np.linspace(0, 1, n)))
    (full,) = track_segments(f)
    (simple,) = track_segments(f, tolerance_deg=1e-3)
    assert len(simple.coords) < 10 < len(full.coords) == n
    assert simple.start == full.start and simple.end == full.end
    lookup = {t: tuple(c) for t, c in zip(full.times.tolist(), full.coords, strict=True)}
    for t, c in zip(simple.times.tolist(), simple.coords, strict=True):
        assert lookup[t] == tuple(c)


@st.composite
def tracks(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(1, 40))
    mmsi = sorted(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    steps = draw(st.lists(st.floats(0.01, 12.0), min_size=n, max_size=n))
    hours = list(np.cumsum(steps))
    lat = draw(st.lists(st.floats(-80, 80), min_size=n, max_size=n))
    lon = draw(st.lists(st.floats(-180, 179.99), min_size=n, max_size=n))
    return frame(mmsi, hours, lat, lon)


@settings(max_examples=50)
@given(tracks(), st.sampled_from([0.0, 0.01, 1.0]))
def test_properties(f: pl.DataFrame, tol: float) -> None:
    segs = track_segments(f, tolerance_deg=tol)
    lit = [s for s in segs if not s.dark]
    assert sum(s.n_positions for s in lit) == f.height  # every report in one lit segment
    for s in segs:
        assert len(s.times) == len(s.coords)
        assert s.times.tolist() == sorted(s.times.tolist())
        if s.dark:
            assert s.duration_h >= 6.0
        else:
            gaps = np.diff(s.times).astype("timedelta64[s]").astype(float) / 3600
            assert np.all(gaps < 6.0) or tol > 0  # simplification may drop vertices
        geom = shapely.geometry.shape(segment_to_feature(s)["geometry"])
        assert geom.is_valid
    # a 360° shift of the input moves coordinates by 360 and changes nothing else
    shifted = track_segments(f.with_columns(pl.col("lon") + 360.0), tolerance_deg=tol)
    assert [(s.mmsi, s.dark, s.times.tolist()) for s in shifted] == [
        (s.mmsi, s.dark, s.times.tolist()) for s in segs]
    for a, b in zip(segs, shifted, strict=True):
        assert np.allclose(b.coords[:, 1], a.coords[:, 1])
        assert np.allclose((b.coords[:, 0] - a.coords[:, 0] + 180.0) % 360.0 - 180.0, 0.0,
                           atol=1e-6)


def test_subnormal_steps_simplify_without_numpy_warnings() -> None:
    """Found by Hypothesis on CI: a still vessel whose last latitude is 3.17e-262 made GEOS
    raise numpy's invalid-value flag inside simplify (warnings are errors in the tests)."""
    from datetime import UTC, datetime, timedelta

    import polars as pl

    from wakewatch.export.tracks import track_segments

    n = 35
    t0 = datetime(2024, 1, 1, 1, tzinfo=UTC)
    frame = pl.DataFrame({"mmsi": [1] * n, "ts": [t0 + timedelta(hours=i) for i in range(n)],
                          "lat": [0.0] * (n - 1) + [3.1709e-262], "lon": [0.0] * n})
    segments = track_segments(frame, tolerance_deg=0.01)
    assert [s.dark for s in segments] == [False]
    assert segments[0].coords[0].tolist() == [0.0, 0.0]
