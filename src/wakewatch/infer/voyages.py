"""Port-to-port voyages of each vessel, from its seen and inferred (dark) port calls.

**Calls.** A vessel's calls, in time order, are

* its ``port_call`` events (seen: the vessel transmitted in port);
* its ``dark_port_call`` events (inferred: a gap during which it could have called at the
  port; ``dark = True``);
* until dark port calls are detected for it, its ``gap`` events whose OFF or ON report lies
  within ``gap_call_radius_km`` of a port of concern (:mod:`.concern`) and that overlap no
  dark_port_call: the vessel went silent next to such a port (``dark = True``, kind
  ``gap``; the nearest port of concern to the OFF/ON report is the port).

**Draught around a call** (from the static reports; AIS draught is typed in by the crew):
``draught_before_m`` is the draught in force at the call's start (the last report at or
before it); ``draught_after_m`` the draught in force ``settle_h`` after the call's end
(capped at the next call's start): crews update the draught when they sail, and a dark
vessel's first report after the gap carries the new one.

**Voyage** = two consecutive calls: ``depart`` = the first call's end, ``arrive`` = the
second's start; ``draught_depart_m`` = the first call's ``draught_after_m`` (what it carried
out), ``draught_arrive_m`` = the second call's ``draught_before_m``; ``event_ids`` = the
vessel's other events overlapping (depart, arrive). Pure functions over events and a
draught frame: the draught look-ups are one as-of join, not a loop over reports.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import polars as pl

from wakewatch.events import Event, iso_utc
from wakewatch.geo.routes import haversine_m
from wakewatch.params import param_set

from .concern import concern_table, port_name

__all__ = ["PARAMS", "Call", "Voyage", "build_calls", "call_to_json", "voyage_to_json",
           "voyages"]

PARAMS = param_set("voyages")
PARAMS.add("gap_call_radius_km", float, 100.0, "km",
           "A gap whose OFF or ON report lies this close to a port of concern counts as a "
           "dark call there (fallback while no dark_port_call covers it). A ship going dark "
           "a few hours before a port is tens of km out at 10-12 kn.")
PARAMS.add("settle_h", float, 6.0, "h",
           "The draught after a call is the one in force this long after the call ends "
           "(crews update the draught on sailing; a dark ship reports it on coming back).")


@dataclass(frozen=True)
class Call:
    """One stop of a vessel: seen (port_call) or dark (dark_port_call / gap)."""

    mmsi: int
    kind: str
    port: str | None
    start: datetime
    end: datetime
    dark: bool
    event_id: str | None
    lat: float | None = None
    lon: float | None = None
    name: str | None = None
    draught_before_m: float | None = None
    draught_after_m: float | None = None


@dataclass(frozen=True)
class Voyage:
    """A leg between two consecutive calls of one vessel."""

    mmsi: int
    from_call: Call
    to_call: Call
    event_ids: tuple[str, ...] = field(default=())

    @property
    def from_port(self) -> str | None:
        return self.from_call.port

    @property
    def to_port(self) -> str | None:
        return self.to_call.port

    @property
    def depart(self) -> datetime:
        return self.from_call.end

    @property
    def arrive(self) -> datetime:
        return self.to_call.start

    @property
    def draught_depart_m(self) -> float | None:
        return self.from_call.draught_after_m

    @property
    def draught_arrive_m(self) -> float | None:
        return self.to_call.draught_before_m


def _overlaps(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 <= b1 and b0 <= a1


def _gap_call(e: Event, radius_m: float, targets: list[tuple[str, float, float]]
              ) -> Call | None:
    pts = [(r["lat"], r["lon"]) for r in (e.evidence.get("off"), e.evidence.get("on"))
           if isinstance(r, dict) and r.get("lat") is not None and r.get("lon") is not None]
    if not pts or not targets:
        return None
    lat = np.array([p[0] for p in pts])[:, None]
    lon = np.array([p[1] for p in pts])[:, None]
    d = haversine_m(lat, lon, np.array([t[1] for t in targets])[None, :],
                    np.array([t[2] for t in targets])[None, :])
    i = int(np.argmin(d.min(axis=0)))
    if float(d[:, i].min()) > radius_m:
        return None
    code = targets[i][0]
    return Call(e.mmsi, "gap", code, e.start, e.end, True, e.event_id, e.lat, e.lon,
                port_name(code))


def _concern_targets() -> list[tuple[str, float, float]]:
    return [(p[0], p[2], p[3]) for p in concern_table()]


def _with_draughts(calls: list[Call], draughts: pl.DataFrame, settle_h: float) -> list[Call]:
    if not calls:
        return calls
    after = []
    for i, c in enumerate(calls):
        t = c.end + timedelta(hours=settle_h)
        nxt = calls[i + 1] if i + 1 < len(calls) and calls[i + 1].mmsi == c.mmsi else None
        if nxt is not None and nxt.start < t:
            t = max(nxt.start, c.end)
        after.append(t)
    ts = pl.Datetime("us", "UTC")
    q = pl.DataFrame({"i": range(2 * len(calls)),
                      "mmsi": [c.mmsi for c in calls] * 2,
                      "ts": [c.start for c in calls] + after},
                     schema={"i": pl.Int64, "mmsi": pl.Int64, "ts": ts}).sort("ts")
    d = draughts.select("mmsi", "ts", "draught_m").sort("ts")
    got = q.join_asof(d, on="ts", by="mmsi", strategy="backward",
                      check_sortedness=False).sort("i")  # both sorted by ts above
    vals = got.get_column("draught_m").to_list()
    n = len(calls)
    return [replace(c, draught_before_m=vals[k], draught_after_m=vals[n + k])
            for k, c in enumerate(calls)]


def build_calls(events: Sequence[Event], draughts: pl.DataFrame,
                params: dict[str, Any] | None = None) -> list[Call]:
    """Every vessel's calls (seen and dark) in (mmsi, start) order, with draughts."""
    p = PARAMS.resolve(params)
    calls: list[Call] = []
    dark = [e for e in events if e.kind == "dark_port_call"]
    for e in events:
        if e.kind == "port_call":
            calls.append(Call(e.mmsi, e.kind, e.port, e.start, e.end, False, e.event_id,
                              e.lat, e.lon, e.evidence.get("port_name")))
        elif e.kind == "dark_port_call":
            port = e.evidence.get("port") if isinstance(e.evidence.get("port"), dict) else {}
            code = e.port or (port or {}).get("locode")
            calls.append(Call(e.mmsi, e.kind, code, e.start, e.end, True, e.event_id,
                              e.lat, e.lon, (port or {}).get("name") or port_name(code)))
    targets: list[tuple[str, float, float]] | None = None
    for e in events:
        if e.kind != "gap" or any(d.mmsi == e.mmsi and _overlaps(d.start, d.end, e.start,
                                                                 e.end) for d in dark):
            continue
        if targets is None:
            targets = _concern_targets()
        c = _gap_call(e, p["gap_call_radius_km"] * 1000.0, targets)
        if c is not None:
            calls.append(c)
    calls.sort(key=lambda c: (c.mmsi, c.start, c.end))
    return _with_draughts(calls, draughts, p["settle_h"])


