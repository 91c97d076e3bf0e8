"""``background``: honest cargo and tanker traffic between real ports of the Sea of Japan,
Korea Strait, Yellow Sea and East China Sea. Every vessel keeps its identity and declares the
port it is going to; draught is constant (cargo work is not simulated for this traffic yet),
so its truth is port calls only (and any gap reception itself happens to leave)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from wakewatch.geo import port_by_locode, sea_distance_m
from wakewatch.sim.identities import destination_text, vessel_identity
from wakewatch.sim.scenario import Scenario, StaticChange, VesselPlan
from wakewatch.sim.voyage import PortCall, Schedule

__all__ = ["PORTS", "build", "destination_for", "plans"]

PORTS = ("KRPUS", "KRUSN", "RUVVO", "RUNJK", "CNSHA", "CNTAO", "CNDLC", "JPKIJ", "JPSMN")
FLAGS = ("CN", "KR", "PA", "LR", "MH", "HK", "JP", "RU", "SG")
DEFAULT_VESSELS = 8
DEFAULT_DAYS = 7.0


def destination_for(locode: str, rng: random.Random) -> str:
    row = port_by_locode(locode)
    known = destination_text(locode, rng)
    return known if known != locode or row is None else str(row["name"]).upper()


def leg_hours(a: str, b: str, cruise_kn: float) -> float:
    """Rough duration of a leg (sea-route distance at cruising speed), for scheduling."""
    pa, pb = port_by_locode(a), port_by_locode(b)
    assert pa is not None and pb is not None
    d = float(sea_distance_m((pa["lat"], pa["lon"]), (pb["lat"], pb["lon"])))
    return d / 1852.0 / cruise_kn + 1.5


def plans(rng: random.Random, n: int, start: datetime, days: float,
          ports: Sequence[str] = PORTS) -> list[VesselPlan]:
    out = []
    for _ in range(n):
        flag = rng.choice(FLAGS)
        ident = vessel_identity(flag, rng, rng.choice(("cargo", "cargo", "tanker")))
        draught = round(rng.uniform(*rng.choice((ident.draught_ballast_m,
                                                 ident.draught_loaded_m))), 1)
        here = rng.choice(ports)
        calls, t = [], -rng.uniform(0.0, 24.0)
        while t < days * 24.0:
            cruise = round(rng.uniform(10.0, 16.0), 1)
            stay = rng.uniform(6.0, 36.0)
            calls.append(PortCall(here, stay, draught, rng.choice((5, 5, 1)), cruise))
            nxt = rng.choice([p for p in ports if p != here])
            t += stay + leg_hours(here, nxt, cruise)
            here = nxt
        calls.append(PortCall(here, 24.0, draught))
        first_stay = calls[0].stay_h
        t0 = start - timedelta(hours=rng.uniform(0.0, first_stay * 0.8))
        dests = [destination_for(str(c.place), rng) for c in calls]
        changes = tuple(StaticChange(k, 0.0, destination=dests[k + 1])
                        for k in range(1, len(calls) - 1))
        out.append(VesselPlan(ident, Schedule(ident.mmsi, t0, tuple(calls)), dests[1],
                              changes))
    return out


def build(rng: random.Random, vessels: int | None, days: float | None,
          start: datetime) -> Scenario:
    d = DEFAULT_DAYS if days is None else days
    n = DEFAULT_VESSELS if vessels is None else vessels
    return Scenario("background", start, start + timedelta(days=d),
                    tuple(plans(rng, n, start, d)))
