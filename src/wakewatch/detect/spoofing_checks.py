"""The three spoofing checks, each finding *episodes* (see :mod:`wakewatch.detect.spoofing`).

Inputs are the detector's positions (sorted by ``mmsi, hull, ts, line_no``, so one hull's
reports are consecutive rows) as numpy columns; an episode names rows of that frame. All
work is vectorised over the positions; Python loops run only over the few jumps found and
over MMSIs that have more than one hull.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from wakewatch.geo.land import distance_to_shore_m, on_land
from wakewatch.geo.ports import nearest_ports
from wakewatch.geo.routes import haversine_m

from .hulls import step_upper_bound_m

__all__ = ["Columns", "Episode", "impossible_speed", "on_land_runs", "two_places"]

KNOT_MS = 1852.0 / 3600.0
_M_PER_DEG = 111_195.0
_F = npt.NDArray[np.float64]
_I = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Columns:
    """The positions' columns the checks read (rows sorted by mmsi, hull, ts, line_no)."""

    mmsi: _I
    hull: _I
    ts_s: _F
    lat: _F
    lon: _F


@dataclass
class Episode:
    """One spoofing episode of one MMSI: rows ``first``..``last`` in time, and evidence."""

    mmsi: int
    reason: str
    start_s: float
    end_s: float
    score: float
    rows: list[int]             # the reports behind it (row numbers), in time order
    detail: dict[str, Any] = field(default_factory=dict)


def _speed_kn(d: _F, dt: _F) -> _F:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(dt > 0, d / np.where(dt > 0, dt, 1.0) / KNOT_MS, np.inf))


def _jump(d: _F, dt: _F, p: Mapping[str, Any]) -> npt.NDArray[np.bool_]:
    """Steps longer than the noise distance at more than the implied-speed limit."""
    excess = d - p["noise_m"]
    return np.asarray((excess > 0) & (excess > p["max_implied_speed_kn"] * KNOT_MS * dt))


def _speed_score(v_kn: float, p: Mapping[str, Any]) -> float:
    """0.5 at the limit, 1 at ten times it (log scale); 1 for a zero-time jump."""
    if not np.isfinite(v_kn):
        return 1.0
    return 0.5 + 0.5 * min(1.0, max(0.0, float(np.log10(v_kn / p["max_implied_speed_kn"]))))


def interleaved_pairs(c: Columns, rows: _I) -> set[tuple[int, int]]:
    """Hull pairs (a < b) of one MMSI (``rows`` its rows) each heard inside the other's span."""
    hulls = np.unique(c.hull[rows])
    spans = {int(h): c.ts_s[rows[c.hull[rows] == h]] for h in hulls}
    out = set()
    for i, a in enumerate(hulls):
        for b in hulls[i + 1:]:
            ta, tb = spans[int(a)], spans[int(b)]
            a_in_b = np.count_nonzero((ta > tb[0]) & (ta < tb[-1]))
            b_in_a = np.count_nonzero((tb > ta[0]) & (tb < ta[-1]))
            if a_in_b and b_in_a:
                out.add((int(a), int(b)))
    return out


def _multi_hull_rows(c: Columns) -> list[_I]:
    """Per MMSI with more than one hull: its rows in time order."""
    multi = np.unique(c.mmsi[c.hull > 0])
    if not len(multi):
        return []
    rows = np.flatnonzero(np.isin(c.mmsi, multi))
    rows = rows[np.lexsort((rows, c.ts_s[rows], c.mmsi[rows]))]
    m = c.mmsi[rows]
    cut = np.r_[0, np.flatnonzero(m[1:] != m[:-1]) + 1, len(m)]
    return [rows[s:e] for s, e in itertools.pairwise(cut)]


