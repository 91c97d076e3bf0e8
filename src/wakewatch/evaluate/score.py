"""Precision, recall and F1 per event kind, and over all kinds.

Undefined ratios are reported as ``None`` (JSON ``null``, "–" in the table), never as a
number that would read as a result:

- precision of a kind with no detections (0 matched / 0 detected) is ``None``: nothing was
  claimed, so there is nothing to be right or wrong about; reporting 1.0 would pass a
  detector that never fires and 0.0 would fail one that correctly stays silent (the
  ``background`` scenario). Its recall (0 of n truth events) is 0.0 when there was truth.
- recall of a kind with no truth events is ``None`` likewise; its precision is 0.0 when
  something was detected (every detection is a false positive).
- F1 is ``None`` when precision or recall is; 0.0 when both are 0.0.

The ``all`` row is micro-averaged: the counts summed over kinds, then the same ratios.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wakewatch.evaluate.match import KindMatching, match_events
from wakewatch.events import EVENT_KINDS, Event

__all__ = ["ALL", "KindScore", "kind_score", "score_events", "score_matchings"]

ALL = "all"


@dataclass(frozen=True, slots=True)
class KindScore:
    """The scores of one kind (or of ``all``)."""

    kind: str
    truth: int
    detected: int
    matched: int
    precision: float | None
    recall: float | None
    f1: float | None

    @property
    def missed(self) -> int:
        return self.truth - self.matched

    @property
    def false_positives(self) -> int:
        return self.detected - self.matched


def _ratio(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


def kind_score(kind: str, truth: int, detected: int, matched: int) -> KindScore:
    """Ratios from counts, with 0/0 as ``None`` (see the module doc)."""
    if not 0 <= matched <= min(truth, detected):
        raise ValueError(f"{kind}: {matched} matched of {truth} truth / {detected} detected")
    precision = _ratio(matched, detected)
    recall = _ratio(matched, truth)
    f1: float | None = None
    if precision is not None and recall is not None:
        total = precision + recall
        f1 = 0.0 if total == 0 else 2 * precision * recall / total
    return KindScore(kind, truth, detected, matched, precision, recall, f1)


def _kind_order(kind: str) -> tuple[int, str]:
    return (EVENT_KINDS.index(kind) if kind in EVENT_KINDS else len(EVENT_KINDS), kind)


def score_matchings(matchings: Mapping[str, KindMatching]) -> list[KindScore]:
    """One row per kind (in :data:`EVENT_KINDS` order) and a last ``all`` row."""
    rows = [kind_score(m.kind, m.n_truth, m.n_detected, len(m.matches))
            for m in sorted(matchings.values(), key=lambda m: _kind_order(m.kind))]
    rows.append(kind_score(ALL, sum(r.truth for r in rows), sum(r.detected for r in rows),
                           sum(r.matched for r in rows)))
    return rows


def score_events(truth: Sequence[Event], detected: Sequence[Event],
                 params: Mapping[str, Any] | None = None) -> list[KindScore]:
    """Match (:func:`~wakewatch.evaluate.match.match_events`) and score, per kind and all."""
    return score_matchings(match_events(truth, detected, params))
