"""From true tracks to what each hull broadcasts: its MMSI over time, when it transmits at
all, and spoofed positions.

* **MMSI over time**: a hull broadcasts its plan's MMSI until a
  :class:`~wakewatch.sim.scenario.StaticChange` with ``mmsi`` (reflagging: the same ship
  and IMO continue under another flag's MID) — :func:`mmsi_timeline`, :func:`with_mmsi`.
* **Transmission window**: a hull with a ``window`` transmits only inside it (a second ship
  broadcasting an MMSI that belongs to another: "one MMSI in two places").
* **Spoofing** (:class:`Spoof`, resolved against the true track by :func:`resolve_spoof`
  into a :class:`SpoofEpisode`): for ``duration_h`` the broadcast position is

  - ``impossible_speed``: the true track shifted ``jump_m`` (default 150 km) along a bearing,
    so the report that starts the episode implies hundreds of knots and the false positions
    then move on plausibly (the shift is chosen so every false position is at sea, at least
    ``spoof_shore_min_m`` from the coast — these episodes are not also "on land");
  - ``on_land``: a fixed point inland, the nearest one at least ``spoof_inland_min_m`` from
    the coast (positions reported at an inland spot, as in the GNSS interference seen around
    Russian ports), SOG 0; the episode starts when the ship first comes within
    ``spoof_coast_max_m`` of the coast (or is nearest to it) on its leg.

  GPS noise is added later, by reception, as for honest positions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
import polars as pl

from wakewatch.geo import distance_to_shore_m, on_land
from wakewatch.params import param_set
from wakewatch.sim.paths import offset_point
from wakewatch.sim.voyage import PortCallTruth

__all__ = ["Spoof", "SpoofEpisode", "apply_spoofs", "leg_time", "mmsi_timeline",
           "resolve_spoof", "with_mmsi"]

PARAMS = param_set("sim")
PARAMS.add("spoof_inland_min_m", float, 8000.0, "m",
           "An on-land spoofing episode reports a point at least this far inland (truth: "
           ">= 5 km from the coast).")
PARAMS.add("spoof_coast_max_m", float, 30_000.0, "m",
           "An on-land spoofing episode starts when the ship is first this close to the coast "
           "(from the moment its Spoof names on).")
PARAMS.add("spoof_shore_min_m", float, 3000.0, "m",
           "The false positions of an impossible-speed episode stay at least this far out "
           "at sea.")

_M_PER_DEG = 111_195.0
SpoofReason = Literal["impossible_speed", "on_land"]


@dataclass(frozen=True)
class Spoof:
    """False positions for ``duration_h``, from ``fraction`` of the way through the underway
    leg that leaves call number ``leg``."""

    leg: int
    fraction: float
    duration_h: float
    reason: SpoofReason
    jump_m: float = 150_000.0
    bearing_deg: float = 0.0


@dataclass(frozen=True)
class SpoofEpisode:
    hull: int
    reason: SpoofReason
    start: datetime
    end: datetime
    north_m: float = 0.0      # impossible_speed: the shift
    east_m: float = 0.0
    lat: float = 0.0          # on_land: the point reported
    lon: float = 0.0


def leg_time(calls: Sequence[PortCallTruth], leg: int, fraction: float) -> datetime | None:
    """``fraction`` of the way through the underway leg after call ``leg`` (None: no such leg)."""
    if not 0 <= leg < len(calls) - 1:
        return None
    dep, arr = calls[leg].departure, calls[leg + 1].arrival
    return dep + (arr - dep) * fraction


def mmsi_timeline(first: int, changes: Sequence[tuple[datetime, int]]
                  ) -> list[tuple[datetime | None, int]]:
    """[(from, mmsi)]: ``first`` from the start (None), then each change in time order."""
    out: list[tuple[datetime | None, int]] = [(None, first)]
    out += [(t, m) for t, m in sorted(changes)]
    return out


def with_mmsi(frame: pl.DataFrame, timeline: Sequence[tuple[datetime | None, int]]
              ) -> pl.DataFrame:
    """``frame`` (one hull) with its ``mmsi`` column set from ``timeline``."""
    expr: Any = pl.lit(timeline[0][1], dtype=pl.Int64)
    for t, m in timeline[1:]:
        expr = pl.when(pl.col("ts") >= t).then(pl.lit(m, dtype=pl.Int64)).otherwise(expr)
    return frame.with_columns(expr.alias("mmsi"))


def _segment(track: pl.DataFrame, start: datetime, end: datetime) -> pl.DataFrame:
    return track.filter(pl.col("ts").is_between(start, end, closed="left"))


def resolve_spoof(hull: int, spoof: Spoof, track: pl.DataFrame,
                  calls: Sequence[PortCallTruth], params: dict[str, Any]
                  ) -> SpoofEpisode | None:
    """Where the hull's false positions go; None when the leg does not exist in the scenario
    or no place fits."""
    start = leg_time(calls, spoof.leg, spoof.fraction)
    if start is None:
        return None
    if spoof.reason == "on_land":
        start = _near_coast(track, start, calls[spoof.leg + 1].arrival, params)
        if start is None:
            return None
    end = datetime.fromtimestamp(start.timestamp() + spoof.duration_h * 3600.0, UTC)
    seg = _segment(track, start, end)
    if seg.is_empty():
        return None
    lat, lon = seg["lat"].to_numpy()[::5], seg["lon"].to_numpy()[::5]
    if spoof.reason == "on_land":
        return _inland(hull, start, end, float(lat[0]), float(lon[0]), params)
    for k in range(24):
        b = math.radians(spoof.bearing_deg + 15.0 * k)
        for jump in (spoof.jump_m, spoof.jump_m * 1.3, spoof.jump_m * 0.8):
            dn, de = jump * math.cos(b), jump * math.sin(b)
            la = lat + dn / _M_PER_DEG
            lo = lon + de / (_M_PER_DEG * np.maximum(np.cos(np.radians(lat)), 1e-6))
            if (np.abs(la) < 85).all() and not on_land(la, lo).any() and bool(
                    (distance_to_shore_m(la, lo) >= params["spoof_shore_min_m"]).all()):
                return SpoofEpisode(hull, "impossible_speed", start, end, north_m=dn,
                                    east_m=de)
    return None


def _near_coast(track: pl.DataFrame, start: datetime, arrival: datetime,
                params: dict[str, Any]) -> datetime | None:
    """The first time from ``start`` on (before ``arrival``) the ship is within
    ``spoof_coast_max_m`` of the coast; else the time it is nearest to it."""
    seg = _segment(track, start, arrival)[::5]
    if seg.is_empty():
        return None
    shore = distance_to_shore_m(seg["lat"].to_numpy(), seg["lon"].to_numpy())
    near = np.flatnonzero(shore <= params["spoof_coast_max_m"])
    i = int(near[0]) if len(near) else int(np.argmin(shore))
    ts = seg["ts"][i]
    assert isinstance(ts, datetime)
    return ts


def _inland(hull: int, start: datetime, end: datetime, lat: float, lon: float,
            params: dict[str, Any]) -> SpoofEpisode | None:
    rr, bb = np.meshgrid(np.arange(5_000.0, 200_001.0, 2_500.0),
                         np.radians(np.arange(0.0, 360.0, 10.0)), indexing="ij")
    r, b = rr.ravel(), bb.ravel()
    la = lat + r * np.cos(b) / _M_PER_DEG
    lo = lon + r * np.sin(b) / (_M_PER_DEG * max(math.cos(math.radians(lat)), 1e-6))
    ok = on_land(la, lo)
    ok[ok] = distance_to_shore_m(la[ok], lo[ok]) >= params["spoof_inland_min_m"]
    if not ok.any():
        return None
    i = int(np.flatnonzero(ok)[np.argmin(r[ok])])
    pla, plo = offset_point(float(la[i]), float(lo[i]), 0.0, 0.0)
    return SpoofEpisode(hull, "on_land", start, end, lat=pla, lon=plo)


def apply_spoofs(frame: pl.DataFrame, episodes: Sequence[SpoofEpisode]) -> pl.DataFrame:
    """The broadcast frame (``hull`` column) with each episode's false positions."""
    for e in episodes:
        inside = (pl.col("hull") == e.hull) & pl.col("ts").is_between(e.start, e.end,
                                                                        closed="left")
        if e.reason == "on_land":
            frame = frame.with_columns(
                pl.when(inside).then(pl.lit(e.lat)).otherwise(pl.col("lat")).alias("lat"),
                pl.when(inside).then(pl.lit(e.lon)).otherwise(pl.col("lon")).alias("lon"),
                pl.when(inside).then(pl.lit(0.0)).otherwise(pl.col("sog_kn")).alias("sog_kn"))
        else:
            coslat = pl.col("lat").radians().cos().clip(1e-6)
            lon = pl.col("lon") + e.east_m / (_M_PER_DEG * coslat)
            frame = frame.with_columns(
                pl.when(inside).then((lon + 180.0) % 360.0 - 180.0).otherwise(pl.col("lon"))
                .alias("lon"),
                pl.when(inside).then(pl.col("lat") + e.north_m / _M_PER_DEG)
                .otherwise(pl.col("lat")).alias("lat"))
    return frame
