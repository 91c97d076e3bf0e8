"""Ground truth of meetings at sea, from the TRUE tracks (not from what was heard): encounters
and loitering. What was heard only decides whether the data can prove the event.

* ``encounter``: two vessels whose true tracks stay within ``truth_encounter_max_m`` (500 m)
  for at least ``truth_encounter_min_h`` (2 h), both with a median true speed under
  ``truth_slow_kn`` (2 kn) over it, the meeting point at least ``truth_port_min_m`` (10 km)
  from every port of :func:`wakewatch.geo.ports.ports`, and each heard at least
  ``truth_min_heard`` (3) times during it. ``mmsi`` is the smaller MMSI, ``other_mmsi`` the
  larger; start/end the interval they were within the distance; lat/lon the meeting point.
  (The GFW encounter rule: 500 m, 2 h, median speed < 2 kn, 10 km from an anchorage.)
* ``loitering``: one vessel under ``truth_slow_kn`` for at least ``truth_loiter_min_h`` (4 h),
  at least ``truth_loiter_shore_min_m`` (20 nm) from the shore, with no partner within the
  encounter distance (a partner: another vessel slow somewhere away from ports, transmitting,
  that close; a partner that is dark leaves the vessel loitering alone in the data), heard at
  least ``truth_min_heard`` times in it; the interval is the slow, partner-free one.

True tracks are put on a common grid of ``truth_grid_s`` (60 s) by linear interpolation.
Only hulls with slow true positions away from ports are compared (honest traffic is slow
only in port), so the pairwise comparison stays small.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from wakewatch.geo import distance_to_shore_m, haversine_m, nearest_ports
from wakewatch.geo.routes import circular_mean_lon
from wakewatch.params import param_set
from wakewatch.sim.truth_events import event

__all__ = ["meeting_truth"]

PARAMS = param_set("sim")
PARAMS.add("truth_encounter_max_m", float, 500.0, "m",
           "Truth encounter: true tracks within this distance (GFW: 500 m).")
PARAMS.add("truth_encounter_min_h", float, 2.0, "h",
           "Truth encounter: ... for at least this long (GFW: 2 h).")
PARAMS.add("truth_slow_kn", float, 2.0, "kn",
           "Truth encounter / loitering: median (encounter) or every (loitering) true speed "
           "below this (GFW: 2 kn).")
PARAMS.add("truth_port_min_m", float, 10_000.0, "m",
           "Truth encounter: meeting point at least this far from any port (GFW: 10 km).")
PARAMS.add("truth_loiter_min_h", float, 4.0, "h", "Truth loitering: slow for at least this.")
PARAMS.add("truth_loiter_shore_min_m", float, 37_040.0, "m",
           "Truth loitering: at least this far from the shore (20 nm).")
PARAMS.add("truth_min_heard", int, 3, "reports",
           "Truth encounter / loitering: each vessel heard at least this often during it.")
PARAMS.add("truth_grid_s", int, 60, "s", "Time grid on which true tracks are compared.")

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


def _runs(mask: BoolArray) -> list[tuple[int, int]]:
    """[(first, last)] index ranges where ``mask`` is True."""
    m = np.concatenate([[False], mask, [False]]).astype(np.int8)
    d = np.diff(m)
    return list(zip(np.flatnonzero(d == 1).tolist(), (np.flatnonzero(d == -1) - 1).tolist(),
                    strict=True))


def _candidates(true: pl.DataFrame, p: dict[str, Any]) -> list[int]:
    slow = true.filter(pl.col("sog_kn") < p["truth_slow_kn"]).select(
        "hull", (pl.col("lat") * 100).round().alias("a"), (pl.col("lon") * 100).round()
        .alias("b")).unique()
    cells = slow.select("a", "b").unique()
    if cells.is_empty():
        return []
    la, lo = cells["a"].to_numpy() / 100.0, cells["b"].to_numpy() / 100.0
    near = nearest_ports(la, lo, 1, max_distance_m=p["truth_port_min_m"] - 2000.0)
    far = np.ones(len(cells), dtype=bool)
    far[near["query"].to_numpy()] = False
    keep = cells.filter(pl.Series(far))
    return sorted(slow.join(keep, on=["a", "b"])["hull"].unique().to_list())


def _grid(true: pl.DataFrame, hulls: list[int], g: npt.NDArray[np.int64]
          ) -> dict[int, tuple[FloatArray, FloatArray, FloatArray, int]]:
    out = {}
    for h in hulls:
        t = true.filter(pl.col("hull") == h).sort("ts")
        ts = t["ts"].dt.epoch("s").to_numpy().astype(np.float64)
        lon = np.unwrap(t["lon"].to_numpy(), period=360.0)
        inside = (g >= ts[0]) & (g <= ts[-1])
        la, lo, sog = (np.where(inside, np.interp(g, ts, v), np.nan)
                       for v in (t["lat"].to_numpy(), lon, t["sog_kn"].to_numpy()))
        lo = (lo + 180.0) % 360.0 - 180.0
        out[h] = (la, lo, sog, int(t["mmsi"][0]))
    return out


def _heard(heard: pl.DataFrame, hull: int, a: int, b: int) -> int:
    return int(heard.filter((pl.col("hull") == hull) & pl.col("rx_s").is_between(a, b))
               .height)


def _mmsi_at(true: pl.DataFrame, hull: int, t: int) -> int:
    rows = true.filter((pl.col("hull") == hull) & (pl.col("ts").dt.epoch("s") <= t))
    return int(rows["mmsi"][-1]) if rows.height else int(
        true.filter(pl.col("hull") == hull)["mmsi"][0])


def _transmitting(tx: pl.DataFrame, hull: int, g: npt.NDArray[np.int64], within_s: int
                  ) -> BoolArray:
    t = np.sort(tx.filter(pl.col("hull") == hull)["ts"].dt.epoch("s").to_numpy())
    if len(t) == 0:
        return np.zeros(len(g), dtype=bool)
    i = np.clip(np.searchsorted(t, g), 1, len(t) - 1) if len(t) > 1 else np.zeros(len(g), int)
    near = np.minimum(np.abs(t[i] - g), np.abs(t[np.maximum(i - 1, 0)] - g))
    return np.asarray(near <= within_s)


def meeting_truth(true: pl.DataFrame, tx: pl.DataFrame, heard: pl.DataFrame, scenario: str,
                  params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Encounter and loitering truth. ``true``: hull, mmsi, ts, lat, lon, sog_kn (true
    positions); ``tx``: hull, ts of every transmitted position report (a partner that is not
    transmitting — dark — is no partner for loitering); ``heard``: hull, rx_s (receive time,
    UNIX s) of every heard position report."""
    p = PARAMS.resolve(params)
    hulls = _candidates(true, p)
    if not hulls:
        return []
    step = int(p["truth_grid_s"])
    t0 = int(true["ts"].min().timestamp())  # type: ignore[union-attr]
    t1 = int(true["ts"].max().timestamp())  # type: ignore[union-attr]
    g = np.arange(t0 - t0 % step, t1 + step, step, dtype=np.int64)
    grid = _grid(true, hulls, g)
    slow = {h: grid[h][2] < p["truth_slow_kn"] for h in hulls}
    partnered = {h: np.zeros(len(g), dtype=bool) for h in hulls}
    on = {h: _transmitting(tx, h, g, 600) for h in hulls}
    out: list[dict[str, Any]] = []
    for i, hi in enumerate(hulls):
        for hj in hulls[i + 1:]:
            la1, lo1, s1, _ = grid[hi]
            la2, lo2, s2, _ = grid[hj]
            d = haversine_m(la1, lo1, la2, lo2)
            close = np.nan_to_num(d, nan=np.inf) <= p["truth_encounter_max_m"]
            partnered[hi] |= close & on[hj]
            partnered[hj] |= close & on[hi]
            for a, b in _runs(close):
                if (g[b] - g[a]) < p["truth_encounter_min_h"] * 3600:
                    continue
                if max(np.median(s1[a:b + 1]), np.median(s2[a:b + 1])) >= p["truth_slow_kn"]:
                    continue
                lat = float(np.mean(np.r_[la1[a:b + 1], la2[a:b + 1]]))
                lon = circular_mean_lon(np.r_[lo1[a:b + 1], lo2[a:b + 1]])
                if nearest_ports(lat, lon, 1, max_distance_m=p["truth_port_min_m"]).height:
                    continue
                n1, n2 = _heard(heard, hi, g[a], g[b]), _heard(heard, hj, g[a], g[b])
                if min(n1, n2) < p["truth_min_heard"]:
                    continue
                m1, m2 = sorted((_mmsi_at(true, hi, g[a]), _mmsi_at(true, hj, g[a])))
                ev = event("encounter", m1, _ts(g[a]), _ts(g[b]), scenario, lat=lat, lon=lon,
                           evidence={"max_distance_m": round(float(np.max(d[a:b + 1])), 1),
                                     "median_distance_m": round(float(np.median(d[a:b + 1])),
                                                                1),
                                     "median_sog_kn": [round(float(np.median(s[a:b + 1])), 2)
                                                       for s in (s1, s2)],
                                     "heard_reports": [n1, n2]})
                ev["other_mmsi"] = m2
                out.append(ev)
    for h in hulls:
        la, lo, s, _ = grid[h]
        cand = slow[h] & ~partnered[h]
        shore = np.zeros(len(g))
        idx = np.flatnonzero(cand)
        if len(idx):
            key = np.round(la[idx] * 200) * 1e6 + np.round(lo[idx] * 200)
            _, first, inv = np.unique(key, return_index=True, return_inverse=True)
            shore[idx] = distance_to_shore_m(la[idx][first], lo[idx][first])[inv.ravel()]
        cand &= shore >= p["truth_loiter_shore_min_m"]
        for a, b in _runs(cand):
            if (g[b] - g[a]) < p["truth_loiter_min_h"] * 3600:
                continue
            n = _heard(heard, h, g[a], g[b])
            if n < p["truth_min_heard"]:
                continue
            out.append(event("loitering", _mmsi_at(true, h, g[a]), _ts(g[a]), _ts(g[b]),
                             scenario, lat=float(np.mean(la[a:b + 1])),
                             lon=circular_mean_lon(lo[a:b + 1]), evidence={
                                 "duration_h": round(float(g[b] - g[a]) / 3600.0, 3),
                                 "max_sog_kn": round(float(np.max(s[a:b + 1])), 2),
                                 "min_shore_m": round(float(np.min(shore[a:b + 1])), 1),
                                 "heard_reports": n}))
    return out


def _ts(s: int | np.int64) -> datetime:
    return datetime.fromtimestamp(int(s), UTC)
