"""Which true reports are transmitted and heard, by which station, and when.

Pure and deterministic for a seed (``numpy.random.default_rng(seed)``), vectorised over the
whole track table (:mod:`wakewatch.sim.voyage`). Model (declared parameters, ``sim``):

* **Dark windows** (per vessel): the transponder is off, nothing is transmitted at all.
* **GPS noise**: each transmitted position carries a Gaussian error of ``gps_noise_m`` per
  axis (the vessel's receiver: every station hears the same, noisy, payload).
* **Terrestrial stations** (``shore<cell>``, one per 1° cell): a report is heard with
  probability ``terrestrial_p`` within ``terrestrial_range_m`` of the shore
  (:func:`wakewatch.geo.distance_to_shore_m`, looked up on a ``shore_cell_deg`` grid), fading
  linearly to zero over ``terrestrial_falloff_m`` beyond it.
* **Satellites** (``sat1`` ... ``sat<satellite_count>``): over each 10° cell a pass every
  ``satellite_revisit_h`` (phase fixed per cell and seed) hears reports, each with
  probability ``satellite_p``, for ``satellite_pass_min`` minutes. A report is taken from the
  terrestrial station when one heard it.
* **Coverage holes**: no station hears anything inside a (box, time window).
* **Duplicates**: ``duplicate_fraction`` of heard reports are heard again by a second station
  (the neighbouring shore cell or the next satellite) up to ``duplicate_max_delay_s`` later.
* **Receive times** (tag block ``c:``): whole seconds, the transmission second plus < 1 s.
* **Out-of-order arrival**: ``late_fraction`` of receptions reach the log up to
  ``late_max_delay_s`` late: their line comes later, their ``c:`` stays the receive time.

Output: :class:`Heard` — the transmitted reports (row *i* is report index *i* for
:func:`wakewatch.sim.emit.emit_nmea`) and the receptions in log (arrival) order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from wakewatch.geo import distance_to_shore_m
from wakewatch.params import param_set
from wakewatch.sim.records import PositionReport, Reception
from wakewatch.sim.voyage import to_reports

__all__ = ["RECEPTION_SCHEMA", "CoverageHole", "DarkWindow", "Heard", "heard_fraction", "receive"]

PARAMS = param_set("sim")
PARAMS.add("gps_noise_m", float, 10.0, "m",
           "Standard deviation of the GPS error of a transmitted position, per axis.")
PARAMS.add("terrestrial_range_m", float, 74_080.0, "m",
           "Terrestrial stations hear reports within this distance of the shore (40 nm; "
           "GFW: > 99 % of terrestrial AIS lies within 50 nm).")
PARAMS.add("terrestrial_falloff_m", float, 37_040.0, "m",
           "Beyond the terrestrial range the probability falls linearly to 0 over this.")
PARAMS.add("terrestrial_p", float, 0.9, "probability",
           "Probability that a terrestrial station hears a report within range.")
PARAMS.add("satellite_revisit_h", float, 1.5, "h", "Time between satellite passes over a cell.")
PARAMS.add("satellite_pass_min", float, 8.0, "min", "How long one satellite pass hears reports.")
PARAMS.add("satellite_p", float, 0.5, "probability",
           "Probability that a satellite in a pass hears a report (message collisions).")
PARAMS.add("satellite_count", int, 6, "satellites", "Satellites named sat1 ... satN.")
PARAMS.add("duplicate_fraction", float, 0.05, "fraction",
           "Fraction of heard reports heard again by a second station.")
PARAMS.add("duplicate_max_delay_s", int, 3, "s",
           "A duplicate's receive time is at most this long after the first.")
PARAMS.add("late_fraction", float, 0.01, "fraction",
           "Fraction of receptions that reach the log late (out-of-order lines).")
PARAMS.add("late_max_delay_s", int, 120, "s", "Maximum lateness of a late reception.")
PARAMS.add("shore_cell_deg", float, 0.02, "deg",
           "Grid on which distance to shore is looked up for reception (speed, not realism).")

RECEPTION_SCHEMA: dict[str, Any] = {
    "report_index": pl.Int64, "station": pl.String, "ts_received": pl.Datetime("us", "UTC")}
_M_PER_DEG = 111_195.0
_SAT_CELL_DEG = 10.0


@dataclass(frozen=True)
class DarkWindow:
    """Vessel ``mmsi`` transmits nothing in [start, end)."""

    mmsi: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class CoverageHole:
    """No station hears anything inside the box in [start, end)."""

    south: float
    west: float
    north: float
    east: float
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Heard:
    transmitted: pl.DataFrame   # the track's transmitted rows, GPS noise on lat/lon
    receptions: pl.DataFrame    # report_index, station, ts_received; in log order

    def reports(self) -> list[PositionReport]:
        """The transmitted rows as :class:`PositionReport` s (index = report index)."""
        return to_reports(self.transmitted)

    def reception_pairs(self) -> list[tuple[int, Reception]]:
        """``(report index, Reception)`` pairs for :func:`wakewatch.sim.emit.emit_nmea`."""
        return [(int(i), Reception(s, ts)) for i, s, ts in self.receptions.iter_rows()]


def _us(ts: datetime) -> int:
    return round(ts.timestamp() * 1_000_000)


def _shore_m(lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64], cell: float
             ) -> npt.NDArray[np.float64]:
    key = np.floor(lat / cell).astype(np.int64) * 100_000 + np.floor(lon / cell).astype(np.int64)
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    del uniq
    return distance_to_shore_m(lat[first], lon[first])[inverse.ravel()]


def receive(track: pl.DataFrame, seed: int, *, dark: Iterable[DarkWindow] = (),
            holes: Iterable[CoverageHole] = (), params: dict[str, Any] | None = None) -> Heard:
    """Transmit the true ``track`` (voyage columns) and hear it; see the module docstring."""
    p = PARAMS.resolve(params)
    rng = np.random.default_rng(seed)
    mmsi = track["mmsi"].to_numpy()
    ts_us = track["ts"].dt.epoch("us").to_numpy()
    on = np.ones(len(track), dtype=bool)
    for w in dark:
        on &= ~((mmsi == w.mmsi) & (ts_us >= _us(w.start)) & (ts_us < _us(w.end)))
    tx = track.filter(pl.Series(on))
    n = len(tx)
    lat0, lon0 = tx["lat"].to_numpy(), tx["lon"].to_numpy()
    noise = rng.normal(0.0, p["gps_noise_m"], (2, n)) / _M_PER_DEG
    lat = np.clip(lat0 + noise[0], -90.0, 90.0)
    lon = (lon0 + noise[1] / np.maximum(np.cos(np.radians(lat0)), 1e-6) + 180.0) % 360.0 - 180.0
    tx = tx.with_columns(pl.Series("lat", lat), pl.Series("lon", lon))
    t_s = tx["ts"].dt.epoch("s").to_numpy().astype(np.int64)

    shore = _shore_m(lat, lon, p["shore_cell_deg"]) if n else np.zeros(0)
    rng_m, fall = p["terrestrial_range_m"], max(p["terrestrial_falloff_m"], 1.0)
    p_terr = p["terrestrial_p"] * np.clip(1.0 - (shore - rng_m) / fall, 0.0, 1.0)
    terr = rng.random(n) < p_terr
    revisit = p["satellite_revisit_h"] * 3600.0
    ci = np.floor((lat + 90.0) / _SAT_CELL_DEG) * 36 + np.floor((lon + 180.0) / _SAT_CELL_DEG)
    phase = np.mod(ci * 0.6180339887 + seed * 0.7548776662, 1.0) * revisit
    k = np.floor((t_s - phase) / revisit)
    in_pass = (t_s - phase - k * revisit) < p["satellite_pass_min"] * 60.0
    sat = in_pass & (rng.random(n) < p["satellite_p"]) & ~terr
    heard = terr | sat
    for h in holes:
        heard &= ~((lat >= h.south) & (lat <= h.north) & (lon >= h.west) & (lon <= h.east)
                   & (t_s >= int(h.start.timestamp())) & (t_s < int(h.end.timestamp())))

    n_sat = max(1, int(p["satellite_count"]))
    cell = (np.floor(lat + 90.0) * 360 + np.floor(lon + 180.0)).astype(np.int64)
    sat_no = np.mod(k, n_sat).astype(np.int64)
    idx = np.flatnonzero(heard)
    station = np.where(terr[idx], np.char.add("shore", cell[idx].astype(str)),
                       np.char.add("sat", (sat_no[idx] + 1).astype(str)))
    dup = idx[rng.random(len(idx)) < p["duplicate_fraction"]]
    dup_station = np.where(terr[dup], np.char.add("shore", (cell[dup] + 1).astype(str)),
                           np.char.add("sat", (np.mod(sat_no[dup] + 1, n_sat) + 1).astype(str)))
    rec_idx = np.concatenate([idx, dup])
    rec_station = np.concatenate([station, dup_station]).astype(str)
    delay = np.concatenate([np.zeros(len(idx), np.int64),
                            rng.integers(0, p["duplicate_max_delay_s"] + 1, len(dup))])
    received = t_s[rec_idx] + delay
    late = rng.random(len(rec_idx)) < p["late_fraction"]
    arrival = received + np.where(
        late, rng.integers(1, max(2, p["late_max_delay_s"] + 1), len(rec_idx)), 0)
    order = np.lexsort((rec_station, rec_idx, arrival))
    receptions = pl.DataFrame({
        "report_index": rec_idx[order].astype(np.int64),
        "station": rec_station[order],
        "ts_received": (received[order] * 1_000_000).astype("datetime64[us]"),
    }).with_columns(pl.col("ts_received").dt.replace_time_zone("UTC"))
    return Heard(tx, receptions.select([pl.col(c).cast(t) for c, t in RECEPTION_SCHEMA.items()]))


def heard_fraction(heard: Heard, mask: npt.NDArray[np.bool_]) -> float:
    """Fraction of transmitted reports selected by ``mask`` that were heard at least once."""
    got = np.zeros(len(heard.transmitted), dtype=bool)
    got[heard.receptions["report_index"].to_numpy()] = True
    return float(got[mask].mean()) if mask.any() else math.nan
