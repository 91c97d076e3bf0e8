"""sim scenario ``spoofing``: every spoofed episode is visible as such in the stored reports."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from sim_checks import (
    HOUR,
    assert_gaps_are_real,
    assert_no_land_except_spoofing,
    assert_same_seed_same_bytes,
    generate,
    positions,
    truth,
)

from wakewatch.geo import distance_to_shore_m, haversine_m, on_land
from wakewatch.store.db import Store

SMALL = {"vessels": 6, "days": 4.0}
SEED = 7


@pytest.fixture(scope="module")
def spoof(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store]:
    return generate(tmp_path_factory.mktemp("spoof"), "spoofing", SEED, **SMALL)


def _by_reason(out: Path) -> dict[str, list]:  # type: ignore[type-arg]
    out_: dict[str, list] = {}  # type: ignore[type-arg]
    for e in truth(out, "spoofing"):
        out_.setdefault(e.evidence["reason"], []).append(e)
    return out_


def test_one_episode_of_each_reason(spoof: tuple[Path, Store]) -> None:
    reasons = _by_reason(spoof[0])
    assert {k: len(v) for k, v in reasons.items()} == {
        "impossible_speed": 1, "on_land": 1, "two_places": 1}
    assert not truth(spoof[0], "identity_change")


def test_the_jump_implies_an_impossible_speed(spoof: tuple[Path, Store]) -> None:
    out, store = spoof
    (e,) = _by_reason(out)["impossible_speed"]
    mine = positions(store, e.mmsi)
    before = mine.filter(pl.col("ts") < e.start).tail(1)
    inside = mine.filter(pl.col("ts").is_between(e.start, e.end))
    after = mine.filter(pl.col("ts") > e.end).head(1)
    assert inside.height >= 2 and before.height == 1 and after.height == 1
    for a, b in ((before, inside.head(1)), (inside.tail(1), after)):
        d = float(haversine_m(a["lat"][0], a["lon"][0], b["lat"][0], b["lon"][0]))
        dt_h = (b["ts"][0] - a["ts"][0]).total_seconds() / 3600.0
        assert d > 100_000 and d / 1852.0 / dt_h > 50.0
    assert not on_land(inside["lat"].to_numpy(), inside["lon"].to_numpy()).any()


def test_on_land_positions_are_inland(spoof: tuple[Path, Store]) -> None:
    out, store = spoof
    (e,) = _by_reason(out)["on_land"]
    inside = positions(store, e.mmsi, e.start, e.end)
    assert inside.height >= 2
    lat, lon = inside["lat"].to_numpy(), inside["lon"].to_numpy()
    assert on_land(lat, lon).all() and distance_to_shore_m(lat, lon).min() >= 5000
    around = positions(store, e.mmsi, e.start - HOUR, e.end + HOUR).filter(
        ~pl.col("ts").is_between(e.start, e.end))
    assert around.height and not on_land(around["lat"].to_numpy(),
                                          around["lon"].to_numpy()).any()


def test_one_mmsi_heard_in_two_places_far_apart(spoof: tuple[Path, Store]) -> None:
    out, store = spoof
    (e,) = _by_reason(out)["two_places"]
    assert e.evidence["min_distance_km"] >= 50
    inside = positions(store, e.mmsi, e.start, e.end).sort("ts")
    lat, lon = inside["lat"].to_numpy(), inside["lon"].to_numpy()
    ts = inside["ts"].dt.epoch("s").to_numpy()
    jumps = haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    near_in_time = np.diff(ts) <= 600
    # within 10 minutes: either the same ship (a few km) or the other (>= 50 km away)
    assert ((jumps[near_in_time] <= 10_000) | (jumps[near_in_time] >= 50_000)).all()
    assert (jumps[near_in_time] >= 50_000).sum() >= 4


def test_gaps_are_real_and_land_only_where_spoofed(spoof: tuple[Path, Store]) -> None:
    assert_gaps_are_real(*spoof)
    assert_no_land_except_spoofing(*spoof)


def test_same_seed_same_bytes(spoof: tuple[Path, Store], tmp_path: Path) -> None:
    assert_same_seed_same_bytes(spoof[0], tmp_path, "spoofing", SEED, **SMALL)
