"""sim.truth_dest: destination_mismatch truth from heard static reports and true calls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wakewatch.sim.records import PositionReport, Report, StaticReport
from wakewatch.sim.truth import HeardLog
from wakewatch.sim.truth_dest import destination_truth
from wakewatch.sim.voyage import PortCallTruth

T0 = datetime(2023, 9, 1, tzinfo=UTC)
M = 273_000_002


def h(x: float) -> datetime:
    return T0 + timedelta(hours=x)


def call(locode: str | None, a: float, d: float) -> PortCallTruth:
    return PortCallTruth(M, locode, 42.0, 131.0, h(a), h(d), 5.0, 5.0)


def static(t: float, dest: str) -> StaticReport:
    return StaticReport(M, h(t), 9_000_001, "UBC1", "TEST", 70, 100, 20, 10, 10, 5.0, dest,
                        None)


def position(t: float) -> PositionReport:
    return PositionReport(M, h(t), 42.0, 131.0, 10.0, 90.0, 90, 0)


def log_of(reports: list[Report]) -> HeardLog:
    log = HeardLog(reports)
    for i, r in enumerate(reports):
        log.first_rx[i] = log.last_rx[i] = r.ts
    return log


CALLS = [call("RUVYP", 0, 10), call("KPRJN", 30, 50), call("RUVYP", 70, 90)]


def test_false_declaration_gives_one_event_per_leg_at_the_declared_port() -> None:
    reports: list[Report] = [static(t, "PT SAID") for t in range(0, 95, 2)]
    reports += [position(95)]
    events = destination_truth(log_of(reports), CALLS, "t")
    assert [(e["port"], e["evidence"]["arrival_port"]) for e in events] == [
        ("EGPSD", "KPRJN"), ("EGPSD", "RUVYP")]
    first = events[0]
    assert (first["start"], first["end"]) == ("2023-09-01T10:00:00Z", "2023-09-02T04:00:00Z")
    assert first["kind"] == "destination_mismatch" and first["mmsi"] == M


def test_honest_and_placeholder_declarations_give_nothing() -> None:
    reports: list[Report] = [static(t, "RAJIN") for t in range(10, 30, 2)]
    reports += [static(t, "FOR ORDERS") for t in range(50, 70, 2)] + [position(95)]
    assert destination_truth(log_of(reports), CALLS, "t") == []


def test_an_arrival_the_data_never_shows_is_not_proven() -> None:
    reports: list[Report] = [static(t, "JEDDAH") for t in range(50, 70, 2)]
    reports += [position(60)]  # never heard again after the arrival at 70
    assert destination_truth(log_of(reports), CALLS, "t") == []
    assert len(destination_truth(log_of([*reports, position(80)]), CALLS, "t")) == 1


def test_a_leg_to_a_place_without_a_code_gives_nothing() -> None:
    calls = [call("KPRJN", 0, 10), call(None, 20, 30), call("KPRJN", 40, 50)]
    reports: list[Report] = [static(t, "VOSTOCHNY") for t in range(10, 40, 2)]
    events = destination_truth(log_of([*reports, position(55)]), calls, "t")
    assert [e["evidence"]["arrival_port"] for e in events] == ["KPRJN"]
    assert events[0]["start"] == "2023-09-02T06:00:00Z"  # from the rendezvous on
