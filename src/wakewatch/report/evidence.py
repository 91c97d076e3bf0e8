"""Rows of the report's evidence tables, from events and the alert's indicators.

- *key values*: an event's top-level evidence values that are plain numbers, text or
  booleans (thresholds and parameters left out: they are in the event's JSON), at most
  :data:`MAX_KEYS` of them;
- *sources*: every input line the evidence points at (any nested object with ``line_no``),
  as ``file:line`` with the file's base name, in order and without repeats.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import Any

from wakewatch.events import Event, iso_utc

__all__ = ["MAX_KEYS", "event_row", "hit_rows", "indicator_rows", "sources"]

MAX_KEYS = 8
_SKIP = {"thresholds", "params", "score_factors", "factors"}


def _refs(obj: Any) -> Iterator[tuple[str, int]]:
    if isinstance(obj, Mapping):
        if "line_no" in obj and obj["line_no"] is not None:
            src = obj.get("source")
            yield (PurePath(str(src)).name if src else "?", int(obj["line_no"]))
        for value in obj.values():
            yield from _refs(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _refs(value)


def sources(evidence: Mapping[str, Any]) -> list[str]:
    """``file:line`` of every report the evidence points at."""
    seen: dict[str, None] = {}
    for name, line in _refs(evidence):
        seen.setdefault(f"{name}:{line}", None)
    return list(seen)


def _key_values(evidence: Mapping[str, Any]) -> list[tuple[str, str]]:
    out = []
    for key, value in evidence.items():
        if key in _SKIP or isinstance(value, (dict, list)) or value is None:
            continue
        out.append((key, f"{value:g}" if isinstance(value, float) else str(value)))
        if len(out) == MAX_KEYS:
            break
    port = evidence.get("port")
    if isinstance(port, Mapping):
        out.append(("port", f"{port.get('name')} ({port.get('locode')})"))
    return out


def event_row(e: Event) -> dict[str, Any]:
    """One evidence-table row of an event."""
    return {"event_id": e.event_id, "kind": e.kind, "start": iso_utc(e.start),
            "end": iso_utc(e.end), "score": e.score, "port": e.port,
            "other_mmsi": e.other_mmsi, "values": _key_values(e.evidence),
            "sources": sources(e.evidence)}


def indicator_rows(alert: Mapping[str, Any] | None, events: list[Event]
                   ) -> list[dict[str, Any]]:
    """The alert's indicators with their events; without an alert, one row per event."""
    by_id = {e.event_id: e for e in events}
    if alert and alert.get("indicators"):
        rows = []
        for ind in alert["indicators"]:
            evs = [event_row(by_id[i]) for i in ind.get("event_ids") or [] if i in by_id]
            rows.append({"practice": ind.get("practice"), "indicator": ind.get("indicator"),
                         "score": ind.get("score"), "weight": ind.get("weight"),
                         "detail": ind.get("detail"), "events": evs,
                         "entity_ids": ind.get("entity_ids") or []})
        return rows
    ranked = sorted(events, key=lambda e: (-(e.score or 0.0), e.start))
    return [{"practice": None, "indicator": e.kind, "score": e.score, "weight": None,
             "detail": None, "events": [event_row(e)], "entity_ids": []} for e in ranked]


def hit_rows(events: list[Event]) -> list[dict[str, Any]]:
    """Matched list entries of the vessel's ``sanctions_hit`` events, with explanations."""
    rows = []
    for e in events:
        if e.kind != "sanctions_hit":
            continue
        ev = e.evidence
        rows.append({"entity_id": ev.get("entity_id"), "dataset": ev.get("dataset"),
                     "caption": ev.get("caption"), "programs": ev.get("programs") or [],
                     "score": e.score, "matched": ev.get("matched") or []})
    return rows
