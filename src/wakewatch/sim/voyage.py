"""A vessel's schedule → its true track: where it really was, every report interval.

Pure and deterministic for a seed (``numpy.random.default_rng((seed, mmsi))`` per vessel),
vectorised with numpy per leg, so a 10-million-position run builds arrays, not objects.

Motion model (declared parameters in ``param_set("sim")``):

* **Path**: :func:`wakewatch.geo.sea_route` between the ports, trimmed at both ends. searoute
  joins a port to its nearest network node with a straight connector that can cross land
  (Vostochny: over the headland east of Vrangel Bay), and a port's gazetteer position is often
  on Natural Earth land. Each end is therefore a *berth* — the nearest point to the port, within
  ``berth_search_m``, that is at sea and ``berth_clearance_m`` from the coast — joined by a
  straight line, checked against the land every ~250 m, to the first route vertex it reaches
  over water (the route's own connector and nearer vertices are dropped).
* **Speed**: a trapezoid — accelerating from rest over ``accel_h``, cruising at the leg's
  speed with a smooth variation of ``speed_variation_kn`` (three slow sinusoids), slowing
  to rest over ``decel_h`` — scaled so the ship arrives exactly at the path's end. Positions
  are interpolated along the polyline by cumulative distance; COG is the bearing of the path
  segment, heading COG plus Gaussian noise.
* **Port**: at the berth, SOG below ``moored_max_sog_kn``, nav status 5 (moored) or 1 (at
  anchor), draught switching from the arrival to the departure value half-way through the stay.
* **Waiting at sea** (a call at a (lat, lon) with ``wander_m`` > 0: a rendezvous, loitering):
  the ship drifts around the point on two slow sinusoids (periods 2-4 h) of amplitude
  ``wander_m`` (0-1 kn for a few hundred metres), ramped in and out over ``wander_ramp_h``.
  The phases depend only on ``wander_key`` and the absolute time, so two ships waiting with
  the same key (one lying alongside the other) drift together and keep their distance.

Reports every ``report_interval_underway_s`` under way and ``report_interval_port_s`` in port:
Class A sends every 2-10 s under way and every 3 min at anchor; 60 s under way keeps a
10-million-position benchmark at ~1,000 vessel-weeks, and detectors work on minutes, not seconds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from wakewatch.geo import haversine_m
from wakewatch.geo.routes import normalize_lon
from wakewatch.params import param_set
from wakewatch.sim.paths import Place, berth, leg_path, resolve_place
from wakewatch.sim.records import PositionReport, SimulationError

__all__ = ["PARAMS", "TRACK_SCHEMA", "PortCall", "PortCallTruth", "Schedule", "Track",
           "berth", "leg_duration_s", "leg_path", "simulate_track", "simulate_tracks", "to_reports"]

PARAMS = param_set("sim")
PARAMS.add("report_interval_underway_s", int, 60, "s",
           "True position every this many seconds under way (Class A sends every 2-10 s; "
           "60 s keeps 10 M positions at ~1,000 vessel-weeks).")
PARAMS.add("report_interval_port_s", int, 180, "s",
           "True position every this many seconds moored or at anchor (Class A: 3 min).")
PARAMS.add("accel_h", float, 1.5, "h", "Time to reach cruising speed after leaving a berth.")
PARAMS.add("decel_h", float, 1.0, "h", "Time to slow from cruising speed to rest at a berth.")
PARAMS.add("speed_variation_kn", float, 0.4, "kn",
           "Standard deviation of the slow variation of speed around the cruising speed.")
PARAMS.add("heading_noise_deg", float, 2.0, "deg",
           "Standard deviation of heading minus course over ground under way.")
PARAMS.add("moored_max_sog_kn", float, 0.3, "kn",
           "Reported SOG in port is uniform in [0, this] (GFW: a stop is < 0.5 kn).")
PARAMS.add("berth_search_m", float, 8000.0, "m",
           "How far from a port's gazetteer position its berth (first point at sea) is sought.")
PARAMS.add("berth_clearance_m", float, 300.0, "m",
           "Minimum distance of a berth from the (Natural Earth 50m) coast.")
PARAMS.add("wander_ramp_h", float, 0.5, "h",
           "A ship waiting at sea drifts away from and back to its waiting point over this "
           "long after arriving and before leaving.")

KN = 1852.0 / 3600.0          # m/s per knot
_M_PER_DEG = 111_195.0
TRACK_SCHEMA: dict[str, Any] = {
    "mmsi": pl.Int64, "ts": pl.Datetime("us", "UTC"), "lat": pl.Float64, "lon": pl.Float64,
    "sog_kn": pl.Float64, "cog_deg": pl.Float64, "heading_deg": pl.Int16,
    "nav_status": pl.Int8, "draught_m": pl.Float64,
    "phase": pl.Enum(["port", "underway"]), "port_locode": pl.String,
}
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PortCall:
    """One stop: a port (UN/LOCODE or (lat, lon)), how long, the draught on leaving."""

    place: Place
    stay_h: float
    draught_m: float
    nav_status: int = 5            # 5 moored, 1 at anchor
    cruise_kn: float = 12.0        # speed of the leg that leaves this call
    wander_m: float = 0.0          # > 0: waiting at sea, drifting up to this far (see _wander)
    wander_key: int = 0            # vessels waiting with the same key drift together


@dataclass(frozen=True)
class Schedule:
    """A vessel's calls in order; it arrives at ``calls[0]`` (already there) at ``start``."""

    mmsi: int
    start: datetime
    calls: tuple[PortCall, ...]
    arrival_draught_m: float | None = None   # draught before the first call; default: its own


