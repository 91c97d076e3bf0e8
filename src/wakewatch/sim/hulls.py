"""Per hull (one :class:`~wakewatch.sim.scenario.VesselPlan`): its true track cut to the
scenario, what it broadcasts (MMSI over time, transmission window, spoofed positions), its
port calls, dark windows and static changes — the inputs :func:`wakewatch.sim.scenario.run`
transmits, hears and derives truth from. Hull ``h`` is plan number ``h``; the ``hull`` column
of every frame says which ship a report came from (two hulls may share an MMSI).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import polars as pl

from wakewatch.sim.broadcast import (
    SpoofEpisode,
    leg_time,
    mmsi_timeline,
    resolve_spoof,
    with_mmsi,
)
from wakewatch.sim.reception import DarkWindow
from wakewatch.sim.truth_spoof import Reflag
from wakewatch.sim.voyage import PortCallTruth, simulate_track

if TYPE_CHECKING:
    from wakewatch.sim.scenario import Scenario, StaticChange, VesselPlan

__all__ = ["HullTracks", "hull_tracks"]


def _dark_windows(plan: VesselPlan, calls: Sequence[PortCallTruth], p: dict[str, Any]
                  ) -> list[DarkWindow]:
    before, after = timedelta(hours=p["dark_before_h"]), timedelta(hours=p["dark_after_h"])
    return [DarkWindow(c.mmsi, c.arrival - before, c.departure + after)
            for c in calls if c.locode in plan.dark_ports]


def _change_times(plan: VesselPlan, calls: Sequence[PortCallTruth]
                  ) -> list[tuple[datetime, StaticChange]]:
    out = []
    for ch in plan.changes:
        at = leg_time(calls, ch.leg, ch.fraction)
        if at is not None:
            out.append((at, ch))
    return sorted(out, key=lambda x: x[0])


@dataclass
class HullTracks:
    """Per hull (plan index): true positions, broadcast positions, and what changed."""

    true: list[pl.DataFrame] = field(default_factory=list)
    broadcast: list[pl.DataFrame] = field(default_factory=list)
    calls: list[PortCallTruth] = field(default_factory=list)
    dark: list[DarkWindow] = field(default_factory=list)
    changes: list[list[tuple[datetime, StaticChange]]] = field(default_factory=list)
    episodes: list[SpoofEpisode] = field(default_factory=list)
    reflags: list[Reflag] = field(default_factory=list)
    dark_ports: dict[int, frozenset[str]] = field(default_factory=dict)


def hull_tracks(scenario: Scenario, seed: int, p: dict[str, Any]) -> HullTracks:
    out = HullTracks()
    for h, plan in enumerate(scenario.vessels):
        track = simulate_track(plan.schedule, seed, p)
        ch = _change_times(plan, track.port_calls)
        out.changes.append(ch)
        timeline = mmsi_timeline(plan.identity.mmsi,
                                 [(t, c.mmsi) for t, c in ch if c.mmsi is not None])
        for _, m in timeline:
            out.dark_ports[m] = out.dark_ports.get(m, frozenset()) | plan.dark_ports
        for (_, old), (t, new) in pairwise(timeline):
            if t is not None and scenario.start <= t < scenario.end:
                out.reflags.append((h, t, old, new))

        def mmsi_at(ts: datetime, tl: list[tuple[datetime | None, int]] = timeline) -> int:
            return [m for t, m in tl if t is None or t <= ts][-1]

        pos = with_mmsi(track.positions.filter(pl.col("ts").is_between(
            scenario.start, scenario.end, closed="left")), timeline).with_columns(
            pl.lit(h, dtype=pl.Int32).alias("hull"))
        out.true.append(pos)
        vcalls = [replace(c, mmsi=mmsi_at(c.arrival), arrival=max(c.arrival, scenario.start),
                          departure=min(c.departure, scenario.end))
                  for c in track.port_calls
                  if c.arrival < scenario.end and c.departure > scenario.start]
        if plan.window is None:      # a hull borrowing an MMSI: its calls are not that MMSI's
            out.calls += vcalls
        out.dark += _dark_windows(plan, vcalls, p)
        out.dark += [DarkWindow(mmsi_at(a), a, b) for a, b in plan.dark]
        if plan.window is not None:
            pos = pos.filter(pl.col("ts").is_between(*plan.window, closed="left"))
        out.broadcast.append(pos)
        out.episodes += [e for s in plan.spoofs
                         if (e := resolve_spoof(h, s, pos, track.port_calls, p)) is not None]
    return out
