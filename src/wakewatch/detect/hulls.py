"""Hull splitting: the physical ships behind one MMSI.

Runs before every other detector so that two ships sharing an MMSI do not make gaps,
speeds or port calls out of each other's reports (GFW's gap events carry an
``is_multi_vessel_gap`` flag for exactly this defect; we split first instead).

Definition (Starboard's speed-feasibility method; GFW pipe-segment's defaults, see
shared/domain/maritime-anchors.md §1.2):

* a step from report *a* to report *b* is **feasible** when the great-circle distance is at
  most ``noise_m`` (GPS noise, duplicate receptions) plus ``dt`` times the allowed speed:
  ``max_speed_kn`` (GFW ``max_speed`` 30 kn), raised to ``reported_speed_multiplier`` (GFW
  1.1) times the larger reported SOG of the two when that is higher (fast ferries), the
  reported SOG being believed only up to ``max_reported_speed_kn``;
* in time order, each report goes to the existing hull whose last report it is feasible
  from; when several are, the one heard most recently (a hull silent for days is
  "reachable" from almost anywhere nearby, so nearness alone would hand a ship's track to a
  stale spoofed or twin hull); when none is, it starts a new hull;
* a hull with fewer than ``min_hull_reports`` reports is not a ship but a bad fix or a
  one-off teleport: its reports go back to the hull of the report heard just before them
  (just after, at the start), so a bad fix never splits the real track; the spoofing
  detector still sees the teleport as an impossible step inside that hull;
* hulls are numbered 0, 1, 2 … by their first report, so hull 0 holds the MMSI's first.

Vectorised: one Polars pass finds the MMSIs with any infeasible consecutive step (almost
none in honest data); only those get the per-report assignment, a loop over that MMSI's
runs of feasible steps with a numpy check against every open hull (O(runs × hulls); a
shared MMSI alternating between two ships is the worst case, one run per report).

Where we differ from GFW: the segmenter also closes a segment after ``max_hours`` (24 h)
without reports; a hull is a ship, not a track piece, so a long silence followed by a
reachable report stays on the same hull (the gap detector needs exactly that gap).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from wakewatch.geo.routes import EARTH_RADIUS_M, haversine_m

from .base import detector_params

__all__ = ["KNOT_MS", "PARAMS", "assign_hulls", "feasible_m", "split_hulls",
           "step_upper_bound_m"]

KNOT_MS = 1852.0 / 3600.0
"""One knot in metres per second."""
_M_PER_RAD_DEG = EARTH_RADIUS_M * np.pi / 180.0 * 1.0001  # a degree of arc, rounded up

PARAMS = detector_params("hulls")
PARAMS.add("max_speed_kn", float, 30.0, "kn",
           "A report belongs to a hull when reachable from its last report at this speed "
           "(GFW pipe-segment max_speed 30 kn).")
PARAMS.add("reported_speed_multiplier", float, 1.1, "ratio",
           "The allowed speed is raised to this times the larger reported SOG of the two "
           "reports when higher (GFW pipe-segment reported_speed_multiplier 1.1).")
PARAMS.add("max_reported_speed_kn", float, 50.0, "kn",
           "Reported SOG above this is not believed when raising the allowed speed.")
PARAMS.add("noise_m", float, 500.0, "m",
           "Distance always allowed between two reports (GPS noise, duplicates heard a "
           "second apart).")
PARAMS.add("min_hull_reports", int, 3, "reports",
           "A hull needs at least this many reports; smaller ones are bad fixes or one-off "
           "teleports and go back to the hull heard just before them.")

_I = npt.NDArray[np.int64]
_F = npt.NDArray[np.float64]


def feasible_m(dt_s: npt.ArrayLike, sog_a: npt.ArrayLike, sog_b: npt.ArrayLike,
               p: Mapping[str, Any]) -> _F:
    """The largest feasible distance (m) for a step of ``dt_s`` seconds between two reports
    with reported SOGs ``sog_a`` / ``sog_b`` (NaN when unknown)."""
    sog = np.fmax(np.nan_to_num(np.asarray(sog_a, np.float64), nan=0.0),
                  np.nan_to_num(np.asarray(sog_b, np.float64), nan=0.0))
    sog = np.minimum(sog, p["max_reported_speed_kn"]) * p["reported_speed_multiplier"]
    speed_ms = np.maximum(sog, p["max_speed_kn"]) * KNOT_MS
    return np.asarray(p["noise_m"] + speed_ms * np.abs(np.asarray(dt_s, np.float64)),
                      np.float64)


def assign_hulls(ts_s: _F, lat: _F, lon: _F, sog: _F, p: Mapping[str, Any]) -> _I:
    """Hull ids for one MMSI's reports given in time order (see the module doc)."""
    n = len(ts_s)
    raw = np.zeros(n, np.int64)
    # A feasible step keeps a report on the hull of the report before (that hull is the
    # latest heard and reachable), so only the first report of each run of feasible steps
    # has to be placed: the loop runs over runs, not reports.
    step_ok = np.r_[False, haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
                    <= feasible_m(np.diff(ts_s), sog[:-1], sog[1:], p)]
    firsts = np.flatnonzero(~step_ok)
    lasts = np.r_[firsts[1:] - 1, n - 1]
    h_ts: list[float] = []
    h_lat: list[float] = []
    h_lon: list[float] = []
    h_sog: list[float] = []
    for i, j in zip(firsts.tolist(), lasts.tolist(), strict=True):
        k = len(h_ts)
        if h_ts:
            d = haversine_m(np.asarray(h_lat), np.asarray(h_lon), lat[i], lon[i])
            ok = d <= feasible_m(ts_s[i] - np.asarray(h_ts), np.asarray(h_sog), sog[i], p)
            if ok.any():  # the latest heard of the feasible hulls, then the nearest
                cand = np.flatnonzero(ok)
                last = np.asarray(h_ts)[cand]
                cand = cand[last == last.max()]
                k = int(cand[np.argmin(d[cand])])
        if k == len(h_ts):
            h_ts.append(0.0)
            h_lat.append(0.0)
            h_lon.append(0.0)
            h_sog.append(0.0)
        raw[i:j + 1] = k
        h_ts[k], h_lat[k], h_lon[k], h_sog[k] = ts_s[j], lat[j], lon[j], sog[j]
    return _settle(raw, p["min_hull_reports"])