@dataclass(frozen=True)
class PortCallTruth:
    """Ground truth of one port call."""

    mmsi: int
    locode: str | None
    lat: float
    lon: float
    arrival: datetime
    departure: datetime
    draught_before_m: float
    draught_after_m: float


@dataclass(frozen=True)
class Track:
    positions: pl.DataFrame
    port_calls: tuple[PortCallTruth, ...]


def _bearing(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
             ) -> FloatArray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2 - lon1)
    y = np.sin(dl) * np.cos(p2)
    x = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return np.asarray(np.degrees(np.arctan2(y, x)) % 360.0, dtype=np.float64)


def _duration(length_m: float, cruise_kn: float, p: dict[str, Any]) -> tuple[int, float, float]:
    """Whole seconds a leg of ``length_m`` takes, and the acceleration / deceleration times."""
    v = cruise_kn * KN
    ta, td = p["accel_h"] * 3600.0, p["decel_h"] * 3600.0
    if length_m / v < (ta + td) / 2.0:
        k = (length_m / v) / ((ta + td) / 2.0)
        ta, td = ta * k, td * k
    return max(1, round(length_m / v + (ta + td) / 2.0)), ta, td


def leg_duration_s(a: Place, b: Place, cruise_kn: float,
                   params: dict[str, Any] | None = None) -> int:
    """Whole seconds :func:`simulate_track` takes from berth ``a`` to berth ``b`` (for
    scenario builders that time a meeting)."""
    p = PARAMS.resolve(params)
    ends = [berth(*resolve_place(x)[:2], p["berth_search_m"], p["berth_clearance_m"])
            for x in (a, b)]
    path = leg_path(*ends[0], *ends[1], p["berth_search_m"], p["berth_clearance_m"])
    lat = np.array([v[0] for v in path])
    lon = np.unwrap(np.array([v[1] for v in path]), period=360.0)
    length = float(np.sum(haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])))
    return _duration(length, cruise_kn, p)[0]


