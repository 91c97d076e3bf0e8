"""Vessels and their tracks.

- ``GET /api/vessels?limit&offset&q`` — one row per MMSI: ``mmsi, imo, name, callsign,
  flag, first_seen, last_seen, positions, risk_score`` (risk from the stored alerts, null
  without one); ``q`` matches a name / call sign substring (case-insensitive) or an MMSI /
  IMO prefix. Ordered by risk (highest first), then MMSI. ``X-Total-Count`` carries the
  number of matching vessels before paging.
- ``GET /api/vessels/{key}`` — one vessel's profile by MMSI (9 digits) or IMO (7 digits):
  :func:`wakewatch.infer.profile.vessel_profile` when that layer is installed, else its
  identities, summary, events and alerts. 404 when no vessel has that key.
- ``GET /api/tracks/{mmsi}?since&until&simplify_deg&times`` — a GeoJSON FeatureCollection of
  the track's lit and dark segments (:mod:`wakewatch.export.tracks`).
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response

from wakewatch.api.common import access, jsonable, rows
from wakewatch.api.deps import StoreAccess
from wakewatch.api.query import check_window, parse_time
from wakewatch.api.settings import MAX_LIMIT
from wakewatch.errors import StoreError
from wakewatch.events import event_to_json
from wakewatch.export.tracks import (
    SIMPLIFY_DEG,
    read_track_positions,
    segment_to_feature,
    track_segments,
)
from wakewatch.identity.vessels import vessel_summary, vessel_timeline
from wakewatch.store import Store
from wakewatch.store.alerts import read_alerts
from wakewatch.store.events import EventFilter, read_events

__all__ = ["router"]

router = APIRouter(tags=["vessels"])
Access = Annotated[StoreAccess, Depends(access)]

MAX_PROFILE_EVENTS = 5000
_LIST_COLUMNS = ("mmsi", "imo", "name", "callsign", "flag", "first_seen", "last_seen")


def risk_by_mmsi(store: Store) -> dict[int, float]:
    """Risk score of each alerted vessel (empty when alerts were never built)."""
    try:
        alerts = read_alerts(store)
    except StoreError:
        return {}
    return {int(a["mmsi"]): float(a["risk_score"]) for a in alerts
            if a.get("mmsi") is not None and a.get("risk_score") is not None}


def _search(frame: pl.DataFrame, q: str) -> pl.DataFrame:
    text = q.strip()
    if not text:
        return frame
    low = text.lower()
    cond = (pl.col("name").str.to_lowercase().str.contains(low, literal=True).fill_null(False)
            | pl.col("callsign").str.to_lowercase().str.contains(low, literal=True)
            .fill_null(False))
    if text.isdigit():
        cond = cond | pl.col("mmsi").cast(pl.String).str.starts_with(text) | (
            pl.col("imo").cast(pl.String).str.starts_with(text).fill_null(False))
    return frame.filter(cond)


def _vessel_list(store: Store) -> pl.DataFrame:
    """The list columns and risk of every vessel, best risk first."""
    summary = vessel_summary(store)
    risk = risk_by_mmsi(store)
    frame = summary.select(*_LIST_COLUMNS, pl.col("n_positions").alias("positions"))
    risk_frame = pl.DataFrame({"mmsi": list(risk), "risk_score": list(risk.values())},
                              schema={"mmsi": frame.schema["mmsi"], "risk_score": pl.Float64})
    return frame.join(risk_frame, on="mmsi", how="left").sort(
        ["risk_score", "mmsi"], descending=[True, False], nulls_last=True)


@router.get("/api/vessels", summary="Vessels in the store")
def vessels(acc: Access, response: Response,
            limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
            offset: Annotated[int, Query(ge=0)] = 0,
            q: Annotated[str | None, Query(max_length=200)] = None) -> list[dict[str, Any]]:
    frame = acc.memo("vessel_list", _vessel_list)  # ~0.5 s to compute on 114k positions
    if q:
        frame = _search(frame, q)
    response.headers["X-Total-Count"] = str(frame.height)
    return rows(frame.slice(offset, limit))


def _mmsis_for(store: Store, key: str) -> list[int]:
    timeline = vessel_timeline(store)
    if len(key) == 7:
        found = timeline.filter(pl.col("imo") == int(key))["mmsi"].unique().sort()
        if found.len():
            return [int(m) for m in found]
    found = timeline.filter(pl.col("mmsi") == int(key))["mmsi"].unique()
    return [int(m) for m in found]


def _fallback_profile(store: Store, key: str) -> dict[str, Any]:
    mmsis = _mmsis_for(store, key)
    if not mmsis:
        raise HTTPException(404, f"no vessel with MMSI or IMO {key} in the store")
    timeline = vessel_timeline(store).filter(pl.col("mmsi").is_in(mmsis))
    summary = vessel_summary(store).filter(pl.col("mmsi").is_in(mmsis))
    try:
        events = read_events(store, EventFilter(mmsi=mmsis), limit=MAX_PROFILE_EVENTS)
    except StoreError:
        events = []
    alerts: list[dict[str, Any]] = []
    try:
        for m in mmsis:
            alerts.extend(read_alerts(store, mmsi=m))
    except StoreError:
        pass
    return {"key": key, "mmsis": mmsis, "summary": rows(summary),
            "identities": rows(timeline), "events": [event_to_json(e) for e in events],
            "alerts": jsonable(alerts)}


def _profile_function() -> Any:
    try:
        module = importlib.import_module("wakewatch.infer.profile")
    except ImportError:
        return None
    return getattr(module, "vessel_profile", None)


@router.get("/api/vessels/{key}", summary="One vessel's profile")
def vessel(acc: Access,
           key: Annotated[str, Path(pattern=r"^\d{1,9}$",
                                    description="MMSI (9 digits) or IMO (7 digits)")]
           ) -> dict[str, Any]:
    profile = _profile_function()
    with acc.reader() as store:
        if profile is None:
            return _fallback_profile(store, key)
        if not _mmsis_for(store, key):
            raise HTTPException(404, f"no vessel with MMSI or IMO {key} in the store")
        result = profile(store, key)
    return dict(jsonable(result))


@router.get("/api/tracks/{mmsi}", summary="A vessel's track as GeoJSON")
def track(acc: Access,
          mmsi: Annotated[int, Path(ge=0, le=999_999_999)],
          since: str | None = None, until: str | None = None,
          simplify_deg: Annotated[float, Query(ge=0.0, le=1.0)] = SIMPLIFY_DEG,
          times: bool = True) -> dict[str, Any]:
    """Lit segments (``dark: false``) and the gaps of ≥ 6 h between them (``dark: true``,
    with ``event_ids`` of the overlapping gap / dark_port_call events); each feature's
    ``times`` lists the report time of every coordinate."""
    t0, t1 = parse_time("since", since), parse_time("until", until)
    check_window(t0, t1)
    with acc.reader() as store:
        frame = read_track_positions(store, mmsi=[mmsi], since=t0, until=t1)
        if frame.height == 0:
            known = store.con.sql("SELECT count(*) FROM positions WHERE mmsi = ?",
                                  params=[mmsi]).fetchall()[0][0]
            if not known:
                raise HTTPException(404, f"no positions of MMSI {mmsi} in the store")
        try:
            gaps = read_events(store, EventFilter(kinds=["gap", "dark_port_call"],
                                                  mmsi=[mmsi], since=t0, until=t1))
        except StoreError:
            gaps = []
    segments = track_segments(frame, tolerance_deg=simplify_deg)
    features = [segment_to_feature(s, with_times=times) for s in segments]
    for seg, feature in zip(segments, features, strict=True):
        if seg.dark:  # the gap / dark port call events this silence carries
            feature["properties"]["event_ids"] = [
                e.event_id for e in gaps if e.mmsi == mmsi
                and e.start < seg.end and seg.start < e.end]
    return {"type": "FeatureCollection", "features": features}
