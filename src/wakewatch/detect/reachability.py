"""Which ports could a vessel have visited while it was not heard? (``dark_port_call``)

A vessel last heard at ``F1`` (the OFF report) and next at ``F2`` (ON), ``T`` hours later,
moving at most ``v`` knots, can only have been at places ``P`` with
``d(F1, P) + d(P, F2) <= v · T``: inside the *reachability ellipse* with foci F1 and F2 and
a "string" of ``budget_m = v · T`` (great-circle distances, so it is an ellipse on the
sphere; the antimeridian needs nothing special: distances are haversine).

Two stages, so only a few ports per gap cost a sea route:

1. :func:`straight_candidates` — every (gap, port) pair by broadcasting over numpy arrays:
   straight-line (haversine) ``d_out + d_back`` within the budget, the port not the one the
   vessel was heard in at OFF or ON (an in-port silence is a heard port call), and at least
   ``min_stay_h`` left over. A straight line is never longer than the sea route, so this
   drops no port the sea route would keep.
2. :func:`sea_distances` — OFF → port and port → ON for the survivors: the straight line
   where it stays in open water (Natural Earth land sampled every 5 km along it), else the
   sea route (:func:`wakewatch.geo.routes.sea_route`, searoute's network, cached), never
   taken below the straight line (searoute's connectors can cut corners).

:func:`ellipse_polygon` draws the straight-line ellipse (``n`` vertices, by bisection along
rays from the spherical midpoint of the foci) for the report map.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from wakewatch.geo.land import on_land
from wakewatch.geo.routes import EARTH_RADIUS_M, haversine_m, sea_route

__all__ = ["KN_M_PER_H", "ellipse_polygon", "ellipse_polygons", "sea_distances",
           "straight_candidates"]

KN_M_PER_H = 1852.0
"""One knot in metres per hour."""

F64 = npt.NDArray[np.float64]
IDX = npt.NDArray[np.intp]


def straight_candidates(off_lat: F64, off_lon: F64, on_lat: F64, on_lon: F64,
                        duration_h: F64, speed_kn: F64, port_lat: F64, port_lon: F64,
                        min_stay_h: float, in_port_m: float
                        ) -> tuple[IDX, IDX, F64, F64]:
    """(gap index, port index, straight d_out m, straight d_back m) of every pair whose
    straight-line detour leaves at least ``min_stay_h`` in port, neither end in that port."""
    d_out = haversine_m(off_lat[:, None], off_lon[:, None], port_lat[None, :],
                        port_lon[None, :])
    d_back = haversine_m(port_lat[None, :], port_lon[None, :], on_lat[:, None],
                         on_lon[:, None])
    travel_h = (d_out + d_back) / (speed_kn[:, None] * KN_M_PER_H)
    ok = ((travel_h + min_stay_h <= duration_h[:, None]) & (d_out > in_port_m)
          & (d_back > in_port_m))
    g, p = np.nonzero(ok)
    return g, p, d_out[g, p], d_back[g, p]


def _open_water(lat1: F64, lon1: F64, lat2: F64, lon2: F64, dist_m: F64,
                end_margin_m: float, step_m: float = 5_000.0) -> npt.NDArray[np.bool_]:
    """Per leg: no sample of the great circle between the ends lies on land (samples within
    ``end_margin_m`` of an end are skipped: gazetteer points often sit on land)."""
    k = int(min(400, max(2, np.ceil(float(np.max(dist_m, initial=0.0)) / step_m))))
    t = np.linspace(0.0, 1.0, k + 1)[None, :]
    p1, l1 = np.radians(lat1)[:, None], np.radians(lon1)[:, None]
    p2, l2 = np.radians(lat2)[:, None], np.radians(lon2)[:, None]
    a = (dist_m / EARTH_RADIUS_M)[:, None]
    sa = np.where(a > 1e-12, np.sin(a), 1.0)
    wa = np.where(a > 1e-12, np.sin((1.0 - t) * a) / sa, 1.0 - t)
    wb = np.where(a > 1e-12, np.sin(t * a) / sa, t)
    x = wa * np.cos(p1) * np.cos(l1) + wb * np.cos(p2) * np.cos(l2)
    y = wa * np.cos(p1) * np.sin(l1) + wb * np.cos(p2) * np.sin(l2)
    z = wa * np.sin(p1) + wb * np.sin(p2)
    lat = np.degrees(np.arctan2(z, np.hypot(x, y)))
    lon = np.degrees(np.arctan2(y, x))
    along = t * dist_m[:, None]
    inner = (along > end_margin_m) & (dist_m[:, None] - along > end_margin_m)
    land = on_land(lat, lon) & inner
    return np.asarray(~land.any(axis=1))


def sea_distances(off_lat: F64, off_lon: F64, on_lat: F64, on_lon: F64, port_lat: F64,
                  port_lon: F64, straight_out: F64, straight_back: F64,
                  end_margin_m: float) -> tuple[F64, F64, list[str]]:
    """Distances OFF → port and port → ON per pair (arrays of equal length), and how they
    were measured: ``straight`` where the great circle stays in open water (no land
    between the ends, ``end_margin_m`` around each end excepted), else ``sea`` — the sea
    route (never shorter than the straight line); ``sea+straight`` when one leg each.

    searoute's network is coarse near small ports (its node nearest to Rajin is 140 km
    away), so its connectors can triple a short open-water leg: a clear straight line is
    the better measure there."""
    n = len(off_lat)
    clear_out = _open_water(off_lat, off_lon, port_lat, port_lon, straight_out, end_margin_m)
    clear_back = _open_water(port_lat, port_lon, on_lat, on_lon, straight_back,
                             end_margin_m)
    out, back = straight_out.copy(), straight_back.copy()
    how = []
    for i in range(n):  # few pairs survive the straight-line stage; routes are cached
        if not clear_out[i]:
            out[i] = max(straight_out[i],  # first: max(x, nan) is x
                         _route_m(off_lat[i], off_lon[i], port_lat[i], port_lon[i]))
        if not clear_back[i]:
            back[i] = max(straight_back[i],
                          _route_m(port_lat[i], port_lon[i], on_lat[i], on_lon[i]))
        how.append({(True, True): "straight", (False, False): "sea"}.get(
            (bool(clear_out[i]), bool(clear_back[i])), "sea+straight"))
    return out, back, how


def _route_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    try:
        return sea_route((lat1, lon1), (lat2, lon2)).distance_m
    except (ValueError, KeyError, IndexError, ZeroDivisionError):
        return float("nan")  # no route: max() keeps the straight line


def _destination(lat: F64, lon: F64, bearing: F64, dist_m: F64) -> tuple[F64, F64]:
    """Points ``dist_m`` from (lat, lon) along ``bearing`` (radians), in degrees; longitude
    continuous around the start (not wrapped)."""
    p1, l1 = np.radians(lat), np.radians(lon)
    a = dist_m / EARTH_RADIUS_M
    p2 = np.arcsin(np.clip(np.sin(p1) * np.cos(a) + np.cos(p1) * np.sin(a) * np.cos(bearing),
                           -1.0, 1.0))
    l2 = l1 + np.arctan2(np.sin(bearing) * np.sin(a) * np.cos(p1),
                         np.cos(a) - np.sin(p1) * np.sin(p2))
    return np.degrees(p2), np.degrees(l2)


def _midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    bx, by = math.cos(p2) * math.cos(dl), math.cos(p2) * math.sin(dl)
    lat = math.atan2(math.sin(p1) + math.sin(p2), math.hypot(math.cos(p1) + bx, by))
    lon = math.radians(lon1) + math.atan2(by, math.cos(p1) + bx)
    return math.degrees(lat), (math.degrees(lon) + 180.0) % 360.0 - 180.0


def ellipse_polygons(f1_lat: F64, f1_lon: F64, f2_lat: F64, f2_lon: F64, budget_m: F64,
                     n: int = 72) -> list[list[list[float]]]:
    """Reachability ellipses, one per row: closed rings of ``[lon, lat]`` (``n`` vertices
    plus the first repeated), by bisection along ``n`` rays from the spherical midpoint of
    the foci. Longitudes are continuous around that midpoint (they may pass ±180, so a map
    draws one ring across the antimeridian). Empty where the budget does not cover the
    foci's distance."""
    m = len(f1_lat)
    if m == 0:
        return []
    focal = haversine_m(f1_lat, f1_lon, f2_lat, f2_lon)
    mids = [_midpoint(*a) for a in zip(f1_lat, f1_lon, f2_lat, f2_lon, strict=True)]
    c_lat = np.repeat([c[0] for c in mids], n)
    c_lon = np.repeat([c[1] for c in mids], n)
    bearing = np.tile(np.linspace(0.0, 2.0 * np.pi, n, endpoint=False), m)
    a_lat, a_lon = np.repeat(f1_lat, n), np.repeat(f1_lon, n)
    b_lat, b_lon = np.repeat(f2_lat, n), np.repeat(f2_lon, n)
    budget = np.repeat(budget_m, n)
    lo_r = np.zeros(m * n)
    hi_r = np.minimum(budget / 2.0 + 1.0, math.pi * EARTH_RADIUS_M)
    for _ in range(30):  # bisection (budget / 2^31: sub-metre); the string grows on a ray
        mid = (lo_r + hi_r) / 2.0
        plat, plon = _destination(c_lat, c_lon, bearing, mid)
        s = haversine_m(plat, plon, a_lat, a_lon) + haversine_m(plat, plon, b_lat, b_lon)
        inside = s <= budget
        lo_r = np.where(inside, mid, lo_r)
        hi_r = np.where(inside, hi_r, mid)
    plat, plon = _destination(c_lat, c_lon, bearing, lo_r)
    xy = np.round(np.stack([plon, plat], axis=1), 4).reshape(m, n, 2).tolist()
    return [[*ring, ring[0]] if budget_m[k] >= focal[k] else []
            for k, ring in enumerate(xy)]


def ellipse_polygon(f1: tuple[float, float], f2: tuple[float, float], budget_m: float,
                    n: int = 72) -> list[list[float]]:
    """One reachability ellipse (``f1``/``f2`` are (lat, lon)); see
    :func:`ellipse_polygons`."""
    (la1, lo1), (la2, lo2) = f1, f2
    one = [np.array([v], dtype=np.float64) for v in (la1, lo1, la2, lo2, budget_m)]
    return ellipse_polygons(one[0], one[1], one[2], one[3], one[4], n=n)[0]