def _underway(path: Sequence[tuple[float, float]], cruise_kn: float, rng: np.random.Generator,
              p: dict[str, Any]) -> tuple[npt.NDArray[np.int64], dict[str, Any], int]:
    """Offsets (s) from departure, columns, and the duration (whole s) of one leg."""
    lat = np.array([v[0] for v in path])
    lon = np.unwrap(np.array([v[1] for v in path]), period=360.0)
    seg = haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    length, v = float(cum[-1]), cruise_kn * KN
    duration, ta, td = _duration(length, cruise_kn, p)
    t = np.arange(0, duration, int(p["report_interval_underway_s"]), dtype=np.int64)
    tf = np.append(t, duration).astype(np.float64)
    amp = p["speed_variation_kn"] / cruise_kn / math.sqrt(1.5)
    periods = rng.uniform(2.0, 12.0, 3) * 3600.0
    phases = rng.uniform(0.0, 2 * math.pi, 3)
    m = 1.0 + amp * np.sin(2 * math.pi * tf[:, None] / periods + phases).sum(axis=1)
    ramp = np.clip(np.minimum(tf / max(ta, 1.0), (duration - tf) / max(td, 1.0)), 0.0, 1.0)
    speed = v * m * ramp
    s = np.concatenate([[0.0], np.cumsum((speed[1:] + speed[:-1]) / 2.0 * np.diff(tf))])
    scale = length / s[-1] if s[-1] > 0 else 1.0
    s, speed = (s * scale)[:-1], (speed * scale)[:-1]
    i = np.clip(np.searchsorted(cum, s, side="right") - 1, 0, len(seg) - 1)
    f = np.where(seg[i] > 0, (s - cum[i]) / np.where(seg[i] > 0, seg[i], 1.0), 0.0)
    cog = _bearing(lat[:-1], lon[:-1], lat[1:], lon[1:])[i]
    heading = np.round(cog + rng.normal(0.0, p["heading_noise_deg"], len(t))) % 360
    cols = {"lat": lat[i] + f * (lat[i + 1] - lat[i]),
            "lon": normalize_lon(lon[i] + f * (lon[i + 1] - lon[i])),
            "sog_kn": np.round(speed / KN, 1), "cog_deg": np.round(cog, 1),
            "heading_deg": heading.astype(np.int16), "nav_status": np.zeros(len(t), np.int8)}
    return t, cols, duration


def _wander(lat: float, lon: float, t: npt.NDArray[np.int64], t_arr: int, t_dep: int,
            call: PortCall, p: dict[str, Any]) -> dict[str, Any]:
    """Drift around (lat, lon) while waiting at sea (see the module docstring)."""
    g = np.random.default_rng(call.wander_key)
    periods = g.uniform(2.0, 4.0, 2) * 3600.0
    phases = g.uniform(0.0, 2 * math.pi, 2)
    ramp_s = max(p["wander_ramp_h"] * 3600.0, 1.0)

    def off(tt: FloatArray) -> tuple[FloatArray, FloatArray]:
        ramp = np.clip(np.minimum(tt - t_arr, t_dep - tt) / ramp_s, 0.0, 1.0) * call.wander_m
        return (ramp * np.sin(2 * math.pi * tt / periods[0] + phases[0]),
                ramp * np.sin(2 * math.pi * tt / periods[1] + phases[1]))

    tf = t.astype(np.float64)
    n0, e0 = off(tf)
    n1, e1 = off(tf + 30.0)
    speed = np.hypot(n1 - n0, e1 - e0) / 30.0
    cog = np.degrees(np.arctan2(e1 - e0, n1 - n0)) % 360.0
    coslat = max(math.cos(math.radians(lat)), 1e-6)
    return {"lat": lat + n0 / _M_PER_DEG,
            "lon": normalize_lon(lon + e0 / (_M_PER_DEG * coslat)),
            "sog_kn": np.round(speed / KN, 1), "cog_deg": np.round(cog, 1) % 360.0}


def _in_port(lat: float, lon: float, n: int, call: PortCall, rng: np.random.Generator,
             p: dict[str, Any]) -> dict[str, Any]:
    moor = float(rng.uniform(0.0, 360.0))
    return {"lat": np.full(n, lat), "lon": np.full(n, lon),
            "sog_kn": np.round(rng.uniform(0.0, p["moored_max_sog_kn"], n), 1),
            "cog_deg": np.round(rng.uniform(0.0, 359.9, n), 1),
            "heading_deg": (np.round(moor + rng.normal(0.0, 3.0, n)) % 360).astype(np.int16),
            "nav_status": np.full(n, call.nav_status, np.int8)}


