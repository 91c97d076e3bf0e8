"""Named scenarios: each builds a :class:`~wakewatch.sim.scenario.Scenario` for a seed.

* ``background`` — honest traffic in the Sea of Japan, Korea Strait and East China Sea;
* ``dprk-russia`` — the Rajin ↔ Vostochny shuttle (dark at Rajin, false destinations,
  sanctioned and forged identities) among that background traffic;
* ``sts`` — ship-to-ship transfers at sea (encounters, loitering, one dark partner);
* ``spoofing`` — an impossible jump, positions on land, one MMSI in two places;
* ``identity`` — a rename, a reflagging (new MMSI, same IMO), an IMO change, a bad IMO
  check digit, a default MMSI and an unallocated MID;
* ``coverage`` — long offshore coverage holes: unintentional gaps, nothing else.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime

from wakewatch.sim.scenario import Scenario
from wakewatch.sim.scenarios import background, coverage, dprk_russia, identity, spoofing, sts

__all__ = ["SCENARIOS", "START", "build"]

START = datetime(2023, 9, 1, tzinfo=UTC)
"""Every scenario starts here (the DPRK → Russia shipments began in August-September 2023)."""

Builder = Callable[[random.Random, int | None, float | None, datetime], Scenario]
SCENARIOS: dict[str, Builder] = {
    "background": background.build,
    "coverage": coverage.build,
    "dprk-russia": dprk_russia.build,
    "identity": identity.build,
    "spoofing": spoofing.build,
    "sts": sts.build,
}


def build(name: str, seed: int, vessels: int | None = None, days: float | None = None
          ) -> Scenario:
    """The scenario ``name`` for ``seed`` (its own defaults for vessels and days)."""
    rng = random.Random(f"{name}:{seed}")
    return SCENARIOS[name](rng, vessels, days, START)
