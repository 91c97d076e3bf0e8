"""Voyages and deliveries on synthetic calls and draughts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.events import Event
from wakewatch.infer.receipt import deliveries
from wakewatch.infer.voyages import build_calls, voyages

T0 = datetime(2023, 9, 1, tzinfo=UTC)
M = 273000001


def t(h: float) -> datetime:
    return T0 + timedelta(hours=h)


def call(port: str, h0: float, h1: float, lat: float, lon: float) -> Event:
    return Event(kind="port_call", mmsi=M, start=t(h0), end=t(h1), port=port, lat=lat,
                 lon=lon, event_id=f"port_call:{port}:{h0}", score=1.0)


def gap(h0: float, h1: float, lat: float, lon: float, **ev: Any) -> Event:
    ref = {"lat": lat, "lon": lon}
    return Event(kind="gap", mmsi=M, start=t(h0), end=t(h1), lat=lat, lon=lon, score=1.0,
                 event_id=f"gap:{h0}", evidence={"off": ref, "on": ref, "intentional": True,
                                                 "duration_h": h1 - h0, **ev})


def draughts(rows: list[tuple[float, float]]) -> pl.DataFrame:
    return pl.DataFrame({"mmsi": [M] * len(rows), "ts": [t(h) for h, _ in rows],
                         "draught_m": [d for _, d in rows]},
                        schema={"mmsi": pl.Int64, "ts": pl.Datetime("us", "UTC"),
                                "draught_m": pl.Float64})


def test_dark_load_off_rajin_then_discharge_at_vostochny_is_a_delivery() -> None:
    events = [call("RUVYP", 0, 20, 42.73, 133.05),
              gap(30, 60, 42.25, 130.95),                 # dark ~55 km off Rajin
              call("RUVYP", 70, 95, 42.73, 133.05)]
    dr = draughts([(1, 6.0), (60, 11.5), (80, 6.1)])
    calls = build_calls(events, dr)
    assert [(c.kind, c.port, c.dark) for c in calls] == [
        ("port_call", "RUVYP", False), ("gap", "KPRJN", True), ("port_call", "RUVYP", False)]
    legs = voyages(events, dr, calls=calls)
    assert [(v.from_port, v.to_port) for v in legs] == [("RUVYP", "KPRJN"), ("KPRJN", "RUVYP")]
    assert legs[1].draught_depart_m == 11.5
    got = deliveries(calls, events)
    assert len(got) == 1
    d = got[0]
    assert (d.load_port, d.discharge_port, d.dark_load) == ("KPRJN", "RUVYP", True)
    assert (d.draught_up_m, d.draught_down_m) == (5.5, 5.4)
    assert set(d.event_ids) >= {"gap:30", "port_call:RUVYP:70"}


def test_loading_at_an_ordinary_port_is_not_a_delivery() -> None:
    events = [call("CNTAO", 0, 20, 36.06, 120.38), call("KRPUS", 60, 80, 35.10, 129.04)]
    dr = draughts([(1, 6.0), (19, 11.0), (70, 6.0)])
    calls = build_calls(events, dr)
    assert deliveries(calls, events) == []
    assert len(voyages(events, dr, calls=calls)) == 1


def test_a_gap_far_from_any_port_of_concern_is_not_a_call() -> None:
    events = [gap(30, 60, 30.0, 140.0)]
    assert build_calls(events, draughts([])) == []


def test_no_discharge_without_a_draught_drop() -> None:
    events = [call("KPNAM", 0, 20, 38.72, 125.4), call("CNDAL", 60, 80, 38.92, 121.67)]
    calls = build_calls(events, draughts([(1, 5.0), (21, 9.0)]))
    assert deliveries(calls, events) == []


_PORTS = {"KPRJN": (42.23, 130.3), "RUVYP": (42.75, 133.08), "CNTAO": (36.06, 120.38),
          "KRPUS": (35.10, 129.04)}


@settings(max_examples=50)
@given(st.lists(st.tuples(st.sampled_from(sorted(_PORTS)),
                          st.floats(3.0, 14.0).map(lambda x: round(x, 1))),
                min_size=1, max_size=10))
def test_deliveries_load_at_concern_ports_and_discharge_later(
        stops: list[tuple[str, float]]) -> None:
    events, rows = [], []
    for k, (port, draught) in enumerate(stops):
        lat, lon = _PORTS[port]
        events.append(call(port, 50.0 * k, 50.0 * k + 20.0, lat, lon))
        rows.append((50.0 * k + 10.0, draught))
    calls = build_calls(events, draughts(rows))
    got = deliveries(calls, events)
    assert len(got) <= sum(1 for p, _ in stops if p in ("KPRJN", "RUVYP"))
    for d in got:
        assert d.load_port in ("KPRJN", "RUVYP") and d.discharge_port != d.load_port
        assert d.discharge_time > d.load_time
        assert d.draught_up_m >= 0.3 and d.draught_down_m >= 0.3
