"""Matching: kind, vessel (either order for pairs), time within tolerance, port, one-to-one."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from evaluate_cases import ev

from wakewatch.evaluate import Event, candidate_overlap_s, match_events
from wakewatch.evaluate.match import PARAMS

TOL_S = PARAMS.defaults()["time_tolerance_s"]


def shifted(e: Event, seconds: float) -> Event:
    d = timedelta(seconds=seconds)
    return replace(e, start=e.start + d, end=e.end + d)


def test_default_tolerance_is_declared_with_unit_and_help() -> None:
    p = PARAMS.params["time_tolerance_s"]
    assert p.default == 3600.0 and p.unit == "s" and p.help


def test_truth_matches_itself_one_to_one(truth: list[Event]) -> None:
    result = match_events(truth, truth)
    for kind, m in result.items():
        assert not m.missed and not m.false_positives, kind
        assert all(i == j for i, j in m.matches)


def test_shift_within_tolerance_still_matches() -> None:
    t = ev("gap", 1, 0, 14)
    # disjoint from the truth by just under the tolerance: widening makes them overlap
    d = shifted(t, 14 * 3600 + TOL_S - 1)
    assert candidate_overlap_s(t, d, TOL_S) is not None
    m = match_events([t], [d])["gap"]
    assert m.matches == ((0, 0),)


def test_shift_beyond_tolerance_is_miss_and_false_positive() -> None:
    t = ev("gap", 1, 0, 14)
    d = shifted(t, 14 * 3600 + TOL_S + 1)
    m = match_events([t], [d])["gap"]
    assert m.matches == () and m.missed == (0,) and m.false_positives == (0,)


def test_tolerance_is_a_parameter() -> None:
    t = ev("gap", 1, 0, 14)
    d = shifted(t, 14 * 3600 + 2 * 3600)
    assert match_events([t], [d])["gap"].matches == ()
    assert match_events([t], [d], {"time_tolerance_s": 3 * 3600})["gap"].matches == ((0, 0),)
    with pytest.raises(ValueError):
        match_events([t], [d], {"time_tolerance_s": -1})


def test_instants_match_within_tolerance() -> None:
    t = ev("invalid_imo", 3, 10, 10)
    assert match_events([t], [ev("invalid_imo", 3, 10.5, 10.5)])["invalid_imo"].matches
    assert not match_events([t], [ev("invalid_imo", 3, 12, 12)])["invalid_imo"].matches


def test_wrong_vessel_is_miss_and_false_positive() -> None:
    t = ev("gap", 1, 0, 14)
    m = match_events([t], [replace(t, mmsi=2)])["gap"]
    assert m.matches == () and m.missed == (0,) and m.false_positives == (0,)


def test_wrong_kind_never_matches() -> None:
    t = ev("gap", 1, 0, 14)
    result = match_events([t], [replace(t, kind="loitering")])
    assert result["gap"].missed == (0,) and result["loitering"].false_positives == (0,)


def test_encounter_pairs_match_in_either_order() -> None:
    t = ev("encounter", 1, 0, 4, other_mmsi=2)
    swapped = replace(t, mmsi=2, other_mmsi=1)
    assert match_events([t], [swapped])["encounter"].matches == ((0, 0),)
    other_pair = replace(t, other_mmsi=3)
    assert match_events([t], [other_pair])["encounter"].matches == ()


def test_duplicate_detection_is_one_match_and_one_false_positive() -> None:
    t = ev("gap", 1, 0, 14)
    worse = ev("gap", 1, 2, 20)  # overlaps less: the exact copy wins
    m = match_events([t], [worse, t])["gap"]
    assert m.matches == ((0, 1),) and m.false_positives == (0,) and m.missed == ()


def test_greedy_takes_best_overlap_first() -> None:
    a, b = ev("gap", 1, 0, 10), ev("gap", 1, 12, 22)
    d = ev("gap", 1, 11, 22)  # overlaps b by 10 h, is 1 h from a
    m = match_events([a, b], [d])["gap"]
    assert m.matches == ((1, 0),) and m.missed == (0,)


@pytest.mark.parametrize(("truth_port", "detected_port", "matches"), [
    ("RUVYP", "RUVYP", True),
    ("RUVYP", "KPNJN", False),
    ("RUVYP", None, True),
    (None, "RUVYP", True),
    (None, None, True),
])
def test_port_vetoes_only_when_both_give_one(truth_port: str | None,
                                             detected_port: str | None,
                                             matches: bool) -> None:
    t = ev("port_call", 1, 0, 30, port=truth_port)
    d = replace(t, port=detected_port)
    m = match_events([t], [d])["port_call"]
    assert (m.matches == ((0, 0),)) is matches
    assert len(m.false_positives) == len(m.missed) == (0 if matches else 1)
