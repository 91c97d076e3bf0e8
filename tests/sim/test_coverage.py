"""sim scenario ``coverage``: long offshore holes give unintentional gaps and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from sim_checks import (
    assert_gaps_are_real,
    assert_no_land_except_spoofing,
    assert_same_seed_same_bytes,
    generate,
    truth,
)

from wakewatch.geo import distance_to_shore_m
from wakewatch.sim.scenarios import build
from wakewatch.store.db import Store

SMALL = {"vessels": 5, "days": 4.0}
SEED = 13


@pytest.fixture(scope="module")
def cov(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store]:
    return generate(tmp_path_factory.mktemp("cov"), "coverage", SEED, **SMALL)


def test_holes_are_offshore_and_give_unintentional_gaps_only(
        cov: tuple[Path, Store]) -> None:
    out, _ = cov
    scenario = build("coverage", SEED, **SMALL)  # type: ignore[arg-type]
    assert scenario.holes
    for h in scenario.holes:
        mid = ((h.south + h.north) / 2, (h.west + h.east) / 2)
        assert float(distance_to_shore_m(*mid)) >= 20_000
    assert {e.kind for e in truth(out)} <= {"gap", "port_call"}
    gaps = truth(out, "gap")
    assert gaps and not any(g.evidence["intentional"] for g in gaps)
    crossers = {v.identity.mmsi for v in scenario.vessels if v.role == "crosser"}
    assert crossers & {g.mmsi for g in gaps}
    for g in gaps:   # each gap lies in a time a hole was open
        assert any(h.start <= g.end and h.end >= g.start for h in scenario.holes), g
        assert (g.end - g.start).total_seconds() > 6 * 3600


def test_gaps_are_real_and_no_position_on_land(cov: tuple[Path, Store]) -> None:
    assert_gaps_are_real(*cov)
    assert_no_land_except_spoofing(*cov)


def test_same_seed_same_bytes(cov: tuple[Path, Store], tmp_path: Path) -> None:
    assert_same_seed_same_bytes(cov[0], tmp_path, "coverage", SEED, **SMALL)
