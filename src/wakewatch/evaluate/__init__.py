"""Scoring detection against ground truth: events files, matching, precision and recall.

Pure: reads events files and compares lists of :class:`Event`; never touches the store or
imports the CLI. ``wakewatch evaluate`` (``wakewatch.cli.evaluate``) drives it.
"""

from wakewatch.evaluate.match import PARAMS, KindMatching, candidate_overlap_s, match_events
from wakewatch.evaluate.score import ALL, KindScore, kind_score, score_events, score_matchings
from wakewatch.events import (
    EVENT_KINDS,
    PAIR_KINDS,
    Event,
    EventsFileError,
    event_from_json,
    read_events_jsonl,
)

__all__ = [
    "ALL",
    "EVENT_KINDS",
    "PAIR_KINDS",
    "PARAMS",
    "Event",
    "EventsFileError",
    "KindMatching",
    "KindScore",
    "candidate_overlap_s",
    "event_from_json",
    "kind_score",
    "match_events",
    "read_events_jsonl",
    "score_events",
    "score_matchings",
]
