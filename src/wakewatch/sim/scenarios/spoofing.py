"""``spoofing``: false positions among honest traffic.

* an **impossible jump**: a cargo ship's broadcast position teleports ``jump_m`` (150 km)
  for ``spoof_jump_h`` (2-4 h) and moves on plausibly there, then jumps back
  (:class:`~wakewatch.sim.broadcast.Spoof` ``impossible_speed``);
* **positions on land**: another ship reports a fixed point inland (>= 8 km from the coast)
  for ``spoof_land_h`` (1.5-3 h), as under the GNSS interference seen around Russian ports;
* **one MMSI in two places**: a third ship's MMSI is also broadcast, for
  ``spoof_twin_h`` hours, by another hull sailing between Shanghai and Qingdao — hundreds of
  km from the owner, who trades in the Sea of Japan; both are heard.

The rest of ``--vessels`` is background traffic. Truth: :mod:`wakewatch.sim.truth_spoof`.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from wakewatch.params import param_set
from wakewatch.sim.broadcast import Spoof
from wakewatch.sim.scenario import Scenario, VesselPlan
from wakewatch.sim.scenarios import background
from wakewatch.sim.voyage import PortCall, Schedule, leg_duration_s

__all__ = ["NORTH_PORTS", "build", "spoofers"]

PARAMS = param_set("sim")
PARAMS.add("spoof_jump_h", float, 3.0, "h",
           "Spoofing scenario: an impossible jump lasts this long (+- 1 h).")
PARAMS.add("spoof_land_h", float, 2.25, "h",
           "Spoofing scenario: positions on land last this long (+- 0.75 h).")
PARAMS.add("spoof_twin_h", float, 10.0, "h",
           "Spoofing scenario: a second hull broadcasts another's MMSI for up to this long.")

NORTH_PORTS = ("RUVVO", "RUNJK", "KRUSN", "JPSMN", "JPKIJ")
"""The MMSI owner trades here; its twin between Shanghai and Qingdao (> 500 km away)."""
TWIN_ROUTE = ("CNSHA", "CNTAO")
DEFAULT_VESSELS = 9
DEFAULT_DAYS = 5.0


def _twin(rng: random.Random, owner: VesselPlan, start: datetime, days: float,
          hours: float) -> VesselPlan:
    cruise = round(rng.uniform(11.0, 14.0), 1)
    leg_h = leg_duration_s(*TWIN_ROUTE, cruise) / 3600.0
    stay = rng.uniform(2.0, 6.0)
    t0 = start + timedelta(hours=round(rng.uniform(2.0, max(3.0, days * 24.0 - leg_h - 8.0)),
                                       2))
    on = t0 + timedelta(hours=stay + 1.0)
    off = on + timedelta(hours=min(hours, leg_h - 2.0))
    draught = round(rng.uniform(*owner.identity.draught_loaded_m), 1)
    schedule = Schedule(owner.identity.mmsi + 1_000_000_000, t0,
                        (PortCall(TWIN_ROUTE[0], stay, draught, 5, cruise),
                         PortCall(TWIN_ROUTE[1], 24.0, draught)))
    return VesselPlan(owner.identity, schedule, owner.destination, window=(on, off),
                      sends_statics=False, role="twin")


def spoofers(rng: random.Random, start: datetime, days: float) -> list[VesselPlan]:
    """Impossible jump, on land, and an MMSI owner with its twin (four plans)."""
    p = PARAMS.resolve(None)
    jump, land = background.plans(rng, 2, start, days)
    jump = replace(jump, role="spoof-jump", spoofs=(Spoof(
        0, round(rng.uniform(0.2, 0.5), 3), p["spoof_jump_h"] + rng.uniform(-1.0, 1.0),
        "impossible_speed", bearing_deg=rng.uniform(0.0, 360.0)),))
    land = replace(land, role="spoof-land", spoofs=(Spoof(
        0, round(rng.uniform(0.2, 0.5), 3), p["spoof_land_h"] + rng.uniform(-0.75, 0.75),
        "on_land"),))
    (owner,) = background.plans(rng, 1, start, days, NORTH_PORTS)
    owner = replace(owner, role="mmsi-owner")
    return [jump, land, owner, _twin(rng, owner, start, days, p["spoof_twin_h"])]


def build(rng: random.Random, vessels: int | None, days: float | None,
          start: datetime) -> Scenario:
    d = DEFAULT_DAYS if days is None else days
    n = DEFAULT_VESSELS if vessels is None else vessels
    plans = spoofers(rng, start, d)
    plans += background.plans(rng, max(0, n - len(plans)), start, d)
    return Scenario("spoofing", start, start + timedelta(days=d), tuple(plans))
