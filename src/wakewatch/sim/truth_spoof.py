"""Ground truth of false positions and false or changed MMSIs, from what was heard.

``heard`` is one row per heard report (position or static): ``hull`` (which ship sent it),
``mmsi`` (what it broadcast), ``pos`` (a position report), ``ts`` (transmission time),
``rx0`` / ``rx1`` (earliest / latest receive time written), ``lat`` / ``lon`` (broadcast
position, null for statics).

* ``spoofing`` / ``impossible_speed`` and ``on_land``: a :class:`~wakewatch.sim.broadcast.
  SpoofEpisode` with at least ``truth_spoof_min_heard`` heard false positions; start/end
  the first and last of them (receive times), lat/lon where they were reported.
* ``spoofing`` / ``two_places``: a hull broadcasting, inside its transmission window, an MMSI
  another hull broadcasts at the same time; both heard at least ``truth_spoof_min_heard``
  times over the overlap of their heard reports, which is start/end; the smallest distance
  between the two true tracks in it is in the evidence (scenarios keep it >= 50 km).
* ``identity_change`` (reflagging): a hull whose MMSI changes (another flag's MID, same IMO);
  on the new MMSI, from the last heard report under the old MMSI to the first under the new;
  evidence ``changed`` has ``mmsi`` and ``flag`` [old, new] (ISO alpha-2), plus any of name,
  call sign, IMO that differ between the last old and first new static report.
* ``invalid_imo`` / ``default_mmsi`` and ``unallocated_mid``: an MMSI that is a default or
  placeholder (:func:`wakewatch.identity.mid.is_default_mmsi`) or whose MID the ITU has not
  allocated; first to last heard report of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np
import polars as pl

from wakewatch.geo import haversine_m
from wakewatch.geo.routes import circular_mean_lon
from wakewatch.identity.mid import flag_info, is_default_mmsi, mid_allocated, mid_of
from wakewatch.params import param_set
from wakewatch.sim.broadcast import SpoofEpisode
from wakewatch.sim.records import Report, StaticReport
from wakewatch.sim.truth_events import event

__all__ = ["Reflag", "Twin", "mmsi_truth", "spoof_truth"]

PARAMS = param_set("sim")
PARAMS.add("truth_spoof_min_heard", int, 2, "reports",
           "Truth spoofing: at least this many false positions heard (each ship, two places).")

Reflag = tuple[int, datetime, int, int]        # hull, when, old MMSI, new MMSI
Twin = tuple[int, int]                         # hull broadcasting another's MMSI, that hull


def _dt(x: Any) -> datetime:
    assert isinstance(x, datetime)
    return x


def _pos(heard: pl.DataFrame, hull: int) -> pl.DataFrame:
    return heard.filter(pl.col("pos") & (pl.col("hull") == hull)).sort("rx0")


def spoof_truth(heard: pl.DataFrame, true: pl.DataFrame, episodes: Sequence[SpoofEpisode],
                twins: Sequence[Twin], scenario: str, params: dict[str, Any] | None = None
                ) -> list[dict[str, Any]]:
    p = PARAMS.resolve(params)
    n_min = int(p["truth_spoof_min_heard"])
    out = []
    for e in episodes:
        h = _pos(heard, e.hull).filter(pl.col("ts").is_between(e.start, e.end, closed="left"))
        if h.height < n_min:
            continue
        ev: dict[str, Any] = {"reason": e.reason, "heard_reports": h.height}
        if e.reason == "impossible_speed":
            ev["jump_m"] = round(float(np.hypot(e.north_m, e.east_m)), 1)
        out.append(event("spoofing", int(h["mmsi"][0]), _dt(h["rx0"].min()), _dt(h["rx0"].max()),
                         scenario, lat=float(h["lat"].mean()),  # type: ignore[arg-type]
                         lon=circular_mean_lon(h["lon"].to_numpy()), evidence=ev))
    for twin, orig in twins:
        a, b = _pos(heard, twin), _pos(heard, orig)
        if a.is_empty():
            continue
        b = b.filter(pl.col("rx0").is_between(a["rx0"].min(), a["rx0"].max())
                     & pl.col("mmsi").is_in(a["mmsi"].unique().implode()))
        if b.is_empty():
            continue
        start = max(_dt(a["rx0"].min()), _dt(b["rx0"].min()))
        end = min(_dt(a["rx0"].max()), _dt(b["rx0"].max()))
        a = a.filter(pl.col("rx0").is_between(start, end))
        b = b.filter(pl.col("rx0").is_between(start, end))
        if min(a.height, b.height) < n_min:
            continue
        ta = true.filter(pl.col("hull") == twin).sort("ts")
        tb = true.filter((pl.col("hull") == orig) & pl.col("ts").is_between(start, end)).sort("ts")
        tsb = tb["ts"].dt.epoch("s").to_numpy().astype(float)
        tsa = ta["ts"].dt.epoch("s").to_numpy().astype(float)
        lat_a = np.interp(tsb, tsa, ta["lat"].to_numpy())
        lon_a = np.interp(tsb, tsa, np.unwrap(ta["lon"].to_numpy(), period=360.0))
        d = haversine_m(lat_a, lon_a, tb["lat"].to_numpy(), tb["lon"].to_numpy())
        out.append(event("spoofing", int(a["mmsi"][0]), start, end, scenario,
                         lat=float(a["lat"].mean()),  # type: ignore[arg-type]
                         lon=circular_mean_lon(a["lon"].to_numpy()), evidence={
                             "reason": "two_places", "heard_reports": [b.height, a.height],
                             "min_distance_km": round(float(np.min(d)) / 1000.0, 1)}))
    return out


def _iso2(mmsi: int) -> str | None:
    info = flag_info(mmsi)
    return None if info is None else info.iso2


def mmsi_truth(heard: pl.DataFrame, reports: Sequence[Report], reflags: Sequence[Reflag],
               scenario: str) -> list[dict[str, Any]]:
    out = []
    for hull, _when, old, new in reflags:
        mine = heard.filter(pl.col("hull") == hull)
        before = mine.filter(pl.col("mmsi") == old).sort("rx1")
        after = mine.filter(pl.col("mmsi") == new).sort("rx0")
        if before.is_empty() or after.is_empty():
            continue
        changed: dict[str, list[Any]] = {"mmsi": [old, new], "flag": [_iso2(old), _iso2(new)]}
        sa = [r for i in before.filter(~pl.col("pos"))["index"]
              if isinstance(r := reports[i], StaticReport)]
        sb = [r for i in after.filter(~pl.col("pos"))["index"]
              if isinstance(r := reports[i], StaticReport)]
        if sa and sb:
            changed |= {k: [getattr(sa[-1], k), getattr(sb[0], k)]
                        for k in ("name", "callsign", "imo")
                        if getattr(sa[-1], k) != getattr(sb[0], k)}
        out.append(event("identity_change", new, _dt(before["rx1"][-1]), _dt(after["rx0"][0]),
                         scenario,
                         evidence={"changed": changed}))
    for (mmsi,), rows in heard.sort("rx0").group_by(["mmsi"], maintain_order=True):
        m = int(str(mmsi))
        if is_default_mmsi(m):
            reason = "default_mmsi"
        elif (mid := mid_of(m)) is None or not mid_allocated(mid):
            reason = "unallocated_mid"
        else:
            continue
        out.append(event("invalid_imo", m, _dt(rows["rx0"].min()), _dt(rows["rx1"].max()), scenario,
                         evidence={"reason": reason, "mmsi": m, "reports": rows.height}))
    return out
