"""Scores: 1.0 for the truth against itself; perturbations lower exactly what they should;
0/0 is None; invariants under Hypothesis."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest
from evaluate_cases import T0, ev
from hypothesis import given
from hypothesis import strategies as st

from wakewatch.evaluate import ALL, Event, KindScore, kind_score, score_events


def by_kind(rows: list[KindScore]) -> dict[str, KindScore]:
    return {r.kind: r for r in rows}


def test_truth_against_itself_scores_one_everywhere(truth: list[Event]) -> None:
    rows = score_events(truth, truth)
    assert [r.kind for r in rows] == ["gap", "encounter", "port_call", "invalid_imo", ALL]
    for r in rows:
        assert (r.precision, r.recall, r.f1) == (1.0, 1.0, 1.0), r.kind
        assert r.truth == r.detected == r.matched


def test_dropped_event_lowers_only_that_kinds_recall(truth: list[Event]) -> None:
    detected = [e for e in truth if not (e.kind == "gap" and e.start == T0)]
    rows = by_kind(score_events(truth, detected))
    assert rows["gap"].recall == pytest.approx(2 / 3)
    assert rows["gap"].precision == 1.0
    for kind in ("encounter", "port_call", "invalid_imo"):
        assert (rows[kind].precision, rows[kind].recall) == (1.0, 1.0)
    assert rows[ALL].recall == pytest.approx(6 / 7) and rows[ALL].precision == 1.0


def test_shift_beyond_tolerance_is_one_miss_and_one_false_positive(truth: list[Event]) -> None:
    i = next(i for i, e in enumerate(truth) if e.kind == "port_call")
    far = timedelta(hours=200)
    detected = [*truth[:i], replace(truth[i], start=truth[i].start + far,
                                    end=truth[i].end + far), *truth[i + 1:]]
    r = by_kind(score_events(truth, detected))["port_call"]
    assert (r.truth, r.detected, r.matched, r.missed, r.false_positives) == (2, 2, 1, 1, 1)
    assert (r.precision, r.recall) == (0.5, 0.5)
    near = timedelta(minutes=30)
    detected[i] = replace(truth[i], start=truth[i].start + near, end=truth[i].end + near)
    assert by_kind(score_events(truth, detected))["port_call"].f1 == 1.0


def test_wrong_vessel_is_one_miss_and_one_false_positive(truth: list[Event]) -> None:
    detected = [replace(e, mmsi=999) if e.kind == "invalid_imo" else e for e in truth]
    rows = by_kind(score_events(truth, detected))
    r = rows["invalid_imo"]
    assert (r.matched, r.missed, r.false_positives, r.precision, r.recall) == (0, 1, 1, 0.0, 0.0)
    assert r.f1 == 0.0
    assert rows["gap"].f1 == 1.0


def test_duplicate_detection_lowers_precision_only(truth: list[Event]) -> None:
    enc = next(e for e in truth if e.kind == "encounter")
    assert enc.other_mmsi is not None
    r = by_kind(score_events(truth, [*truth, replace(enc, mmsi=enc.other_mmsi,
                                                     other_mmsi=enc.mmsi)]))["encounter"]
    assert (r.matched, r.false_positives, r.precision, r.recall) == (1, 1, 0.5, 1.0)


def test_no_detections_gives_undefined_precision(truth: list[Event]) -> None:
    rows = by_kind(score_events(truth, [e for e in truth if e.kind != "gap"]))
    assert rows["gap"].precision is None and rows["gap"].recall == 0.0 and rows["gap"].f1 is None


def test_no_truth_gives_undefined_recall() -> None:
    rows = by_kind(score_events([], [ev("spoofing", 1, 0, 1)]))
    assert rows["spoofing"].recall is None and rows["spoofing"].precision == 0.0
    assert rows[ALL].recall is None


def test_nothing_at_all_is_one_undefined_all_row() -> None:
    assert score_events([], []) == [kind_score(ALL, 0, 0, 0)]
    assert kind_score(ALL, 0, 0, 0).precision is None


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        kind_score("gap", 1, 1, 2)


KINDS = ("gap", "encounter", "port_call")


@st.composite
def events(draw: st.DrawFn) -> Event:
    """Few vessels, ports and hours so that candidates overlap and ties are common."""
    kind = draw(st.sampled_from(KINDS))
    start_h = draw(st.integers(0, 20))
    return ev(kind, draw(st.integers(1, 3)), start_h, start_h + draw(st.integers(0, 6)),
              other_mmsi=draw(st.integers(1, 3)) if kind == "encounter" else None,
              port=draw(st.sampled_from((None, "RUVYP", "KPNJN"))))


@given(st.lists(events(), max_size=12), st.lists(events(), max_size=12),
       st.randoms(use_true_random=False))
def test_ratios_in_unit_interval_and_independent_of_order(
        truth: list[Event], detected: list[Event], rnd: random.Random) -> None:
    rows = score_events(truth, detected)
    for r in rows:
        for value in (r.precision, r.recall, r.f1):
            assert value is None or 0.0 <= value <= 1.0
        assert 0 <= r.matched <= min(r.truth, r.detected)
    assert rows[-1].truth == len(truth) and rows[-1].detected == len(detected)
    truth_p, detected_p = list(truth), list(detected)
    rnd.shuffle(truth_p)
    rnd.shuffle(detected_p)
    assert score_events(truth_p, detected_p) == rows


@given(st.lists(events(), max_size=12))
def test_any_truth_against_itself_is_perfect(truth: list[Event]) -> None:
    for r in score_events(truth, truth):
        assert r.precision in (None, 1.0) and r.recall in (None, 1.0)
        assert r.matched == r.truth == r.detected
