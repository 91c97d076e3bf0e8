"""Columnar access to the tracks and static reports ``destination_mismatch`` reads.

The detector looks at one ``(mmsi, hull)`` track per candidate (a stretch under one
declaration): rather than joining and partitioning ten million positions into per-vessel
frames, :class:`Tracks` keeps the needed columns once as numpy arrays plus the row span of
each track (positions arrive sorted by ``mmsi, hull, ts``, the detector shape), and a
candidate's rows are a zero-copy slice found by binary search on time. :class:`Statics`
does the same for the parsed static reports of each declaration run (contiguous: the run
number increases along ``mmsi, hull, ts``). Pure speed: the rows are those the
per-vessel frames held, in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from .destination_legs import vessel_bounds

__all__ = ["Slice", "Statics", "Tracks", "epoch_us"]

_POS = ("ts", "lat", "lon", "sog_kn", "cog_deg", "source", "file_sha256", "line_no")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
Arr = npt.NDArray[Any]


def epoch_us(t: datetime) -> int:
    """Microseconds since the Unix epoch (exact; ``t`` timezone-aware)."""
    return (t - _EPOCH) // _US


def _ts_us(ts: pl.Series) -> Arr:
    return np.asarray(ts.dt.cast_time_unit("us").to_physical().to_numpy(), dtype=np.int64)


@dataclass(frozen=True)
class Slice:
    """Rows of one track: the report columns (``frame``) and numpy views of them."""

    frame: pl.DataFrame
    ts_s: Arr
    lat: Arr
    lon: Arr
    sog: Arr


class Tracks:
    """Every position track, columnar, with each ``(mmsi, hull)``'s row span."""

    def __init__(self, positions: pl.DataFrame,
                 bounds: npt.NDArray[np.int64] | None = None) -> None:
        if bounds is None:
            bounds = vessel_bounds(positions)
        if bounds is None:  # not in detector shape: group rows, keeping their order
            positions = positions.sort("mmsi", "hull", maintain_order=True)
            bounds = vessel_bounds(positions)
        self.frame = positions.select(_POS)
        self.ts_us = _ts_us(positions.get_column("ts"))
        self.lat = positions.get_column("lat").to_numpy()  # zero-copy without nulls
        self.lon = positions.get_column("lon").to_numpy()
        self.sog = positions.get_column("sog_kn").fill_null(np.nan).to_numpy()
        self.spans: dict[tuple[int, int], tuple[int, int]] = {}
        if bounds is not None:
            first = bounds[:-1]
            keys = zip(positions.get_column("mmsi").gather(first).to_list(),
                       positions.get_column("hull").gather(first).to_list(), strict=True)
            self.spans = {k: (int(a), int(b))
                          for k, a, b in zip(keys, first, bounds[1:], strict=True)}

    def span(self, mmsi: int, hull: int) -> tuple[int, int]:
        return self.spans.get((mmsi, hull), (0, 0))

    def slice(self, offset: int, n: int) -> Slice:
        end = offset + n
        frame = self.frame.slice(offset, n)
        ts_s = (self.ts_us[offset:end] // 1_000_000).astype(np.float64)
        return Slice(frame, ts_s, self.lat[offset:end], self.lon[offset:end],
                     self.sog[offset:end])


class Statics:
    """The parsed static reports of every declaration run, by run number."""

    def __init__(self, st: pl.DataFrame) -> None:
        self.frame = st
        run = (st.get_column("run").cast(pl.Int64).to_numpy() if st.height
               else np.empty(0, np.int64))
        self.ts_us = _ts_us(st.get_column("ts")) if st.height else np.empty(0, np.int64)
        self.sorted = bool(np.all(np.diff(run) >= 0))
        self.spans: dict[int, tuple[int, int]] = {}
        if self.sorted and len(run):
            cut = np.r_[0, np.flatnonzero(np.diff(run)) + 1, len(run)]
            self.spans = {int(k): (int(a), int(b))
                          for k, a, b in zip(run[cut[:-1]], cut[:-1], cut[1:], strict=True)}

    def carried(self, run: int, start: datetime, end: datetime
                ) -> tuple[int, dict[str, Any] | None, dict[str, Any] | None]:
        """(count, first row, last row) of run ``run``'s reports from ``start`` to ``end``
        (inclusive); when there are none, the last report before ``end`` (count 1)."""
        if not self.sorted:
            rows = self.frame.filter(pl.col("run") == run)
            carried = rows.filter(pl.col("ts").is_between(start, end))
            if carried.is_empty():
                carried = rows.filter(pl.col("ts") <= end).tail(1)
            if carried.is_empty():
                return 0, None, None
            return carried.height, carried.row(0, named=True), carried.row(-1, named=True)
        lo, hi = self.spans.get(run, (0, 0))
        ts = self.ts_us[lo:hi]
        a = int(np.searchsorted(ts, epoch_us(start), "left"))
        b = int(np.searchsorted(ts, epoch_us(end), "right"))
        if b <= a:
            if b == 0:
                return 0, None, None
            a = b - 1
        return (b - a, self.frame.row(lo + a, named=True),
                self.frame.row(lo + b - 1, named=True))
