"""Stored alerts: the ``alerts`` table, replaced as a whole by each ``wakewatch alerts`` run.

    alerts  alert_id, rank, mmsi, imo, name, flag, risk_score, start_ts, end_ts,
            created_at, alert (the full JSON object of :func:`wakewatch.infer.alerts.alert_to_json`)

An alert is one vessel whose combined risk reached the alert threshold. The JSON shape
(what the report, the API and the web map consume) is::

    {"alert_id", "rank", "mmsi", "imo", "name", "flag", "risk_score",
     "practices": {practice: score}, "indicators": [{"practice", "indicator", "score",
     "weight", "detail", "event_ids", "entity_ids", "finding_ids"}], "event_ids": [...],
     "deliveries": [...], "narrative", "start", "end", "created_at"}

A delivery is ``{"mmsi", "load_port", "load_time", "discharge_port", "discharge_time",
"draught_up_m", "draught_down_m", "dark_load", "event_ids"}`` (ports are UN/LOCODEs).
``alert_id`` is ``"alert:<mmsi>"``: one alert per vessel, stable across runs.
Times are ISO 8601 UTC with ``Z``. :func:`replace_alerts` deletes every stored alert and
inserts the new ranked list in one transaction (alerts are a ranking of the whole store, so
a partial replacement would mix two rankings); :func:`read_alerts` returns them by rank.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from wakewatch.errors import StoreError

from .db import Store

__all__ = ["ALERT_KEYS", "ensure_tables", "read_alerts", "replace_alerts"]

ALERT_KEYS: tuple[str, ...] = (
    "alert_id", "rank", "mmsi", "imo", "name", "flag", "risk_score", "practices",
    "indicators", "event_ids", "deliveries", "narrative", "start", "end", "created_at",
)
"""The keys of an alert's JSON object, in order."""

DDL = (
    """CREATE TABLE IF NOT EXISTS alerts (
        alert_id VARCHAR PRIMARY KEY, rank INTEGER, mmsi BIGINT, imo BIGINT, name VARCHAR,
        flag VARCHAR, risk_score DOUBLE, start_ts TIMESTAMPTZ, end_ts TIMESTAMPTZ,
        created_at TIMESTAMPTZ, alert VARCHAR)""",
)


class _HasJson(Protocol):
    def to_json(self) -> dict[str, Any]: ...


def ensure_tables(store: Store) -> None:
    for ddl in DDL:
        store.con.execute(ddl)


def _ts(text: object) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def replace_alerts(store: Store, alerts: Sequence[Mapping[str, Any] | _HasJson]) -> int:
    """Replace every stored alert by ``alerts`` (JSON objects or objects with ``to_json``);
    returns the number of alerts deleted."""
    ensure_tables(store)
    objs = [dict(a) if isinstance(a, Mapping) else a.to_json() for a in alerts]
    rows = [[o["alert_id"], o["rank"], o["mmsi"], o.get("imo"), o.get("name"), o.get("flag"),
             o["risk_score"], _ts(o.get("start")), _ts(o.get("end")),
             _ts(o.get("created_at")), json.dumps(o, sort_keys=False, ensure_ascii=False)]
            for o in objs]
    with store.transaction() as con:
        deleted = con.execute("SELECT count(*) FROM alerts").fetchall()
        con.execute("DELETE FROM alerts")
        if rows:
            con.executemany("INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return int(deleted[0][0])


def _has_table(store: Store) -> bool:
    rows = store.con.sql("SELECT count(*) FROM information_schema.tables WHERE "
                         "table_schema = 'main' AND table_name = 'alerts'").fetchall()
    return bool(rows[0][0])


def read_alerts(store: Store, limit: int | None = None, mmsi: int | None = None
                ) -> list[dict[str, Any]]:
    """Stored alerts in the JSON shape, best rank first (optionally of one vessel).

    An empty list when none are stored (also when ``wakewatch alerts`` never ran).
    """
    if not _has_table(store):
        return []
    sql = "SELECT alert FROM alerts"
    args: list[object] = []
    if mmsi is not None:
        sql += " WHERE mmsi = ?"
        args.append(int(mmsi))
    sql += " ORDER BY rank, alert_id"
    if limit is not None:
        if limit < 0:
            raise StoreError(f"limit must be >= 0, not {limit}")
        sql += f" LIMIT {int(limit)}"
    rows = store.con.execute(sql, args).fetchall()
    return [json.loads(r[0]) for r in rows]
