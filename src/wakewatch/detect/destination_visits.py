"""Port visits for ``destination_mismatch``, computed over the positions that can matter.

:func:`wakewatch.detect.port_visits.port_visits` finds, for every position, the nearest
port within its outer radius (``max(exit_radius_km, anchorage_radius_km + exit_radius_km
- entry_radius_km)``, 9 km by default) — a join of every position with the ports' grid
cells, the costly part over millions of positions mostly at sea. A position with no port
within that radius is simply *outside*: it ends any visit, and its own flags are never
read, except as the row just before or after an in-port position (entry/exit, the silence
after the last in-port report, the report references ``before``/``after``).

So :func:`port_visits_near_ports` keeps only the positions in a conservative 0.1° grid
mask around every port (the cells any port's outer radius may touch, widened by one
cell: a superset of the positions with a port within the radius) plus each one's
immediate predecessor and successor, and runs ``port_visits`` on those. Every kept
in-port position keeps its true neighbours and every run of dropped positions is
represented by a kept outside position on each side, so the visits are the same as over
all positions (pinned by ``tests/detect/test_destination_mismatch.py``).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import numpy.typing as npt
import polars as pl

from wakewatch.geo.ports import ports

from .port_visits import PARAMS as PORT_PARAMS
from .port_visits import port_visits

__all__ = ["near_port_mask", "port_visits_near_ports"]

CELL_DEG = 0.1
_NLAT, _NLON = int(180 / CELL_DEG), int(360 / CELL_DEG)
_M_PER_DEG_LAT = 110_000.0  # a little under the true ~111.1 km: the boxes err wide
_COLUMNS = ("mmsi", "hull", "ts", "lat", "lon", "sog_kn", "source", "file_sha256", "line_no")


def outer_radius_m() -> float:
    """The radius within which ``port_visits`` (default parameters) looks for a port."""
    p = PORT_PARAMS.resolve(None)
    entry, exit_ = p["entry_radius_km"] * 1e3, p["exit_radius_km"] * 1e3
    return float(max(exit_, p["anchorage_radius_km"] * 1e3 + exit_ - entry))


@cache
def _grid(radius_m: float) -> npt.NDArray[np.bool_]:
    """(lat cell, lon cell) -> whether any port's ``radius_m`` box (plus a cell) touches."""
    g = ports()
    lat = g["lat"].to_numpy().astype(np.float64)
    lon = (g["lon"].to_numpy().astype(np.float64) + 180.0) % 360.0 - 180.0
    grid = np.zeros((_NLAT, _NLON), dtype=np.bool_)
    dlat = radius_m / _M_PER_DEG_LAT
    for la, lo in zip(lat, lon, strict=True):
        if not (math.isfinite(la) and math.isfinite(lo)):
            continue
        cos = math.cos(math.radians(min(abs(la) + dlat + 2 * CELL_DEG, 89.0)))
        dlon = min(dlat / max(cos, 1e-3), 180.0)
        i0 = max(0, math.floor((la - dlat + 90.0) / CELL_DEG) - 1)
        i1 = min(_NLAT - 1, math.floor((la + dlat + 90.0) / CELL_DEG) + 1)
        if dlon >= 179.0:
            grid[i0:i1 + 1, :] = True
            continue
        j0 = math.floor((lo - dlon + 180.0) / CELL_DEG) - 1
        j1 = math.floor((lo + dlon + 180.0) / CELL_DEG) + 1
        grid[i0:i1 + 1, np.arange(j0, j1 + 1) % _NLON] = True
    return grid


def near_port_mask(lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64],
                   radius_m: float) -> npt.NDArray[np.bool_]:
    """Positions that may lie within ``radius_m`` of a port (a superset; NaN and
    out-of-range coordinates kept). Cells are found by truncation, which may put a point
    one cell off at a boundary: the grid is widened by a cell for that."""
    grid = _grid(radius_m)
    if len(lat) == 0:
        return np.zeros(0, dtype=np.bool_)
    bad = None
    lo_lat, hi_lat = float(np.min(lat)), float(np.max(lat))  # NaN propagates
    lo_lon, hi_lon = float(np.min(lon)), float(np.max(lon))
    if not (lo_lat >= -90.0 and hi_lat <= 90.0 and lo_lon >= -180.0 and hi_lon <= 180.0):
        bad = ~((np.abs(lat) <= 90.0) & (np.abs(lon) <= 180.0))
        lat, lon = np.where(bad, 0.0, lat), np.where(bad, 0.0, lon)
    fi = lat + 90.0
    fi *= 1.0 / CELL_DEG
    i = np.minimum(fi.astype(np.int32), _NLAT - 1)
    fj = lon + 180.0
    fj *= 1.0 / CELL_DEG
    j = fj.astype(np.int32)
    j[j >= _NLON] = 0  # lon 180 is lon -180
    i *= _NLON
    i += j
    out: npt.NDArray[np.bool_] = grid.ravel()[i]
    if bad is not None:
        out |= bad
    return out


def port_visits_near_ports(positions: pl.DataFrame) -> pl.DataFrame:
    """``port_visits(positions)`` (default parameters, detector shape), computed over the
    positions near a port and their neighbours only (module docstring)."""
    if positions.height == 0:
        return port_visits(positions)
    near = near_port_mask(positions.get_column("lat").to_numpy().astype(np.float64),
                          positions.get_column("lon").to_numpy().astype(np.float64),
                          outer_radius_m())
    keep = near | np.r_[near[1:], False] | np.r_[False, near[:-1]]
    cols = [c for c in _COLUMNS if c in positions.columns]
    if keep.all():
        return port_visits(positions.select(cols))
    return port_visits(positions.select(cols).filter(pl.Series(keep)))