def _settle(raw: _I, min_reports: int) -> _I:
    """Small hulls back onto the hull heard before (after); renumber by first report."""
    counts = np.bincount(raw)
    real = counts[raw] >= min_reports
    if not real.any():
        return np.zeros(len(raw), np.int64)
    pos = np.where(real, np.arange(len(raw)), -1)
    prev = np.maximum.accumulate(pos)
    first_real = int(np.flatnonzero(real)[0])
    prev = np.where(prev < 0, first_real, prev)
    hull = raw[prev]
    _, first = np.unique(hull, return_index=True)
    order = np.argsort(first)
    remap = np.empty(int(hull.max()) + 1, np.int64)
    remap[np.unique(hull)[order]] = np.arange(len(order))
    return np.asarray(remap[hull], np.int64)


def _suspect_mmsis(df: pl.DataFrame, p: Mapping[str, Any]) -> pl.Series:
    """MMSIs with at least one infeasible consecutive step (time order)."""
    ts = df.get_column("ts").dt.epoch("us").to_numpy() / 1e6
    lat = df.get_column("lat").to_numpy()
    lon = df.get_column("lon").to_numpy()
    sog = df.get_column("sog_kn").fill_null(np.nan).to_numpy()
    mmsi = df.get_column("mmsi").to_numpy()
    same = np.r_[False, mmsi[1:] == mmsi[:-1]]
    lim = np.r_[np.inf, feasible_m(ts[1:] - ts[:-1], sog[:-1], sog[1:], p)]
    k = np.flatnonzero(same & (step_upper_bound_m(lat, lon) > lim))
    d = haversine_m(lat[k - 1], lon[k - 1], lat[k], lon[k])
    return pl.Series("mmsi", np.unique(mmsi[k[d > lim[k]]]), dtype=pl.Int64)


def step_upper_bound_m(lat: _F, lon: _F) -> _F:
    """An upper bound of the distance from each point to the one before (0 for the first).

    The path along the meridian, then along the second point's parallel, is never shorter
    than the great circle; it costs one cosine instead of haversine's five
    transcendentals, so the exact distance is computed only where this bound is too long.
    """
    out = np.empty(len(lat), np.float64)
    if not len(lat):
        return out
    out[0] = 0.0
    ub = out[1:]
    np.subtract(lon[1:], lon[:-1], out=ub)
    np.abs(ub, out=ub)
    np.minimum(ub, 360.0 - ub, out=ub)
    ub *= np.cos(np.radians(lat[1:]))
    ub += np.abs(lat[1:] - lat[:-1])
    ub *= _M_PER_RAD_DEG
    return out


def split_hulls(positions: pl.DataFrame, params: Mapping[str, Any] | None = None
                ) -> pl.DataFrame:
    """``positions`` with ``hull`` assigned (see the module doc), in time order per MMSI."""
    p = PARAMS.resolve(params)
    # DetectInputs positions with every hull 0 are already in (mmsi, ts, line_no) order
    presorted = ("hull" in positions.columns
                 and not positions.get_column("hull").fill_null(0).ne(0).any())
    df = positions.with_columns(hull=pl.lit(0, dtype=pl.Int32))
    if not presorted:
        df = df.sort(["mmsi", "ts", "line_no"], nulls_last=True)
    if df.height < 2:
        return df
    suspects = _suspect_mmsis(df, p)
    if suspects.is_empty():
        return df
    mask = df.get_column("mmsi").is_in(suspects.implode()).to_numpy()
    idx = np.flatnonzero(mask)
    sub = df[idx]
    hull = np.zeros(df.height, np.int64)
    mmsi = sub.get_column("mmsi").to_numpy()
    ts = sub.get_column("ts").dt.epoch("us").to_numpy() / 1e6
    lat = sub.get_column("lat").to_numpy()
    lon = sub.get_column("lon").to_numpy()
    sog = sub.get_column("sog_kn").fill_null(np.nan).to_numpy()
    bounds = np.r_[0, np.flatnonzero(mmsi[1:] != mmsi[:-1]) + 1, len(mmsi)]
    for s, e in itertools.pairwise(bounds):
        hull[idx[s:e]] = assign_hulls(ts[s:e], lat[s:e], lon[s:e], sog[s:e], p)
    return df.with_columns(hull=pl.Series("hull", hull, dtype=pl.Int32))
