"""Stored events: replace-on-rerun writes and filtered reads of the ``events`` table.

A detection run has a *scope*: the kinds it ran and the time window / bounding box it was
asked for. :func:`replace_events` deletes the stored events of those kinds inside that scope
and inserts the new ones in one transaction, so re-running never duplicates and a killed run
leaves the previous events in place. An event is inside the scope when its interval overlaps
the window and its representative position lies in the box (events without a position are
in every box).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

from wakewatch.errors import StoreError
from wakewatch.events import Event

from .db import Store

__all__ = ["EventFilter", "read_events", "replace_events"]


@dataclass(frozen=True)
class EventFilter:
    """Which events: kinds, vessels, time window, box (W, S, E, N), minimum score."""

    kinds: Sequence[str] | None = None
    mmsi: Sequence[int] | None = None
    since: datetime | None = None
    until: datetime | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_score: float | None = None

    def where(self) -> tuple[str, list[object]]:
        """A SQL condition over ``events`` and its parameters."""
        cond: list[str] = ["true"]
        args: list[object] = []
        if self.kinds is not None:
            cond.append(f"kind IN ({', '.join('?' for _ in self.kinds) or 'NULL'})")
            args.extend(self.kinds)
        if self.mmsi is not None:
            marks = ", ".join("?" for _ in self.mmsi) or "NULL"
            cond.append(f"(mmsi IN ({marks}) OR other_mmsi IN ({marks}))")
            args.extend([*self.mmsi, *self.mmsi])
        if self.since is not None:
            cond.append("end_ts >= ?")
            args.append(self.since)
        if self.until is not None:
            cond.append("start_ts <= ?")
            args.append(self.until)
        if self.bbox is not None:
            w, s, e, n = self.bbox
            lon = "(lon BETWEEN ? AND ?)" if w <= e else "(lon >= ? OR lon <= ?)"
            cond.append(f"(lat IS NULL OR (lat BETWEEN ? AND ? AND {lon}))")
            args.extend([s, n, w, e])
        if self.min_score is not None:
            cond.append("score >= ?")
            args.append(self.min_score)
        return " AND ".join(cond), args


def _frame(events: Iterable[Event], detected_at: datetime) -> pl.DataFrame:
    rows = [{"event_id": e.event_id, "kind": e.kind, "mmsi": e.mmsi,
             "other_mmsi": e.other_mmsi, "start_ts": e.start, "end_ts": e.end, "lat": e.lat,
             "lon": e.lon, "port": e.port, "score": e.score,
             "evidence": json.dumps(dict(e.evidence), sort_keys=True),
             "detector": e.detector, "version": e.version,
             "params": json.dumps(dict(e.params), sort_keys=True),
             "detected_at": detected_at} for e in events]
    ts = pl.Datetime("us", "UTC")
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "event_id": pl.String, "kind": pl.String, "mmsi": pl.Int64, "other_mmsi": pl.Int64,
        "start_ts": ts, "end_ts": ts, "lat": pl.Float64, "lon": pl.Float64,
        "port": pl.String, "score": pl.Float64, "evidence": pl.String,
        "detector": pl.String, "version": pl.String, "params": pl.String,
        "detected_at": ts}
    return pl.DataFrame(rows, schema=schema)


def replace_events(store: Store, events: Sequence[Event], scope: EventFilter) -> int:
    """Delete stored events inside ``scope`` and insert ``events``; returns rows deleted."""
    frame = _frame(events, datetime.now(UTC))
    where, args = scope.where()
    with store.transaction() as con:
        deleted = con.execute(f"SELECT count(*) FROM events WHERE {where}", args).fetchall()
        con.execute(f"DELETE FROM events WHERE {where}", args)
        if frame.height:
            con.register("_new_events", frame.to_arrow())
            con.execute("INSERT INTO events SELECT * FROM _new_events")
            con.unregister("_new_events")
    return int(deleted[0][0])


def read_events(store: Store, filt: EventFilter | None = None, *, limit: int | None = None
                ) -> list[Event]:
    """Stored events matching ``filt``, by start time, vessel and kind."""
    has = store.con.sql("SELECT count(*) FROM information_schema.tables WHERE "
                        "table_schema = 'main' AND table_name = 'events'").fetchall()
    if not has[0][0]:
        raise StoreError(f"{store.path or 'the database'} has no events yet: "
                         "run `wakewatch detect` first")
    where, args = (filt or EventFilter()).where()
    sql = (f"SELECT event_id, kind, mmsi, other_mmsi, start_ts, end_ts, lat, lon, port, score,"
           f" evidence, detector, version, params FROM events WHERE {where}"
           f" ORDER BY start_ts, mmsi, kind, event_id")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = store.con.execute(sql, args).fetchall()
    return [Event(event_id=r[0], kind=r[1], mmsi=r[2], other_mmsi=r[3],
                  start=r[4].astimezone(UTC), end=r[5].astimezone(UTC), lat=r[6], lon=r[7],
                  port=r[8], score=r[9], evidence=json.loads(r[10] or "{}"), detector=r[11],
                  version=r[12], params=json.loads(r[13] or "{}")) for r in rows]
