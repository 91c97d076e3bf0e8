"""One vessel's profile: who it is, where it went, what it did, what it risks.

``key`` is an IMO number (7 digits) or an MMSI (any other number). An IMO gathers every MMSI
that broadcast it (a reflagged hull keeps its IMO), an MMSI every IMO it broadcast. The
profile (JSON-ready dict):

    key, mmsis, imos
    identities      rows of the ``vessels`` view: mmsi, imo, name, callsign, flag,
                    first_seen, last_seen, n_reports, basis, imo_valid
    voyages         :func:`.voyages.voyage_to_json` of each leg, calls with their dark flag
    deliveries      :func:`.receipt.delivery_to_json`
    events          kind → events (``event_to_json``), every kind of EVENT_KINDS present
    sanctions_hits  the sanctions_hit events
    declaration_findings   findings of :mod:`wakewatch.declarations.reconcile` (if any)
    risk            {score, practices, indicators} of the riskiest of its MMSIs
    alert           the stored alert of that MMSI, or None

An unknown key is a :class:`VesselNotFoundError` (one line, exit 1).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from wakewatch.errors import InputError
from wakewatch.events import EVENT_KINDS, event_to_json, iso_utc
from wakewatch.store.alerts import read_alerts
from wakewatch.store.db import Store

from .alerts import assess
from .inputs import load_inputs
from .receipt import delivery_to_json
from .voyages import voyage_to_json, voyages

__all__ = ["VesselNotFoundError", "vessel_profile"]


class VesselNotFoundError(InputError):
    """No vessel in the store has this IMO / MMSI."""


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _finding(f: Any) -> dict[str, Any]:
    try:
        from wakewatch.declarations.reconcile import finding_to_json

        return {k: _plain(v) for k, v in finding_to_json(f).items()}
    except (ImportError, AttributeError, TypeError):
        pass
    if dataclasses.is_dataclass(f) and not isinstance(f, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(f).items()}
    return {k: _plain(v) for k, v in vars(f).items()} if hasattr(f, "__dict__") else {
        "finding": str(f)}


def _parse_key(key: str) -> int:
    text = key.strip().upper().removeprefix("IMO").strip()
    if not text.isdigit():
        raise VesselNotFoundError(f"{key!r} is not an IMO number (7 digits) or an MMSI")
    return int(text)


def vessel_profile(store: Store, key: str) -> dict[str, Any]:
    """The profile of the vessel with IMO or MMSI ``key`` (see the module docstring)."""
    number = _parse_key(key)
    inputs = load_inputs(store)
    by_imo = len(str(number)) == 7
    rows = [r for r in inputs.identities
            if (r.get("imo") == number if by_imo else r.get("mmsi") == number)]
    mmsis = sorted({int(r["mmsi"]) for r in rows})
    if not by_imo and not mmsis and any(number in (e.mmsi, e.other_mmsi)
                                        for e in inputs.events):
        mmsis = [number]
    if not mmsis:
        what = "IMO" if by_imo else "MMSI"
        raise VesselNotFoundError(f"no vessel with {what} {number} in "
                                  f"{store.path or 'the database'}")
    idents = [r for r in inputs.identities if int(r["mmsi"]) in mmsis]
    events = [e for e in inputs.events if e.mmsi in mmsis or e.other_mmsi in mmsis]
    risks = [v for v in assess(inputs) if v.mmsi in mmsis]
    calls = [c for v in risks for c in v.calls]
    legs = [leg for leg in voyages(events, inputs.draughts, calls=sorted(
        calls, key=lambda c: (c.mmsi, c.start, c.end))) if leg.mmsi in mmsis]
    top = max(risks, key=lambda v: v.risk) if risks else None
    alert = None
    if top is not None:
        stored = read_alerts(store, mmsi=top.mmsi)
        alert = stored[0] if stored else None
    grouped = {k: [event_to_json(e) for e in events if e.kind == k] for k in EVENT_KINDS}
    return {
        "key": key, "mmsis": mmsis,
        "imos": sorted({int(r["imo"]) for r in idents if r.get("imo") is not None}),
        "identities": [_plain({k: r.get(k) for k in (
            "mmsi", "imo", "name", "callsign", "flag", "first_seen", "last_seen",
            "n_reports", "basis", "imo_valid")}) for r in idents],
        "voyages": [voyage_to_json(v) for v in legs],
        "deliveries": [delivery_to_json(d) for v in risks for d in v.deliveries],
        "events": {k: v for k, v in grouped.items() if v},
        "sanctions_hits": grouped["sanctions_hit"],
        "declaration_findings": [_finding(f) for v in risks for f in v.findings],
        "risk": None if top is None else {
            "mmsi": top.mmsi, "score": top.risk, "practices": top.practices,
            "indicators": [i.to_json() for i in sorted(
                top.indicators, key=lambda i: (-i.weighted, i.practice, i.indicator))]},
        "alert": alert,
    }
