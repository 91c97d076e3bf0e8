"""Reconciling declarations (bills of lading, manifests) with what the vessel was seen doing.

Each declaration is read against the vessel's events (``port_call``, ``dark_port_call``,
``gap``, ``draught_change``) and its own cargo fields. The *declared voyage window* runs from
``loading_date - slack_h`` to ``discharge_date + slack_h`` (no discharge date:
``loading_date + max_voyage_days``). A call "at" a port is a ``port_call`` or
``dark_port_call`` event whose ``port`` is that port (:func:`wakewatch.geo.destinations.
same_port`). Findings (one per declaration and kind at most):

``discharge_port_not_reached``
    No call at the declared discharge port in the window, and either (a) the vessel was
    seen after the window ended (it had time and did not go), or (b) after loading it called
    at another port that is *not closer* by sea route to the declared discharge port than the
    loading port was (``away_ratio``: 1.0 — it moved away from its declared destination, as
    the Rajin → Vostochny shuttles declared to Port Said did). Score 0.5, + 0.25 when the
    vessel's draught fell at such a call (it discharged there), + 0.25 for (a).
``loading_port_not_visited``
    No call at the declared loading port within ``slack_h`` of the loading date while the
    vessel was seen calling elsewhere in that time, and no gap in that time is left
    unexplained (a gap without a ``dark_port_call`` in it could hide the loading call).
    Score 0.7, 0.9 when the call elsewhere was at a port of concern.
``port_of_concern_between``
    A call at a port of concern (:func:`wakewatch.geo.concern.watch_ports`: DPRK ports, the
    Russian Far East ports of the 2023-24 munitions run) other than the declared loading and
    discharge ports, ending after the loading date and starting before the first call at
    the discharge port (or, without one, before the window's end).
    Score 0.8 for an observed call, 0.6 when only a dark (inferred) call.
``arms_cargo``
    The HS code is under an arms heading (:func:`wakewatch.declarations.hs.arms_hs`). Score
    0.9 (0.5 for aircraft 8802 / 8806, mostly civil trade).
``dual_use_cargo``
    The cargo description names munitions or dual-use items
    (:func:`wakewatch.declarations.hs.concern_keywords`). Score 0.6 + 0.1 per further
    word, at most 0.9.

:func:`reconcile` is pure; :func:`reconcile_store` reads the store and resolves the declared
IMO to the MMSI that broadcast it (static reports nearest the loading date).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import polars as pl

from wakewatch.declarations.hs import arms_hs, concern_keywords
from wakewatch.events import Event, iso_utc
from wakewatch.params import param_set
from wakewatch.store.db import Store

__all__ = ["FINDING_KINDS", "PARAMS", "Finding", "finding_to_json", "reconcile", "reconcile_store"]

PARAMS = param_set("declarations")
PARAMS.add("slack_h", float, 48.0, "h",
           "Tolerance around declared dates: a call within this of the loading date counts "
           "as the loading call; the discharge port may be reached this late.")
PARAMS.add("max_voyage_days", float, 60.0, "d",
           "Declared voyage window when a declaration has no discharge date.")
PARAMS.add("away_ratio", float, 1.0, "ratio",
           "A call after loading is 'away from' the declared discharge port when its sea "
           "route there is at least this times the loading port's.")

FINDING_KINDS: tuple[str, ...] = (
    "discharge_port_not_reached", "port_of_concern_between", "arms_cargo", "dual_use_cargo",
    "loading_port_not_visited",
)
CALL_KINDS = ("port_call", "dark_port_call")
EVENT_KINDS_USED: tuple[str, ...] = ("port_call", "dark_port_call", "gap", "draught_change")


@dataclass(frozen=True)
class Finding:
    """One inconsistency between a declaration and the vessel's observed behaviour/cargo."""

    finding_id: str
    declaration_id: str
    mmsi: int | None
    imo: int | None
    kind: str
    start: datetime
    end: datetime
    score: float
    detail: str
    evidence: Mapping[str, Any] = field(default_factory=dict, compare=False)
    event_ids: list[str] = field(default_factory=list, compare=False)


def finding_to_json(f: Finding) -> dict[str, Any]:
    return {"finding_id": f.finding_id, "declaration_id": f.declaration_id, "mmsi": f.mmsi,
            "imo": f.imo, "kind": f.kind, "start": iso_utc(f.start), "end": iso_utc(f.end),
            "score": f.score, "detail": f.detail, "evidence": dict(f.evidence),
            "event_ids": list(f.event_ids)}


def _finding_id(declaration_id: str, kind: str) -> str:
    return f"{kind}:{hashlib.sha1(f'{declaration_id}|{kind}'.encode()).hexdigest()[:16]}"


@lru_cache(maxsize=4096)
def _sea_nm(a: str, b: str) -> float | None:
    from wakewatch.geo import port_by_locode, sea_distance_m

    pa, pb = port_by_locode(a), port_by_locode(b)
    if pa is None or pb is None:
        return None
    return float(sea_distance_m((pa["lat"], pa["lon"]), (pb["lat"], pb["lon"]))) / 1852.0


