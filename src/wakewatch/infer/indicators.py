"""Risk indicators of one vessel, grouped by the seven deceptive practices of the 14 May 2020
OFAC / State / USCG *Sanctions Advisory for the Maritime Industry*
(../shared/domain/maritime-anchors.md §2), plus direct sanctions exposure.

Practices (keys) and the indicators wakewatch derives for each, with their sources:

    ais_manipulation       intentional_gap (gap events with ``intentional``), spoofing,
                           dark_port_call (a port call made while dark)
    identity_alteration    identity_change of name / call sign / IMO, forged_imo (a broadcast
                           IMO failing its check digit: invalid_imo ``bad_check_digit``)
    falsified_documents    declaration findings (cargo / port declarations contradicted)
    sts_transfers          encounter (a partner flagged by North Korea scores as
                           ``encounter_dprk``), loitering
    voyage_irregularities  call_at_port_of_concern, dark_call_at_port_of_concern,
                           delivery_from_port_of_concern (:mod:`.receipt`),
                           destination_mismatch, declaration findings on ports of concern
    false_flags            flag_change (identity_change of MMSI/flag), invalid_mmsi
                           (default MMSI / unallocated MID), flag_hopping (3+ flags)
    complex_ownership      sanctions_hit on a linked owner / operator (non-Vessel schema)
    sanctions_exposure     sanctions_hit on the vessel itself: score 1 for an exact IMO
                           match, the match score for an MMSI match, the match score
                           times ``name_only_factor`` (0.6) for a name-only match

Each indicator has a ``score`` in [0, 1] (how strong this vessel's strongest instance is,
mostly the detector's own event score), a ``weight`` in [0, 1] (how much such an instance
says about sanctions evasion: declared parameters of ``risk``, see :mod:`.risk`), a one-line
``detail`` whose numbers are all copied from the events' evidence (the count of events is
``len(event_ids)``), and the ``event_ids`` / ``entity_ids`` / ``finding_ids`` it rests on.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wakewatch.events import Event
from wakewatch.identity.mid import mid_of

from .concern import concern_level, port_name
from .receipt import Delivery
from .voyages import Call

__all__ = ["PRACTICES", "Indicator", "fmt_latlon", "vessel_indicators"]

PRACTICES: tuple[str, ...] = (
    "ais_manipulation", "identity_alteration", "falsified_documents", "sts_transfers",
    "voyage_irregularities", "false_flags", "complex_ownership", "sanctions_exposure")

DPRK_MID = 445
"""The ITU MID of the Democratic People's Republic of Korea."""


@dataclass(frozen=True)
class Indicator:
    practice: str
    indicator: str
    score: float
    weight: float
    detail: str
    event_ids: tuple[str, ...] = ()
    entity_ids: tuple[str, ...] = ()
    finding_ids: tuple[str, ...] = ()

    @property
    def weighted(self) -> float:
        return self.weight * self.score

    def to_json(self) -> dict[str, Any]:
        return {"practice": self.practice, "indicator": self.indicator,
                "score": round(self.score, 4), "weight": self.weight, "detail": self.detail,
                "event_ids": list(self.event_ids), "entity_ids": list(self.entity_ids),
                "finding_ids": list(self.finding_ids)}


def fmt_latlon(lat: float | None, lon: float | None) -> str:
    """``41.9N 131.2E`` (one decimal, hemisphere letters)."""
    if lat is None or lon is None:
        return "an unknown position"
    return (f"{abs(lat):.1f}{'N' if lat >= 0 else 'S'} "
            f"{abs(lon):.1f}{'E' if lon >= 0 else 'W'}")


def _port(code: str | None) -> str:
    name = port_name(code)
    return f"{name} ({code})" if name and code else (code or "an unnamed port")


def _ids(events: Sequence[Event]) -> tuple[str, ...]:
    return tuple(e.event_id for e in events if e.event_id)


def _score(e: Event) -> float:
    return float(e.score) if e.score is not None else 0.5


