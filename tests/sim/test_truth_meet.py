"""sim.truth_meet on small named true tracks: encounters, loitering, dark partners."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.geo import distance_to_shore_m
from wakewatch.sim.truth_meet import meeting_truth

SEA = (38.5, 133.0)          # Sea of Japan, far from any shore and port
T0 = int(datetime(2023, 9, 1, tzinfo=UTC).timestamp())


def track(hull: int, mmsi: int, t0_h: float, t1_h: float, north_m: float = 0.0,
          sog: float = 0.3, step_s: int = 180) -> pl.DataFrame:
    t = np.arange(T0 + int(t0_h * 3600), T0 + int(t1_h * 3600), step_s)
    return pl.DataFrame({
        "hull": np.full(len(t), hull, np.int32), "mmsi": np.full(len(t), mmsi, np.int64),
        "ts": (t * 1_000_000).astype("datetime64[us]"),
        "lat": np.full(len(t), SEA[0] + north_m / 111_195.0), "lon": np.full(len(t), SEA[1]),
        "sog_kn": np.full(len(t), sog)}).with_columns(pl.col("ts").dt.replace_time_zone("UTC"))


def heard_all(true: pl.DataFrame) -> pl.DataFrame:
    return true.select("hull", pl.col("ts").dt.epoch("s").alias("rx_s"))


def run(true: pl.DataFrame, tx: pl.DataFrame | None = None) -> list[dict]:  # type: ignore[type-arg]
    tx = true.select("hull", "ts") if tx is None else tx
    return meeting_truth(true, tx, heard_all(tx), "t")


def test_the_test_point_is_far_offshore() -> None:
    assert float(distance_to_shore_m(*SEA)) > 60_000


def test_waiting_alone_then_alongside_is_loitering_then_an_encounter() -> None:
    true = pl.concat([track(0, 412000002, 0, 10), track(1, 412000001, 6, 10, north_m=120)])
    evs = sorted(run(true), key=lambda e: e["start"])
    assert [e["kind"] for e in evs] == ["loitering", "encounter"]
    loit, enc = evs
    assert loit["mmsi"] == 412000002 and loit["end"] <= enc["start"]
    assert (enc["mmsi"], enc["other_mmsi"]) == (412000001, 412000002)
    assert enc["evidence"]["median_distance_m"] < 150


def test_a_dark_partner_leaves_the_ship_loitering_the_whole_time() -> None:
    true = pl.concat([track(0, 412000002, 0, 10), track(1, 412000001, 6, 10, north_m=120)])
    tx = true.filter(pl.col("hull") == 0).select("hull", "ts")
    evs = run(true, tx)
    assert [e["kind"] for e in evs] == ["loitering"]
    assert evs[0]["end"] >= "2023-09-01T09:5"


def test_short_or_fast_or_distant_meetings_are_nothing() -> None:
    assert not run(pl.concat([track(0, 1, 0, 1.5), track(1, 2, 0, 1.5, north_m=100)]))
    assert not run(pl.concat([track(0, 1, 0, 3, sog=3.0), track(1, 2, 0, 3, 100, sog=3.0)]))
    assert not [e for e in run(pl.concat([track(0, 1, 0, 3), track(1, 2, 0, 3, 900)]))
                if e["kind"] == "encounter"]


@settings(max_examples=25)
@given(st.floats(0.0, 400.0), st.floats(2.2, 6.0), st.booleans())
def test_encounters_do_not_depend_on_hull_order(dist_m: float, hours: float,
                                                swap: bool) -> None:
    a, b = track(0, 5, 0, hours), track(1, 9, 0, hours, north_m=dist_m)
    if swap:
        a, b = b.with_columns(pl.lit(0, pl.Int32).alias("hull")), a.with_columns(
            pl.lit(1, pl.Int32).alias("hull"))
    evs = [e for e in run(pl.concat([a, b])) if e["kind"] == "encounter"]
    assert len(evs) == 1
    assert (evs[0]["mmsi"], evs[0]["other_mmsi"]) == (5, 9)
    assert evs[0]["evidence"]["max_distance_m"] <= 500.0
