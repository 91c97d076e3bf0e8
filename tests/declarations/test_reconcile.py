"""declarations.reconcile: each finding kind from synthetic events; honest voyages are quiet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.declarations.hs import arms_hs, concern_keywords
from wakewatch.declarations.reconcile import Finding, finding_to_json, reconcile, reconcile_store
from wakewatch.declarations.schema import RECORD_SCHEMA, validate
from wakewatch.events import Event, event_id
from wakewatch.store.db import Store
from wakewatch.store.declarations import write_file
from wakewatch.store.events import EventFilter, replace_events

T0 = datetime(2023, 9, 3, tzinfo=UTC)
MMSI, IMO = 273111111, 9547156


def _decl(**kw: Any) -> dict[str, Any]:
    raw = {"declaration_id": "D1", "vessel_imo": str(IMO), "vessel_mmsi": str(MMSI),
           "port_of_loading": "KRPUS", "port_of_discharge": "CNSHA",
           "loading_date": T0.isoformat(), "discharge_date": (T0 + timedelta(days=3)).isoformat(),
           "cargo_description": "steel products", "hs_code": "7308"}
    raw.update(kw)
    return validate(raw)


def _frame(*records: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(list(records), schema=RECORD_SCHEMA)


def _call(port: str, start_h: float, end_h: float, kind: str = "port_call",
          mmsi: int = MMSI) -> Event:
    start = T0 + timedelta(hours=start_h)
    return Event(kind, mmsi, start, T0 + timedelta(hours=end_h), port=port,
                 event_id=event_id(kind, mmsi, start, key=port))


def _kinds(findings: list[Finding]) -> list[str]:
    return sorted(f.kind for f in findings)


def test_an_honest_voyage_yields_no_finding() -> None:
    events = [_call("KRPUS", -20, 2), _call("CNSHA", 60, 80), _call("JPKIJ", 120, 130),
              Event("gap", MMSI, T0 + timedelta(days=20), T0 + timedelta(days=21))]
    assert reconcile(_frame(_decl()), events) == []


def test_discharge_port_not_reached_when_the_vessel_goes_the_other_way() -> None:
    d = _decl(port_of_loading="KPRJN", port_of_discharge="EGPSD",
              discharge_date=(T0 + timedelta(days=33)).isoformat(), hs_code="6810",
              cargo_description="construction materials")
    drop = Event("draught_change", MMSI, T0 + timedelta(hours=40), T0 + timedelta(hours=41),
                 port="RUVYP", event_id="draught_change:1",
                 evidence={"draught_before_m": 9.2, "draught_after_m": 4.8})
    events = [_call("KPRJN", -20, 2, "dark_port_call"), _call("RUVYP", 30, 60), drop]
    found = reconcile(_frame(d), events)
    assert _kinds(found) == ["discharge_port_not_reached", "port_of_concern_between"]
    f = next(f for f in found if f.kind == "discharge_port_not_reached")
    assert (f.mmsi, f.imo, f.declaration_id) == (MMSI, IMO, "D1")
    assert f.score == 0.75      # moved away, draught fell there; not observed past the window
    assert "RUVYP" in f.detail and "EGPSD" in f.detail and "nm" in f.detail
    assert f.event_ids == [events[1].event_id, "draught_change:1"]
    ev = f.evidence
    assert ev["declaration"]["pod_locode"] == "EGPSD"
    assert ev["away_calls"][0]["port"] == "RUVYP"
    assert ev["away_calls"][0]["sea_nm_to_discharge"] > ev["sea_nm_loading_to_discharge"]
    assert [c["port"] for c in ev["calls_in_window"]] == ["KPRJN", "RUVYP"]
    j = finding_to_json(f)
    assert j["start"].endswith("Z") and j["finding_id"] == f.finding_id


def test_discharge_port_not_reached_when_observed_past_the_window() -> None:
    events = [_call("KRPUS", -10, 1),
              Event("gap", MMSI, T0 + timedelta(days=8), T0 + timedelta(days=9))]
    found = reconcile(_frame(_decl()), events)
    assert _kinds(found) == ["discharge_port_not_reached"]
    assert found[0].score == 0.75 and found[0].evidence["observed_after_window"] is True


def test_a_stop_on_the_way_is_not_a_finding() -> None:
    d = _decl(port_of_loading="KRPUS", port_of_discharge="SGSIN",
              discharge_date=(T0 + timedelta(days=8)).isoformat())
    events = [_call("KRPUS", -10, 1), _call("CNSHA", 40, 50)]   # Shanghai: closer to Singapore
    assert reconcile(_frame(d), events) == []


def test_port_of_concern_between_from_a_dark_call() -> None:
    events = [_call("KRPUS", -10, 1), _call("KPRJN", 20, 30, "dark_port_call"),
              _call("CNSHA", 60, 70)]
    found = reconcile(_frame(_decl()), events)
    assert _kinds(found) == ["port_of_concern_between"]
    assert found[0].score == 0.6 and "KPRJN" in found[0].detail
    assert found[0].event_ids == [events[1].event_id]


def test_a_port_of_concern_after_the_discharge_call_is_not_between() -> None:
    events = [_call("KRPUS", -10, 1), _call("CNSHA", 60, 70), _call("RUVVO", 100, 110)]
    assert reconcile(_frame(_decl()), events) == []


def test_loading_port_not_visited() -> None:
    d = _decl(port_of_loading="Zarubino", port_of_discharge="Port Said",
              discharge_date=(T0 + timedelta(days=33)).isoformat())
    events = [_call("KPRJN", -20, 3, "dark_port_call")]
    found = reconcile(_frame(d), events)
    f = next(f for f in found if f.kind == "loading_port_not_visited")
    assert f.score == 0.9 and "RUZAR" in f.detail and "KPRJN" in f.detail
    assert "port_of_concern_between" in _kinds(found)


def test_no_events_no_track_findings_but_cargo_findings_stay() -> None:
    d = _decl(hs_code="930690", cargo_description="machine parts", vessel_mmsi=None)
    found = reconcile(_frame(d), [_call("RUVYP", 10, 20)])
    assert _kinds(found) == ["arms_cargo"]
    assert found[0].mmsi is None and found[0].score == 0.9
    again = reconcile(_frame(d), [])
    assert [f.finding_id for f in again] == [f.finding_id for f in found]


@pytest.mark.parametrize("hs, heading", [
    ("93", "chapter 93"), ("930690", "chapter 93"), ("8710", "8710"), ("360200", "3602"),
    ("880240", "8802"), ("8806", "8806"), ("7308", None), ("9030", None), (None, None)])
def test_arms_hs_headings(hs: str | None, heading: str | None) -> None:
    got = arms_hs(hs)
    assert (got is None) if heading is None else (got is not None and heading in got)


@pytest.mark.parametrize("text, hit", [
    ("155 mm artillery shells", True), ("152mm shells", True),
    ("industrial explosives for mining", True),
    ("rocket motors", True), ("UAV spare parts", True), ("sea shells, decorative", False),
    ("Shell lubricants", False), ("steel products", False), ("construction materials", False),
    ("mortarboards", False)])
def test_dual_use_keywords(text: str, hit: bool) -> None:
    assert bool(concern_keywords(text)) is hit


def test_dual_use_cargo_finding_names_its_words() -> None:
    found = reconcile(_frame(_decl(cargo_description="artillery ammunition", hs_code="7308")),
                      [])
    assert _kinds(found) == ["dual_use_cargo"]
    assert found[0].score == 0.7 and "Wassenaar" in found[0].detail


def test_reconcile_store_resolves_the_imo_to_the_broadcasting_mmsi(store: Store) -> None:
    for mmsi, day in ((273000001, -200), (273111111, -2)):   # reflagged: newest MMSI wins
        store.con.execute("INSERT INTO statics (mmsi, ts, imo) VALUES (?, ?, ?)",
                          [mmsi, T0 + timedelta(days=day), IMO])
    rec = _decl(vessel_mmsi=None, port_of_discharge="EGPSD",
                discharge_date=(T0 + timedelta(days=33)).isoformat())
    frame = pl.DataFrame([{**rec, "file_sha256": "x", "line_no": 2}],
                         schema={**RECORD_SCHEMA, "file_sha256": pl.String,
                                 "line_no": pl.Int64})
    write_file(store, sha="x", path="p.csv", fmt="csv", records=frame,
               rejects=pl.DataFrame(schema={"file_sha256": pl.String, "source": pl.String,
                                            "line_no": pl.Int64, "reason": pl.String,
                                            "raw": pl.String}), duplicate=0)
    calls = [_call("KRPUS", -10, 1, mmsi=273111111), _call("RUVYP", 30, 50, mmsi=273111111)]
    replace_events(store, calls, EventFilter(kinds=("port_call",)))
    found = reconcile_store(store)
    assert sorted((f.kind, f.mmsi) for f in found) == [
        ("discharge_port_not_reached", 273111111), ("port_of_concern_between", 273111111)]


def test_an_unexplained_gap_at_loading_time_is_not_a_missed_loading_call() -> None:
    d = _decl(port_of_loading="KPRJN", port_of_discharge="EGPSD",
              discharge_date=(T0 + timedelta(days=33)).isoformat())
    gap = Event("gap", MMSI, T0 - timedelta(hours=30), T0 + timedelta(hours=10))
    events = [_call("RUVYP", -60, -32), gap, _call("RUVYP", 30, 60)]
    kinds = _kinds(reconcile(_frame(d), events))
    assert "loading_port_not_visited" not in kinds      # it may have loaded unseen
    dark_elsewhere = _call("KPCHO", -20, 0, "dark_port_call")
    kinds = _kinds(reconcile(_frame(d), [*events, dark_elsewhere]))
    assert "loading_port_not_visited" in kinds          # the gap is explained elsewhere


_HONEST_PORTS = ("KRPUS", "CNSHA", "JPKIJ", "CNTAO", "KRUSN", "JPSMN", "SGSIN", "CNDAL")


@settings(max_examples=40)
@given(st.lists(st.sampled_from(_HONEST_PORTS), min_size=2, max_size=5, unique=True),
       st.lists(st.floats(6.0, 60.0), min_size=5, max_size=5),
       st.floats(-12.0, 12.0), st.randoms(use_true_random=False))
def test_honest_itineraries_yield_nothing_in_any_event_order(
        ports: list[str], legs_h: list[float], date_err_h: float, rnd: Any) -> None:
    """A vessel that calls at each declared port in turn, each declared leg taken from its
    real calls (dates off by up to 12 h), gives no finding, whatever the event order."""
    events, t, records, prev_end = [], 0.0, [], 0.0
    for i, port in enumerate(ports):
        events.append(_call(port, t, t + 10.0))
        if i:
            records.append(_decl(
                declaration_id=f"D{i}", port_of_loading=ports[i - 1], port_of_discharge=port,
                loading_date=(T0 + timedelta(hours=prev_end + date_err_h)).isoformat(),
                discharge_date=(T0 + timedelta(hours=t - date_err_h)).isoformat()
                if t - date_err_h > prev_end + date_err_h else None))
        prev_end = t + 10.0
        t += 10.0 + legs_h[i]
    found = reconcile(_frame(*records), events)
    assert found == []
    rnd.shuffle(events)
    assert reconcile(_frame(*records), events) == found
