"""sim.voyage: true tracks along sea routes, never on land, with the speed profile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.geo import haversine_m, on_land
from wakewatch.sim.voyage import (
    TRACK_SCHEMA,
    PortCall,
    Schedule,
    Track,
    leg_path,
    simulate_track,
    simulate_tracks,
    to_reports,
)

T0 = datetime(2023, 9, 7, tzinfo=UTC)
MMSI = 273_000_001


def shuttle(stay_h: tuple[float, float, float] = (30.0, 20.0, 10.0)) -> Schedule:
    return Schedule(MMSI, T0, (PortCall("KPRJN", stay_h[0], 8.5),        # loaded at Rajin
                               PortCall("RUVYP", stay_h[1], 4.0),        # discharged
                               PortCall("KPRJN", stay_h[2], 4.0)), arrival_draught_m=4.0)


@cache
def shuttle_track(seed: int = 1) -> Track:
    return simulate_track(shuttle(), seed)


def test_columns_and_order() -> None:
    df = shuttle_track().positions
    assert dict(df.schema) == TRACK_SCHEMA
    assert df["ts"].is_sorted() and df["ts"].is_unique().all()
    assert set(df["phase"].unique()) == {"port", "underway"}


def test_shuttle_never_on_land() -> None:
    df = shuttle_track().positions
    assert not on_land(df["lat"].to_numpy(), df["lon"].to_numpy()).any()


def test_speeds_within_the_profile() -> None:
    df = shuttle_track().positions
    port = df.filter(pl.col("phase") == "port")
    under = df.filter(pl.col("phase") == "underway")
    assert port["sog_kn"].max() < 0.5  # type: ignore[operator]
    assert set(port["nav_status"].unique()) == {5}
    assert set(under["nav_status"].unique()) == {0}
    assert under["sog_kn"].max() < 14.0  # type: ignore[operator]
    cruise = under.filter(pl.col("sog_kn") > 6.0)["sog_kn"]
    assert 11.0 < float(cruise.median()) < 13.0  # type: ignore[arg-type]
    # accelerating out of port: slow first half hour, cruising after two hours
    legs = under.with_columns((pl.col("ts") - pl.col("ts").min()).alias("dt"))
    first = legs.filter(pl.col("dt") < timedelta(minutes=30))["sog_kn"]
    assert float(first.max()) < 7.0  # type: ignore[arg-type]


def test_implied_speed_matches_reported_speed() -> None:
    under = shuttle_track().positions.filter(pl.col("phase") == "underway")
    lat, lon = under["lat"].to_numpy(), under["lon"].to_numpy()
    d = haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    dt = np.diff(under["ts"].dt.epoch("s").to_numpy())
    implied_kn = d[dt == 60] / 60.0 / (1852.0 / 3600.0)
    assert implied_kn.max() < 14.0


def test_port_stays_and_draught() -> None:
    calls = shuttle_track().port_calls
    assert [c.locode for c in calls] == ["KPRJN", "RUVYP", "KPRJN"]
    stays = [(c.departure - c.arrival).total_seconds() / 3600 for c in calls]
    assert stays == [30.0, 20.0, 10.0]
    assert calls[0].draught_after_m > calls[0].draught_before_m      # loaded at Rajin
    assert calls[1].draught_after_m < calls[1].draught_before_m      # discharged in Russia
    df = shuttle_track().positions
    for c in calls:
        inside = df.filter(pl.col("ts").is_between(c.arrival, c.departure, closed="left"))
        assert set(inside["phase"].unique()) == {"port"}
        assert set(inside["port_locode"].unique()) == {c.locode}
        assert inside["draught_m"][0] == c.draught_before_m
        assert inside["draught_m"][-1] == c.draught_after_m
    # the shuttle leg takes a plausible time (~230 km at 12 kn)
    leg_h = (calls[1].arrival - calls[0].departure).total_seconds() / 3600
    assert 9.0 < leg_h < 16.0


def test_berths_are_near_their_ports() -> None:
    for c in shuttle_track().port_calls:
        ref = {"KPRJN": (42.233333, 130.3), "RUVYP": (42.75, 133.083333)}[c.locode or ""]
        assert float(haversine_m(c.lat, c.lon, *ref)) < 8_000


def test_busan_to_port_said_via_malacca_and_suez() -> None:
    s = Schedule(440_000_001, T0, (PortCall("KRPUS", 12, 10.0), PortCall("EGPSD", 12, 10.0)))
    track = simulate_track(s, 5)
    under = track.positions.filter(pl.col("phase") == "underway")
    lat, lon = under["lat"].to_numpy(), under["lon"].to_numpy()
    assert haversine_m(lat, lon, 1.25, 103.8).min() < 150_000     # Singapore Strait
    assert haversine_m(lat, lon, 29.9, 32.55).min() < 100_000     # Gulf of Suez
    days = (track.port_calls[1].arrival - track.port_calls[0].departure).total_seconds() / 86400
    assert 24.0 < days < 31.0        # ~15,000 km at 12 kn is ~27 days
    # away from the Suez Canal (narrower than Natural Earth 50m resolves), all at sea
    canal = haversine_m(lat, lon, 30.6, 32.3) < 120_000
    assert not (on_land(lat, lon) & ~canal).any()


def test_same_seed_same_track_and_different_seed_differs() -> None:
    a = simulate_track(shuttle(), 7).positions
    assert a.equals(simulate_track(shuttle(), 7).positions)
    assert not a.equals(simulate_track(shuttle(), 8).positions)


@settings(max_examples=15)
@given(stays=st.tuples(st.floats(1.0, 72.0), st.floats(1.0, 72.0), st.floats(1.0, 72.0)),
       seed=st.integers(0, 2**32 - 1))
def test_any_shuttle_is_at_sea_and_keeps_its_stays(stays: tuple[float, float, float],
                                                   seed: int) -> None:
    track = simulate_track(shuttle(stays), seed)
    df = track.positions
    assert not on_land(df["lat"].to_numpy(), df["lon"].to_numpy()).any()
    for c, h in zip(track.port_calls, stays, strict=True):
        assert abs((c.departure - c.arrival).total_seconds() - h * 3600) <= 1.0
    assert df["ts"].is_sorted()


def test_leg_path_skips_the_connector_over_the_headland() -> None:
    path = leg_path(42.233333, 130.3, 42.75, 133.083333)
    assert all(lon < 133.5 for _, lon in path)       # searoute's node at 133.7E is dropped


def test_many_vessels_and_reports() -> None:
    other = Schedule(MMSI + 1, T0 + timedelta(hours=3),
                     (PortCall("RUVVO", 5, 6.0), PortCall("RUNJK", 5, 6.0)))
    track = simulate_tracks([shuttle(), other], 1)
    assert track.positions["ts"].is_sorted()
    assert set(track.positions["mmsi"].unique()) == {MMSI, MMSI + 1}
    reports = to_reports(track.positions.head(5))
    assert reports[0].mmsi in (MMSI, MMSI + 1) and reports[0].ts.tzinfo is not None


def test_legs_among_the_primorye_ports_stay_at_sea() -> None:
    # searoute's nodes off Vladivostok and Nakhodka are joined over land by straight lines;
    # the legs bridge them with a waypoint at sea
    calls = tuple(PortCall(c, 2.0, 6.0) for c in ("RUVVO", "RUVYP", "RUNJK", "RUVVO", "KPRJN"))
    df = simulate_track(Schedule(MMSI, T0, calls), 3).positions
    assert not on_land(df["lat"].to_numpy(), df["lon"].to_numpy()).any()
