"""Vessel tracks as segments: what the map draws and the exports write.

A track is the time-ordered positions of one MMSI. It is cut wherever two consecutive
positions are :data:`DARK_GAP_H` (6 h, the ``gap`` event threshold of DESIGN.md) or more
apart: every run between cuts is a *lit* segment (``dark=False``) and every cut becomes a
*dark* segment (``dark=True``), a straight line from the last position before the gap to the
first after it — where the vessel was not heard, not where it went.

Lit segments are simplified with Douglas-Peucker (``tolerance_deg`` in degrees of lon/lat;
0 keeps every position). The position's row number rides along as the Z coordinate through
GEOS (which keeps the Z of kept vertices), so every kept vertex still knows its report time:
``times`` is aligned with ``coords``. Longitudes are unwrapped within each segment (no jump
of 360° at the antimeridian; values may leave [-180, 180]), which is what web maps draw
correctly; KML writers wrap them back.

Everything is vectorised over the whole frame (numpy + shapely array functions); the only
Python loop is over the output segments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
import shapely

from wakewatch.geo.routes import haversine_m
from wakewatch.params import param_set
from wakewatch.store import Store

__all__ = ["DARK_GAP_H", "TrackSegment", "read_track_positions", "segment_to_feature",
           "track_segments"]

PARAMS = param_set("tracks")
PARAMS.add("dark_gap_h", float, 6.0, "h",
           "Positions this far apart or more split a track; the gap is drawn as a dark "
           "segment (the `gap` event threshold).")
PARAMS.add("simplify_deg", float, 0.001, "deg",
           "Default Douglas-Peucker tolerance for exported / served track lines "
           "(0.001° ≈ 110 m of latitude).")
DARK_GAP_H: float = PARAMS.defaults()["dark_gap_h"]
SIMPLIFY_DEG: float = PARAMS.defaults()["simplify_deg"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TrackSegment:
    """One lit run of reports, or one dark gap between two runs, of one MMSI."""

    mmsi: int
    dark: bool
    coords: FloatArray
    """(n, 2) lon, lat; lon unwrapped within the segment."""
    times: npt.NDArray[np.datetime64]
    """Report time of each coordinate (``datetime64[us]``, UTC)."""
    n_positions: int
    """Reports in the segment before simplification (2 for a dark segment)."""

    @property
    def start(self) -> datetime:
        return _utc(self.times[0])

    @property
    def end(self) -> datetime:
        return _utc(self.times[-1])

    @property
    def duration_h(self) -> float:
        span = (self.times[-1] - self.times[0]).astype("timedelta64[us]").astype(np.int64)
        return float(span) / 3.6e9

    def iso_times(self) -> list[str]:
        """``times`` as ISO 8601 UTC strings with ``Z`` (vectorised)."""
        text = np.datetime_as_string(self.times, unit="s")
        return [f"{t}Z" for t in text.tolist()]


def read_track_positions(store: Store, *, mmsi: Sequence[int] | None = None,
                         since: datetime | None = None, until: datetime | None = None,
                         limit: int | None = None) -> pl.DataFrame:
    """``mmsi, ts, lat, lon`` of the stored positions (with a position), by vessel and time."""
    cond = ["lat IS NOT NULL", "lon IS NOT NULL"]
    args: list[object] = []
    if mmsi is not None:
        cond.append(f"mmsi IN ({', '.join('?' for _ in mmsi) or 'NULL'})")
        args.extend(int(m) for m in mmsi)
    if since is not None:
        cond.append("ts >= ?")
        args.append(since)
    if until is not None:
        cond.append("ts <= ?")
        args.append(until)
    sql = (f"SELECT mmsi, ts, lat, lon FROM positions WHERE {' AND '.join(cond)} "
           "ORDER BY mmsi, ts, line_no")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    frame: pl.DataFrame = store.con.sql(sql, params=args).pl()
    return frame.with_columns(pl.col("ts").dt.convert_time_zone("UTC"))


def _wrap(d: FloatArray) -> FloatArray:
    return np.asarray((d + 180.0) % 360.0 - 180.0, dtype=np.float64)


def _utc(t: np.datetime64) -> datetime:
    micros = int(t.astype("datetime64[us]").astype(np.int64))
    return datetime.fromtimestamp(micros / 1e6, tz=UTC)


def _times(ts: npt.NDArray[np.int64], idx: npt.NDArray[np.int64]) -> npt.NDArray[np.datetime64]:
    return ts[idx].astype("datetime64[us]")


def track_segments(frame: pl.DataFrame, *, gap_h: float = DARK_GAP_H,
                   tolerance_deg: float = 0.0) -> list[TrackSegment]:
    """Lit and dark segments of every vessel in ``frame`` (``mmsi, ts, lat, lon`` sorted by
    mmsi then ts), in vessel and time order."""
    if frame.height == 0:
        return []
    mmsi = frame["mmsi"].to_numpy().astype(np.int64)
    ts = frame["ts"].dt.epoch("us").to_numpy().astype(np.int64)
    lat = frame["lat"].to_numpy().astype(np.float64)
    lon = frame["lon"].to_numpy().astype(np.float64)
    n = len(mmsi)
    new_vessel = np.ones(n, dtype=bool)
    new_vessel[1:] = mmsi[1:] != mmsi[:-1]
    gap = np.zeros(n, dtype=bool)
    gap[1:] = (~new_vessel[1:]) & ((ts[1:] - ts[:-1]) >= gap_h * 3600e6)
    starts = new_vessel | gap
    seg = np.cumsum(starts) - 1
    # unwrap longitude inside each segment: cumulative wrapped steps from its first point
    step = np.zeros(n)
    step[1:] = _wrap(lon[1:] - lon[:-1])
    step[starts] = 0.0
    csum = np.cumsum(step)
    first = np.flatnonzero(starts)
    lon_u = lon[first][seg] + csum - csum[first][seg]
    sizes = np.diff(np.append(first, n))
    xyz = np.column_stack([lon_u, lat, np.arange(n, dtype=np.float64)])
    multi = np.flatnonzero(sizes >= 2)
    kept: dict[int, npt.NDArray[np.int64]] = {}
    if multi.size:
        rows = np.isin(seg, multi)
        dense = np.searchsorted(multi, seg[rows])  # GEOS wants indices 0..k-1
        lines = shapely.linestrings(xyz[rows], indices=dense)
        if tolerance_deg > 0:
            # GEOS divides by segment lengths: subnormal steps (1e-262°) raise numpy's
            # "invalid value" flag though the simplified line is fine (endpoints kept)
            with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
                lines = shapely.simplify(lines, tolerance_deg, preserve_topology=False)
        coords, which = shapely.get_coordinates(lines, include_z=True, return_index=True)
        order = coords[:, 2].astype(np.int64)
        bounds = np.flatnonzero(np.diff(which)) + 1
        for part in np.split(order, bounds):
            kept[int(seg[part[0]])] = part
    out: list[TrackSegment] = []
    for s, (lo, size) in enumerate(zip(first, sizes, strict=True)):
        if gap[lo]:  # the dark stretch before this segment
            prev = lo - 1
            prev_lon = lon_u[prev]
            here = prev_lon + _wrap(np.array([lon[lo] - prev_lon]))[0]
            coords2 = np.array([[prev_lon, lat[prev]], [here, lat[lo]]])
            out.append(TrackSegment(int(mmsi[lo]), True, coords2,
                                    _times(ts, np.array([prev, lo])), 2))
        idx = kept.get(s, np.array([lo], dtype=np.int64))
        out.append(TrackSegment(int(mmsi[lo]), False, np.column_stack([lon_u[idx], lat[idx]]),
                                _times(ts, idx), int(size)))
    return out


def segment_geometry(segment: TrackSegment) -> dict[str, Any]:
    """GeoJSON geometry: a LineString, or a Point for a one-report (or zero-length) run."""
    coords = segment.coords.round(6)  # ~0.1 m; distinct points may become one here
    if len(coords) >= 2 and not np.all(coords == coords[0]):
        return {"type": "LineString", "coordinates": coords.tolist()}
    return {"type": "Point", "coordinates": coords[0].tolist()}


def segment_properties(segment: TrackSegment, *, with_times: bool = True) -> dict[str, Any]:
    times = segment.iso_times()  # to the second, like the reports
    props: dict[str, Any] = {
        "mmsi": segment.mmsi, "start": times[0], "end": times[-1],
        "dark": segment.dark, "duration_h": round(segment.duration_h, 3),
        "n_positions": segment.n_positions}
    if segment.dark:
        (lon0, lat0), (lon1, lat1) = segment.coords[0], segment.coords[-1]
        props["distance_m"] = round(float(haversine_m(lat0, lon0, lat1, lon1)), 1)
    if with_times:
        props["times"] = times
    return props


def segment_to_feature(segment: TrackSegment, *, with_times: bool = True) -> dict[str, Any]:
    """One GeoJSON Feature (properties: mmsi, start, end, dark, duration_h, n_positions,
    times aligned with the coordinates; dark ones also distance_m)."""
    return {"type": "Feature", "geometry": segment_geometry(segment),
            "properties": segment_properties(segment, with_times=with_times)}
