"""CSV and JSON lines of events and alerts.

JSON lines: one object per line, exactly the ``--format jsonl`` shape (events:
:func:`wakewatch.events.event_to_json`; alerts: the stored alert JSON). CSV: one row per
record, scalar fields as columns in a fixed order; nested fields (evidence, params,
practices, indicators, deliveries, id lists) as compact JSON text in their column, so no
information is lost and a spreadsheet still opens it. UTF-8, ``\\n`` line ends, header row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from wakewatch.events import Event, event_to_json

__all__ = ["ALERT_CSV_COLUMNS", "EVENT_CSV_COLUMNS", "alerts_csv", "events_csv", "jsonl"]

EVENT_CSV_COLUMNS: tuple[str, ...] = (
    "event_id", "kind", "mmsi", "other_mmsi", "start", "end", "lat", "lon", "port", "score",
    "detector", "version", "evidence", "params")
ALERT_CSV_COLUMNS: tuple[str, ...] = (
    "alert_id", "rank", "mmsi", "imo", "name", "flag", "risk_score", "start", "end",
    "created_at", "narrative", "practices", "indicators", "event_ids", "deliveries")


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "" if value is None else value


def _csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def events_csv(events: Sequence[Event]) -> str:
    return _csv((event_to_json(e) for e in events), EVENT_CSV_COLUMNS)


def alerts_csv(alerts: Sequence[dict[str, Any]]) -> str:
    return _csv(alerts, ALERT_CSV_COLUMNS)


def jsonl(objects: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)
