"""Paths at sea: a port's berth, and the polyline a ship follows from berth to berth.

Split from :mod:`wakewatch.sim.voyage` (the motion model uses these). searoute joins a port to
its nearest network node with a straight connector that can cross land (Vostochny: over the
headland east of Vrangel Bay), and a port's gazetteer position is often on Natural Earth land.
Each end of a leg is therefore a *berth* — the nearest point to the port, within
``berth_search_m``, that is at sea and ``berth_clearance_m`` from the coast — joined by a
straight line, checked against the land every ~250 m, to the first route vertex it reaches
over water (the route's own connector and nearer vertices are dropped). A segment that still
crosses land is bridged by one waypoint at sea. Also :func:`offset_point` (metres → degrees)
and :func:`sea_point_ok` (open water, far enough from the shore) for scenario builders.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from wakewatch.geo import distance_to_shore_m, haversine_m, on_land, port_by_locode, sea_route
from wakewatch.geo.routes import normalize_lon
from wakewatch.sim.records import SimulationError

__all__ = ["Place", "berth", "leg_path", "offset_point", "resolve_place", "sea_point_ok"]

Place = str | tuple[float, float]
FloatArray = npt.NDArray[np.float64]
_M_PER_DEG = 111_195.0


def resolve_place(place: Place) -> tuple[float, float, str | None]:
    if isinstance(place, str):
        row = port_by_locode(place)
        if row is None:
            raise SimulationError(f"unknown UN/LOCODE {place!r}")
        return float(row["lat"]), float(row["lon"]), row["locode"] or place
    return float(place[0]), float(normalize_lon(place[1])), None


def _offsets(lat: float, lon: float, r: FloatArray, b: FloatArray) -> tuple[FloatArray, FloatArray]:
    dlat = r * np.cos(b) / _M_PER_DEG
    dlon = r * np.sin(b) / (_M_PER_DEG * max(math.cos(math.radians(lat)), 1e-6))
    return lat + dlat, lon + dlon


@lru_cache(maxsize=4096)
def berth(lat: float, lon: float, search_m: float = 8000.0,
          clearance_m: float = 300.0) -> tuple[float, float]:
    """The nearest point to (lat, lon) at sea and ``clearance_m`` from the coast (rings of
    250 m, 10° apart, out to ``search_m``); the point itself if it qualifies."""
    rr, bb = np.meshgrid(np.arange(0.0, search_m + 1.0, 250.0),
                         np.radians(np.arange(0.0, 360.0, 10.0)), indexing="ij")
    r, b = rr.ravel(), bb.ravel()
    clat, clon = _offsets(lat, lon, r, b)
    ok = ~on_land(clat, clon)
    ok[ok] = distance_to_shore_m(clat[ok], clon[ok]) >= clearance_m
    if not ok.any():
        raise SimulationError(f"no sea within {search_m} m of ({lat}, {lon})")
    i = int(np.flatnonzero(ok)[np.argmin(r[ok])])
    return float(clat[i]), float(normalize_lon(clon[i]))


def _clear(a: tuple[float, float], b: tuple[float, float]) -> bool:
    n = max(2, int(float(haversine_m(a[0], a[1], b[0], b[1])) / 250.0) + 2)
    f = np.linspace(0.0, 1.0, n)
    dlon = (b[1] - a[1] + 180.0) % 360.0 - 180.0
    return not bool(on_land(a[0] + f * (b[0] - a[0]), a[1] + f * dlon).any())


def _first_clear(start: tuple[float, float], inner: list[tuple[float, float]]) -> int:
    for k, v in enumerate(inner[:12]):
        if _clear(start, v):
            return k
    return 0


@lru_cache(maxsize=4096)
def leg_path(olat: float, olon: float, dlat: float, dlon: float, search_m: float = 8000.0,
             clearance_m: float = 300.0) -> tuple[tuple[float, float], ...]:
    """The (lat, lon) vertices a ship follows from berth to berth between two ports."""
    b0 = berth(olat, olon, search_m, clearance_m)
    b1 = berth(dlat, dlon, search_m, clearance_m)
    inner = list(sea_route(b0, b1).coordinates[1:-1])
    if not inner or (_clear(b0, b1) and float(haversine_m(*b0, *b1)) < 100_000):
        return (b0, b1)
    i0 = _first_clear(b0, inner)
    i1 = len(inner) - 1 - _first_clear(b1, inner[::-1])
    middle = inner[i0:i1 + 1] if i1 >= i0 else [inner[(i0 + i1) // 2]]
    path = [b0, *middle, b1]
    out = [b0]
    for a, b in pairwise(path):
        out += [*_bridge(a, b), b]
    return tuple(out)


def _bridge(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    """No waypoint if a-b is at sea, else the sea point within 30 km of ``a`` or ``b`` that
    joins them over water by the shortest way (none found: the straight line is kept)."""
    if _clear(a, b):
        return []
    rr, bb = np.meshgrid(np.arange(2000.0, 30_001.0, 2000.0),
                         np.radians(np.arange(0.0, 360.0, 15.0)), indexing="ij")
    cands = []
    for c in (a, b):
        la, lo = _offsets(c[0], c[1], rr.ravel(), bb.ravel())
        cands += [(float(x), float(y)) for x, y in zip(la, lo, strict=True)]
    cands.sort(key=lambda w: float(haversine_m(a[0], a[1], w[0], w[1]))
               + float(haversine_m(w[0], w[1], b[0], b[1])))
    for w in cands:
        if not on_land(*w) and _clear(a, w) and _clear(w, b):
            return [w]
    return []


def offset_point(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    """The point ``north_m`` north and ``east_m`` east of (lat, lon) (flat-earth, small offsets)."""
    la = lat + north_m / _M_PER_DEG
    lo = lon + east_m / (_M_PER_DEG * max(math.cos(math.radians(lat)), 1e-6))
    return la, float(normalize_lon(lo))


def sea_point_ok(lat: float, lon: float, min_shore_m: float) -> bool:
    """At sea and at least ``min_shore_m`` from the (Natural Earth 50m) coast."""
    return (not bool(on_land(lat, lon))
            and float(distance_to_shore_m(lat, lon)) >= min_shore_m)