def _same(a: str | None, b: str | None) -> bool:
    from wakewatch.geo.destinations import same_port

    return a is not None and b is not None and same_port(a, b)


@lru_cache(maxsize=1)
def _concern() -> dict[str, str]:
    from wakewatch.geo.concern import watch_ports

    t = watch_ports().table
    return dict(zip(t["locode"].to_list(), t["name"].to_list(), strict=True))


def _concern_name(port: str | None) -> str | None:
    if port is None:
        return None
    table = _concern()
    if port in table:
        return table[port]
    return next((n for c, n in table.items() if _same(c, port)), None)


def _call(e: Event) -> dict[str, Any]:
    return {"event_id": e.event_id, "kind": e.kind, "port": e.port, "start": iso_utc(e.start),
            "end": iso_utc(e.end)}


def _declared(d: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        out[k] = iso_utc(v) if isinstance(v, datetime) else v
    return out


def reconcile(declarations: pl.DataFrame, events: Sequence[Event],
              params: Mapping[str, Any] | None = None) -> list[Finding]:
    """Findings for every declaration (rows of :func:`~wakewatch.store.declarations.
    read_declarations`; an ``mmsi`` column, when present, is the resolved vessel, else
    ``vessel_mmsi``) against ``events`` (any kinds; those of :data:`EVENT_KINDS_USED` used)."""
    p = PARAMS.resolve(params)
    by_mmsi: dict[int, list[Event]] = {}
    for e in events:
        if e.kind in EVENT_KINDS_USED:
            by_mmsi.setdefault(e.mmsi, []).append(e)
    for evs in by_mmsi.values():
        evs.sort(key=lambda e: (e.start, e.kind))
    out: list[Finding] = []
    for d in declarations.iter_rows(named=True):
        mmsi = d.get("mmsi") if d.get("mmsi") is not None else d.get("vessel_mmsi")
        evs = by_mmsi.get(int(mmsi), []) if mmsi is not None else []
        out += _cargo(d, mmsi)
        if evs:
            out += _track(d, int(mmsi), evs, p) if mmsi is not None else []
    out.sort(key=lambda f: (f.start, f.declaration_id, f.kind))
    return out


def _make(d: Mapping[str, Any], mmsi: int | None, kind: str, start: datetime, end: datetime,
          score: float, detail: str, extra: Mapping[str, Any], calls: Sequence[Event]
          ) -> Finding:
    ids = [str(e.event_id) for e in calls if e.event_id is not None]
    evidence = {"declaration": _declared({k: v for k, v in d.items() if k != "mmsi"}),
                **extra, "event_ids": ids}
    return Finding(_finding_id(str(d["declaration_id"]), kind), str(d["declaration_id"]),
                   None if mmsi is None else int(mmsi), d.get("vessel_imo"), kind, start,
                   max(start, end), round(min(max(score, 0.0), 1.0), 3), detail, evidence, ids)


def _cargo(d: Mapping[str, Any], mmsi: int | None) -> list[Finding]:
    start: datetime = d["loading_date"]
    end: datetime = d["discharge_date"] or start
    out = []
    heading = arms_hs(d.get("hs_code"))
    if heading is not None:
        score = 0.5 if str(d["hs_code"]).startswith(("8802", "8806")) else 0.9
        out.append(_make(d, mmsi, "arms_cargo", start, end, score,
                         f"declared HS code {d['hs_code']} falls under {heading}; cargo "
                         f"'{d.get('cargo_description') or ''}' to {d['pod_locode']}",
                         {"hs_heading": heading}, []))
    words = concern_keywords(d.get("cargo_description"))
    if words:
        listed = ", ".join(f"'{w}' ({entry})" for w, entry in words)
        out.append(_make(d, mmsi, "dual_use_cargo", start, end, 0.6 + 0.1 * (len(words) - 1),
                         f"cargo description '{d['cargo_description']}' names {listed}",
                         {"keywords": [{"word": w, "control_list": e} for w, e in words]},
                         []))
    return out


def _track(d: Mapping[str, Any], mmsi: int, evs: list[Event], p: Mapping[str, Any]
           ) -> list[Finding]:
    slack = timedelta(hours=float(p["slack_h"]))
    loading: datetime = d["loading_date"]
    declared_end: datetime = d["discharge_date"] or loading + timedelta(
        days=float(p["max_voyage_days"]))
    w0, w1 = loading - slack, declared_end + slack
    pol, pod = str(d["pol_locode"]), str(d["pod_locode"])
    calls = [e for e in evs if e.kind in CALL_KINDS and e.end >= w0 and e.start <= w1]
    seen = {"calls_in_window": [_call(e) for e in calls],
            "window": [iso_utc(w0), iso_utc(w1)]}
    out: list[Finding] = []
    # loading port
    near = [e for e in calls if e.end >= w0 and e.start <= loading + slack]
    dark = [e for e in calls if e.kind == "dark_port_call"]
    unexplained = [g for g in evs if g.kind == "gap" and g.end >= w0
                   and g.start <= loading + slack
                   and not any(c.start <= g.end and c.end >= g.start for c in dark)]
    if near and not unexplained and not any(_same(e.port, pol) for e in near):
        concern = [e for e in near if _concern_name(e.port) is not None]
        where = ", ".join(sorted({str(e.port) for e in near}))
        out.append(_make(d, mmsi, "loading_port_not_visited", w0, loading + slack,
                         0.9 if concern else 0.7,
                         f"declared loaded at {pol} on {loading.date()}, but within "
                         f"{p['slack_h']:g} h of that date the vessel called at {where} "
                         f"and not at {pol}", seen, near))
    # port of concern between
    at_pod = [e for e in calls if _same(e.port, pod) and e.start >= loading - slack]
    cutoff = min((e.start for e in at_pod), default=w1)
    between = [e for e in calls if e.end > loading and e.start < cutoff
               and _concern_name(e.port) is not None
               and not _same(e.port, pol) and not _same(e.port, pod)]
    if between:
        observed = any(e.kind == "port_call" for e in between)
        names = ", ".join(sorted({f"{e.port} ({_concern_name(e.port)})" for e in between}))
        out.append(_make(d, mmsi, "port_of_concern_between", between[0].start,
                         between[-1].end, 0.8 if observed else 0.6,
                         f"{len(between)} call(s) at ports of concern {names} between "
                         f"declared loading at {pol} ({loading.date()}) and discharge at {pod}",
                         seen, between))
    # discharge port
    if not at_pod:
        f = _not_reached(d, mmsi, evs, calls, seen, p, (loading, declared_end, w1))
        if f is not None:
            out.append(f)
    return out


def _not_reached(d: Mapping[str, Any], mmsi: int, evs: list[Event], calls: list[Event],
                 seen: Mapping[str, Any], p: Mapping[str, Any],
                 times: tuple[datetime, datetime, datetime]) -> Finding | None:
    loading, declared_end, w1 = times
    pol, pod = str(d["pol_locode"]), str(d["pod_locode"])
    base = _sea_nm(pol, pod)
    away: list[tuple[Event, float | None]] = []
    for e in calls:
        if e.start <= loading or e.port is None or _same(e.port, pod):
            continue
        dist = _sea_nm(e.port, pod)
        if base is not None and dist is not None and dist >= float(p["away_ratio"]) * base:
            away.append((e, dist))
    seen_after = max(e.end for e in evs) > w1
    if not away and not seen_after:
        return None
    drops = [c for c in evs if c.kind == "draught_change"
             and any(_same(c.port, e.port) and c.end >= e.start - timedelta(hours=6)
                     and c.start <= e.end + timedelta(hours=6) for e, _ in away)
             and float(c.evidence.get("draught_after_m", 0.0) or 0.0)
             < float(c.evidence.get("draught_before_m", 0.0) or 0.0)]
    score = 0.5 + (0.25 if drops else 0.0) + (0.25 if seen_after else 0.0)
    if away:
        e0, dist0 = away[0]
        why = (f"after loading at {pol} on {loading.date()} it called at {e0.port} "
               f"({iso_utc(e0.start)[:10]}), {dist0:,.0f} nm by sea from {pod} against "
               f"{base:,.0f} nm from {pol}")
        if drops:
            why += f", where its draught fell (discharge) on {iso_utc(drops[0].start)[:10]}"
    else:
        why = f"it was observed until after {iso_utc(w1)[:10]} without calling there"
    return _make(d, mmsi, "discharge_port_not_reached", loading, min(w1, max(
        [e.end for e, _ in away] or [w1])), score,
        f"declared discharge at {pod} by {declared_end.date()} never observed: {why}",
        {**seen, "away_calls": [{**_call(e), "sea_nm_to_discharge": round(x or 0.0, 1)}
                                for e, x in away],
         "sea_nm_loading_to_discharge": None if base is None else round(base, 1),
         "draught_drops": [_call(c) for c in drops], "observed_after_window": seen_after},
        [e for e, _ in away] + drops)


def reconcile_store(store: Store, params: Mapping[str, Any] | None = None) -> list[Finding]:
    """:func:`reconcile` over the store's declarations and stored events (``port_call``,
    ``dark_port_call``, ``gap``, ``draught_change``); declared IMOs resolved to MMSIs
    (:func:`wakewatch.declarations.resolve.resolve_mmsi`). No events table yet: cargo
    findings only."""
    from wakewatch.declarations.resolve import resolve_mmsi
    from wakewatch.errors import StoreError
    from wakewatch.store.declarations import read_declarations
    from wakewatch.store.events import EventFilter, read_events

    decl = read_declarations(store)
    if decl.height == 0:
        return []
    decl = resolve_mmsi(store, decl)
    mmsis = [int(m) for m in decl["mmsi"].drop_nulls().unique().to_list()]
    events: list[Event] = []
    if mmsis:
        try:
            events = read_events(store, EventFilter(kinds=EVENT_KINDS_USED, mmsi=mmsis))
        except StoreError:
            events = []
    return reconcile(decl, events, params)
