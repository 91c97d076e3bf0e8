"""The invalid_imo detector: bad IMO check digits, default MMSIs, unallocated MIDs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.detect import DetectInputs
from wakewatch.detect.invalid_imo import PARAMS, run
from wakewatch.events import Event
from wakewatch.identity.imo import imo_check_digit_ok

T0 = datetime(2024, 3, 1, tzinfo=UTC)
TS = pl.Datetime("us", "UTC")


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def statics(rows: list[tuple[int, float, int | None]]) -> pl.DataFrame:
    """Static reports from (mmsi, minutes, imo)."""
    return pl.DataFrame(
        [(m, at(t), imo, i + 1) for i, (m, t, imo) in enumerate(rows)],
        schema={"mmsi": pl.Int64, "ts": TS, "imo": pl.Int64, "line_no": pl.Int64},
        orient="row")


def positions(rows: list[tuple[int, float]]) -> pl.DataFrame:
    return pl.DataFrame([(m, at(t), 43.0, 132.0) for m, t in rows],
                        schema={"mmsi": pl.Int64, "ts": TS, "lat": pl.Float64,
                                "lon": pl.Float64}, orient="row")


def detect(pos: list[tuple[int, float]], sta: list[tuple[int, float, int | None]]
           ) -> list[Event]:
    return run(DetectInputs.from_frames(positions(pos), statics(sta)), PARAMS.resolve())


def test_bad_check_digit_one_event_per_mmsi_and_imo() -> None:
    sta = [(273207998, t, 9179843) for t in (0, 6, 12)] + [(273207998, 18, 9179842)]
    sta += [(273207998, 24, 8814881), (412000001, 30, 9179843)]
    events = sorted(detect([], sta), key=lambda e: (e.mmsi, e.start))
    assert [(e.mmsi, e.evidence["imo"], e.evidence["n_reports"]) for e in events] == [
        (273207998, 9179843, 3), (273207998, 8814881, 1), (412000001, 9179843, 1)]
    first = events[0]
    assert (first.start, first.end) == (at(0), at(12))
    assert first.evidence["reason"] == "bad_check_digit"
    assert first.evidence["first"]["line_no"] == 1 and first.evidence["last"]["line_no"] == 3


def test_not_available_imos_are_not_invalid() -> None:
    assert detect([], [(273207998, 0, 0), (273207998, 6, 1073741823),
                       (273207998, 12, None)]) == []


def test_junk_imo_that_is_not_seven_digits_scores_lower() -> None:
    (junk,) = detect([], [(273207998, 0, 100)])
    (typo,) = detect([], [(273207998, 0, 9179843)])
    assert junk.evidence["format"] == "not_7_digits"
    assert junk.score is not None and typo.score is not None and junk.score < typo.score


def test_default_mmsi_from_first_to_last_report_of_any_kind() -> None:
    (e,) = detect([(123456789, 10), (123456789, 50)], [(123456789, 70, None)])
    assert (e.mmsi, e.start, e.end) == (123456789, at(10), at(70))
    assert e.evidence["reason"] == "default_mmsi"
    assert (e.evidence["n_positions"], e.evidence["n_statics"]) == (2, 1)


def test_mid_and_six_zeros_and_placeholders_are_default() -> None:
    found = {e.mmsi: e.evidence["reason"] for e in detect(
        [(413000000, 0), (0, 0), (111111111, 0), (66123456, 0)], [])}
    assert found == dict.fromkeys((413000000, 0, 111111111, 66123456), "default_mmsi")


def test_unallocated_mid() -> None:
    (e,) = detect([(646123456, 0), (646123456, 30)], [])
    assert e.evidence["reason"] == "unallocated_mid" and e.evidence["mid"] == 646


def test_other_station_kinds_and_good_ships_are_not_flagged() -> None:
    # coast station, AtoN, SAR aircraft, AIS-SART, a Russian ship with a valid IMO
    pos = [(2734400, 0), (992736001, 0), (111273100, 0), (970123456, 0), (273207998, 0)]
    assert detect(pos, [(273207998, 5, 9179842)]) == []


@settings(max_examples=50)
@given(st.lists(st.tuples(st.sampled_from([273207998, 123456789, 646000001]),
                          st.floats(0, 10_000), st.one_of(st.none(), st.integers(0, 10**8))),
                min_size=1, max_size=40))
def test_invariants(rows: list[tuple[int, float, int | None]]) -> None:
    events = detect([], rows)
    times = [at(t) for _, t, _ in rows]
    for e in events:
        assert min(times) <= e.start <= e.end <= max(times)
        assert e.score is not None and 0.0 <= e.score <= 1.0
    bad = {(m, imo) for m, _, imo in rows
           if imo not in (None, 0, 1073741823) and not imo_check_digit_ok(imo)}
    assert {(e.mmsi, e.evidence["imo"]) for e in events
            if e.evidence["reason"] == "bad_check_digit"} == bad
    flagged = {e.mmsi for e in events if e.evidence["reason"] != "bad_check_digit"}
    assert flagged == {m for m, _, _ in rows} - {273207998}
