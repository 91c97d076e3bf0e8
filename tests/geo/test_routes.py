"""Sea routes (searoute), haversine and the circular mean of longitudes."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from wakewatch.geo.land import on_land
from wakewatch.geo.ports import port_by_locode
from wakewatch.geo.routes import (
    EARTH_RADIUS_M,
    circular_mean_lon,
    haversine_m,
    sea_distance_m,
    sea_route,
)


def _port(code: str) -> tuple[float, float]:
    row = port_by_locode(code)
    assert row is not None
    return row["lat"], row["lon"]


def _densify(coords: tuple[tuple[float, float], ...], step_deg: float = 0.02) -> np.ndarray:
    pts = []
    for (a_lat, a_lon), (b_lat, b_lon) in itertools.pairwise(coords):
        n = max(int(max(abs(b_lat - a_lat), abs(b_lon - a_lon)) / step_deg), 1)
        t = np.linspace(0.0, 1.0, n, endpoint=False)
        pts.append(np.stack([a_lat + t * (b_lat - a_lat), a_lon + t * (b_lon - a_lon)], axis=1))
    pts.append(np.array([coords[-1]]))
    return np.concatenate(pts)


def test_rajin_to_vostochny() -> None:
    rajin, vostochny = _port("KPRJN"), _port("RUVYP")
    route = sea_route(rajin, vostochny)
    assert 150_000 < route.distance_m < 600_000
    # ends are the endpoints rounded to the cache key (3 decimals)
    assert np.allclose(route.coordinates[0], rajin, atol=1e-3)
    assert np.allclose(route.coordinates[-1], vostochny, atol=1e-3)
    path = _densify(route.coordinates)
    land = on_land(path[:, 0], path[:, 1])
    ends = np.minimum(haversine_m(path[:, 0], path[:, 1], *rajin),
                      haversine_m(path[:, 0], path[:, 1], *vostochny))
    # searoute joins each end to its nearest network node in a straight line: the last
    # connector (node 42.7N 133.7E -> Vostochny) crosses the headland east of Vrangel Bay,
    # up to ~14 km from the port. Everything farther from the ends is at sea.
    assert not (land & (ends > 20_000)).any()


def test_busan_to_port_said_via_malacca_and_suez() -> None:
    route = sea_route(_port("KRPUS"), _port("EGPSD"))
    assert {"malacca", "suez"} <= set(route.passages)
    assert 13_000_000 < route.distance_m < 16_500_000
    lat = np.array([c[0] for c in route.coordinates])
    lon = np.array([c[1] for c in route.coordinates])
    # a vertex near Singapore and one in the Gulf of Suez
    assert haversine_m(lat, lon, 1.25, 103.8).min() < 150_000
    assert haversine_m(lat, lon, 29.9, 32.55).min() < 100_000
    assert sea_distance_m(_port("KRPUS"), _port("EGPSD")) == route.distance_m


def test_route_accepts_port_rows_and_caches() -> None:
    a, b = port_by_locode("RUVVO"), port_by_locode("RUNJK")
    assert a is not None and b is not None
    r1 = sea_route(a, b)
    r2 = sea_route((a["lat"] + 1e-5, a["lon"] - 1e-5), (b["lat"], b["lon"]))
    assert r1 is r2
    assert sea_route((10.0, 10.0), (10.0, 370.0)).distance_m == 0.0


def test_haversine_known_distance() -> None:
    # one degree of latitude ~ 111.2 km; Vladivostok - Nakhodka ~ 85 km straight
    assert abs(float(haversine_m(0, 0, 1, 0)) - 111_195) < 10
    assert abs(float(haversine_m(0, 179.5, 0, -179.5)) - 111_195) < 10
    got = haversine_m(np.zeros(3), np.zeros(3), np.array([0.0, 1.0, 2.0]), np.zeros(3))
    assert got.shape == (3,)


lat_s = st.floats(-90.0, 90.0)
lon_s = st.floats(-540.0, 540.0)


@given(lat_s, lon_s, lat_s, lon_s)
def test_haversine_properties(lat1: float, lon1: float, lat2: float, lon2: float) -> None:
    d = float(haversine_m(lat1, lon1, lat2, lon2))
    assert math.isclose(d, float(haversine_m(lat2, lon2, lat1, lon1)), abs_tol=1e-6)
    assert 0.0 <= d <= math.pi * EARTH_RADIUS_M + 1e-6
    assert float(haversine_m(lat1, lon1, lat1, lon1)) == 0.0
    assert math.isclose(d, float(haversine_m(lat1, lon1 + 360.0, lat2, lon2)), abs_tol=1e-3)


def test_circular_mean_lon_basics() -> None:
    assert abs(circular_mean_lon([10.0, 20.0]) - 15.0) < 1e-9
    assert abs(abs(circular_mean_lon([179.0, -179.0])) - 180.0) < 1e-9
    assert math.isnan(circular_mean_lon([]))
    assert math.isnan(circular_mean_lon([0.0, 180.0]))
    assert abs(circular_mean_lon([170.0, -170.0], weights=[3.0, 1.0]) - 175.0) < 0.1


@given(st.lists(st.floats(-10.0, 10.0), min_size=1, max_size=30), st.integers(-2, 2))
def test_circular_mean_lon_straddling_antimeridian(offsets: list[float], turns: int) -> None:
    lons = np.array([180.0 + o + 360.0 * turns for o in offsets])
    m = circular_mean_lon(lons)
    # near 180 (or -180), never near 0, and within the spread of the points
    assert abs(abs(m) - 180.0) <= 10.0 + 1e-9
    assert -180.0 <= m < 180.0
