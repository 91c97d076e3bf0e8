"""What one report shows, read from the store: the vessel's reports, statics, events, alert.

- ``track``: the vessel's received position reports (ts, lat, lon, sog_kn, source, line_no),
  by time.
- ``statics``: its static reports (ts, imo, name, callsign, draught_m, destination), by time.
- ``events``: every stored event naming the vessel (as ``mmsi`` or ``other_mmsi``).
- ``alert``: its alert object (:mod:`wakewatch.store.alerts`) when alerts were built, else None.
- ``partners``: for each encounter, the partner's reports from 12 h before to 12 h after it
  (:data:`PARTNER_PAD_H`), so the meeting can be seen on the map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import polars as pl

from wakewatch.events import Event
from wakewatch.identity.mid import flag_of
from wakewatch.store.db import Store
from wakewatch.store.events import EventFilter, read_events

__all__ = ["PARTNER_PAD_H", "VesselData", "load_vessel", "read_alerts_safe"]

PARTNER_PAD_H = 12.0
"""Hours of an encounter partner's track shown before and after the encounter."""


@dataclass
class VesselData:
    """Everything one report is drawn from."""

    mmsi: int
    identity: dict[str, Any]
    track: pl.DataFrame
    statics: pl.DataFrame
    events: list[Event]
    alert: dict[str, Any] | None = None
    partners: dict[int, pl.DataFrame] = field(default_factory=dict)


def _has_table(store: Store, name: str) -> bool:
    rows = store.con.sql("SELECT count(*) FROM information_schema.tables WHERE "
                         "table_schema = 'main' AND table_name = ?", params=[name]).fetchall()
    return bool(rows[0][0])


def read_alerts_safe(store: Store, mmsi: int | None = None) -> list[dict[str, Any]]:
    """Stored alerts (by rank), or [] when no alerts were built yet."""
    if not _has_table(store, "alerts"):
        return []
    from wakewatch.store.alerts import read_alerts
    return read_alerts(store, mmsi=mmsi)


def _positions(store: Store, mmsi: int, since: Any = None, until: Any = None) -> pl.DataFrame:
    cond, args = "mmsi = ? AND lat IS NOT NULL AND lon IS NOT NULL", [mmsi]
    if since is not None:
        cond += " AND ts >= ?"
        args.append(since)
    if until is not None:
        cond += " AND ts <= ?"
        args.append(until)
    frame: pl.DataFrame = store.con.sql(
        f"SELECT ts, lat, lon, sog_kn, source, line_no FROM positions WHERE {cond} "
        "ORDER BY ts, line_no", params=args).pl()
    return frame


def _statics(store: Store, mmsi: int) -> pl.DataFrame:
    frame: pl.DataFrame = store.con.sql(
        "SELECT ts, imo, name, callsign, draught_m, destination, source, line_no FROM statics "
        "WHERE mmsi = ? ORDER BY ts, line_no", params=[mmsi]).pl()
    return frame


def _identity(mmsi: int, statics: pl.DataFrame, alert: dict[str, Any] | None) -> dict[str, Any]:
    ident: dict[str, Any] = {"mmsi": mmsi, "imo": None, "name": None, "callsign": None,
                             "flag": flag_of(mmsi)}
    for col in ("imo", "name", "callsign"):
        if col in statics.columns:
            vals = statics.get_column(col).drop_nulls()
            if vals.len():
                ident[col] = vals.mode().sort()[0] if col == "imo" else vals[-1]
    if alert:
        for key in ("imo", "name", "flag"):
            if alert.get(key) is not None:
                ident[key] = alert[key]
    return ident


def load_vessel(store: Store, mmsi: int, alert: dict[str, Any] | None = None) -> VesselData:
    """Read one vessel's report data (``alert`` looked up when not given)."""
    if alert is None:
        found = read_alerts_safe(store, mmsi=mmsi)
        alert = found[0] if found else None
    statics = _statics(store, mmsi)
    events = (read_events(store, EventFilter(mmsi=[mmsi]))
              if _has_table(store, "events") else [])
    partners: dict[int, pl.DataFrame] = {}
    pad = timedelta(hours=PARTNER_PAD_H)
    for e in events:
        if e.kind != "encounter":
            continue
        other = e.other_mmsi if e.mmsi == mmsi else e.mmsi
        if other is None or other == mmsi:
            continue
        part = _positions(store, other, e.start - pad, e.end + pad)
        partners[other] = pl.concat([partners[other], part]).unique(
            "ts", keep="first").sort("ts") if other in partners else part
    return VesselData(mmsi=mmsi, identity=_identity(mmsi, statics, alert),
                      track=_positions(store, mmsi), statics=statics, events=events,
                      alert=alert, partners=partners)
