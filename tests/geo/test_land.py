"""Land and shore over Natural Earth 50m: real places, the antimeridian, vectorisation."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from wakewatch.geo.land import distance_to_shore_m, on_land

WATER = {
    "mid-Pacific": (0.0, -150.0),
    "Sea of Japan": (40.0, 135.0),
    "North Atlantic": (45.0, -30.0),
    "Bering Sea at the antimeridian": (58.0, 180.0),
}
LAND = {
    "Pyongyang": (39.03, 125.75),
    "Moscow": (55.75, 37.62),
    "Sahara": (23.0, 10.0),
    "Chukotka east of 180": (66.0, -175.0),
}


def test_real_places() -> None:
    lat = np.array([p[0] for p in (*WATER.values(), *LAND.values())])
    lon = np.array([p[1] for p in (*WATER.values(), *LAND.values())])
    got = on_land(lat, lon)
    assert got.dtype == np.bool_
    assert got.tolist() == [False] * len(WATER) + [True] * len(LAND)


def test_shape_preserved_and_invalid_false() -> None:
    got = on_land(np.full((2, 3), 55.75), np.full((2, 3), 37.62))
    assert got.shape == (2, 3) and got.all()
    assert not on_land([np.nan, 95.0], [0.0, 0.0]).any()


def test_distance_to_shore_real() -> None:
    # Sea of Japan off Vladivostok ~ 40-50 km from the coast; mid-Pacific > 500 km (Kiribati);
    # Moscow (inland) > 400 km from any sea coast; a point in Tokyo Bay < 10 km.
    d = distance_to_shore_m([42.0, 0.0, 55.75, 35.5], [131.0, -150.0, 37.62, 139.8])
    assert 20_000 < d[0] < 80_000
    assert d[1] > 500_000
    assert d[2] > 400_000
    assert d[3] < 10_000
    assert np.isnan(distance_to_shore_m([np.nan], [0.0])[0])


def test_distance_to_shore_ignores_antimeridian_cut() -> None:
    # Chukotka is cut at 180° in Natural Earth: that cut is not a coast. Inland at 67N 180E
    # the sea is > 50 km away; just across the line the distance is continuous.
    d = distance_to_shore_m([67.5, 67.5], [179.999, -179.999])
    assert (d > 50_000).all()
    assert abs(d[0] - d[1]) < 1_000


coords = st.tuples(st.floats(-89.9, 89.9), st.floats(-180.0, 179.999))


@given(st.lists(coords, min_size=1, max_size=50), st.sampled_from([-720.0, -360.0, 360.0]))
def test_on_land_unchanged_by_360_shift(points: list[tuple[float, float]],
                                        shift: float) -> None:
    lat = np.array([p[0] for p in points])
    lon = np.array([p[1] for p in points])
    assert np.array_equal(on_land(lat, lon), on_land(lat, lon + shift))


@given(st.lists(coords, min_size=1, max_size=10))
def test_distance_to_shore_nonnegative_and_shift_invariant(
        points: list[tuple[float, float]]) -> None:
    lat = np.array([p[0] for p in points])
    lon = np.array([p[1] for p in points])
    d = distance_to_shore_m(lat, lon)
    assert (d >= 0).all()
    np.testing.assert_allclose(d, distance_to_shore_m(lat, lon + 360.0), rtol=1e-6, atol=1.0)


def test_distance_to_shore_matches_brute_force() -> None:
    # against the haversine distance to every real coast vertex (an upper bound that is within
    # a few km of the truth on 50m data): never above it, never far below it
    import shapely

    from wakewatch.geo.land import land_geometry
    from wakewatch.geo.routes import haversine_m

    xy = shapely.get_coordinates(shapely.boundary(land_geometry()))
    xy = xy[(np.abs(xy[:, 0]) < 179.9999) & (xy[:, 1] > -89.99)]
    rng = np.random.default_rng(7)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, 40)))
    lon = rng.uniform(-180, 180, 40)
    got = distance_to_shore_m(lat, lon)
    brute = np.array([haversine_m(a, b, xy[:, 1], xy[:, 0]).min()
                      for a, b in zip(lat, lon, strict=True)])
    assert (got <= brute * 1.005 + 1.0).all()
    assert (got >= brute - 5_000).all()
