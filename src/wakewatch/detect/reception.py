"""Measured reception: how many position reports were received near a place at a time.

A gap only means something when reports from where the vessel was *could* have been heard.
GFW answers that with a monthly 1° map of satellite positions per vessel-day, smoothed over
empty cells (AIS-disabling-high-seas ``reception_measured.sql.j2``; not updated since 2020).
A month-long average cannot see a receiver that was down for a day, a satellite pass
schedule, or a coastal station going silent; so wakewatch measures reception from the same
data the gap is found in, at the gap's own place and time:

* reports are counted on a grid of roughly square cells ``cell_km`` on a side (rows of equal
  latitude height; each row cut into as many longitude cells as fit at its latitude, so the
  cells stay square from the equator to the poles and the antimeridian is not a border: the
  longitude cell index wraps) and time bins of ``bin_h`` hours;
* a query asks for the reports received within about ``radius_km`` of a point in one time
  bin: the cells under the point and 8 points ``radius_km`` around it (N, NE, E, ... in the
  local frame) are summed, each cell once.

Everything is vectorised (one ``group_by`` over the positions, one join for the queries).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

__all__ = ["ReceptionCounts", "ReceptionGrid", "cell_keys", "reception_counts"]

_KM_PER_DEG = 111.195
_IX_BITS = 21          # longitude cells per row: < 2**21 (40,000 km / 0.02 km)
_TB_BITS = 22          # time bins since 1970: < 2**22 (1 h bins last until 2448)
_OFFSETS = ((0.0, 0.0), (1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0),
            (0.7071, 0.7071), (0.7071, -0.7071), (-0.7071, 0.7071), (-0.7071, -0.7071))

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _row_height_deg(cell_km: float) -> float:
    return max(cell_km, 0.02) / _KM_PER_DEG


def _cells_expr(cell_km: float) -> pl.Expr:
    """Polars expression: the cell id of (lat, lon)."""
    h = _row_height_deg(cell_km)
    iy = ((pl.col("lat") + 90.0) / h).floor().clip(0, math.floor(180.0 / h))
    centre = (iy + 0.5) * h - 90.0
    n_row = ((360.0 / h) * centre.radians().cos()).floor().clip(1, None)
    ix = (((pl.col("lon") + 180.0) % 360.0) / 360.0 * n_row).floor() % n_row
    return iy.cast(pl.Int64) * (1 << _IX_BITS) + ix.cast(pl.Int64)


def cell_keys(lat: FloatArray, lon: FloatArray, cell_km: float) -> IntArray:
    """Numpy twin of the grid cell id (same formula as the positions' side)."""
    h = _row_height_deg(cell_km)
    iy = np.clip(np.floor((lat + 90.0) / h), 0, math.floor(180.0 / h))
    centre = (iy + 0.5) * h - 90.0
    n_row = np.clip(np.floor((360.0 / h) * np.cos(np.radians(centre))), 1, None)
    ix = np.mod(np.floor(np.mod(lon + 180.0, 360.0) / 360.0 * n_row), n_row)
    return np.asarray(iy.astype(np.int64) * (1 << _IX_BITS) + ix.astype(np.int64))


@dataclass(frozen=True)
class ReceptionCounts:
    """Reports received per (cell, time bin) over a whole input, and its time extent.

    Computed once over every vessel (other vessels are the measure), so that a detector
    running on a partition of the vessels measures the same reception as on the whole."""

    cell_km: float
    bin_s: int
    first_bin: int
    last_bin: int
    counts: pl.DataFrame      # key (cell and bin), n


def _key(cell_km: float, bin_s: int) -> pl.Expr:
    return _cells_expr(cell_km) * (1 << _TB_BITS) + (pl.col("ts").dt.epoch("s") // bin_s)


def reception_counts(positions: pl.DataFrame, cell_km: float, bin_h: float
                     ) -> ReceptionCounts:
    """The :class:`ReceptionCounts` of ``positions`` (``ts``, ``lat``, ``lon``)."""
    bin_s = max(1, round(float(bin_h) * 3600.0))
    counts = (positions.lazy().select(key=_key(cell_km, bin_s)).group_by("key")
              .agg(n=pl.len()).collect())
    if positions.is_empty():
        first = last = 0
    else:
        ts = positions.get_column("ts").dt.epoch("s")
        first, last = int(ts.min()) // bin_s, int(ts.max()) // bin_s  # type: ignore[arg-type]
    return ReceptionCounts(float(cell_km), bin_s, first, last, counts)


class ReceptionGrid:
    """Reception counts (``shared``, every vessel) plus the counts of the vessels ``own``
    (from ``positions``), so that a query can leave a vessel's own reports out."""

    def __init__(self, shared: ReceptionCounts, positions: pl.DataFrame, own: pl.Series
                 ) -> None:
        self.cell_km = shared.cell_km
        self.bin_s = shared.bin_s
        self.first_bin, self.last_bin = shared.first_bin, shared.last_bin
        counts = shared.counts.sort("key")
        self._keys = counts.get_column("key").to_numpy()
        self._n = counts.get_column("n").to_numpy().astype(np.int64)
        self.own = (positions.lazy()
                    .filter(pl.col("mmsi").is_in(own.cast(pl.Int64).implode()))
                    .select("mmsi", key=_key(self.cell_km, self.bin_s))
                    .group_by("key", "mmsi").agg(n_own=pl.len()).collect())
        self._own_keys = np.unique(self.own.get_column("key").to_numpy())

    def bin_of(self, epoch_s: IntArray) -> IntArray:
        """Time bin number of each epoch second."""
        return np.asarray(np.floor_divide(epoch_s, self.bin_s), dtype=np.int64)

    def others_near(self, mmsi: IntArray, lat: FloatArray, lon: FloatArray, tb: IntArray,
                    radius_km: float) -> IntArray:
        """Reports of vessels other than ``mmsi`` received within ~``radius_km`` of each
        (lat, lon) in time bin ``tb``; one count per input row."""
        lat = np.asarray(lat, dtype=np.float64)
        lon = np.asarray(lon, dtype=np.float64)
        if len(lat) == 0 or len(self._keys) == 0:
            return np.zeros(len(lat), dtype=np.int64)
        dlat = radius_km / _KM_PER_DEG
        dlon = dlat / np.maximum(np.cos(np.radians(lat)), 0.01)
        keys = np.stack([cell_keys(np.clip(lat + fy * dlat, -90.0, 90.0), lon + fx * dlon,
                                   self.cell_km) * (1 << _TB_BITS) + tb
                         for fy, fx in _OFFSETS], axis=1)
        keys.sort(axis=1)
        dup = np.zeros(keys.shape, dtype=bool)
        dup[:, 1:] = keys[:, 1:] == keys[:, :-1]          # each cell once per query
        at = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
        n = np.where((self._keys[at] == keys) & ~dup, self._n[at], 0)
        mine = np.zeros(keys.shape, dtype=bool)
        if len(self._own_keys):
            at = np.minimum(np.searchsorted(self._own_keys, keys), len(self._own_keys) - 1)
            mine = (self._own_keys[at] == keys) & ~dup
        r, c = np.nonzero(mine)
        if len(r):                                         # leave the vessel's own out
            own = (pl.DataFrame({"i": np.arange(len(r)), "key": keys[r, c],
                                 "mmsi": np.asarray(mmsi, dtype=np.int64)[r]})
                   .join(self.own, on=["key", "mmsi"], how="left").sort("i"))
            n[r, c] -= own.get_column("n_own").fill_null(0).to_numpy().astype(np.int64)
        return np.asarray(n.sum(axis=1), dtype=np.int64)
