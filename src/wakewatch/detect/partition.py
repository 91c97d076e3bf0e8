"""Detection over partitions — the shape the same detectors take on Dask or a live window.

* ``vessel`` detectors see whole vessels: the vessels are split into ``vessel_parts`` groups
  by MMSI, each group is detected alone, and the results are concatenated. Hulls are split
  per MMSI first (a per-vessel step too). What a vessel detector needs to know about the
  *other* vessels — the measured reception around a gap — is reduced once over the whole
  input (:func:`wakewatch.detect.gaps.shared_reception`) and handed to every partition.
* ``cell`` detectors (encounters) compare vessels, so a partition is a spatial cell of
  ``cell_deg`` × ``cell_deg`` degrees and a time window of ``window_h`` hours, each widened by
  a halo (``halo_deg``, ``halo_h``). A partition keeps only the events it *owns*: those whose
  representative position lies in its core cell and whose start lies in its core window.
  An event near a border is then found whole by the partition that owns it, as long as it
  is shorter than the time halo and moves less than the spatial halo — both far above what
  a meeting at < 2 kn covers (1° ≈ 111 km ≈ 30 h at 2 kn; the default time halo is 48 h).
* ``fleet`` detectors (identity changes across MMSIs sharing an IMO) run once over the
  whole input: here it is one call; on Dask it becomes a shuffle by IMO.

:func:`run_partitioned` gives the same events as :func:`~wakewatch.detect.run_detection` on
the whole input (tested); it runs the partitions one after another here, and is the
function a Dask graph maps over.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import polars as pl

from wakewatch.events import Event

from .base import Detector
from .gaps import shared_reception
from .inputs import DetectInputs
from .runner import Settings, select, with_hulls

__all__ = ["CellWindow", "PartitionPlan", "cell_partitions", "run_partitioned",
           "vessel_partitions"]


@dataclass(frozen=True)
class PartitionPlan:
    """How to cut the input: vessel groups, cell size, window length and halos."""

    vessel_parts: int = 4
    cell_deg: float = 10.0
    halo_deg: float = 1.0
    window_h: float = 24.0 * 7
    halo_h: float = 48.0


@dataclass(frozen=True)
class CellWindow:
    """One cell partition: its core cell (west, south) and core window start."""

    west: float
    south: float
    start_us: int
    inputs: DetectInputs


def vessel_partitions(inputs: DetectInputs, parts: int) -> Iterator[DetectInputs]:
    """``inputs`` split into ``parts`` groups of whole vessels (by MMSI)."""
    for k in range(parts):
        yield replace(inputs, positions=inputs.positions.filter(pl.col("mmsi") % parts == k),
                      statics=inputs.statics.filter(pl.col("mmsi") % parts == k))


def cell_partitions(inputs: DetectInputs, plan: PartitionPlan) -> Iterator[CellWindow]:
    """Every non-empty (cell, window) of ``inputs`` with its halo."""
    pos = inputs.positions
    if pos.is_empty():
        return
    window_us = int(plan.window_h * 3600e6)
    halo_us = int(plan.halo_h * 3600e6)
    keyed = pos.with_columns(
        _t=pl.col("ts").dt.epoch("us"),
        _cx=((pl.col("lon") + 180.0) / plan.cell_deg).floor().cast(pl.Int32),
        _cy=((pl.col("lat") + 90.0) / plan.cell_deg).floor().cast(pl.Int32))
    cores = keyed.select(
        "_cx", "_cy", _w=(pl.col("_t") // window_us)).unique().sort(["_cx", "_cy", "_w"])
    n_cx = math.ceil(360.0 / plan.cell_deg)
    for cx, cy, w in cores.iter_rows():
        west, south = cx * plan.cell_deg - 180.0, cy * plan.cell_deg - 90.0
        start_us = int(w) * window_us
        lat_ok = pl.col("lat").is_between(south - plan.halo_deg,
                                          south + plan.cell_deg + plan.halo_deg)
        # longitude distance to the cell centre, wrapped: the antimeridian is not a border
        centre = west + plan.cell_deg / 2.0
        dlon = ((pl.col("lon") - centre + 180.0) % 360.0 - 180.0).abs()
        lon_ok = (dlon <= plan.cell_deg / 2.0 + plan.halo_deg) if n_cx > 1 else pl.lit(True)
        t_ok = pl.col("_t").is_between(start_us - halo_us, start_us + window_us + halo_us)
        part = keyed.filter(lat_ok & lon_ok & t_ok).drop(["_t", "_cx", "_cy"])
        yield CellWindow(west, south, start_us,
                         replace(inputs, positions=part))


def _owns(cw: CellWindow, e: Event, plan: PartitionPlan) -> bool:
    start_us = int(e.start.timestamp() * 1e6)
    window_us = int(plan.window_h * 3600e6)
    if not cw.start_us <= start_us < cw.start_us + window_us:
        return False
    if e.lat is None or e.lon is None:
        return True
    lon = (e.lon + 180.0) % 360.0 - 180.0
    in_lon = cw.west <= lon < cw.west + plan.cell_deg
    in_lat = cw.south <= e.lat < cw.south + plan.cell_deg or (
        e.lat == 90.0 and cw.south + plan.cell_deg >= 90.0)
    return in_lon and in_lat


def _run(detectors: Iterable[Detector], inputs: DetectInputs, settings: Settings
         ) -> list[Event]:
    out: list[Event] = []
    for d in detectors:
        out.extend(d(inputs, settings.get(d.name)))
    return out


def run_partitioned(inputs: DetectInputs, *, kinds: Iterable[str] | None = None,
                    settings: Settings | None = None,
                    plan: PartitionPlan | None = None) -> list[Event]:
    """The events of :func:`~wakewatch.detect.run_detection`, computed partition by partition."""
    plan = plan or PartitionPlan()
    cfg: Settings = settings or {}
    wanted = None if kinds is None else set(kinds)
    chosen = select(wanted)
    hulls = with_hulls(inputs, cfg)
    # reception is a property of the whole input (who else was heard where and when): one
    # reduction over everything, shared by every vessel partition (a Dask reduce step)
    split = replace(hulls, reception=shared_reception(hulls.positions, cfg.get("gaps")))
    per_vessel = [d for d in chosen if d.partition == "vessel"]
    per_cell = [d for d in chosen if d.partition == "cell"]
    per_fleet = [d for d in chosen if d.partition == "fleet"]
    events: dict[str, Event] = {}
    for part in vessel_partitions(split, plan.vessel_parts):
        for e in _run(per_vessel, part, cfg):
            events[e.event_id or str(id(e))] = e
    for e in _run(per_fleet, split, cfg):
        events[e.event_id or str(id(e))] = e
    if per_cell:
        for cw in cell_partitions(split, plan):
            for e in _run(per_cell, cw.inputs, cfg):
                if _owns(cw, e, plan):
                    events[e.event_id or str(id(e))] = e
    found = list(events.values())
    if wanted is not None:
        found = [e for e in found if e.kind in wanted]
    return sorted(found, key=lambda e: (e.start, e.mmsi, e.kind, e.event_id or ""))


