"""``identity``: ships that change or fake who they are, among honest traffic.

* a **rename**: new name and call sign half-way through a voyage;
* a **reflagging**: the ship leaves its first port under another flag — a new MMSI with
  another country's MID (a flag of convenience of the shadow fleet: Cameroon, Comoros,
  Sierra Leone, Togo), a new name and call sign, the same IMO number and hull;
* an **IMO change**: the ship starts broadcasting another (valid) IMO number;
* an IMO number that **fails its check digit**, all along;
* a **default MMSI** (123456789, 111111111, or a MID followed by six zeros);
* an MMSI whose MID the ITU **has not allocated** (e.g. 646).

Truth: ``identity_change`` (rename, IMO change: :mod:`wakewatch.sim.truth`; reflagging:
:mod:`wakewatch.sim.truth_spoof`) and ``invalid_imo`` with ``evidence.reason``
``bad_check_digit`` | ``default_mmsi`` | ``unallocated_mid``. The rest of ``--vessels`` is
background traffic.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from wakewatch.identity.mid import mid_allocated
from wakewatch.sim.identities import (
    callsign,
    imo_number,
    invalid_imo,
    mids_of,
    mmsi_for_flag,
    ship_name,
)
from wakewatch.sim.scenario import Scenario, StaticChange, VesselPlan
from wakewatch.sim.scenarios import background

__all__ = ["NEW_FLAGS", "build", "changers"]

NEW_FLAGS = ("CM", "KM", "SL", "TG")
DEFAULT_VESSELS = 9
DEFAULT_DAYS = 5.0


def _unallocated_mmsi(rng: random.Random) -> int:
    mids = [m for m in range(201, 776) if not mid_allocated(m)]
    return rng.choice(mids) * 1_000_000 + rng.randrange(1, 1_000_000)


def _default_mmsi(rng: random.Random, flag: str) -> int:
    return rng.choice((123456789, 111111111, rng.choice(mids_of(flag)) * 1_000_000))


def changers(rng: random.Random, start: datetime, days: float) -> list[VesselPlan]:
    """The six ships above, in that order."""
    rename, reflag, imo, bad, default, unalloc = background.plans(rng, 6, start, days)
    flag = reflag.identity.flag
    new_flag = rng.choice([f for f in NEW_FLAGS if f != flag])
    out = [
        replace(rename, role="rename", changes=(*rename.changes, StaticChange(
            0, round(rng.uniform(0.3, 0.7), 3), name=ship_name(rename.identity.flag, rng),
            callsign=callsign(rename.identity.flag, rng)))),
        replace(reflag, role="reflag", changes=(*reflag.changes, StaticChange(
            0, 0.0, name=ship_name(new_flag, rng), callsign=callsign(new_flag, rng),
            mmsi=mmsi_for_flag(new_flag, rng)))),
        replace(imo, role="imo-change", changes=(*imo.changes, StaticChange(
            0, round(rng.uniform(0.3, 0.7), 3), imo=imo_number(rng)))),
        replace(bad, role="bad-imo",
                identity=replace(bad.identity, imo=invalid_imo(bad.identity.imo, rng))),
    ]
    for plan, mmsi, role in ((default, _default_mmsi(rng, default.identity.flag), "default"),
                             (unalloc, _unallocated_mmsi(rng), "unallocated-mid")):
        ident = replace(plan.identity, mmsi=mmsi)
        out.append(replace(plan, identity=ident, role=role,
                           schedule=replace(plan.schedule, mmsi=mmsi)))
    return out


def build(rng: random.Random, vessels: int | None, days: float | None,
          start: datetime) -> Scenario:
    d = DEFAULT_DAYS if days is None else days
    n = DEFAULT_VESSELS if vessels is None else vessels
    plans = changers(rng, start, d)
    plans += background.plans(rng, max(0, n - len(plans)), start, d)
    return Scenario("identity", start, start + timedelta(days=d), tuple(plans))