def voyages(events: Sequence[Event], draughts: pl.DataFrame,
            params: dict[str, Any] | None = None, calls: Sequence[Call] | None = None
            ) -> list[Voyage]:
    """Port-to-port voyages of every vessel (see the module docstring)."""
    cs = list(calls) if calls is not None else build_calls(events, draughts, params)
    by_mmsi: dict[int, list[Event]] = {}
    for e in events:
        if e.kind not in ("port_call",):
            by_mmsi.setdefault(e.mmsi, []).append(e)
            if e.other_mmsi is not None:
                by_mmsi.setdefault(e.other_mmsi, []).append(e)
    out = []
    for a, b in itertools.pairwise(cs):
        if a.mmsi != b.mmsi:
            continue
        ids = tuple(e.event_id for e in by_mmsi.get(a.mmsi, [])
                    if e.event_id and e.event_id not in (a.event_id, b.event_id)
                    and _overlaps(e.start, e.end, a.end, b.start)
                    and e.start < b.start and e.end > a.end)
        out.append(Voyage(a.mmsi, a, b, ids))
    return out


def call_to_json(c: Call) -> dict[str, Any]:
    return {"kind": c.kind, "port": c.port, "name": c.name, "start": iso_utc(c.start),
            "end": iso_utc(c.end), "dark": c.dark, "event_id": c.event_id,
            "draught_before_m": c.draught_before_m, "draught_after_m": c.draught_after_m}


def voyage_to_json(v: Voyage) -> dict[str, Any]:
    return {"mmsi": v.mmsi, "from_port": v.from_port, "to_port": v.to_port,
            "depart": iso_utc(v.depart), "arrive": iso_utc(v.arrive),
            "draught_depart_m": v.draught_depart_m, "draught_arrive_m": v.draught_arrive_m,
            "calls": [call_to_json(v.from_call), call_to_json(v.to_call)],
            "event_ids": list(v.event_ids)}
