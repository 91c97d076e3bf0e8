"""Land and sea: is a point on land, and how far is it from the shore.

Natural Earth 50m land (public domain, shipped in ``geo/data``; 1:50 million scale, so the
coastline is generalised: features smaller than a few km are missing and the coast can be off
by ~1-2 km; small islets are absent).

- :func:`on_land` — point-in-polygon over the land as one prepared (Multi)Polygon with
  ``shapely.contains_xy``; points exactly on the coastline count as water. Latitudes outside
  [-90, 90] and NaNs give False.
- :func:`distance_to_shore_m` — distance in metres to the nearest coastline, whichever side
  of it the point is on (combine with :func:`on_land` for a sign). The nearest coast vertex
  (STRtree, degree space) bounds the distance; every coast segment within that bound is then
  measured: its nearest point in the query's local equirectangular frame, by haversine. The
  error is that of the local frame, well under 1 % of the distance at any latitude (metres
  near the coast), far below the 1-2 km generalisation of the 50m data. Natural Earth's
  artificial edges (polygons cut at ±180°, Antarctica's closure along -90°) are not coast;
  coast segments within 30° of the antimeridian are repeated at ±360° so the nearest shore
  across it is found.

Longitudes are wrapped to [-180, 180) first, so results do not change with a 360° shift.
The data are loaded and indexed once (cached) on first use (~0.5 s).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt
import shapely

from wakewatch.geo.routes import EARTH_RADIUS_M, haversine_m, normalize_lon

__all__ = ["distance_to_shore_m", "land_geometry", "on_land"]

LAND_FILE = "ne_50m_land.geojson.gz"
CHUNK = 20_000

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@cache
def land_geometry() -> shapely.MultiPolygon:
    """Natural Earth 50m land as one prepared MultiPolygon (lon, lat degrees)."""
    ref = resources.files("wakewatch.geo").joinpath("data", LAND_FILE)
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        collection = json.load(f)
    polys: list[shapely.Polygon] = []
    for feature in collection["features"]:
        geom = shapely.geometry.shape(feature["geometry"])
        polys.extend(getattr(geom, "geoms", [geom]))
    land = shapely.MultiPolygon(polys)
    shapely.prepare(land)
    return land


def _points(lat: npt.ArrayLike, lon: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    la = np.asarray(lat, dtype=np.float64)
    lo = normalize_lon(lon)
    la, lo = np.broadcast_arrays(la, lo)
    return la, lo


def on_land(lat: npt.ArrayLike, lon: npt.ArrayLike) -> BoolArray:
    """True where (lat, lon) in degrees lies on land; same shape as the broadcast inputs."""
    la, lo = _points(lat, lon)
    return np.asarray(shapely.contains_xy(land_geometry(), lo, la), dtype=np.bool_)


@dataclass(frozen=True)
class _Coast:
    """Coast segments a->b (lon, lat degrees), their STRtree, and a tree of their vertices."""

    ax: FloatArray
    ay: FloatArray
    bx: FloatArray
    by: FloatArray
    seg_tree: shapely.STRtree
    vx: FloatArray
    vy: FloatArray
    vertex_tree: shapely.STRtree


def _is_artificial(a: FloatArray, b: FloatArray) -> BoolArray:
    """Segments a->b that are cuts of the data, not coast: along ±180° or along -90°."""
    along_am = (np.abs(a[:, 0]) >= 179.9999) & (np.abs(b[:, 0]) >= 179.9999)
    along_pole = (a[:, 1] <= -89.99) & (b[:, 1] <= -89.99)
    return np.asarray(along_am | along_pole, dtype=np.bool_)


@cache
def _coast() -> _Coast:
    """The coastline as segments; those within 30° of the antimeridian also at ±360°."""
    starts: list[FloatArray] = []
    ends: list[FloatArray] = []
    for poly in land_geometry().geoms:
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords, dtype=np.float64)
            keep = ~_is_artificial(xy[:-1], xy[1:])
            starts.append(xy[:-1][keep])
            ends.append(xy[1:][keep])
    a, b = np.concatenate(starts), np.concatenate(ends)
    mid = (a[:, 0] + b[:, 0]) / 2.0
    near = np.abs(mid) > 150.0
    shift = np.where(mid[near] > 0, -360.0, 360.0)[:, None] * np.array([1.0, 0.0])
    a = np.concatenate([a, a[near] + shift])
    b = np.concatenate([b, b[near] + shift])
    segs = shapely.linestrings(np.stack([a, b], axis=1))
    v = np.unique(np.concatenate([a, b]), axis=0)
    return _Coast(a[:, 0].copy(), a[:, 1].copy(), b[:, 0].copy(), b[:, 1].copy(),
                  shapely.STRtree(segs), v[:, 0].copy(), v[:, 1].copy(),
                  shapely.STRtree(shapely.points(v)))


def distance_to_shore_m(lat: npt.ArrayLike, lon: npt.ArrayLike) -> FloatArray:
    """Distance in metres from each point to the nearest coastline (>= 0; NaN for NaN)."""
    la, lo = _points(lat, lon)
    shape = la.shape
    la, lo = la.ravel(), lo.ravel()
    out = np.full(la.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(la) & np.isfinite(lo) & (np.abs(la) <= 90.0))
    for s in range(0, len(ok), CHUNK):
        idx = ok[s : s + CHUNK]
        out[idx] = _distance_chunk(la[idx], lo[idx])
    return out.reshape(shape)


def _distance_chunk(lat: FloatArray, lon: FloatArray) -> FloatArray:
    coast = _coast()
    # 1. the nearest coast vertex in degree space: an upper bound on the distance
    _, vi = coast.vertex_tree.query_nearest(shapely.points(lon, lat), all_matches=False)
    bound = haversine_m(lat, lon, coast.vy[vi], coast.vx[vi])
    # 2. every segment whose box meets the box holding all points within that bound
    ang = np.degrees(bound / EARTH_RADIUS_M) * 1.001 + 1e-9
    coslat = np.cos(np.radians(np.minimum(np.abs(lat) + ang, 90.0)))
    dlon = np.where(coslat > 1e-3, ang / np.maximum(coslat, 1e-3), 360.0)
    boxes = shapely.box(lon - dlon, np.maximum(lat - ang, -90.0), lon + dlon,
                        np.minimum(lat + ang, 90.0))
    qi, si = coast.seg_tree.query(boxes)
    # 3. nearest point of each segment in the query's local equirectangular frame, measured
    #    on the sphere
    k = np.cos(np.radians(lat[qi]))
    ax, ay = (coast.ax[si] - lon[qi]) * k, coast.ay[si] - lat[qi]
    bx, by = (coast.bx[si] - lon[qi]) * k, coast.by[si] - lat[qi]
    dx, dy = bx - ax, by - ay
    den = dx * dx + dy * dy
    t = np.clip(-(ax * dx + ay * dy) / np.where(den > 0, den, 1.0), 0.0, 1.0)
    px = coast.ax[si] + t * (coast.bx[si] - coast.ax[si])
    py = coast.ay[si] + t * (coast.by[si] - coast.ay[si])
    d = haversine_m(lat[qi], lon[qi], py, px)
    best = bound.copy()
    np.minimum.at(best, qi, d)
    return best
