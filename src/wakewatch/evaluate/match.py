"""One-to-one matching of detected events to truth events, kind by kind.

A detection *can* match a truth event when all of these hold:

- the same ``kind``;
- the same vessel: ``mmsi``, or for pair kinds (``encounter``) the unordered pair
  {mmsi, other_mmsi}, so A-meets-B matches B-meets-A;
- their time intervals overlap once widened by ``time_tolerance_s``: the time between them
  (0 when they overlap) is at most the tolerance. Instant events (start == end, e.g.
  ``invalid_imo``) therefore match when they are within the tolerance of each other;
- the same UN/LOCODE ``port`` when both give one (either without a port does not veto).

Among the candidate pairs the assignment is greedy and one-to-one: pairs are taken in
decreasing order of *overlap* (``min(ends) - max(starts)``, negative for the separation of
disjoint intervals), each truth event and each detection used at most once. Ties are broken
by the events' content (times, vessels, port, id), never by their position in the input, so
permuting either list cannot change the counts. Two detections of one truth event thus give
one match and one false positive. Greedy is not always the maximum matching (a chain of
ties across three events can leave one unmatched that an optimal assignment would match);
with events of one vessel and kind rarely overlapping each other that costs nothing in
practice and keeps the rule explainable: "the best-overlapping pair wins".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wakewatch.events import Event
from wakewatch.params import param_set

__all__ = ["PARAMS", "KindMatching", "candidate_overlap_s", "match_events"]

PARAMS = param_set("evaluate")
PARAMS.add("time_tolerance_s", float, 3600.0, "s",
           "A detection matches a truth event of the same kind and vessel when their time "
           "intervals, each widened by this much, overlap (they are at most this far apart).")


@dataclass(frozen=True, slots=True)
class KindMatching:
    """The matching of one kind: index pairs into the truth / detected lists given."""

    kind: str
    matches: tuple[tuple[int, int], ...]  # (truth index, detected index)
    missed: tuple[int, ...]  # truth indices without a detection
    false_positives: tuple[int, ...]  # detected indices without a truth event
    n_truth: int
    n_detected: int


def candidate_overlap_s(truth: Event, detected: Event, time_tolerance_s: float) -> float | None:
    """Overlap in seconds (negative: the gap between them) if the two can match, else None."""
    if truth.kind != detected.kind or truth.vessels != detected.vessels:
        return None
    if truth.port is not None and detected.port is not None and truth.port != detected.port:
        return None
    overlap_s = (min(truth.end, detected.end) - max(truth.start, detected.start)).total_seconds()
    return overlap_s if overlap_s >= -time_tolerance_s else None


def _content_key(e: Event) -> tuple[Any, ...]:
    """Everything matching looks at (and the id): events equal here are interchangeable."""
    return (e.start, e.end, e.vessels, e.mmsi, e.port or "", e.event_id or "")


def match_events(truth: Sequence[Event], detected: Sequence[Event],
                 params: Mapping[str, Any] | None = None) -> dict[str, KindMatching]:
    """Greedy one-to-one matching per kind present in either list (see the module doc)."""
    tolerance_s = float(PARAMS.resolve(params)["time_tolerance_s"])
    if tolerance_s < 0:
        raise ValueError(f"time_tolerance_s must be >= 0, not {tolerance_s:g}")
    truth_by_kind: dict[str, list[int]] = defaultdict(list)
    detected_by_kind: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(truth):
        truth_by_kind[e.kind].append(i)
    for j, e in enumerate(detected):
        detected_by_kind[e.kind].append(j)
    result = {}
    for kind in sorted(set(truth_by_kind) | set(detected_by_kind)):
        result[kind] = _match_kind(kind, truth, truth_by_kind[kind], detected,
                                   detected_by_kind[kind], tolerance_s)
    return result


def _match_kind(kind: str, truth: Sequence[Event], ti: list[int], detected: Sequence[Event],
                dj: list[int], tolerance_s: float) -> KindMatching:
    # candidates only between events of one vessel key: no all-pairs product across vessels
    detected_by_vessels: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for j in dj:
        detected_by_vessels[detected[j].vessels].append(j)
    candidates = []
    for i in ti:
        for j in detected_by_vessels.get(truth[i].vessels, ()):
            overlap_s = candidate_overlap_s(truth[i], detected[j], tolerance_s)
            if overlap_s is not None:
                candidates.append(
                    ((-overlap_s, _content_key(truth[i]), _content_key(detected[j])), i, j))
    candidates.sort(key=lambda c: c[0])
    used_truth: set[int] = set()
    used_detected: set[int] = set()
    matches = []
    for _, i, j in candidates:
        if i in used_truth or j in used_detected:
            continue
        used_truth.add(i)
        used_detected.add(j)
        matches.append((i, j))
    return KindMatching(
        kind=kind, matches=tuple(sorted(matches)),
        missed=tuple(i for i in ti if i not in used_truth),
        false_positives=tuple(j for j in dj if j not in used_detected),
        n_truth=len(ti), n_detected=len(dj))