def simulate_track(schedule: Schedule, seed: int,
                   params: dict[str, Any] | None = None) -> Track:
    """The true track of one vessel (positions in time order) and its port calls."""
    p = PARAMS.resolve(params)
    if not schedule.calls:
        raise SimulationError("a schedule needs at least one port call")
    if schedule.start.tzinfo is None:
        raise SimulationError("Schedule.start must be timezone-aware UTC")
    rng = np.random.default_rng((seed, schedule.mmsi))
    places = [resolve_place(c.place) for c in schedule.calls]
    berths = [berth(la, lo, p["berth_search_m"], p["berth_clearance_m"])
              for la, lo, _ in places]
    t0 = int(schedule.start.timestamp())
    parts: list[dict[str, Any]] = []
    truths: list[PortCallTruth] = []
    draught = (schedule.calls[0].draught_m if schedule.arrival_draught_m is None
               else schedule.arrival_draught_m)
    port_dt = int(p["report_interval_port_s"])
    for k, call in enumerate(schedule.calls):
        stay = max(1, round(call.stay_h * 3600.0))
        t = t0 + np.arange(0, stay, port_dt, dtype=np.int64)
        cols = _in_port(*berths[k], len(t), call, rng, p)
        if call.wander_m > 0:
            cols.update(_wander(*berths[k], t, t0, t0 + stay, call, p))
        cols["draught_m"] = np.where(t - t0 < stay / 2.0, draught, call.draught_m)
        parts.append({"ts": t, "phase": "port", "port_locode": places[k][2], **cols})
        truths.append(PortCallTruth(
            schedule.mmsi, places[k][2], berths[k][0], berths[k][1],
            datetime.fromtimestamp(t0, UTC), datetime.fromtimestamp(t0 + stay, UTC),
            draught, call.draught_m))
        draught, t0 = call.draught_m, t0 + stay
        if k + 1 < len(schedule.calls):
            path = leg_path(*berths[k], *berths[k + 1], p["berth_search_m"],
                            p["berth_clearance_m"])
            off, cols, duration = _underway(path, call.cruise_kn, rng, p)
            cols["draught_m"] = np.full(len(off), draught)
            parts.append({"ts": t0 + off, "phase": "underway", "port_locode": None, **cols})
            t0 += duration
    return Track(_frame(schedule.mmsi, parts), tuple(truths))


def _frame(mmsi: int, parts: list[dict[str, Any]]) -> pl.DataFrame:
    frames = []
    for part in parts:
        data = {k: v for k, v in part.items() if k not in ("phase", "port_locode")}
        data["mmsi"] = np.full(len(part["ts"]), mmsi, np.int64)
        data["ts"] = part["ts"].astype("datetime64[s]").astype("datetime64[us]")
        frames.append(pl.DataFrame(data).with_columns(
            pl.lit(part["phase"]).alias("phase"),
            pl.lit(part["port_locode"], dtype=pl.String).alias("port_locode")))
    df = pl.concat(frames, how="vertical_relaxed")
    return df.select([pl.col(c).cast(t) for c, t in TRACK_SCHEMA.items()])


def simulate_tracks(schedules: Iterable[Schedule], seed: int,
                    params: dict[str, Any] | None = None) -> Track:
    """:func:`simulate_track` for many vessels: positions sorted by (ts, mmsi)."""
    tracks = [simulate_track(s, seed, params) for s in schedules]
    df = pl.concat([t.positions for t in tracks]).sort("ts", "mmsi", maintain_order=True)
    return Track(df, tuple(c for t in tracks for c in t.port_calls))


def to_reports(positions: pl.DataFrame) -> list[PositionReport]:
    """One Class A :class:`PositionReport` per row (for small scenarios and tests)."""
    cols = ("mmsi", "ts", "lat", "lon", "sog_kn", "cog_deg", "heading_deg", "nav_status")
    return [PositionReport(int(m), ts, float(la), float(lo), float(s), float(c), int(h), int(n))
            for m, ts, la, lo, s, c, h, n in positions.select(cols).iter_rows()]
