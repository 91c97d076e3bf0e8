"""Building blocks for meetings at sea: a rendezvous point in open water, and the two
schedules that bring a pair of ships there, one waiting alone first, the other lying
alongside it for hours, then both going on.

Timing (hours, all from declared parameters of ``param_set("sim")``): ship A reaches the
rendezvous and waits alone ``meet_alone_h`` (a loitering ship: > 4 h, slow, far from shore);
ship B then arrives (its schedule is computed backwards from that moment with
:func:`wakewatch.sim.voyage.leg_duration_s`, so the arrival is exact), lies
``meet_alongside_m`` from A's waiting point for ``meet_together_h``, and leaves; A leaves
``meet_after_h`` later. Both drift together (one ``wander_key``, ``meet_wander_m`` of drift,
0-1 kn). The rendezvous is at sea, ``meet_shore_m`` from the coast (>= 20 nm, inside
terrestrial reception so the meeting is heard) and ``meet_port_min_m`` from every port.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from wakewatch.geo import haversine_m, nearest_ports, port_by_locode
from wakewatch.params import param_set
from wakewatch.sim.paths import offset_point, sea_point_ok
from wakewatch.sim.voyage import PortCall, Schedule, leg_duration_s

__all__ = ["Meeting", "meeting", "rendezvous"]

PARAMS = param_set("sim")
PARAMS.add("meet_alone_h", float, 6.0, "h",
           "Rendezvous: the first ship waits alone this long (+- 1 h) before its partner "
           "arrives (loitering, > 4 h).")
PARAMS.add("meet_together_h", float, 4.0, "h",
           "Rendezvous: the partner lies alongside this long (+- 1 h; an encounter is >= 2 h).")
PARAMS.add("meet_after_h", float, 0.5, "h",
           "Rendezvous: the first ship leaves this long after its partner.")
PARAMS.add("meet_alongside_m", float, 100.0, "m",
           "Rendezvous: distance (+- 50 m) between the partner's and the first ship's "
           "waiting points.")
PARAMS.add("meet_wander_m", float, 200.0, "m",
           "Rendezvous: amplitude of the drift of the waiting ships (0-1 kn).")
PARAMS.add("meet_shore_m", float, 45_000.0, "m",
           "Rendezvous: at least this far from the coast (20 nm = 37 km, plus margin) ...")
PARAMS.add("meet_shore_max_m", float, 70_000.0, "m",
           "... and at most this far (inside terrestrial reception: the meeting is heard).")
PARAMS.add("meet_port_min_m", float, 20_000.0, "m",
           "Rendezvous: at least this far from every port (encounter truth: 10 km).")


@dataclass(frozen=True)
class Meeting:
    a: Schedule
    b: Schedule
    point: tuple[float, float]
    a_arrival: datetime
    b_arrival: datetime
    b_departure: datetime


def rendezvous(rng: random.Random, box: tuple[float, float, float, float],
               params: dict[str, Any] | None = None) -> tuple[float, float]:
    """A random point of ``box`` (south, west, north, east) in open water, between
    ``meet_shore_m`` and ``meet_shore_max_m`` from the coast, ``meet_port_min_m`` from ports."""
    p = PARAMS.resolve(params)
    s, w, n, e = box
    for _ in range(5000):
        lat, lon = rng.uniform(s, n), rng.uniform(w, e)
        if (sea_point_ok(lat, lon, p["meet_shore_m"])
                and not sea_point_ok(lat, lon, p["meet_shore_max_m"])
                and nearest_ports(lat, lon, 1, max_distance_m=p["meet_port_min_m"]).is_empty()):
            return lat, lon
    raise ValueError(f"no rendezvous point found in {box}")


def nearest(point: tuple[float, float], ports: Sequence[str]) -> list[str]:
    """``ports`` (UN/LOCODEs) by great-circle distance from ``point``."""
    def d(code: str) -> float:
        row = port_by_locode(code)
        assert row is not None
        return float(haversine_m(point[0], point[1], row["lat"], row["lon"]))
    return sorted(ports, key=d)


def meeting(rng: random.Random, ids: tuple[int, int], point: tuple[float, float],
            a_arrival: datetime, origins: tuple[str, str], onwards: tuple[str, str],
            draughts: tuple[float, float, float, float],
            params: dict[str, Any] | None = None) -> Meeting:
    """Schedules for ship ``ids[0]`` (A, from ``origins[0]``, at ``point`` at ``a_arrival``)
    and ``ids[1]`` (B, alongside); ``onwards`` are their next ports; ``draughts`` A before,
    A after, B before, B after the transfer."""
    p = PARAMS.resolve(params)
    alone = p["meet_alone_h"] + rng.uniform(-1.0, 1.0)
    together = p["meet_together_h"] + rng.uniform(-1.0, 1.0)
    a_stay = alone + together + p["meet_after_h"]
    dist = p["meet_alongside_m"] + rng.uniform(-50.0, 50.0)
    bearing = rng.uniform(0.0, 2 * math.pi)
    b_point = offset_point(*point, dist * math.cos(bearing), dist * math.sin(bearing))
    key = rng.randrange(1 << 30)
    wander = p["meet_wander_m"]
    cruise = (round(rng.uniform(10.0, 13.0), 1), round(rng.uniform(10.0, 13.0), 1))
    schedules = []
    arrivals = (a_arrival, a_arrival + timedelta(hours=alone))
    stays = (a_stay, together)
    for k, (place, mmsi) in enumerate(zip((point, b_point), ids, strict=True)):
        first_stay = rng.uniform(4.0, 12.0)
        leg = leg_duration_s(origins[k], place, cruise[k], params)
        start = arrivals[k] - timedelta(seconds=leg) - timedelta(hours=first_stay)
        calls = (PortCall(origins[k], first_stay, draughts[2 * k], 5, cruise[k]),
                 PortCall(place, stays[k], draughts[2 * k + 1], 0, cruise[k],
                          wander_m=wander, wander_key=key),
                 PortCall(onwards[k], 24.0, draughts[2 * k + 1]))
        schedules.append(Schedule(mmsi, start.replace(microsecond=0), calls))
    return Meeting(schedules[0], schedules[1], point, arrivals[0], arrivals[1],
                   arrivals[1] + timedelta(hours=together))
