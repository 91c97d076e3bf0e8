"""Screening the whole fleet: every vessel identity in the store against the lists.

One query per MMSI (schema ``Vessel``): every name, IMO number and call sign the MMSI ever
broadcast (the ``vessels`` identity timeline, text normalised as there) and the MMSI itself.
The flag derived from the MMSI's MID is left out: sanctioned ships often fly false or
changing flags, so it would only take points from a true name match.

Each result at or above the threshold becomes a ``sanctions_hit`` event: ``mmsi``; ``start``
/ ``end`` = the first / last static report carrying the matched identity value (the name,
IMO or call sign in the explanation; for an MMSI match every static report of the MMSI, or
its position reports when it sent no static one); ``score`` = the match score; evidence =
the listed entity (id, dataset, caption, schema, programs), the explanations, the identity
used and references to the reports (the first and last :data:`REPORTS_EACH_END` reports,
each with time, source, file_sha256 and line_no, plus ``n_reports``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

import polars as pl

from wakewatch.detect.evidence import report_ref
from wakewatch.events import Event, event_id
from wakewatch.identity.names import callsign_sql, name_sql
from wakewatch.identity.vessels import vessel_timeline
from wakewatch.sanctions.match.engine import Matcher
from wakewatch.sanctions.match.entity import ALGORITHM, DEFAULT_THRESHOLD, MatchResult, Query
from wakewatch.store.db import Store

__all__ = ["DETECTOR", "REPORTS_EACH_END", "fleet_queries", "screen_fleet", "store_fleet_hits"]

DETECTOR = "screen"
REPORTS_EACH_END = 5
_ID_FEATURES = {"name_match": "name", "weak_alias_match": "name", "imo_match": "imo",
                "mmsi_match": "mmsi", "callsign_match": "callsign",
                "callsign_support": "callsign"}


def fleet_queries(store: Store) -> dict[int, Query]:
    """One ``Vessel`` query per MMSI with every identity value it broadcast."""
    timeline = vessel_timeline(store)
    if timeline.is_empty():
        return {}
    grouped = timeline.group_by("mmsi").agg(
        pl.col("name").drop_nulls().unique().sort(),
        pl.col("imo").drop_nulls().unique().sort(),
        pl.col("callsign").drop_nulls().unique().sort()).sort("mmsi")
    out: dict[int, Query] = {}
    for row in grouped.iter_rows(named=True):
        out[int(row["mmsi"])] = Query.build(
            "Vessel", name=row["name"], imoNumber=[str(i) for i in row["imo"]],
            mmsi=str(row["mmsi"]), callSign=row["callsign"])
    return out


def _identity(r: MatchResult) -> dict[str, str]:
    used: dict[str, str] = {}
    for x in r.explanations:
        field = _ID_FEATURES.get(x.feature)
        if field and x.query_value and field not in used:
            used[field] = x.query_value
    return used


def _reports(store: Store, mmsi: int, used: dict[str, str]) -> pl.DataFrame:
    cond: list[str] = []
    args: list[object] = [mmsi]
    if "imo" in used:
        cond.append("imo = ?")
        args.append(int(used["imo"]))
    if "name" in used:
        cond.append(f"{name_sql('name')} = ?")
        args.append(used["name"].upper())
    if "callsign" in used:
        cond.append(f"{callsign_sql('callsign')} = ?")
        args.append(used["callsign"].upper())
    where = f"({' OR '.join(cond)})" if cond else "true"
    cols = "ts, name, callsign, imo, source, station, file_sha256, line_no"
    frame: pl.DataFrame = store.con.sql(
        f"SELECT {cols} FROM main.statics WHERE mmsi = ? AND {where} ORDER BY ts, line_no",
        params=args).pl()
    if frame.is_empty() and not cond:
        frame = store.con.sql("SELECT ts, lat, lon, source, station, file_sha256, line_no "
                              "FROM main.positions WHERE mmsi = ? ORDER BY ts, line_no",
                              params=[mmsi]).pl()
    if frame.is_empty():
        return frame
    return frame.with_columns(pl.col("ts").dt.convert_time_zone("UTC"))


def _event(store: Store, mmsi: int, r: MatchResult, threshold: float) -> Event | None:
    used = _identity(r)
    frame = _reports(store, mmsi, used)
    if frame.is_empty():
        return None
    start = frame["ts"][0].astimezone(UTC)
    end = frame["ts"][-1].astimezone(UTC)
    n = frame.height
    ends = frame if n <= 2 * REPORTS_EACH_END else pl.concat(
        [frame.head(REPORTS_EACH_END), frame.tail(REPORTS_EACH_END)])
    e = r.entity
    evidence: dict[str, Any] = {
        "entity_id": e.id, "dataset": e.dataset, "caption": e.caption, "schema": e.schema,
        "programs": list(e.get("program")),
        "matched": [x.to_json() for x in r.explanations],
        "identity": used, "reports": [report_ref(row) for row in ends.iter_rows(named=True)],
        "n_reports": n, "algorithm": r.algorithm,
    }
    return Event(kind="sanctions_hit", mmsi=mmsi, start=start, end=end,
                 event_id=event_id("sanctions_hit", mmsi, start, detector=DETECTOR, key=e.id),
                 score=r.score, evidence=evidence, detector=DETECTOR, version=ALGORITHM,
                 params={"threshold": threshold})


def screen_fleet(store: Store, matcher: Matcher | None = None,
                 threshold: float = DEFAULT_THRESHOLD, limit: int = 5) -> list[Event]:
    """``sanctions_hit`` events for every vessel identity matching a listed entity."""
    matcher = matcher if matcher is not None else Matcher.from_store(store)
    events: list[Event] = []
    for mmsi, query in fleet_queries(store).items():
        for r in matcher.match(query, threshold=threshold, limit=limit):
            if r.match:
                ev = _event(store, mmsi, r, threshold)
                if ev is not None:
                    events.append(ev)
    events.sort(key=lambda ev: (-(ev.score or 0.0), ev.mmsi, ev.start))
    return events


def store_fleet_hits(store: Store, events: Sequence[Event]) -> int:
    """Replace every stored ``sanctions_hit`` event by ``events``; rows deleted."""
    from wakewatch.store.events import EventFilter, replace_events

    return replace_events(store, events, EventFilter(kinds=["sanctions_hit"]))
