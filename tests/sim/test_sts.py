"""sim scenario ``sts``: encounters and loitering whose truth holds in the stored reports."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import (
    assert_encounters_are_true,
    assert_gaps_are_real,
    assert_loitering_is_true,
    assert_no_land_except_spoofing,
    assert_same_seed_same_bytes,
    generate,
    truth,
)

from wakewatch.geo import distance_to_shore_m, nearest_ports, on_land
from wakewatch.sim.scenarios import build
from wakewatch.sim.scenarios.meet import rendezvous
from wakewatch.sim.scenarios.sts import BOX
from wakewatch.store.db import Store

SMALL = {"vessels": 7, "days": 4.0}
SEED = 5


@pytest.fixture(scope="module")
def sts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store]:
    return generate(tmp_path_factory.mktemp("sts"), "sts", SEED, **SMALL)


def test_truth_has_encounters_loitering_and_a_dark_partner(sts: tuple[Path, Store]) -> None:
    out, _ = sts
    enc, loit = truth(out, "encounter"), truth(out, "loitering")
    assert len(enc) == 2 and len(loit) == 3
    assert all(e.other_mmsi is not None and e.mmsi < e.other_mmsi for e in enc)
    plans = build("sts", SEED, **SMALL).vessels  # type: ignore[arg-type]
    dark = [v for v in plans if v.role == "sts-dark"]
    assert len(dark) == 1
    gaps = [g for g in truth(out, "gap") if g.mmsi == dark[0].identity.mmsi]
    assert gaps and all(g.evidence["intentional"] for g in gaps)
    assert not any(dark[0].identity.mmsi in (e.mmsi, e.other_mmsi) for e in enc)


def test_every_encounter_is_two_slow_tracks_within_500_m_for_2_h(
        sts: tuple[Path, Store]) -> None:
    assert_encounters_are_true(*sts)


def test_every_loitering_is_slow_far_offshore_and_alone(sts: tuple[Path, Store]) -> None:
    assert_loitering_is_true(*sts)


def test_gaps_are_real_and_no_position_on_land(sts: tuple[Path, Store]) -> None:
    assert_gaps_are_real(*sts)
    assert_no_land_except_spoofing(*sts)


def test_same_seed_same_bytes(sts: tuple[Path, Store], tmp_path: Path) -> None:
    assert_same_seed_same_bytes(sts[0], tmp_path, "sts", SEED, **SMALL)


@settings(max_examples=15)
@given(st.integers(0, 10_000))
def test_rendezvous_points_are_open_water_20_nm_out(seed: int) -> None:
    lat, lon = rendezvous(random.Random(seed), BOX)
    assert not on_land(lat, lon)
    assert float(distance_to_shore_m(lat, lon)) >= 37_040
    assert nearest_ports(lat, lon, 1, max_distance_m=10_000).is_empty()
    assert np.isfinite(lat) and np.isfinite(lon)