def _best(events: Sequence[Event], key: Callable[[Event], float] = _score) -> Event:
    return max(events, key=lambda e: (key(e), e.end - e.start))


def _num(obj: Any, *path: str) -> Any:
    for k in path:
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(k)
    return obj


def _h(x: Any) -> Any:
    """Hours (or nautical miles) as a person reads them: one decimal."""
    return f"{float(x):.1f}" if isinstance(x, int | float) and not isinstance(x, bool) else x


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _ais(ev: Mapping[str, list[Event]], w: Mapping[str, float]) -> list[Indicator]:
    out = []
    gaps = [e for e in ev["gap"] if e.evidence.get("intentional")]
    if gaps:
        g = _best(gaps)
        off = g.evidence.get("off") or {}
        out.append(Indicator(
            "ais_manipulation", "intentional_gap", _score(g), w["intentional_gap"],
            f"{_plural(len(gaps), 'intentional AIS gap')}, the strongest "
            f"{_h(g.evidence.get('duration_h'))} h from "
            f"{fmt_latlon(off.get('lat'), off.get('lon'))}"
            f" while others nearby were heard", _ids(gaps)))
    if ev["spoofing"]:
        s = _best(ev["spoofing"])
        out.append(Indicator(
            "ais_manipulation", "spoofing", _score(s), w["spoofing"],
            f"{_plural(len(ev['spoofing']), 'spoofing episode')} ({s.evidence.get('reason')},"
            f" {s.evidence.get('report_count')} reports)", _ids(ev["spoofing"])))
    if ev["dark_port_call"]:
        d = _best(ev["dark_port_call"])
        port = d.port or _num(d.evidence, "port", "locode")
        out.append(Indicator(
            "ais_manipulation", "dark_port_call", _score(d), w["dark_port_call"],
            f"{_plural(len(ev['dark_port_call']), 'dark port call')}, e.g. {_port(port)} "
            f"during a {_h(_num(d.evidence, 'gap', 'duration_h'))} h gap",
            _ids(ev["dark_port_call"])))
    return out


def _identity(ev: Mapping[str, list[Event]], w: Mapping[str, float]) -> list[Indicator]:
    out = []
    changes = [e for e in ev["identity_change"]
               if set(e.evidence.get("changed") or {}) & {"name", "callsign", "imo"}]
    if changes:
        c = _best(changes)
        parts = [f"{k} {v[0]} to {v[1]}" for k, v in (c.evidence.get("changed") or {}).items()
                 if k in ("name", "callsign", "imo") and isinstance(v, list) and len(v) == 2]
        out.append(Indicator("identity_alteration", "identity_change", _score(c),
                             w["identity_change"], "changed " + ", ".join(parts),
                             _ids(changes)))
    forged = [e for e in ev["invalid_imo"] if e.evidence.get("reason") == "bad_check_digit"]
    if forged:
        f = _best(forged)
        out.append(Indicator("identity_alteration", "forged_imo", _score(f), w["forged_imo"],
                             f"broadcasts IMO {f.evidence.get('imo')}, which fails its check "
                             "digit", _ids(forged)))
    return out


def _flags(ev: Mapping[str, list[Event]], identities: Sequence[Mapping[str, Any]],
           w: Mapping[str, float]) -> list[Indicator]:
    out = []
    flag = [e for e in ev["identity_change"]
            if set(e.evidence.get("changed") or {}) & {"flag", "mmsi"}]
    if flag:
        c = _best(flag)
        ch = c.evidence.get("changed") or {}
        parts = [f"{k} {v[0]} to {v[1]}" for k, v in ch.items()
                 if k in ("flag", "mmsi") and isinstance(v, list) and len(v) == 2]
        out.append(Indicator("false_flags", "flag_change", _score(c), w["flag_change"],
                             "changed " + ", ".join(parts), _ids(flag)))
    bad = [e for e in ev["invalid_imo"]
           if e.evidence.get("reason") in ("default_mmsi", "unallocated_mid")]
    if bad:
        b = _best(bad)
        out.append(Indicator("false_flags", "invalid_mmsi", _score(b), w["invalid_mmsi"],
                             f"transmits as MMSI {b.mmsi} ({b.evidence.get('reason')})",
                             _ids(bad)))
    flags = list(dict.fromkeys(r["flag"] for r in identities if r.get("flag")))
    if len(flags) >= 3:
        out.append(Indicator("false_flags", "flag_hopping", 1.0, w["flag_hopping"],
                             f"{len(flags)} flags: " + ", ".join(flags)))
    return out


