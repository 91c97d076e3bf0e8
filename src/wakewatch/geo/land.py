"""Land and sea: is a point on land, and how far is it from the shore.

Natural Earth 50m land (public domain, shipped in ``geo/data``; 1:50 million scale, so the
coastline is generalised: features smaller than a few km are missing and the coast can be off
by ~1-2 km; small islets are absent).

- :func:`on_land` — point-in-polygon over the land as one prepared (Multi)Polygon with
  ``shapely.contains_xy``; points exactly on the coastline count as water. Latitudes outside
  [-90, 90] and NaNs give False.
- :func:`distance_to_shore_m` — distance in metres to the nearest coastline, whichever side
  of it the point is on (combine with :func:`on_land` for a sign). The coast is cut into short
  pieces in an STRtree; the nearest piece in degrees gives an upper bound, every piece within
  that bound (on the sphere) is then measured by the haversine distance to its nearest point in
  degree space. The error is that of the last step: well under 1 % of the distance (a few
  metres near the coast), at any latitude. Natural Earth's artificial edges (polygons cut at
  ±180°, Antarctica's closure along -90°) are not coastline; coast pieces within 10° of the
  antimeridian are repeated at ±360° so the nearest shore across it is found.

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
PIECE_SEGMENTS = 16
CHUNK = 200_000

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
    tree: shapely.STRtree
    pieces: npt.NDArray[np.object_]


def _is_artificial(a: FloatArray, b: FloatArray) -> BoolArray:
    """Segments a->b that are cuts of the data, not coast: along ±180° or along -90°."""
    along_am = (np.abs(a[:, 0]) >= 179.9999) & (np.abs(b[:, 0]) >= 179.9999)
    along_pole = (a[:, 1] <= -89.99) & (b[:, 1] <= -89.99)
    return np.asarray(along_am | along_pole, dtype=np.bool_)


@cache
def _coast() -> _Coast:
    """The coastline cut into pieces of <= PIECE_SEGMENTS segments, in an STRtree."""
    pieces: list[FloatArray] = []
    for poly in land_geometry().geoms:
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords, dtype=np.float64)
            keep = ~_is_artificial(xy[:-1], xy[1:])
            # runs of consecutive real segments
            edges = np.flatnonzero(np.diff(np.concatenate(([0], keep.view(np.int8), [0]))))
            for start, stop in zip(edges[::2], edges[1::2], strict=True):
                for s in range(start, stop, PIECE_SEGMENTS):
                    e = min(s + PIECE_SEGMENTS, stop)
                    pieces.append(xy[s : e + 1])
    near_am = [p for p in pieces if np.abs(p[:, 0]).max() > 170.0]
    for p in near_am:
        shift = -360.0 if p[:, 0].mean() > 0 else 360.0
        pieces.append(p + np.array([shift, 0.0]))
    geoms = np.array([shapely.LineString(p) for p in pieces], dtype=object)
    return _Coast(shapely.STRtree(geoms), geoms)


def _deg_radius(lat: FloatArray, dist_m: FloatArray) -> FloatArray:
    """A radius in degree space that holds every point within dist_m (on the sphere)."""
    ang = np.degrees(dist_m / EARTH_RADIUS_M)
    coslat = np.cos(np.radians(np.minimum(np.abs(lat) + ang, 90.0)))
    return np.asarray(np.where(coslat > 1e-3, ang / np.maximum(coslat, 1e-3), 360.0) * 1.001
                      + 1e-9, dtype=np.float64)


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


def _dist_to_pieces(pts: npt.NDArray[np.object_], pieces: npt.NDArray[np.object_],
                    lat: FloatArray, lon: FloatArray) -> FloatArray:
    nearest = shapely.get_coordinates(shapely.shortest_line(pts, pieces))[1::2]
    return haversine_m(lat, lon, nearest[:, 1], nearest[:, 0])


def _distance_chunk(lat: FloatArray, lon: FloatArray) -> FloatArray:
    coast = _coast()
    pts = shapely.points(lon, lat)
    # 1. nearest piece in degree space: an upper bound on the distance
    pi, gi = coast.tree.query_nearest(pts, all_matches=False)
    bound = np.full(lat.shape, np.inf)
    bound[pi] = _dist_to_pieces(pts[pi], coast.pieces[gi], lat[pi], lon[pi])
    # 2. every piece that can be closer on the sphere, measured
    radius = _deg_radius(lat, bound)
    pi, gi = coast.tree.query(pts, predicate="dwithin", distance=radius)
    d = _dist_to_pieces(pts[pi], coast.pieces[gi], lat[pi], lon[pi])
    best = bound.copy()
    np.minimum.at(best, pi, d)
    return best
