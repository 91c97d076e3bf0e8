"""Checks every scenario's truth must pass, against what ingest stored from the emitted NMEA.

Used by the per-scenario test modules: generate once per module (``generated``), ingest,
then assert the truth is true in the stored data — gaps are gaps, positions on land only
where spoofing says so, the same seed gives the same bytes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from wakewatch.evaluate import read_events_jsonl
from wakewatch.events import Event
from wakewatch.geo import distance_to_shore_m, haversine_m, nearest_ports, on_land
from wakewatch.sim.scenario import simulate
from wakewatch.store.db import Store
from wakewatch.store.load import ingest_path

FILES = ("positions.nmea", "positions.csv", "truth.jsonl")


def generate(tmp: Path, scenario: str, seed: int, **kw: Any) -> tuple[Path, Store]:
    out = tmp / f"{scenario}-{seed}"
    simulate(scenario, seed, out, **kw)
    store = Store.open(tmp / f"{scenario}-{seed}.duckdb")
    ingest_path(store, out / "positions.nmea")
    return out, store


def truth(out: Path, kind: str | None = None) -> list[Event]:
    evs = read_events_jsonl(out / "truth.jsonl")
    return [e for e in evs if kind is None or e.kind == kind]


def positions(store: Store, mmsi: int | None = None, start: datetime | None = None,
              end: datetime | None = None) -> pl.DataFrame:
    """Stored positions (mmsi, ts, lat, lon, sog_kn), optionally of one MMSI in [start, end]."""
    df = store.con.sql("SELECT mmsi, ts, lat, lon, sog_kn FROM positions ORDER BY mmsi, ts").pl()
    df = df.with_columns(pl.col("ts").dt.convert_time_zone("UTC"))
    if mmsi is not None:
        df = df.filter(pl.col("mmsi") == mmsi)
    if start is not None and end is not None:
        df = df.filter(pl.col("ts").is_between(start, end))
    return df


def assert_gaps_are_real(out: Path, store: Store) -> None:
    """No stored position of a truth gap's MMSI strictly inside it; some before and after."""
    pos = positions(store)
    for g in truth(out, "gap"):
        mine = pos.filter(pl.col("mmsi") == g.mmsi)
        inside = mine.filter((pl.col("ts") > g.start) & (pl.col("ts") < g.end)).height
        assert inside == 0, g
        assert mine.filter(pl.col("ts") <= g.start).height > 0, g
        assert mine.filter(pl.col("ts") >= g.end).height > 0, g


def assert_no_land_except_spoofing(out: Path, store: Store, berth_m: float = 2000.0) -> None:
    """A stored position on land is near a berth (a port call: the coast data is coarse) or
    inside an on-land spoofing episode of its MMSI."""
    pos = positions(store)
    land = on_land(pos["lat"].to_numpy(), pos["lon"].to_numpy())
    ev = truth(out)
    calls = [e for e in ev if e.kind == "port_call"]
    spoof = [e for e in ev if e.kind == "spoofing" and e.evidence.get("reason") == "on_land"]
    for m, ts, la, lo in pos.filter(pl.Series(land)).select(
            "mmsi", "ts", "lat", "lon").iter_rows():
        if any(s.mmsi == m and s.start <= ts <= s.end for s in spoof):
            continue
        assert any(float(haversine_m(la, lo, c.lat, c.lon)) < berth_m for c in calls
                   if c.lat is not None and c.lon is not None), (m, ts, la, lo)


def assert_same_seed_same_bytes(out: Path, tmp: Path, scenario: str, seed: int,
                                **kw: Any) -> None:
    again = tmp / "again"
    simulate(scenario, seed, again, **kw)
    for name in FILES:
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
    other = tmp / "other"
    simulate(scenario, seed + 1, other, **kw)
    assert (other / "positions.nmea").read_bytes() != (out / "positions.nmea").read_bytes()


def interp_distance_m(a: pl.DataFrame, b: pl.DataFrame) -> np.ndarray[Any, Any]:
    """Distance from each position of ``a`` to ``b``'s track interpolated at its time."""
    ta = a["ts"].dt.epoch("s").to_numpy().astype(float)
    tb = b["ts"].dt.epoch("s").to_numpy().astype(float)
    lat = np.interp(ta, tb, b["lat"].to_numpy())
    lon = np.interp(ta, tb, np.unwrap(b["lon"].to_numpy(), period=360.0))
    return np.asarray(haversine_m(a["lat"].to_numpy(), a["lon"].to_numpy(), lat, lon))


def assert_encounters_are_true(out: Path, store: Store) -> None:
    """Two slow tracks within 500 m (+ noise) for >= 2 h, >= 10 km from ports, both heard."""
    for e in truth(out, "encounter"):
        assert e.other_mmsi is not None and e.lat is not None and e.lon is not None
        assert (e.end - e.start).total_seconds() >= 2 * 3600
        a = positions(store, e.mmsi, e.start, e.end)
        b = positions(store, e.other_mmsi, e.start, e.end)
        assert a.height >= 3 and b.height >= 3
        # true tracks <= 500 m; stored ones add GPS noise (10 m) and ~90 s of drift
        assert interp_distance_m(a, b).max() <= 560.0, e
        assert float(a["sog_kn"].median()) < 2.0 and float(b["sog_kn"].median()) < 2.0  # type: ignore[arg-type]
        assert nearest_ports(e.lat, e.lon, 1, max_distance_m=10_000).is_empty()


def assert_loitering_is_true(out: Path, store: Store) -> None:
    """Slow >= 4 h, >= 20 nm from shore, no other stored vessel within 500 m."""
    everyone = positions(store)
    for e in truth(out, "loitering"):
        assert (e.end - e.start).total_seconds() >= 4 * 3600
        mine = positions(store, e.mmsi, e.start, e.end)
        assert mine.height >= 3
        assert float(mine["sog_kn"].max()) < 2.05  # type: ignore[arg-type]
        shore = distance_to_shore_m(mine["lat"].to_numpy(), mine["lon"].to_numpy())
        assert shore.min() >= 37_040 - 100
        others = everyone.filter((pl.col("mmsi") != e.mmsi)
                                 & pl.col("ts").is_between(e.start, e.end))
        for (_,), other in others.group_by(["mmsi"]):
            if other.height >= 2:
                inside = mine.filter(pl.col("ts").is_between(other["ts"].min(),
                                                              other["ts"].max()))
                if inside.height:
                    assert interp_distance_m(inside, other.sort("ts")).min() > 500.0


HOUR = timedelta(hours=1)
