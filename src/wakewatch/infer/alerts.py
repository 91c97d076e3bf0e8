"""Alerts: vessels whose combined risk reaches the alert threshold, ranked.

:func:`assess` computes, for every vessel with events, its calls and voyages
(:mod:`.voyages`), deliveries (:mod:`.receipt`), indicators (:mod:`.indicators`) and risk
(:mod:`.risk`). :func:`build_alerts` keeps the vessels with ``risk >= alert_threshold`` and
ranks them (risk, then the number of practices, then MMSI). The JSON shape of an alert is
documented in :mod:`wakewatch.store.alerts` (:func:`alert_to_json`).

The default threshold (0.7) was set before the quality benchmark on unseen seeds, from the
weights: a vessel needs either one nearly conclusive indicator (a sanctions IMO match, a
delivery out of a North Korean port) or two independent moderate ones (e.g. an intentional
gap and a dark call at a port of concern: 1 − 0.55 × 0.3 = 0.83); a single moderate
behaviour, or a few weak ones (a call at Vostochny, an encounter and loitering:
1 − 0.875 × 0.7 × 0.85 = 0.48), does not alert. Figures: docs/alerts.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from wakewatch.events import Event, iso_utc
from wakewatch.params import param_set
from wakewatch.store.alerts import replace_alerts
from wakewatch.store.db import Store

from .indicators import Indicator, vessel_indicators
from .inputs import InferInputs, load_inputs
from .narrative import narrative
from .receipt import Delivery, deliveries, delivery_to_json
from .risk import combine, practice_scores, weights
from .voyages import Call, build_calls

__all__ = ["PARAMS", "Alert", "VesselRisk", "alert_to_json", "assess", "build_alerts",
           "store_alerts"]

PARAMS = param_set("alerts")
PARAMS.add("alert_threshold", float, 0.7, "1",
           "A vessel is alerted when its combined risk (noisy-OR over practices) is at least "
           "this. Set from the weights before measuring: one nearly conclusive indicator or "
           "two independent moderate ones.")


@dataclass
class VesselRisk:
    """Everything inference found about one vessel."""

    mmsi: int
    risk: float
    practices: dict[str, float]
    indicators: list[Indicator]
    deliveries: list[Delivery]
    calls: list[Call]
    events: list[Event]
    identity: dict[str, Any] = field(default_factory=dict)
    findings: list[Any] = field(default_factory=list)


@dataclass
class Alert:
    """One alerted vessel (see :func:`alert_to_json` for its JSON shape)."""

    rank: int
    vessel: VesselRisk
    narrative: str
    created_at: datetime

    @property
    def alert_id(self) -> str:
        return f"alert:{self.vessel.mmsi}"

    @property
    def event_ids(self) -> list[str]:
        return list(dict.fromkeys(i for ind in self.vessel.indicators for i in ind.event_ids))

    def to_json(self) -> dict[str, Any]:
        return alert_to_json(self)


def alert_to_json(a: Alert) -> dict[str, Any]:
    """The alert JSON object consumed by the report, the API and the web map."""
    v = a.vessel
    ids = set(a.event_ids)
    cited = [e for e in v.events if e.event_id in ids]
    ordered = sorted(v.indicators, key=lambda i: (-i.weighted, i.practice, i.indicator))
    return {"alert_id": a.alert_id, "rank": a.rank, "mmsi": v.mmsi,
            "imo": v.identity.get("imo"), "name": v.identity.get("name"),
            "flag": v.identity.get("flag"), "risk_score": v.risk,
            "practices": dict(v.practices), "indicators": [i.to_json() for i in ordered],
            "event_ids": a.event_ids, "deliveries": [delivery_to_json(d) for d in v.deliveries],
            "narrative": a.narrative,
            "start": iso_utc(min(e.start for e in cited)) if cited else None,
            "end": iso_utc(max(e.end for e in cited)) if cited else None,
            "created_at": iso_utc(a.created_at)}


def _identity(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    if not rows:
        return {}
    last = max(rows, key=lambda r: (r.get("last_seen") is not None, r.get("last_seen")
                                    or datetime.min.replace(tzinfo=UTC)))
    out = {k: last.get(k) for k in ("imo", "name", "callsign", "flag")}
    for k in ("imo", "name", "callsign"):
        if out[k] is None:
            out[k] = next((r[k] for r in reversed(rows) if r.get(k) is not None), None)
    return out


def assess(inputs: InferInputs, weight_overrides: dict[str, float] | None = None
           ) -> list[VesselRisk]:
    """The risk of every vessel that has events, highest first."""
    w = weights(weight_overrides)
    calls = build_calls(inputs.events, inputs.draughts)
    delivered = deliveries(calls, inputs.events)
    by_vessel: dict[int, list[Event]] = defaultdict(list)
    for e in inputs.events:
        by_vessel[e.mmsi].append(e)
        if e.other_mmsi is not None and e.other_mmsi != e.mmsi:
            by_vessel[e.other_mmsi].append(e)
    calls_of: dict[int, list[Call]] = defaultdict(list)
    for c in calls:
        calls_of[c.mmsi].append(c)
    del_of: dict[int, list[Delivery]] = defaultdict(list)
    for d in delivered:
        del_of[d.mmsi].append(d)
    ident_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in inputs.identities:
        ident_of[int(r["mmsi"])].append(r)
    find_of: dict[int, list[Any]] = defaultdict(list)
    for f in inputs.findings:
        if getattr(f, "mmsi", None) is not None:
            find_of[int(f.mmsi)].append(f)
    out = []
    for mmsi in sorted(set(by_vessel) | set(find_of)):
        ind = vessel_indicators(mmsi, by_vessel[mmsi], calls_of[mmsi], del_of[mmsi],
                                ident_of[mmsi], find_of[mmsi], w)
        out.append(VesselRisk(mmsi, combine(ind), practice_scores(ind), ind, del_of[mmsi],
                              calls_of[mmsi], by_vessel[mmsi], _identity(ident_of[mmsi]),
                              find_of[mmsi]))
    out.sort(key=lambda v: (-v.risk, -len(v.practices), v.mmsi))
    return out


def rank_alerts(risks: Sequence[VesselRisk], threshold: float,
                now: datetime | None = None) -> list[Alert]:
    """Alerts for the vessels at or above ``threshold`` (``risks`` sorted as by assess)."""
    created = now or datetime.now(UTC)
    out: list[Alert] = []
    for v in risks:
        if v.risk < threshold or not v.indicators:
            continue
        ident = v.identity
        text = narrative(ident.get("name"), v.mmsi, ident.get("imo"), v.risk, v.indicators)
        out.append(Alert(len(out) + 1, v, text, created))
    return out


def build_alerts(store: Store, threshold: float | None = None, *,
                 weight_overrides: dict[str, float] | None = None,
                 now: datetime | None = None) -> list[Alert]:
    """Ranked alerts of every vessel in ``store`` whose risk >= ``threshold``
    (default: the ``alerts.alert_threshold`` parameter). Nothing is written."""
    t = PARAMS.defaults()["alert_threshold"] if threshold is None else float(threshold)
    return rank_alerts(assess(load_inputs(store), weight_overrides), t, now)


def store_alerts(store: Store, alerts: Sequence[Alert]) -> int:
    """Replace the stored alerts (:func:`wakewatch.store.alerts.replace_alerts`)."""
    return replace_alerts(store, [a.to_json() for a in alerts])
