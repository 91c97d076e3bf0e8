"""The identity_change detector on named static-report scenarios, and its invariants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.detect import DetectInputs, run_detection
from wakewatch.detect.identity_change import PARAMS, run
from wakewatch.detect.partition import PartitionPlan, run_partitioned
from wakewatch.events import Event
from wakewatch.identity.mid import flag_info

T0 = datetime(2024, 3, 1, tzinfo=UTC)
ANGARA = 9179842  # a valid IMO (check digit 2)
RU, SL = 273207998, 667001234  # Russia, Sierra Leone


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def statics(rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    """Static reports from (mmsi, minutes, name, callsign, imo[, msg_type]) tuples."""
    return pl.DataFrame(
        {"mmsi": [r[0] for r in rows], "ts": [at(r[1]) for r in rows],
         "name": [r[2] for r in rows], "callsign": [r[3] for r in rows],
         "imo": [r[4] for r in rows], "msg_type": [r[5] if len(r) > 5 else 5 for r in rows],
         "line_no": list(range(1, len(rows) + 1)), "source": ["case.nmea"] * len(rows)},
        schema={"mmsi": pl.Int64, "ts": pl.Datetime("us", "UTC"), "name": pl.String,
                "callsign": pl.String, "imo": pl.Int64, "msg_type": pl.Int8,
                "line_no": pl.Int64, "source": pl.String})


def positions(tracks: list[tuple[int, float, float, float]]) -> pl.DataFrame:
    """Hourly positions from (mmsi, from_min, to_min, lat) tracks at longitude 132."""
    rows = [(m, at(t), lat, 132.0) for m, t0, t1, lat in tracks
            for t in range(int(t0), int(t1) + 1, 60)]
    return pl.DataFrame(rows, schema={"mmsi": pl.Int64, "ts": pl.Datetime("us", "UTC"),
                                      "lat": pl.Float64, "lon": pl.Float64}, orient="row")


def detect(rows: list[tuple[Any, ...]], tracks: list[tuple[int, float, float, float]]
           | None = None, **overrides: Any) -> list[Event]:
    inputs = DetectInputs.from_frames(positions(tracks or []), statics(rows))
    return run(inputs, PARAMS.resolve(overrides))


def every(minutes: float, start: float, n: int) -> list[float]:
    return [start + minutes * i for i in range(n)]


def test_type24_parts_alternating_are_no_change() -> None:
    rows: list[tuple[Any, ...]] = []
    for t in every(6, 0, 40):
        rows.append((RU, t, "SELENGA@@@@", None, None, 24))      # part A: name only
        rows.append((RU, t + 0.5, None, "UIBL0", None, 24))      # part B: call sign only
    assert detect(rows) == []


def test_rename_is_one_event_from_last_old_to_first_new() -> None:
    rows = [(RU, t, "SELENGA", "UIBL0", ANGARA) for t in every(6, 0, 10)]
    rows += [(RU, t, "ANGARA", "UIBL0", ANGARA) for t in every(6, 60, 10)]
    (e,) = detect(rows)
    assert (e.kind, e.mmsi, e.start, e.end) == ("identity_change", RU, at(54), at(60))
    assert e.evidence["changed"] == {"name": ["SELENGA", "ANGARA"]}
    assert e.evidence["before"]["line_no"] == 10 and e.evidence["after"]["line_no"] == 11
    assert e.evidence["after"]["name"] == "ANGARA"


def test_rename_and_new_callsign_at_once_is_one_event_scored_higher() -> None:
    base = [(RU, t, "SELENGA", "UIBL0", ANGARA) for t in every(6, 0, 10)]
    both = base + [(RU, t, "ANGARA", "UDZA8", ANGARA) for t in every(6, 60, 10)]
    name = base + [(RU, t, "ANGARA", "UIBL0", ANGARA) for t in every(6, 60, 10)]
    (e,) = detect(both)
    assert e.evidence["changed"] == {"name": ["SELENGA", "ANGARA"],
                                     "callsign": ["UIBL0", "UDZA8"]}
    (n,) = detect(name)
    assert e.score is not None and n.score is not None and e.score > n.score


def test_type24_rename_parts_seconds_apart_merge() -> None:
    rows: list[tuple[Any, ...]] = []
    for t in every(6, 0, 10):
        rows += [(RU, t, "SELENGA", None, None, 24), (RU, t + 0.5, None, "UIBL0", None, 24)]
    for t in every(6, 60, 10):
        rows += [(RU, t, "ANGARA", None, None, 24), (RU, t + 0.5, None, "UDZA8", None, 24)]
    (e,) = detect(rows)
    assert set(e.evidence["changed"]) == {"name", "callsign"}
    assert (e.start, e.end) == (at(54), at(60.5))


def test_imo_change_and_padding_or_punctuation_is_not_a_change() -> None:
    rows = [(RU, t, "LADY R", "UBX5", ANGARA) for t in every(6, 0, 5)]
    rows += [(RU, 31, "LADY R@@@@", "UBX 5@@", 0), (RU, 37, "lady  r", "UBX5", 1073741823)]
    rows += [(RU, 43, "LADY.R", "UBX-5", None)]
    rows += [(RU, t, "LADY R", "UBX5", 9544205) for t in every(6, 49, 5)]
    (e,) = detect(rows)
    assert e.evidence["changed"] == {"imo": [ANGARA, 9544205]}
    assert (e.start, e.end) == (at(24), at(49))


def test_rekeyed_name_scores_lower_than_a_new_name() -> None:
    base = [(RU, t, "TACOMA WSF", None, None) for t in every(6, 0, 10)]
    (variant,) = detect(base + [(RU, t, "WSF TACOMA", None, None) for t in every(6, 60, 5)])
    (rename,) = detect(base + [(RU, t, "SPOKANE", None, None) for t in every(6, 60, 5)])
    assert variant.score is not None and rename.score is not None
    assert variant.score < rename.score


def test_garbled_single_report_makes_no_change_and_back() -> None:
    rows = [(RU, t, "SELENGA", "UIBL0", ANGARA) for t in every(6, 0, 10)]
    rows.append((RU, 61, "SELENGQ", "UIBL0", ANGARA))
    rows += [(RU, t, "SELENGA", "UIBL0", ANGARA) for t in every(6, 66, 10)]
    assert detect(rows) == []
    # without the silence test (and merging) it would be a change and a change back
    assert len(detect(rows, min_silence_h=0.0, merge_within_min=0.0)) == 2


def test_rename_heard_once_at_the_end_counts_unless_repeats_required() -> None:
    rows = [(RU, t, "SELENGA", "UIBL0", ANGARA) for t in every(6, 0, 10)]
    rows.append((RU, 70, "ANGARA", "UIBL0", ANGARA))
    assert len(detect(rows)) == 1
    assert detect(rows, min_reports_new_value=2) == []


def test_two_ships_on_one_mmsi_alternating_names_are_no_change() -> None:
    rows = [(RU, t, "SELENGA" if i % 2 else "OCEAN GLORY", None, None)
            for i, t in enumerate(every(5, 0, 60))]
    assert detect(rows) == []


def test_same_imo_on_a_new_mmsi_is_an_mmsi_and_flag_change() -> None:
    rows = [(RU, t, "SELENGA", "UIBL0", ANGARA) for t in every(6, 0, 10)]
    rows += [(SL, t, "ANGARA", "9LU2345", ANGARA) for t in every(6, 120, 10)]
    (e,) = detect(rows)
    old_flag, new_flag = flag_info(RU), flag_info(SL)
    assert old_flag is not None and new_flag is not None
    assert (e.mmsi, e.start, e.end) == (SL, at(54), at(120))
    assert e.evidence["changed"] == {
        "mmsi": [RU, SL], "flag": [old_flag.iso2, new_flag.iso2],
        "name": ["SELENGA", "ANGARA"], "callsign": ["UIBL0", "9LU2345"]}
    assert e.evidence["before"]["mmsi"] == RU and e.evidence["after"]["mmsi"] == SL
    assert e.score is not None and e.score > 0.9


def reflag_rows(switch_min: float) -> list[tuple[Any, ...]]:
    rows = [(RU, t, "SELENGA", None, ANGARA) for t in every(6, 0, 10)]
    return rows + [(SL, t, "ANGARA", None, ANGARA) for t in every(6, switch_min, 10)]


def test_mmsi_change_needs_one_hull_in_the_positions() -> None:
    # the same place: one hull
    assert len(detect(reflag_rows(120), [(RU, 0, 60, 43.0), (SL, 120, 300, 43.01)])) == 1
    # 1000 km apart an hour later: two ships on one IMO
    assert detect(reflag_rows(120), [(RU, 0, 60, 43.0), (SL, 120, 300, 52.0)]) == []
    # the old MMSI keeps sending positions after the new one started: two transponders
    assert detect(reflag_rows(120), [(RU, 0, 600, 43.0), (SL, 120, 300, 43.01)]) == []
    # dark for three days, then 1000 km away under the new flag: reachable, one hull
    (e,) = detect(reflag_rows(60 * 72), [(RU, 0, 60, 43.0), (SL, 60 * 72, 60 * 80, 52.0)])
    assert e.mmsi == SL


def test_one_imo_on_two_mmsis_at_once_is_shared_not_changed() -> None:
    rows = [(RU if i % 2 else SL, t, "X", None, ANGARA) for i, t in enumerate(every(3, 0, 80))]
    assert detect(rows) == []


def test_invalid_imo_moving_is_not_an_mmsi_change() -> None:
    rows = [(RU, t, "A", None, 9179843) for t in every(6, 0, 5)]
    rows += [(SL, t, "A", None, 9179843) for t in every(6, 60, 5)]
    assert detect(rows) == []


def test_default_mmsi_changes_are_not_reported() -> None:
    rows = [(123456789, t, "SHIP A", None, None) for t in every(6, 0, 5)]
    rows += [(123456789, t, "SHIP B", None, None) for t in every(6, 60, 5)]
    assert detect(rows) == []
    rows += [(RU, t, "SELENGA", None, None) for t in every(6, 0, 5)]
    rows += [(RU, t, "ANGARA", None, None) for t in every(6, 60, 5)]
    (e,) = detect(rows)
    assert e.mmsi == RU and e.evidence["changed"] == {"name": ["SELENGA", "ANGARA"]}


def test_repeats_required_join_the_runs_a_short_value_split() -> None:
    rows = [(RU, t, "SELENGA", None, None) for t in every(6, 0, 5)]
    rows += [(RU, 27, "SELENGQ", None, None)]
    rows += [(RU, t, "SELENGA", None, None) for t in every(6, 30, 5)]
    rows += [(RU, t, "ANGARA", None, None) for t in every(6, 100, 3)]
    (e,) = detect(rows, min_reports_new_value=2, min_silence_h=0.0)
    assert (e.start, e.end) == (at(54), at(100))
    assert e.evidence["changed"] == {"name": ["SELENGA", "ANGARA"]}


def test_mmsi_change_found_when_partitions_split_the_two_mmsis() -> None:
    a, b = RU, RU + 1  # different vessel groups when split in two by MMSI
    rows = [(a, t, "SELENGA", None, ANGARA) for t in every(6, 0, 10)]
    rows += [(b, t, "SELENGA", None, ANGARA) for t in every(6, 600, 10)]
    inputs = DetectInputs.from_frames(positions([(a, 0, 60, 43.0), (b, 600, 900, 43.0)]),
                                      statics(rows))
    whole = run_detection(inputs, kinds=["identity_change"])
    parts = run_partitioned(inputs, kinds=["identity_change"],
                            plan=PartitionPlan(vessel_parts=2, cell_deg=1.0, window_h=6.0))
    assert len(whole) == 1 and whole[0].mmsi == b
    assert parts == whole


names = st.sampled_from(["SELENGA", "ANGARA", "MAIA 1", "LADY R@@", None])
calls = st.sampled_from(["UIBL0", "UDZA8", None])
imos = st.sampled_from([ANGARA, 9544205, 9179843, 0, None])
report = st.tuples(st.sampled_from([RU, SL, RU + 1, 123456789]), st.floats(0, 60 * 24 * 3),
                   names, calls, imos)


@settings(max_examples=50)
@given(st.lists(report, min_size=1, max_size=60), st.sampled_from([0.0, 1.0, 24.0]),
       st.sampled_from([1, 2]))
def test_invariants(rows: list[tuple[Any, ...]], silence_h: float, repeats: int) -> None:
    events = detect(rows, min_silence_h=silence_h, min_reports_new_value=repeats)
    times = [at(r[1]) for r in rows]
    for e in events:
        assert min(times) <= e.start <= e.end <= max(times)
        assert e.score is not None and 0.0 <= e.score <= 1.0
        assert e.evidence["changed"]
        for old, new in e.evidence["changed"].values():
            assert old != new
    assert len({e.event_id for e in events}) == len(events)
