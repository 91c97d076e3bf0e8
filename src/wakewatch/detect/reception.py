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
  local frame) are summed, each cell once;
* which vessels were heard there, and which vessels were *dark* in each time bin (the bin
  lies wholly inside one of their own gaps longer than ``dark_min_h``), so that the
  reception expected at a place can be counted from the vessels that were transmitting:
  a vessel that was silent itself says nothing about whether the receiver was up.

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
    heard: pl.DataFrame | None = None   # key, mmsi: vessels heard in each (cell, bin)
    dark: pl.DataFrame | None = None    # mmsi, tb: bins wholly inside a vessel's own gap
    dark_min_h: float | None = None


def _key(cell_km: float, bin_s: int) -> pl.Expr:
    return _cells_expr(cell_km) * (1 << _TB_BITS) + (pl.col("ts").dt.epoch("s") // bin_s)


def _dark_bins(positions: pl.DataFrame, bin_s: int, dark_min_h: float) -> pl.DataFrame:
    """(mmsi, tb) of every time bin wholly inside a gap of one (mmsi, hull) longer than
    ``dark_min_h`` (positions sorted by mmsi, hull, ts, as :class:`DetectInputs` gives)."""
    if positions.height < 2:
        return pl.DataFrame({"mmsi": [], "tb": []}, schema={"mmsi": pl.Int64, "tb": pl.Int64})
    ts_us = positions["ts"].dt.epoch("us").to_numpy()
    mm, hu = positions["mmsi"].to_numpy(), positions["hull"].to_numpy()
    same = (mm[1:] == mm[:-1]) & (hu[1:] == hu[:-1])
    idx = np.flatnonzero(same & ((ts_us[1:] - ts_us[:-1]) > round(dark_min_h * 3600e6)))
    b0 = -(-ts_us[idx] // (bin_s * 1_000_000))                     # first whole bin
    b1 = ts_us[idx + 1] // (bin_s * 1_000_000) - 1                  # last whole bin
    n = np.maximum(b1 - b0 + 1, 0)
    g = np.repeat(np.arange(len(idx)), n)
    k = np.arange(len(g)) - np.repeat(np.cumsum(n) - n, n)
    return pl.DataFrame({"mmsi": mm[idx][g].astype(np.int64),
                         "tb": (b0[g] + k).astype(np.int64)}).unique()


def reception_counts(positions: pl.DataFrame, cell_km: float, bin_h: float,
                     dark_min_h: float | None = None) -> ReceptionCounts:
    """The :class:`ReceptionCounts` of ``positions`` (``ts``, ``lat``, ``lon``); with
    ``dark_min_h`` also which vessels were heard where, and which were dark when."""
    bin_s = max(1, round(float(bin_h) * 3600.0))
    heard = dark = None
    if dark_min_h is None:
        counts = (positions.lazy().select(key=_key(cell_km, bin_s)).group_by("key")
                  .agg(n=pl.len()).collect())
    else:
        heard = (positions.lazy().select(pl.col("mmsi").cast(pl.Int64),
                                         key=_key(cell_km, bin_s))
                 .group_by("key", "mmsi").agg(n=pl.len()).collect())
        counts = heard.group_by("key").agg(pl.col("n").sum())
        heard = heard.select("key", "mmsi").sort("key")
        dark = _dark_bins(positions, bin_s, float(dark_min_h))
    if positions.is_empty():
        first = last = 0
    else:
        ts = positions.get_column("ts").dt.epoch("s")
        first, last = int(ts.min()) // bin_s, int(ts.max()) // bin_s  # type: ignore[arg-type]
    return ReceptionCounts(float(cell_km), bin_s, first, last, counts, heard, dark,
                           None if dark_min_h is None else float(dark_min_h))


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
        self._heard, self._dark = shared.heard, shared.dark

    def bin_of(self, epoch_s: IntArray) -> IntArray:
        """Time bin number of each epoch second."""
        return np.asarray(np.floor_divide(epoch_s, self.bin_s), dtype=np.int64)

    def _query_keys(self, lat: FloatArray, lon: FloatArray, tb: IntArray, radius_km: float
                    ) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """The (cell, bin) keys within ~``radius_km`` of each point (sorted per row) and
        which of them repeat an earlier one in their row."""
        dlat = radius_km / _KM_PER_DEG
        dlon = dlat / np.maximum(np.cos(np.radians(lat)), 0.01)
        keys = np.stack([cell_keys(np.clip(lat + fy * dlat, -90.0, 90.0), lon + fx * dlon,
                                   self.cell_km) * (1 << _TB_BITS) + tb
                         for fy, fx in _OFFSETS], axis=1)
        keys.sort(axis=1)
        dup = np.zeros(keys.shape, dtype=bool)
        dup[:, 1:] = keys[:, 1:] == keys[:, :-1]          # each cell once per query
        return keys, dup

    def awake_others_heard(self, mmsi: IntArray, lat: FloatArray, lon: FloatArray,
                           tb: IntArray, awake_tb: IntArray, radius_km: float
                           ) -> npt.NDArray[np.bool_]:
        """Whether a vessel other than ``mmsi`` was heard within ~``radius_km`` of each
        (lat, lon) in time bin ``tb`` that was not itself dark in bin ``awake_tb``.
        Needs counts made with ``dark_min_h``; without them, any other vessel counts."""
        if self._heard is None or self._dark is None:
            return self.others_near(mmsi, lat, lon, tb, radius_km) > 0
        lat = np.asarray(lat, dtype=np.float64)
        lon = np.asarray(lon, dtype=np.float64)
        if len(lat) == 0 or len(self._keys) == 0:
            return np.zeros(len(lat), dtype=bool)
        keys, dup = self._query_keys(lat, lon, tb, radius_km)
        at = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
        r, c = np.nonzero((self._keys[at] == keys) & ~dup)
        q = pl.DataFrame({"i": r.astype(np.int64), "key": keys[r, c],
                          "own": np.asarray(mmsi, dtype=np.int64)[r],
                          "tb": np.asarray(awake_tb, dtype=np.int64)[r]})
        hit = (q.lazy().join(self._heard.lazy(), on="key", how="inner")
               .filter(pl.col("mmsi") != pl.col("own"))
               .join(self._dark.lazy(), on=["mmsi", "tb"], how="anti")
               .select("i").unique().collect().get_column("i").to_numpy())
        out = np.zeros(len(lat), dtype=bool)
        out[hit] = True
        return out

    def others_near(self, mmsi: IntArray, lat: FloatArray, lon: FloatArray, tb: IntArray,
                    radius_km: float) -> IntArray:
        """Reports of vessels other than ``mmsi`` received within ~``radius_km`` of each
        (lat, lon) in time bin ``tb``; one count per input row."""
        lat = np.asarray(lat, dtype=np.float64)
        lon = np.asarray(lon, dtype=np.float64)
        if len(lat) == 0 or len(self._keys) == 0:
            return np.zeros(len(lat), dtype=np.int64)
        keys, dup = self._query_keys(lat, lon, tb, radius_km)
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
