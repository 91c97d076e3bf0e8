"""``sts``: ship-to-ship transfers at sea among honest traffic.

Pairs of tankers meet at rendezvous points in open water of the Sea of Japan, Korea Strait
and East China Sea (:mod:`wakewatch.sim.scenarios.meet`): the first waits alone for hours
(loitering), the second lies alongside for hours (an encounter), the cargo moves from one to
the other (draught down on one, up on the other), and both go on to a port. In the last
meeting (when there are at least two) the second ship keeps its transponder off from
``sts_dark_before_h`` before it arrives to ``sts_dark_after_h`` after it leaves — the dark
STS pattern: in the data the first ship loiters alone the whole time and there is no
encounter, only the second ship's (intentional) gap. The rest of ``--vessels`` is
background traffic (:mod:`wakewatch.sim.scenarios.background`).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from wakewatch.params import param_set
from wakewatch.sim.identities import vessel_identity
from wakewatch.sim.scenario import Scenario, VesselPlan
from wakewatch.sim.scenarios import background
from wakewatch.sim.scenarios.meet import meeting, nearest, rendezvous

__all__ = ["BOX", "build", "meetings"]

PARAMS = param_set("sim")
PARAMS.add("sts_dark_before_h", float, 3.0, "h",
           "Dark STS: the partner goes dark this long before it arrives alongside ...")
PARAMS.add("sts_dark_after_h", float, 3.0, "h", "... and comes back this long after leaving.")

BOX = (30.0, 123.0, 41.5, 137.0)
"""Where rendezvous points are drawn (south, west, north, east)."""
FLAGS = ("PA", "LR", "MH", "KM", "CM", "SL", "TG", "HK")
DEFAULT_VESSELS = 10
DEFAULT_DAYS = 5.0


def meetings(rng: random.Random, pairs: int, start: datetime, days: float,
             dark_last: bool = True) -> list[VesselPlan]:
    """Two plans per meeting, A then B; the last B is dark when ``dark_last``."""
    p = PARAMS.resolve(None)
    out = []
    for k in range(pairs):
        a, b = (vessel_identity(rng.choice(FLAGS), rng, "tanker") for _ in range(2))
        point = rendezvous(rng, BOX)
        near = nearest(point, background.PORTS)
        span = max(days * 24.0 - 24.0, 12.0)
        arrival = start + timedelta(hours=round(rng.uniform(0.15, 0.55) * span, 2))
        a_full = round(rng.uniform(*a.draught_loaded_m), 1)
        a_after = round(rng.uniform(*a.draught_ballast_m), 1)
        b_empty = round(rng.uniform(*b.draught_ballast_m), 1)
        b_full = round(rng.uniform(*b.draught_loaded_m), 1)
        m = meeting(rng, (a.mmsi, b.mmsi), point, arrival, (near[0], near[1]),
                    (rng.choice(background.PORTS), rng.choice(background.PORTS)),
                    (a_full, a_after, b_empty, b_full))
        dark: tuple[tuple[datetime, datetime], ...] = ()
        if dark_last and pairs > 1 and k == pairs - 1:
            dark = ((m.b_arrival - timedelta(hours=p["sts_dark_before_h"]),
                     m.b_departure + timedelta(hours=p["sts_dark_after_h"])),)
        out.append(VesselPlan(a, m.a, "FOR ORDERS", role="sts"))
        out.append(VesselPlan(b, m.b, "FOR ORDERS", role="sts-dark" if dark else "sts",
                              dark=dark))
    return out


def build(rng: random.Random, vessels: int | None, days: float | None,
          start: datetime) -> Scenario:
    d = DEFAULT_DAYS if days is None else days
    n = DEFAULT_VESSELS if vessels is None else vessels
    pairs = max(1, min(3, n // 2))
    plans = meetings(rng, pairs, start, d)
    plans += background.plans(rng, max(0, n - len(plans)), start, d)
    return Scenario("sts", start, start + timedelta(days=d), tuple(plans))