def _sts(ev: Mapping[str, list[Event]], mmsi: int, w: Mapping[str, float]
         ) -> list[Indicator]:
    out = []
    def partner(e: Event) -> int:
        return e.other_mmsi if e.mmsi == mmsi and e.other_mmsi is not None else e.mmsi
    dprk = [e for e in ev["encounter"] if mid_of(partner(e)) == DPRK_MID
            or (mid_of(mmsi) == DPRK_MID)]
    other = [e for e in ev["encounter"] if e not in dprk]
    for name, group in (("encounter_dprk", dprk), ("encounter", other)):
        if group:
            e = _best(group)
            out.append(Indicator(
                "sts_transfers", name, _score(e), w[name],
                f"met MMSI {partner(e)} for {_h(e.evidence.get('duration_h'))} h at "
                f"{fmt_latlon(e.lat, e.lon)}", _ids(group)))
    if ev["loitering"]:
        lo = _best(ev["loitering"])
        out.append(Indicator(
            "sts_transfers", "loitering", _score(lo), w["loitering"],
            f"loitered {_h(lo.evidence.get('duration_h'))} h at {fmt_latlon(lo.lat, lo.lon)}, "
            f"{_h(lo.evidence.get('shore_distance_nm'))} nm from shore", _ids(ev["loitering"])))
    return out


def _voyage(ev: Mapping[str, list[Event]], calls: Sequence[Call],
            deliveries: Sequence[Delivery], w: Mapping[str, float]) -> list[Indicator]:
    out = []
    seen = [c for c in calls if not c.dark and concern_level(c.port) > 0]
    if seen:
        c = max(seen, key=lambda c: (concern_level(c.port), c.end - c.start))
        out.append(Indicator(
            "voyage_irregularities", "call_at_port_of_concern", concern_level(c.port),
            w["call_at_port_of_concern"], f"called at {_port(c.port)}",
            tuple(x.event_id for x in seen if x.event_id)))
    dark = [c for c in calls if c.dark and concern_level(c.port) > 0]
    if dark:
        c = max(dark, key=lambda c: (concern_level(c.port), c.end - c.start))
        src = next((e for e in ev["gap"] + ev["dark_port_call"] if e.event_id == c.event_id),
                   None)
        hours = None if src is None else (src.evidence.get("duration_h")
                                          or _num(src.evidence, "gap", "duration_h"))
        out.append(Indicator(
            "voyage_irregularities", "dark_call_at_port_of_concern", concern_level(c.port),
            w["dark_call_at_port_of_concern"],
            (f"went dark {_h(hours)} h" if hours is not None else "went dark")
            + f" within reach of {_port(c.port)}",
            tuple(x.event_id for x in dark if x.event_id)))
    if deliveries:
        d = max(deliveries, key=lambda d: (concern_level(d.load_port), d.draught_up_m))
        out.append(Indicator(
            "voyage_irregularities", "delivery_from_port_of_concern",
            concern_level(d.load_port), w["delivery_from_port_of_concern"],
            f"loaded at {_port(d.load_port)} (draught {d.load_draught_before_m} to "
            f"{d.load_draught_after_m} m) and discharged at {_port(d.discharge_port)} "
            f"(draught {d.load_draught_after_m} to {d.discharge_draught_after_m} m)",
            tuple(dict.fromkeys(i for x in deliveries for i in x.event_ids))))
    if ev["destination_mismatch"]:
        m = _best(ev["destination_mismatch"])
        text = m.evidence.get("declared_text") or m.evidence.get("declared_locode")
        reasons = m.evidence.get("reasons") or []
        why = f" ({'; '.join(map(str, reasons))})" if reasons else ""
        out.append(Indicator(
            "voyage_irregularities", "destination_mismatch", _score(m),
            w["destination_mismatch"], f"declared destination {text} not borne out{why}",
            _ids(ev["destination_mismatch"])))
    return out


