"""Events and alerts.

- ``GET /api/events?kind&mmsi&since&until&bbox&min_score&limit`` — stored events as
  ``event_to_json`` objects, by start time. ``kind`` and ``mmsi`` take comma-separated
  lists; ``bbox`` is ``W,S,E,N`` (events without a position are in every box).
- ``GET /api/alerts?limit`` — stored alerts by rank; ``GET /api/alerts/{alert_id}`` one.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from wakewatch.api.common import access, jsonable
from wakewatch.api.deps import StoreAccess
from wakewatch.api.query import check_window, parse_bbox, parse_kinds, parse_mmsis, parse_time
from wakewatch.api.settings import MAX_LIMIT
from wakewatch.errors import StoreError
from wakewatch.events import event_to_json
from wakewatch.store.alerts import read_alerts
from wakewatch.store.events import EventFilter, read_events

__all__ = ["MAX_EVENTS", "router"]

router = APIRouter(tags=["events"])
Access = Annotated[StoreAccess, Depends(access)]

MAX_EVENTS = 10_000
"""Largest ``limit`` of ``/api/events`` (the map loads every event of a scenario at once)."""


@router.get("/api/events", summary="Detected events")
def events(acc: Access, kind: str | None = None, mmsi: str | None = None,
           since: str | None = None, until: str | None = None, bbox: str | None = None,
           min_score: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
           limit: Annotated[int, Query(ge=1, le=MAX_EVENTS)] = 1000) -> list[dict[str, Any]]:
    t0, t1 = parse_time("since", since), parse_time("until", until)
    check_window(t0, t1)
    filt = EventFilter(kinds=parse_kinds(kind), mmsi=parse_mmsis(mmsi), since=t0, until=t1,
                       bbox=parse_bbox(bbox), min_score=min_score)
    with acc.reader() as store:
        try:
            found = read_events(store, filt, limit=limit)
        except StoreError:  # no events table: nothing detected yet
            found = []
    return [event_to_json(e) for e in found]


def _alerts(acc: StoreAccess, limit: int | None) -> list[dict[str, Any]]:
    with acc.reader() as store:
        try:
            return read_alerts(store, limit=limit)
        except StoreError:
            return []


@router.get("/api/alerts", summary="Risk-ranked alerts")
def alerts(acc: Access, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100
           ) -> list[dict[str, Any]]:
    return [dict(jsonable(a)) for a in _alerts(acc, limit)]


@router.get("/api/alerts/{alert_id}", summary="One alert")
def alert(acc: Access, alert_id: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
    for a in _alerts(acc, None):
        if a.get("alert_id") == alert_id:
            return dict(jsonable(a))
    raise HTTPException(404, f"no alert {alert_id!r}")