def impossible_speed(c: Columns, p: Mapping[str, Any]) -> list[Episode]:
    """Teleports: jumps inside a hull, and between hulls of one MMSI that take turns."""
    n = len(c.mmsi)
    if n < 2:
        return []
    same = (c.mmsi[1:] == c.mmsi[:-1]) & (c.hull[1:] == c.hull[:-1])
    dt = c.ts_s[1:] - c.ts_s[:-1]
    k = np.flatnonzero(same & _jump(step_upper_bound_m(c.lat, c.lon)[1:], dt, p))
    d = haversine_m(c.lat[k], c.lon[k], c.lat[k + 1], c.lon[k + 1])
    k = k[_jump(d, dt[k], p)]
    jumps: dict[int, list[tuple[int, int, bool]]] = {}
    for i in k:  # few: jumps inside one hull (a bad fix kept on its hull)
        jumps.setdefault(int(c.mmsi[i]), []).append((int(i), int(i) + 1, False))
    for rows in _multi_hull_rows(c):
        pairs = interleaved_pairs(c, rows)
        a, b = rows[:-1], rows[1:]
        ha, hb = c.hull[a], c.hull[b]
        step = np.flatnonzero(ha != hb)
        step = step[[(min(x, y), max(x, y)) not in pairs
                     for x, y in zip(ha[step].tolist(), hb[step].tolist(), strict=True)]]
        dd = haversine_m(c.lat[a[step]], c.lon[a[step]], c.lat[b[step]], c.lon[b[step]])
        for s in step[_jump(dd, c.ts_s[b[step]] - c.ts_s[a[step]], p)]:
            jumps.setdefault(int(c.mmsi[a[s]]), []).append((int(a[s]), int(b[s]), True))
    starts = np.flatnonzero(np.r_[True, (c.mmsi[1:] != c.mmsi[:-1])
                                  | (c.hull[1:] != c.hull[:-1])])
    out = []
    for mmsi, js in jumps.items():
        js.sort(key=lambda j: (c.ts_s[j[1]], j[1]))
        out.extend(_pair_jumps(mmsi, js, c, p, starts))
    return out


def _run_lengths(a: int, b: int, starts: _I, n: int) -> tuple[int, int]:
    """Reports of a's hull up to ``a``, and of b's hull from ``b`` on."""
    sa = starts[np.searchsorted(starts, a, side="right") - 1]
    k = np.searchsorted(starts, b, side="right")
    eb = starts[k] if k < len(starts) else n
    return int(a - sa + 1), int(eb - b)


def _pair_jumps(mmsi: int, js: list[tuple[int, int, bool]], c: Columns,
                p: Mapping[str, Any], starts: _I) -> list[Episode]:
    """A jump away and the jump back make one episode: the displaced reports between.

    Fewer than ``min_displaced_reports`` displaced reports are a bad fix, not spoofing; so
    is a lone jump (away for good) with fewer reports than that on either side of it (a
    stale first report, a bad last one)."""
    out = []
    m = p["min_displaced_reports"]
    i = 0
    while i < len(js):
        a1, b1, x1 = js[i]
        if i + 1 < len(js):
            a2, b2, x2 = js[i + 1]
            short = 0 <= a2 - b1 < p["max_outlier_reports"]
            if c.hull[b1] == c.hull[a2] and a2 >= b1 and ((x1 and x2) or short):
                if a2 - b1 + 1 >= m:
                    out.append(_jump_episode(mmsi, [(a1, b1), (a2, b2)], b1, a2, c, p))
                i += 2
                continue
        if min(_run_lengths(a1, b1, starts, len(c.mmsi))) >= m:
            out.append(_jump_episode(mmsi, [(a1, b1)], a1, b1, c, p))
        i += 1
    return out


def _jump_episode(mmsi: int, steps: list[tuple[int, int]], first: int, last: int,
                  c: Columns, p: Mapping[str, Any]) -> Episode:
    d = np.array([haversine_m(c.lat[a], c.lon[a], c.lat[b], c.lon[b]) for a, b in steps])
    dt = np.array([c.ts_s[b] - c.ts_s[a] for a, b in steps])
    v = _speed_kn(d, dt)
    rows = sorted({r for st in steps for r in st}, key=lambda r: (c.ts_s[r], r))
    return Episode(mmsi, "impossible_speed", float(c.ts_s[first]), float(c.ts_s[last]),
                   _speed_score(float(v.max()), p), rows, {
        "jumps": [{"distance_m": round(float(x), 1), "duration_s": round(float(t), 1),
                   "implied_speed_kn": round(float(s), 1) if np.isfinite(s) else None}
                  for x, t, s in zip(d, dt, v, strict=True)]})