def _findings(findings: Sequence[Any], w: Mapping[str, float]) -> list[Indicator]:
    out = []
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for f in findings:
        by_kind[str(getattr(f, "kind", ""))].append(f)
    for kind, group in sorted(by_kind.items()):
        best = max(group, key=lambda f: float(getattr(f, "score", 0.0) or 0.0))
        practice = ("voyage_irregularities" if kind == "port_of_concern_between"
                    else "falsified_documents")
        out.append(Indicator(
            practice, f"declaration_{kind}", float(getattr(best, "score", 0.0) or 0.0),
            w["declaration"], str(getattr(best, "detail", kind)),
            tuple(dict.fromkeys(i for f in group for i in (getattr(f, "event_ids", ()) or ()))),
            finding_ids=tuple(str(f.finding_id) for f in group)))
    return out


def _imo_exact(e: Event) -> bool:
    return "imo_match" in json.dumps(e.evidence.get("matched") or [], default=str)


def _identifier_match(e: Event) -> bool:
    text = json.dumps(e.evidence.get("matched") or [], default=str)
    return "imo_match" in text or "mmsi_match" in text


def _hit_score(e: Event, name_only_factor: float) -> float:
    """1 for an exact IMO match; the match score for an MMSI match; the match score times
    ``name_only_factor`` for a name-only match (ship names are reused: OFAC itself asks to
    confirm a name hit with the IMO)."""
    if _imo_exact(e):
        return 1.0
    return _score(e) if _identifier_match(e) else _score(e) * name_only_factor


def _sanctions(ev: Mapping[str, list[Event]], w: Mapping[str, float]) -> list[Indicator]:
    out = []
    direct = [e for e in ev["sanctions_hit"]
              if (e.evidence.get("schema") or "Vessel") == "Vessel"]
    linked = [e for e in ev["sanctions_hit"] if e not in direct]
    for practice, name, group in (("sanctions_exposure", "sanctions_hit", direct),
                                  ("complex_ownership", "linked_entity_sanctioned", linked)):
        if not group:
            continue
        h = _best(group, key=lambda e: _hit_score(e, w["name_only_factor"]))
        ident = h.evidence.get("identity") or {}
        how = (f"IMO {ident.get('imo')}" if _imo_exact(h) and ident.get("imo")
               else f"name {ident.get('name')}" if ident.get("name") else "identity")
        progs = ", ".join(map(str, h.evidence.get("programs") or []))
        out.append(Indicator(
            practice, name, _hit_score(h, w["name_only_factor"]), w[name],
            f"{how} matches {h.evidence.get('dataset')} {h.evidence.get('caption')}"
            + (f" ({progs})" if progs else ""), _ids(group),
            entity_ids=tuple(dict.fromkeys(str(e.evidence.get("entity_id")) for e in group
                                           if e.evidence.get("entity_id")))))
    return out


def vessel_indicators(mmsi: int, events: Sequence[Event], calls: Sequence[Call],
                      deliveries: Sequence[Delivery], identities: Sequence[Mapping[str, Any]],
                      findings: Sequence[Any], weights: Mapping[str, float]
                      ) -> list[Indicator]:
    """Every indicator of vessel ``mmsi`` (its events include pair events it is part of)."""
    ev: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        ev[e.kind].append(e)
    out = (_ais(ev, weights) + _identity(ev, weights) + _findings(findings, weights)
           + _sts(ev, mmsi, weights) + _voyage(ev, calls, deliveries, weights)
           + _flags(ev, identities, weights) + _sanctions(ev, weights))
    return [i for i in out if i.score > 0 and i.weight > 0]
