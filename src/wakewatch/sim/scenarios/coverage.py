"""``coverage``: long offshore coverage holes — gaps nobody intended.

Some ships cross the East China Sea, Yellow Sea and Korea Strait between Chinese and
Korean / Japanese ports. Over the open-water part of one leg of each — the longest stretch
of its path at least ``hole_shore_min_m`` from the coast — no station hears anything while
it passes (a chain of :class:`~wakewatch.sim.reception.CoverageHole` boxes along the path,
from ``hole_margin_h`` before it enters to ``hole_margin_h`` after it leaves): no terrestrial
station reaches there and no satellite passes. Those ships are honest: their gaps are
``intentional: false``, and there is no other truth than gaps and port calls. Any other ship
crossing a hole while it is open gets a gap too. The rest of ``--vessels`` is background.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from wakewatch.geo import distance_to_shore_m, haversine_m
from wakewatch.params import param_set
from wakewatch.sim.paths import berth, leg_path, resolve_place
from wakewatch.sim.reception import CoverageHole
from wakewatch.sim.scenario import Scenario, StaticChange, VesselPlan
from wakewatch.sim.scenarios import background
from wakewatch.sim.voyage import PARAMS as VOYAGE
from wakewatch.sim.voyage import PortCall, Schedule, leg_duration_s

__all__ = ["WEST", "build", "hole_along"]

PARAMS = param_set("sim")
PARAMS.add("hole_shore_min_m", float, 30_000.0, "m",
           "Coverage scenario: a hole covers the part of a leg at least this far from shore.")
PARAMS.add("hole_min_h", float, 9.0, "h",
           "Coverage scenario: ... when the ship takes at least this long to cross it "
           "(truth gaps are > 6 h).")
PARAMS.add("hole_margin_h", float, 1.5, "h",
           "Coverage scenario: a hole opens this long before the ship enters and closes "
           "this long after it leaves.")
PARAMS.add("hole_box_m", float, 40_000.0, "m",
           "Coverage scenario: the hole is a chain of boxes, each this long along the path.")

WEST = ("CNSHA", "CNTAO", "CNDLC")
EAST = ("KRPUS", "JPKIJ", "JPSMN", "KRUSN")
DEFAULT_VESSELS = 8
DEFAULT_DAYS = 5.0
_M_PER_DEG = 111_195.0


def hole_along(a: str, b: str, departure: datetime, cruise_kn: float,
               params: dict[str, Any] | None = None) -> tuple[CoverageHole, ...]:
    """Boxes over the longest offshore stretch of the leg a → b that leaves at
    ``departure``, open while the ship crosses it; () when no stretch is long enough."""
    p = PARAMS.resolve(params)
    v = VOYAGE.resolve(None)
    ends = [berth(*resolve_place(x)[:2], v["berth_search_m"], v["berth_clearance_m"])
            for x in (a, b)]
    path = leg_path(*ends[0], *ends[1], v["berth_search_m"], v["berth_clearance_m"])
    lat = np.array([q[0] for q in path])
    lon = np.unwrap(np.array([q[1] for q in path]), period=360.0)
    cum = np.concatenate([[0.0], np.cumsum(haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:]))])
    s = np.arange(0.0, cum[-1], 1000.0)
    la, lo = np.interp(s, cum, lat), np.interp(s, cum, lon)
    off = np.concatenate([[False], distance_to_shore_m(la, lo) >= p["hole_shore_min_m"],
                          [False]]).astype(np.int8)
    starts, ends_ = np.flatnonzero(np.diff(off) == 1), np.flatnonzero(np.diff(off) == -1)
    if len(starts) == 0:
        return ()
    k = int(np.argmax(ends_ - starts))
    i0, i1 = int(starts[k]), int(ends_[k]) - 1
    duration = leg_duration_s(a, b, cruise_kn)
    t_in = departure + timedelta(seconds=duration * s[i0] / cum[-1])
    t_out = departure + timedelta(seconds=duration * s[i1] / cum[-1])
    if (t_out - t_in) < timedelta(hours=p["hole_min_h"]):
        return ()
    margin = timedelta(hours=p["hole_margin_h"])
    step = max(1, int(p["hole_box_m"] / 1000.0))
    pad = 5000.0 / _M_PER_DEG
    boxes = []
    for j in range(i0, i1 + 1, step):
        cl, co = la[j:j + step + 1], lo[j:j + step + 1]
        pad_lon = pad / max(float(np.cos(np.radians(cl.mean()))), 1e-6)
        boxes.append(CoverageHole(float(cl.min() - pad), float((co.min() + 180) % 360 - 180
                                                                - pad_lon),
                                  float(cl.max() + pad), float((co.max() + 180) % 360 - 180
                                                               + pad_lon),
                                  t_in - margin, t_out + margin))
    return tuple(boxes)


def crossers(rng: random.Random, n: int, start: datetime, days: float
             ) -> tuple[list[VesselPlan], list[CoverageHole]]:
    """``n`` ships shuttling between a western and an eastern port, each with a hole on its
    first leg that starts inside the scenario and has a long enough offshore stretch."""
    plans: list[VesselPlan] = []
    holes: list[CoverageHole] = []
    for (base,) in (background.plans(rng, 1, start, days) for _ in range(n)):
        west, east = rng.choice(WEST), rng.choice(EAST)
        draught = base.schedule.calls[0].draught_m
        cruise = round(rng.uniform(11.0, 14.0), 1)
        calls = [PortCall(west if k % 2 == 0 else east, rng.uniform(6.0, 20.0), draught, 5,
                          cruise) for k in range(6)]
        t0 = start - timedelta(hours=round(rng.uniform(0.0, 4.0), 2))
        t = t0
        for k in range(len(calls) - 1):
            dep = t + timedelta(hours=calls[k].stay_h)
            found = hole_along(str(calls[k].place), str(calls[k + 1].place), dep, cruise)
            if found and found[-1].end < start + timedelta(days=days):
                holes += found
                break
            t = dep + timedelta(seconds=leg_duration_s(str(calls[k].place),
                                                       str(calls[k + 1].place), cruise))
        dests = [background.destination_for(str(c.place), rng) for c in calls]
        changes = tuple(StaticChange(k, 0.0, destination=dests[k + 1])
                        for k in range(1, len(calls) - 1))
        plans.append(VesselPlan(base.identity, Schedule(base.identity.mmsi, t0, tuple(calls)),
                                dests[1], changes, role="crosser"))
    return plans, holes


def build(rng: random.Random, vessels: int | None, days: float | None,
          start: datetime) -> Scenario:
    d = DEFAULT_DAYS if days is None else days
    n = DEFAULT_VESSELS if vessels is None else vessels
    plans, holes = crossers(rng, min(3, n), start, d)
    plans += background.plans(rng, max(0, n - len(plans)), start, d)
    return Scenario("coverage", start, start + timedelta(days=d), tuple(plans), tuple(holes))
