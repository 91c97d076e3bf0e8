"""sim.reception: what is transmitted and heard; end to end through emit and ingest."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.geo import distance_to_shore_m
from wakewatch.sim.emit import write_nmea
from wakewatch.sim.reception import (
    RECEPTION_SCHEMA,
    CoverageHole,
    DarkWindow,
    Heard,
    heard_fraction,
    receive,
)
from wakewatch.sim.voyage import PortCall, Schedule, Track, simulate_track
from wakewatch.store.db import Store
from wakewatch.store.load import ingest_path

T0 = datetime(2023, 9, 7, tzinfo=UTC)
MMSI = 273_000_001


@cache
def shuttle() -> Track:
    return simulate_track(Schedule(MMSI, T0, (PortCall("KPRJN", 6, 8.5),
                                              PortCall("RUVYP", 6, 4.0))), 1)


@cache
def ocean() -> Track:   # Busan -> Port Said: weeks offshore
    return simulate_track(Schedule(440_000_001, T0, (PortCall("KRPUS", 2, 10.0),
                                                     PortCall("EGPSD", 2, 10.0))), 2)


def test_schema_and_every_reception_is_of_a_transmitted_report() -> None:
    h = receive(shuttle().positions, 1)
    assert dict(h.receptions.schema) == RECEPTION_SCHEMA
    idx = h.receptions["report_index"].to_numpy()
    assert idx.min() >= 0 and idx.max() < len(h.transmitted)
    ts = h.transmitted["ts"].to_numpy()[idx]
    got = h.receptions["ts_received"].to_numpy()
    assert ((got - ts) >= np.timedelta64(0, "s")).all()
    assert ((got - ts) <= np.timedelta64(3, "s")).all()
    assert (h.receptions["ts_received"].dt.microsecond() == 0).all()


@settings(max_examples=20)
@given(start_h=st.floats(0.0, 20.0), length_h=st.floats(0.1, 12.0), seed=st.integers(0, 999))
def test_a_dark_window_transmits_nothing_inside_it(start_h: float, length_h: float,
                                                   seed: int) -> None:
    w = DarkWindow(MMSI, T0 + timedelta(hours=start_h),
                   T0 + timedelta(hours=start_h + length_h))
    h = receive(shuttle().positions, seed, dark=[w])
    ts = h.transmitted["ts"]
    assert not ts.is_between(w.start, w.end, closed="left").any()
    assert not h.receptions["ts_received"].is_between(
        w.start, w.end - timedelta(seconds=3), closed="left").any()
    true_ts = shuttle().positions["ts"]
    assert len(h.transmitted) == (~true_ts.is_between(w.start, w.end, closed="left")).sum()


def test_a_coverage_hole_hears_nothing_but_transmits() -> None:
    hole = CoverageHole(40.0, 125.0, 45.0, 140.0, T0, T0 + timedelta(hours=10))
    h = receive(shuttle().positions, 1, holes=[hole])
    assert len(h.transmitted) == len(shuttle().positions)
    assert not h.receptions["ts_received"].is_between(hole.start, hole.end,
                                                      closed="left").any()


def test_duplicates_come_from_two_stations_within_seconds() -> None:
    h = receive(shuttle().positions, 3, params={"duplicate_fraction": 0.2})
    dups = (h.receptions.group_by("report_index")
            .agg(pl.col("station").n_unique().alias("stations"), pl.len().alias("n"),
                 (pl.col("ts_received").max() - pl.col("ts_received").min()).alias("spread"))
            .filter(pl.col("n") > 1))
    assert len(dups) > 0.1 * h.receptions["report_index"].n_unique()
    assert (dups["stations"] == dups["n"]).all()
    assert (dups["spread"] <= timedelta(seconds=3)).all()


def test_late_receptions_are_out_of_order_lines() -> None:
    h = receive(shuttle().positions, 4, params={"late_fraction": 0.05})
    ts = h.receptions["ts_received"].to_numpy()
    assert (np.diff(ts) < np.timedelta64(0, "s")).any()


def test_offshore_is_heard_much_less_than_near_the_coast() -> None:
    h = receive(ocean().positions, 5)
    tx = h.transmitted
    shore = distance_to_shore_m(tx["lat"].to_numpy(), tx["lon"].to_numpy())
    near = heard_fraction(h, shore < 20_000)
    far = heard_fraction(h, shore > 200_000)
    assert near > 0.8
    assert far < 0.15
    assert far > 0.0         # satellites hear something


def test_gps_noise_is_metres() -> None:
    true = shuttle().positions
    h = receive(true, 6)
    d_lat = (h.transmitted["lat"] - true["lat"]).abs().max()
    assert 0 < float(d_lat) * 111_195 < 100  # type: ignore[arg-type]


def test_same_seed_same_receptions() -> None:
    a, b = receive(shuttle().positions, 9), receive(shuttle().positions, 9)
    assert a.transmitted.equals(b.transmitted) and a.receptions.equals(b.receptions)
    assert not a.receptions.equals(receive(shuttle().positions, 10).receptions)


def _store_positions(h: Heard, tmp_path: Path) -> int:
    path = tmp_path / "shuttle.nmea"
    write_nmea(path, h.reports(), h.reception_pairs(), random.Random(0))
    store = Store.open(tmp_path / "db.duckdb")
    try:
        ingest_path(store, path)
        row = store.con.execute("SELECT count(*) FROM positions").fetchone()
    finally:
        store.con.close()
    assert row is not None
    return int(row[0])


def test_end_to_end_stores_the_unique_heard_reports(tmp_path: Path) -> None:
    dark = DarkWindow(MMSI, T0 + timedelta(hours=5), T0 + timedelta(hours=9))
    h = receive(shuttle().positions, 11, dark=[dark],
                params={"duplicate_fraction": 0.1, "late_fraction": 0.02})
    assert _store_positions(h, tmp_path) == h.receptions["report_index"].n_unique()