def inland_m(lat: _F, lon: _F, p: Mapping[str, Any]) -> _F:
    """Distance inland (m) of each point, 0 at sea, near the coast and near ports.

    Grid pre-filter: points are binned in cells small enough (half-diagonal <= half of
    ``min_inland_m``) that a cell whose centre is at sea holds no point that far inland; only
    points in land-centred cells get the exact land test and coast distance.
    """
    out = np.zeros(len(lat))
    if not len(lat):
        return out
    min_in = float(p["min_inland_m"])
    g = max(min_in / (np.sqrt(2.0) * _M_PER_DEG), 1e-4)
    key = pl.DataFrame({"lat": lat, "lon": lon}).select(
        ((pl.col("lat") / g).floor().cast(pl.Int64) * 10_000_000
         + (((pl.col("lon") + 180.0) % 360.0) / g).floor().cast(pl.Int64)).alias("key")
    ).to_series()
    ukey = key.unique().to_numpy()  # hashing: far cheaper than sorting every point
    clat = (ukey // 10_000_000 + 0.5) * g
    clon = (ukey % 10_000_000 + 0.5) * g - 180.0
    cells = np.flatnonzero(on_land(clat, clon))
    if len(cells):
        half = g / 2.0 * np.sqrt(2.0) * _M_PER_DEG
        dc = distance_to_shore_m(clat[cells], clon[cells])
        cells = cells[dc >= min_in - half]
    if not len(cells):
        return out
    idx = np.flatnonzero(key.is_in(pl.Series(ukey[cells]).implode()).to_numpy())
    if not len(idx):
        return out
    land = on_land(lat[idx], lon[idx])
    idx = idx[land]
    if not len(idx):
        return out
    dist = distance_to_shore_m(lat[idx], lon[idx])
    deep = dist >= min_in
    idx, dist = idx[deep], dist[deep]
    if len(idx) and p["port_exclusion_m"] > 0:
        near = nearest_ports(lat[idx], lon[idx], k=1, max_distance_m=p["port_exclusion_m"])
        keep = np.ones(len(idx), np.bool_)
        keep[near.get_column("query").to_numpy()] = False
        idx, dist = idx[keep], dist[keep]
    out[idx] = dist
    return out


def on_land_runs(c: Columns, p: Mapping[str, Any]) -> list[Episode]:
    """Runs of consecutive reports of one hull at least ``min_inland_m`` inland."""
    depth = inland_m(c.lat, c.lon, p)
    flag = depth > 0
    if not flag.any():
        return []
    idx = np.flatnonzero(flag)
    brk = np.r_[True, (np.diff(idx) != 1) | (c.mmsi[idx[1:]] != c.mmsi[idx[:-1]])
                | (c.hull[idx[1:]] != c.hull[idx[:-1]])]
    starts = np.flatnonzero(brk)
    ends = np.r_[starts[1:], len(idx)]
    out = []
    for s, e in zip(starts, ends, strict=True):
        rows = idx[s:e]
        deepest = float(depth[rows].max())
        extra = (deepest - p["min_inland_m"]) / (4.0 * p["min_inland_m"])
        out.append(Episode(int(c.mmsi[rows[0]]), "on_land", float(c.ts_s[rows[0]]),
                           float(c.ts_s[rows[-1]]), 0.5 + 0.5 * min(1.0, max(0.0, extra)),
                           [int(r) for r in rows], {
            "reports_on_land": len(rows), "max_inland_m": round(deepest, 1),
            "min_inland_m_seen": round(float(depth[rows].min()), 1)}))
    return out


def two_places(c: Columns, p: Mapping[str, Any]) -> list[Episode]:
    """Two hulls of one MMSI heard in turn, far apart: the time both are heard."""
    out = []
    for rows in _multi_hull_rows(c):
        for ha, hb in sorted(interleaved_pairs(c, rows)):
            ra, rb = rows[c.hull[rows] == ha], rows[c.hull[rows] == hb]
            t0 = max(c.ts_s[ra[0]], c.ts_s[rb[0]])
            t1 = min(c.ts_s[ra[-1]], c.ts_s[rb[-1]])
            sel = rows[(c.ts_s[rows] >= t0) & (c.ts_s[rows] <= t1)]
            sel = sel[np.isin(c.hull[sel], [ha, hb])]
            x = np.flatnonzero(c.hull[sel[1:]] != c.hull[sel[:-1]])
            if not len(x):
                continue
            a, b = sel[x], sel[x + 1]
            d = haversine_m(c.lat[a], c.lon[a], c.lat[b], c.lon[b])
            sep = float(np.median(d))
            if sep < p["min_separation_m"]:
                continue
            j = int(np.argmin(np.abs(c.ts_s[b] - c.ts_s[a])))
            score = 0.5 + 0.5 * min(1.0, float(np.log10(sep / p["min_separation_m"])))
            out.append(Episode(int(c.mmsi[rows[0]]), "two_places", float(t0), float(t1),
                               score, [int(sel[0]), int(a[j]), int(b[j]), int(sel[-1])], {
                "hulls": [ha, hb], "reports": [len(ra), len(rb)], "switches": len(x),
                "separation_m_median": round(sep, 1),
                "separation_m_max": round(float(d.max()), 1),
                "closest_pair_s": round(float(abs(c.ts_s[b[j]] - c.ts_s[a[j]])), 1)}))
    return out
