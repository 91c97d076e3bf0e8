"""Named synthetic tracks for the encounter and loitering tests (positions as Polars frames).

A track is a list of waypoints ``(hours since BASE, lat, lon)`` joined by straight lines
(longitude the short way round), reported every ``every_s`` seconds, with an optional
deterministic GPS jitter of ``noise_m`` metres.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl

from wakewatch.detect.inputs import DetectInputs
from wakewatch.geo.ports import port_by_locode

BASE = datetime(2024, 3, 1, 18, 0, tzinfo=UTC)
SEA = (40.0, 134.0)        # Sea of Japan: 166 nm from shore, 315 km from the nearest port
DATELINE = (30.0, 180.0)   # open Pacific on the antimeridian
_busan = port_by_locode("KRPUS")
assert _busan is not None
PORT = (float(_busan["lat"]), float(_busan["lon"]))

Waypoint = tuple[float, float, float]


def offset(base: tuple[float, float], north_m: float, east_m: float) -> tuple[float, float]:
    """The point ``north_m`` / ``east_m`` metres from ``base`` (lat, lon)."""
    lat = base[0] + north_m / 111_195.0
    lon = base[1] + east_m / (111_195.0 * math.cos(math.radians(base[0])))
    return lat, (lon + 180.0) % 360.0 - 180.0


def track(mmsi: int, waypoints: Sequence[Waypoint], *, every_s: int = 60,
          noise_m: float = 0.0, seed: int = 0, line0: int = 0) -> pl.DataFrame:
    """Reports of one vessel along ``waypoints``."""
    wp = np.asarray(waypoints, dtype=np.float64)
    t = np.arange(wp[0, 0] * 3600.0, wp[-1, 0] * 3600.0 + 1e-6, every_s)
    lon_unwrapped = np.r_[wp[0, 2], wp[0, 2] + np.cumsum(
        (np.diff(wp[:, 2]) + 180.0) % 360.0 - 180.0)]
    lat = np.interp(t, wp[:, 0] * 3600.0, wp[:, 1])
    lon = np.interp(t, wp[:, 0] * 3600.0, lon_unwrapped)
    if noise_m:
        rng = np.random.default_rng(seed)
        lat = lat + rng.normal(0, noise_m, len(t)) / 111_195.0
        lon = lon + rng.normal(0, noise_m, len(t)) / (111_195.0 * np.cos(np.radians(lat)))
    seg_kn = np.r_[np.hypot(np.diff(lat) * 111_195.0,
                            np.diff(lon) * 111_195.0 * np.cos(np.radians(lat[1:])))
                   / every_s / (1852.0 / 3600.0), 0.0] if len(t) > 1 else np.zeros(len(t))
    return pl.DataFrame({
        "mmsi": np.full(len(t), mmsi, dtype=np.int64),
        "ts": [BASE + timedelta(seconds=float(s)) for s in t],
        "lat": lat, "lon": (lon + 180.0) % 360.0 - 180.0, "sog_kn": np.round(seg_kn, 1),
        "source": "synthetic", "line_no": np.arange(len(t), dtype=np.int64) + line0,
    })


def still(mmsi: int, where: tuple[float, float], start_h: float, end_h: float,
          **kw: float) -> pl.DataFrame:
    """A vessel not moving at ``where`` from ``start_h`` to ``end_h``."""
    return track(mmsi, [(start_h, *where), (end_h, *where)], **kw)  # type: ignore[arg-type]


def meeting(a: int, b: int, where: tuple[float, float], *, start_h: float = 0.0,
            meet_h: tuple[float, float] = (2.0, 6.0), end_h: float = 8.0,
            apart_m: float = 100.0, noise_m: float = 10.0) -> list[pl.DataFrame]:
    """``a`` waits at ``where``; ``b`` arrives from 30 km north at ``meet_h[0]``, lies
    ``apart_m`` east of it until ``meet_h[1]`` and leaves south."""
    side = offset(where, 0.0, apart_m)
    north, south = offset(where, 30_000.0, apart_m), offset(where, -30_000.0, apart_m)
    ta = still(a, where, start_h, end_h, noise_m=noise_m, seed=a)
    tb = track(b, [(start_h, *north), (meet_h[0], *side), (meet_h[1], *side),
                   (end_h, *south)], noise_m=noise_m, seed=b, line0=100_000)
    return [ta, tb]


def inputs(*frames: pl.DataFrame) -> DetectInputs:
    """Detector inputs from track frames."""
    return DetectInputs.from_frames(pl.concat(frames))
