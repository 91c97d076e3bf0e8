"""The entity matcher: one query against one listed entity, scored and explained.

Algorithm ``wakewatch-v1`` (shape of nomenklatura's logic-v2, domain/screening-anchors.md
§1.3): the score is the best *main* feature, plus *qualifiers* (:mod:`.explain`), clamped to
[0, 1]; ``match`` is ``score >= threshold``.

Main features (points):

    imo_match         0.95  a query IMO with a valid check digit equals a listed IMO
                            (wakewatch.identity.imo); a query IMO failing its check digit is
                            never used and is reported as ``imo_invalid`` (0 points)
    mmsi_match        0.90  the MMSI equals a listed MMSI (below IMO: an MMSI is reassigned
                            when a ship is reflagged, an IMO stays with the hull)
    name_match        s     best name score (:func:`.names.best_name_match`) over the query's
                            name/alias/previousName against the entity's name, alias and
                            previousName
    weak_alias_match  0.8 s the same against the entity's weakAlias (logic-v2's weight),
                            and against a listed person's one-word names (``AHMED, DR.``,
                            ``THABET, Shaykh``: one word once titles are gone) when the
                            entity also has a longer name — a lone given name or surname
                            names many people (yente treats such aliases as weak too)
    callsign_match    0.60  a call sign alone (reassigned, short: never a match alone)

Qualifiers besides those of :mod:`.explain`: ``callsign_support`` +0.10 when the call sign
also matches a name match; ``imo_conflict`` -0.10 when a vessel name matched but both sides
carry valid, different IMO numbers (a renamed or impostor hull is suspicious, not cleared).

Schemas: Vessel matches Vessel; Person matches Person; Company, Organization and LegalEntity
match each other; LegalEntity also matches Person; a ``Thing`` query matches every schema.
Other pairs are not scored at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wakewatch.errors import InputError
from wakewatch.identity.imo import imo_check_digit_ok, normalise_imo
from wakewatch.params import param_set
from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.match import names as _names
from wakewatch.sanctions.match.explain import (
    Explanation,
    countries,
    country_qualifier,
    dob_qualifier,
    flag_qualifier,
)

__all__ = ["ALGORITHM", "DEFAULT_THRESHOLD", "QUERY_SCHEMAS", "Listed", "MatchResult", "Query",
           "QueryError", "compatible", "listed", "prepare", "score_entity"]

ALGORITHM = f"wakewatch-v1+{_names.MATCHER_VERSION}"
"""Name and version of the scorer (the name scorer's version included)."""

DEFAULT_THRESHOLD: float = param_set("screen").add(
    "threshold", float, float(getattr(_names, "DEFAULT_THRESHOLD", 0.7)), "score",
    "A result matches when its score is at least this (the name scorer's threshold)").default
"""``match`` is ``score >= threshold``; the name scorer's documented threshold."""

IMO_MATCH = 0.95
MMSI_MATCH = 0.90
CALLSIGN_MATCH = 0.60
WEAK_ALIAS_WEIGHT = 0.80
CALLSIGN_SUPPORT = 0.10
IMO_CONFLICT = -0.10

QUERY_SCHEMAS = ("Thing", "Vessel", "Person", "Company", "Organization", "LegalEntity")
_ORGS = frozenset({"Company", "Organization", "LegalEntity"})
_COMPATIBLE: dict[str, frozenset[str]] = {
    "Thing": frozenset({"Vessel", "Person", "Company", "Organization", "LegalEntity"}),
    "Vessel": frozenset({"Vessel"}),
    "Person": frozenset({"Person", "LegalEntity"}),
    "Company": _ORGS, "Organization": _ORGS,
    "LegalEntity": _ORGS | {"Person"},
}
_STRONG_NAMES = ("name", "alias", "previousName")
_COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction")


class QueryError(InputError):
    """A screening query cannot be used (unknown schema, not an FtM object ...)."""


def compatible(query_schema: str, entity_schema: str) -> bool:
    """Whether a query of ``query_schema`` may match an entity of ``entity_schema``."""
    return entity_schema in _COMPATIBLE.get(query_schema, frozenset())


@dataclass(frozen=True)
class Query:
    """What to screen: an FtM schema and FtM properties (``name``, ``imoNumber`` ...)."""

    schema: str = "Thing"
    properties: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.schema not in QUERY_SCHEMAS:
            raise QueryError(f"unknown schema {self.schema!r} (one of {', '.join(QUERY_SCHEMAS)})")

    def get(self, prop: str) -> tuple[str, ...]:
        return self.properties.get(prop, ())

    @classmethod
    def build(cls, schema: str = "Thing", **props: str | list[str] | tuple[str, ...] | None
              ) -> Query:
        """``Query.build("Vessel", name="LADY R", imoNumber="9179842")``; ``None`` skipped."""
        out: dict[str, tuple[str, ...]] = {}
        for key, value in props.items():
            values = (value,) if isinstance(value, str) else tuple(value or ())
            kept = tuple(str(v).strip() for v in values if str(v).strip())
            if kept:
                out[key] = kept
        return cls(schema, out)

    @classmethod
    def from_json(cls, obj: object) -> Query:
        """A JSON string (a name) or an FtM example ``{"schema": ..., "properties": {...}}``."""
        if isinstance(obj, str):
            if not obj.strip():
                raise QueryError("empty name")
            return cls.build("Thing", name=obj)
        if not isinstance(obj, dict):
            raise QueryError("a query is a name (JSON string) or an object with "
                             "\"schema\" and \"properties\"")
        props = obj.get("properties", {})
        if not isinstance(props, dict):
            raise QueryError("\"properties\" must be an object of lists of strings")
        clean: dict[str, list[str]] = {}
        for key, value in props.items():
            values = value if isinstance(value, list) else [value]
            clean[str(key)] = [str(v) for v in values if v is not None]
        return cls.build(str(obj.get("schema", "Thing")), **clean)

    def to_json(self) -> dict[str, Any]:
        return {"schema": self.schema, "properties": {k: list(v) for k, v in
                                                      self.properties.items()}}

    def __str__(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)


@dataclass(frozen=True)
class MatchResult:
    """One listed entity scored against a query."""

    entity: Entity
    score: float
    match: bool
    features: dict[str, float]
    explanations: list[Explanation]
    algorithm: str = ALGORITHM


def _imos(values: tuple[str, ...]) -> tuple[frozenset[int], tuple[str, ...]]:
    """(valid IMO numbers, values that are not a valid IMO)."""
    valid: set[int] = set()
    bad: list[str] = []
    for v in values:
        n = normalise_imo(v)
        if n is not None and imo_check_digit_ok(n):
            valid.add(n)
        else:
            bad.append(v)
    return frozenset(valid), tuple(bad)


def _digits(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(d.lstrip("0") for d in ("".join(c for c in v if c.isdigit())
                                            for v in values) if d)


def _callsigns(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(c for c in ("".join(v.split()).upper() for v in values) if c)


@dataclass(frozen=True)
class Listed:
    """An entity's names and identifiers normalised once (the index keeps these); countries
    and flags as listed (mapped to codes only when a query brings countries)."""

    entity: Entity
    imos: frozenset[int]
    mmsis: frozenset[str]
    callsigns: frozenset[str]
    countries: tuple[str, ...]
    flags: tuple[str, ...]
    names: tuple[str, ...] = ()
    weak_names: tuple[str, ...] = ()


def listed(entity: Entity) -> Listed:
    """The normalised identifiers of ``entity``."""
    valid, _ = _imos(entity.get("imoNumber"))
    # A listed IMO failing the check digit is still the number the list publishes.
    listed_imos = valid | {n for n in (normalise_imo(v) for v in entity.get("imoNumber"))
                           if n is not None}
    names = tuple(dict.fromkeys(n for p in _STRONG_NAMES for n in entity.get(p)))
    weak = entity.get("weakAlias")
    if entity.schema == "Person":
        single = [n for n in names if _one_word(n)]
        if single and len(single) < len(names):
            names = tuple(n for n in names if n not in single)
            weak = tuple(dict.fromkeys((*weak, *single)))
    return Listed(entity, frozenset(listed_imos), _digits(entity.get("mmsi")),
                  _callsigns(entity.get("callSign")),
                  tuple(v for p in _COUNTRY_PROPS for v in entity.get(p)),
                  entity.get("flag") + entity.get("pastFlags"), names, weak)


def _one_word(name: str) -> bool:
    readings = _names.analyze_name(name, "Person").readings
    return bool(readings) and len(readings[0].tokens) == 1 and not readings[0].tokens[0].initials


@dataclass(frozen=True)
class Prepared:
    """A query with its identifiers normalised once for all candidates."""

    query: Query
    strong_names: tuple[str, ...]
    imos: frozenset[int]
    bad_imos: tuple[str, ...]
    mmsis: frozenset[str]
    callsigns: frozenset[str]
    countries: frozenset[str]
    flags: frozenset[str]


def prepare(query: Query) -> Prepared:
    """Normalise ``query`` for :func:`score_entity`."""
    valid, bad = _imos(query.get("imoNumber"))
    strong = tuple(dict.fromkeys(n for p in (*_STRONG_NAMES, "weakAlias")
                                 for n in query.get(p)))
    return Prepared(query, strong, valid, bad, _digits(query.get("mmsi")),
                    _callsigns(query.get("callSign")),
                    countries(v for p in _COUNTRY_PROPS for v in query.get(p)),
                    countries(query.get("flag")))


def _name_features(q: Prepared, item: Listed, schema: str
                   ) -> tuple[dict[str, float], list[Explanation]]:
    features: dict[str, float] = {}
    explanations: list[Explanation] = []
    if not q.strong_names:
        return features, explanations
    for feature, cands, weight in (("name_match", item.names, 1.0),
                                   ("weak_alias_match", item.weak_names, WEAK_ALIAS_WEIGHT)):
        if not cands:
            continue
        m = _names.best_name_match(q.strong_names, cands, schema)
        if m.score > 0:
            features[feature] = round(m.score * weight, 4)
            explanations.append(Explanation(feature, m.score * weight, m.query, m.candidate,
                                            f"{m.method}: {m.detail}".strip(": ")))
    return features, explanations


def score_entity(q: Prepared, item: Listed, threshold: float = DEFAULT_THRESHOLD
                 ) -> MatchResult | None:
    """``q`` against one listed entity; ``None`` when the schemas cannot match."""
    e = item.entity
    if not compatible(q.query.schema, e.schema):
        return None
    schema = e.schema if q.query.schema in ("Thing", "LegalEntity") else q.query.schema
    features, explanations = _name_features(q, item, schema)
    id_hit = False
    for n in sorted(q.imos & item.imos):
        features["imo_match"] = IMO_MATCH
        explanations.append(Explanation("imo_match", IMO_MATCH, str(n), str(n),
                                        "same IMO number (check digit valid)"))
        id_hit = True
    for bad in q.bad_imos:
        explanations.append(Explanation("imo_invalid", 0.0, bad, None,
                                        "not a valid IMO number (check digit): not used"))
    for m in sorted(q.mmsis & item.mmsis):
        features["mmsi_match"] = MMSI_MATCH
        explanations.append(Explanation("mmsi_match", MMSI_MATCH, m, m, "same MMSI"))
        id_hit = True
    shared_cs = sorted(q.callsigns & item.callsigns)
    if shared_cs:
        features["callsign_match"] = CALLSIGN_MATCH
    main = max(features.values(), default=0.0)
    total = main
    qualifiers: list[Explanation] = []
    name_score = max(features.get("name_match", 0.0), features.get("weak_alias_match", 0.0))
    name_led = not id_hit and name_score > 0 and name_score >= main
    if shared_cs:
        if name_led:
            qualifiers.append(Explanation("callsign_support", CALLSIGN_SUPPORT, shared_cs[0],
                                          shared_cs[0], "same call sign"))
        else:
            explanations.append(Explanation("callsign_match", CALLSIGN_MATCH, shared_cs[0],
                                            shared_cs[0], "same call sign"))
    listed_valid = [n for n in item.imos if imo_check_digit_ok(n)]  # conflict: both valid
    if not id_hit and q.imos and listed_valid and e.schema == "Vessel" and main > 0:
        qualifiers.append(Explanation(
            "imo_conflict", IMO_CONFLICT, ", ".join(map(str, sorted(q.imos))),
            ", ".join(map(str, sorted(listed_valid))),
            "name matches but the IMO numbers differ: renamed, reused or impostor hull"))
    for qual in (country_qualifier(q.countries, item.countries),
                 None if id_hit or e.schema != "Vessel"
                 else flag_qualifier(q.flags, item.flags),
                 dob_qualifier(q.query.get("birthDate"), e.get("birthDate"))):
        if qual is not None:
            qualifiers.append(qual)
    if main > 0:
        for qual in qualifiers:
            total += qual.score
            features[qual.feature] = round(qual.score, 4)
    score = round(min(1.0, max(0.0, total)), 4)
    ordered = sorted(explanations, key=lambda x: -x.score) + qualifiers
    return MatchResult(e, score, score >= threshold, features, ordered)
