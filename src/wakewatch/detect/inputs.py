"""What detectors read: positions and static reports as Polars tables, in one checked shape.

Detectors are pure functions over a :class:`DetectInputs`; they never open the store.
:func:`prepare_positions` / :func:`prepare_statics` turn any frame with the contract's
columns (DESIGN.md *positions* / *statics*: from the store, a Parquet export, a test) into
the shape every detector may rely on:

* ``ts`` is ``Datetime("us", "UTC")`` — aware UTC, never naive;
* positions without a latitude or longitude are dropped (nothing to measure), longitudes
  are wrapped into [-180, 180) so a 360° shift changes nothing;
* ``hull`` (Int32) numbers the physical ships behind one MMSI (0 when there is one; see
  :mod:`wakewatch.detect.hulls`), so single-vessel detectors group by ``(mmsi, hull)``;
* rows are sorted by ``mmsi, hull, ts, line_no`` (positions) and ``mmsi, ts, line_no``
  (statics); missing evidence columns (``source``, ``file_sha256``, ``line_no``) are null.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from wakewatch.geo.concern import WatchPorts

from .reception import ReceptionCounts

__all__ = [
    "POSITION_COLUMNS", "STATIC_COLUMNS", "DetectInputs", "prepare_positions",
    "prepare_statics",
]

_TS = pl.Datetime("us", "UTC")

POSITION_COLUMNS: dict[str, pl.DataType] = {
    "mmsi": pl.Int64(), "hull": pl.Int32(), "ts": _TS, "lat": pl.Float64(),
    "lon": pl.Float64(), "sog_kn": pl.Float64(), "cog_deg": pl.Float64(),
    "heading_deg": pl.Int16(), "nav_status": pl.Int8(), "msg_type": pl.Int8(),
    "source": pl.String(), "station": pl.String(), "file_sha256": pl.String(),
    "line_no": pl.Int64(),
}
"""The columns (and types) of ``DetectInputs.positions``."""

STATIC_COLUMNS: dict[str, pl.DataType] = {
    "mmsi": pl.Int64(), "ts": _TS, "msg_type": pl.Int8(), "imo": pl.Int64(),
    "callsign": pl.String(), "name": pl.String(), "ship_type": pl.Int16(),
    "length_m": pl.Float64(), "beam_m": pl.Float64(), "draught_m": pl.Float64(),
    "destination": pl.String(), "eta": _TS, "source": pl.String(),
    "file_sha256": pl.String(), "line_no": pl.Int64(),
}
"""The columns (and types) of ``DetectInputs.statics``."""


def _conform(df: pl.DataFrame, columns: dict[str, pl.DataType], required: tuple[str, ...]
             ) -> pl.DataFrame:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValueError(f"detector input lacks column(s) {', '.join(missing)}")
    exprs = []
    for name, dtype in columns.items():
        if name not in df.columns:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
        elif name in ("ts", "eta"):
            col = df.get_column(name)
            if not isinstance(col.dtype, pl.Datetime) or col.dtype.time_zone is None:
                if name == "ts":
                    raise ValueError(f"{name} must be an aware UTC datetime, not {col.dtype}")
                exprs.append(pl.lit(None, dtype=dtype).alias(name))
            else:
                exprs.append(pl.col(name).dt.convert_time_zone("UTC").cast(dtype))
        else:
            exprs.append(pl.col(name).cast(dtype))
    return df.select(exprs)


def prepare_positions(df: pl.DataFrame) -> pl.DataFrame:
    """Positions in the detector shape (see the module doc)."""
    out = _conform(df, POSITION_COLUMNS, ("mmsi", "ts", "lat", "lon"))
    return (out.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null()
                       & pl.col("lat").is_between(-90.0, 90.0))
            .with_columns(hull=pl.col("hull").fill_null(0),
                          lon=(pl.col("lon") + 180.0) % 360.0 - 180.0)
            .sort(["mmsi", "hull", "ts", "line_no"], nulls_last=True))


def prepare_statics(df: pl.DataFrame) -> pl.DataFrame:
    """Static reports in the detector shape (see the module doc)."""
    return _conform(df, STATIC_COLUMNS, ("mmsi", "ts")).sort(
        ["mmsi", "ts", "line_no"], nulls_last=True)


@dataclass(frozen=True)
class DetectInputs:
    """The tables one detection run reads (already in the detector shape)."""

    positions: pl.DataFrame
    statics: pl.DataFrame
    reception: ReceptionCounts | None = None
    """Reports per place and time over the WHOLE input, set by the partitioned runner: what
    a vessel partition needs to measure reception from vessels it does not hold (gaps).
    None: a detector measures it from ``positions`` (the whole input)."""
    watch_ports: WatchPorts | None = None
    """Ports of concern for ``dark_port_call`` (``--watch-ports``); None: the shipped list
    (:func:`wakewatch.geo.concern.shipped_ports`)."""

    @classmethod
    def from_frames(cls, positions: pl.DataFrame, statics: pl.DataFrame | None = None
                    ) -> DetectInputs:
        """Check and shape raw frames (``statics`` may be omitted: no static reports)."""
        if statics is None:
            statics = pl.DataFrame({"mmsi": [], "ts": []},
                                   schema={"mmsi": pl.Int64(), "ts": _TS})
        return cls(prepare_positions(positions), prepare_statics(statics))

    def time_range(self) -> tuple[object, object] | None:
        """(first, last) position time, or None without positions."""
        if self.positions.is_empty():
            return None
        ts = self.positions.get_column("ts")
        return ts.min(), ts.max()
