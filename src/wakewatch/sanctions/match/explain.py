"""Explanations and the qualifier features of the entity matcher.

An :class:`Explanation` is one reason behind a score: the ``feature`` (e.g. ``imo_match``,
``name_match``, ``country_mismatch``), the points it contributed (``score``; negative for a
penalty, 0 for a fact reported without effect such as ``imo_invalid``), the query's and the
list's values it compared, and a human-readable ``detail``.

Qualifiers (added to the best main feature, as nomenklatura's logic-v2 does; weights from
its ``logic_v2/model.py`` @502208c, see domain/screening-anchors.md §1.3):

    country_mismatch   -0.20  both sides name countries (country, nationality, jurisdiction,
                              and for non-vessels citizenship) and none is shared
    flag_mismatch      -0.10  vessels: the query's flag is neither the listed flag nor one of
                              its pastFlags (ships are reflagged, so this weighs half a
                              country mismatch); not applied when an IMO/MMSI matched
    dob_year_disjoint  -0.15  both give birth dates and no year is shared
    dob_day_disjoint   -0.25  every shared year given as full dates on both sides, none
                              equal (-0.125 when a pair is equal with day and month
                              swapped); a shared year given as a year alone agrees

Countries are compared as ISO 3166 alpha-2 codes: list text such as ``Korea, North`` or
``DPRK`` is mapped through rigour's territory table; unmapped text is compared lower-cased.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rigour.territories import get_territory, lookup_territory

__all__ = ["COUNTRY_MISMATCH", "DOB_DAY_DISJOINT", "DOB_YEAR_DISJOINT", "FLAG_MISMATCH",
           "Explanation", "countries", "country_qualifier", "dob_qualifier", "flag_qualifier"]

COUNTRY_MISMATCH = -0.20
FLAG_MISMATCH = -0.10
DOB_YEAR_DISJOINT = -0.15
DOB_DAY_DISJOINT = -0.25


@dataclass(frozen=True)
class Explanation:
    """One reason behind a match score (see the module doc)."""

    feature: str
    score: float
    query_value: str | None = None
    list_value: str | None = None
    detail: str = ""

    def to_json(self) -> dict[str, object]:
        return {"feature": self.feature, "score": round(self.score, 4),
                "query_value": self.query_value, "list_value": self.list_value,
                "detail": self.detail}


@lru_cache(maxsize=8192)
def _country_code(text: str) -> str:
    text = text.strip()
    if len(text) <= 3 and (known := get_territory(text.lower())) is not None:
        return known.code
    # The first look-up of a country *name* loads rigour's name table (~5 s): codes, the
    # common case, never get here, and qualifiers only look when both sides have countries.
    found = lookup_territory(text)
    return found.code if found is not None else text.lower()


@lru_cache(maxsize=65536)
def _countries(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_country_code(v) for v in values if v.strip())


def countries(values: Iterable[str]) -> frozenset[str]:
    """Country texts or codes as a set of lower-case ISO codes (unmapped text kept)."""
    return _countries(tuple(values))


def country_qualifier(query: frozenset[str], listed_values: tuple[str, ...]
                      ) -> Explanation | None:
    """``country_mismatch`` when both sides name countries and share none (the listed
    texts are mapped to codes only when the query has countries)."""
    if not query or not listed_values:
        return None
    listed = countries(listed_values)
    if query & listed:
        return None
    return Explanation("country_mismatch", COUNTRY_MISMATCH, ", ".join(sorted(query)),
                       ", ".join(sorted(listed)), "no country in common")


def flag_qualifier(query: frozenset[str], listed_values: tuple[str, ...]
                   ) -> Explanation | None:
    """``flag_mismatch`` when the query's flags are none of the listed (and past) flags."""
    if not query or not listed_values:
        return None
    listed = countries(listed_values)
    if query & listed:
        return None
    return Explanation("flag_mismatch", FLAG_MISMATCH, ", ".join(sorted(query)),
                       ", ".join(sorted(listed)), "flag not among the listed or past flags")


def _parts(date: str) -> tuple[str, str | None]:
    text = date.strip()
    return text[:4], (text[:10] if len(text) >= 10 else None)


def dob_qualifier(query: Iterable[str], listed: Iterable[str]) -> Explanation | None:
    """``dob_year_disjoint`` / ``dob_day_disjoint`` (see the module doc), else ``None``."""
    q = [_parts(d) for d in query if len(d.strip()) >= 4]
    c = [_parts(d) for d in listed if len(d.strip()) >= 4]
    if not q or not c:
        return None
    qv = ", ".join(sorted({d for _, d in q if d} | {y for y, _ in q}))
    cv = ", ".join(sorted({d for _, d in c if d} | {y for y, _ in c}))
    shared = {y for y, _ in q} & {y for y, _ in c}
    if not shared:
        return Explanation("dob_year_disjoint", DOB_YEAR_DISJOINT, qv, cv,
                           "no birth year in common")
    # A shared year that either side gives without a full date agrees: no day penalty.
    if any(d is None and y in shared for y, d in q + c):
        return None
    q_days = {d for y, d in q if d and y in shared}
    c_days = {d for y, d in c if d and y in shared}
    if q_days & c_days:
        return None
    flipped = {f"{d[:4]}-{d[8:10]}-{d[5:7]}" for d in q_days}
    if flipped & c_days:
        return Explanation("dob_day_disjoint", DOB_DAY_DISJOINT / 2, qv, cv,
                           "birth dates equal with day and month swapped")
    return Explanation("dob_day_disjoint", DOB_DAY_DISJOINT, qv, cv,
                       "same birth year, different birth dates")
