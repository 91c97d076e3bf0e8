"""``dprk-russia``: the Rajin → Vostochny munitions shuttle of 2023–24 among honest traffic.

Up to three cargo ships shuttle Rajin (KPRJN) ↔ Vostochny (RUVYP), as Angara, Maria and
Maia-1 did (../shared/domain/maritime-anchors.md §3): the transponder goes off
``dark_before_h`` before every arrival at Rajin and comes back ``dark_after_h`` after the
departure (a gap of well over 12 h around each Rajin stay); draught goes up at Rajin
(loading, unseen) and down at Vostochny (discharge, seen); the declared destination is a
Middle East / North Africa port (Port Said, Jeddah, Alexandria) all the way. Ship 1 uses a
real sanctioned identity, ship 2 broadcasts an IMO with a bad check digit, ship 3 changes
name and call sign on its first leg toward Rajin. With at least 6 vessels, two more meet at
sea for a transfer (:mod:`wakewatch.sim.scenarios.meet`): a North Korean cargo ship out of
Rajin waits at a rendezvous point off Primorye (loitering) until a Russian one out of
Vostochny comes alongside for hours (an encounter); then each goes home. The rest of
``--vessels`` is background (8 by default). ``wakewatch simulate`` also writes the
scenario's shipment records (:mod:`wakewatch.sim.declarations`): a false bill of lading per
shuttle loading at Rajin (declared to the AIS destination's port, a cover loading port or a
benign cargo), honest ones for the background traffic.

Dunay (the Russian naval port near Vostochny that satellite imagery tied to the shipments)
has no UN/LOCODE in :func:`wakewatch.geo.ports.ports` (WPI nor searoute list it), so every
shuttle calls at Vostochny only.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from wakewatch.sim.identities import (
    callsign,
    destination_text,
    invalid_imo,
    ship_name,
    vessel_identity,
)
from wakewatch.sim.scenario import Scenario, StaticChange, VesselPlan
from wakewatch.sim.scenarios import background
from wakewatch.sim.scenarios.meet import meeting, rendezvous
from wakewatch.sim.voyage import PortCall, Schedule

__all__ = ["SANCTIONED_IMO", "SANCTIONED_NAME", "build", "shuttles"]

SANCTIONED_IMO = 7937317
"""OFAC SDN list of 2024-05-03 (../shared/data/real/sanctions/ofac_sdn_2024-05-03.csv.gz),
entry 17069 "CHONG CHON GANG", vessel, programme DPRK, remarks "Vessel Registration
Identification IMO 7937317"."""
SANCTIONED_NAME = "CHONG CHON GANG"
RAJIN, VOSTOCHNY = "KPRJN", "RUVYP"
FALSE_DESTINATIONS = ("EGPSD", "SAJED", "EGALY")
DEFAULT_VESSELS = 13
MEET_BOX = (40.5, 130.3, 42.5, 133.5)
"""Rendezvous points are drawn here (south, west, north, east): off Rajin and Primorye."""
DEFAULT_DAYS = 14.0


def shuttles(rng: random.Random, n: int, start: datetime, days: float) -> list[VesselPlan]:
    out = []
    for k in range(n):
        ident = vessel_identity("KP" if k == 0 else "RU", rng, "cargo")
        changes: tuple[StaticChange, ...] = ()
        if k == 0:
            ident = replace(ident, imo=SANCTIONED_IMO, name=SANCTIONED_NAME)
        elif k == 1:
            ident = replace(ident, imo=invalid_imo(ident.imo, rng))
        else:
            changes = (StaticChange(0, 0.3, name=ship_name("RU", rng),
                                    callsign=callsign("RU", rng)),)
        loaded = round(rng.uniform(*ident.draught_loaded_m), 1)
        ballast = round(rng.uniform(*ident.draught_ballast_m), 1)
        calls, t = [], 0.0
        while t < days * 24.0 + 48.0:
            cruise = round(rng.uniform(10.0, 13.0), 1)
            v_stay, r_stay = rng.uniform(20.0, 40.0), rng.uniform(18.0, 36.0)
            calls += [PortCall(VOSTOCHNY, v_stay, ballast, 5, cruise),
                      PortCall(RAJIN, r_stay, loaded, 5, cruise)]
            t += v_stay + r_stay + 2 * background.leg_hours(RAJIN, VOSTOCHNY, cruise)
        t0 = start - timedelta(hours=rng.uniform(0.0, 12.0)) + timedelta(hours=10.0 * k)
        dest = destination_text(rng.choice(FALSE_DESTINATIONS), rng)
        out.append(VesselPlan(ident, Schedule(ident.mmsi, t0, tuple(calls), loaded), dest,
                              changes, frozenset({RAJIN}), role="shuttle"))
    return out


def meeting_pair(rng: random.Random, start: datetime, days: float) -> list[VesselPlan]:
    """A North Korean ship out of Rajin and a Russian one out of Vostochny meet at sea."""
    a, b = vessel_identity("KP", rng, "cargo"), vessel_identity("RU", rng, "cargo")
    point = rendezvous(rng, MEET_BOX)
    span = max(days * 24.0 - 24.0, 12.0)
    arrival = start + timedelta(hours=round(rng.uniform(0.15, 0.55) * span, 2))
    a_full, a_empty = (round(rng.uniform(*r), 1) for r in (a.draught_loaded_m,
                                                          a.draught_ballast_m))
    b_empty, b_full = (round(rng.uniform(*r), 1) for r in (b.draught_ballast_m,
                                                          b.draught_loaded_m))
    m = meeting(rng, (a.mmsi, b.mmsi), point, arrival, (RAJIN, VOSTOCHNY), (RAJIN, VOSTOCHNY),
                (a_full, a_empty, b_empty, b_full))
    return [VesselPlan(a, m.a, destination_text(VOSTOCHNY, rng), role="meet"),
            VesselPlan(b, m.b, destination_text(VOSTOCHNY, rng), role="meet")]


def build(rng: random.Random, vessels: int | None, days: float | None,
          start: datetime) -> Scenario:
    d = DEFAULT_DAYS if days is None else days
    n = DEFAULT_VESSELS if vessels is None else vessels
    n_shuttle = min(3, n)
    n_meet = 2 if n >= 6 else 0
    plans = shuttles(rng, n_shuttle, start, d) + background.plans(
        rng, n - n_shuttle - n_meet, start, d)
    if n_meet:
        plans += meeting_pair(rng, start, d)
    return Scenario("dprk-russia", start, start + timedelta(days=d), tuple(plans))
