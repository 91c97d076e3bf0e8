"""Structured facts from OFAC's free-text ``Remarks`` (sdn.csv) and ``remarks`` (sdn.xml).

OFAC keeps most identifiers of a listed party in one semicolon-separated text, e.g.
``Former Vessel Flag Malta; alt. Former Vessel Flag Tuvalu; Vessel Registration
Identification IMO 9187629; MMSI 572469210; f.k.a. 'ALPHA'; Linked To: NATIONAL IRANIAN
TANKER COMPANY.`` :func:`parse_remarks` maps the clauses it knows to FollowTheMoney
properties (see :mod:`wakewatch.sanctions.entity`); everything else stays in ``notes``
(the caller keeps the whole text there):

    Vessel Registration Identification IMO N -> imoNumber   MMSI N            -> mmsi
    Vessel Flag X                            -> flag        Former Vessel Flag X -> pastFlags
    a.k.a. / n.k.a. 'X'                      -> alias       f.k.a. 'X'        -> previousName
    DOB 10 Dec 1948 / DOB Dec 1948 / DOB 1948 / DOB circa 1948 / DOB 1948 to 1950
                                              -> birthDate (ISO 8601, partial when partial)
    nationality X / Nationality X            -> nationality citizen X         -> citizenship
    Vessel Year of Build N                   -> buildDate   Passport N, National ID No. N,
                                                             Identification Number N -> idNumber

A leading ``alt.`` only says "another value of the same kind" and is dropped. Flags and
nationalities are mapped to ISO 3166 alpha-2 where the name is a known country (the ITU MID
table shipped with wakewatch), else kept as written; "None Identified" is no value.
"""

from __future__ import annotations

import re
from functools import cache

from wakewatch.identity.mid import flag_table

__all__ = ["country_code", "parse_dob", "parse_remarks"]

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}

# Country names OFAC writes that the ITU table spells differently.
_EXTRA_COUNTRIES = {
    "russia": "RU", "iran": "IR", "north korea": "KP", "korea, north": "KP",
    "south korea": "KR", "korea, south": "KR", "syria": "SY", "tanzania": "TZ",
    "united kingdom": "GB", "united states": "US", "usa": "US", "vietnam": "VN", "venezuela": "VE",
    "bolivia": "BO", "moldova": "MD", "micronesia": "FM", "laos": "LA", "burma": "MM",
    "congo, democratic republic of the": "CD", "cameroon": "CM", "hong kong": "HK",
    "china": "CN", "taiwan": "TW", "cook islands": "CK", "palau": "PW", "comoros": "KM",
    "marshall islands": "MH", "saint kitts and nevis": "KN", "st. kitts and nevis": "KN",
    "sierra leone": "SL", "togo": "TG", "belize": "BZ", "mongolia": "MN", "panama": "PA",
    "united arab emirates": "AE", "turkey": "TR", "turkiye": "TR",
}

_CLAUSES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), prop) for p, prop in (
        (r"^Vessel Registration Identification\s+IMO\s+(\d{7})\b", "imoNumber"),
        (r"^MMSI\s+(\d{9})\b", "mmsi"),
        (r"^Former Vessel Flag\s+(.+)$", "pastFlags"),
        (r"^Vessel Flag\s+(.+)$", "flag"),
        (r"^Vessel Year of Build\s+(\d{4})\b", "buildDate"),
        (r"^nationality\s+(.+)$", "nationality"),
        (r"^citizen\s+(.+)$", "citizenship"),
        (r"^(?:Passport|National ID No\.|Identification Number)\s+(.+)$", "idNumber"),
    ))
_NAMES = re.compile(r"^([afn])\.k\.a\.\s*'(.+)'$", re.IGNORECASE)
_DOB = re.compile(r"^DOB\s+(.+)$")


@cache
def _countries() -> dict[str, str]:
    table: dict[str, str] = {}
    for flag in flag_table().values():
        name = re.sub(r"\s*\(.*?\)\s*", " ", flag.country).strip().lower()
        table.setdefault(name, flag.iso2)
    table.update(_EXTRA_COUNTRIES)
    return table


def country_code(text: str) -> str | None:
    """ISO 3166 alpha-2 for a country name as OFAC writes it, the text itself when unknown,
    ``None`` for "None Identified" / empty."""
    clean = text.strip().rstrip(".").strip()
    if not clean or clean.lower() in {"none identified", "unknown"}:
        return None
    return _countries().get(clean.lower(), clean)


def parse_dob(text: str) -> str | None:
    """``10 Dec 1948`` -> ``1948-12-10``; ``Dec 1948`` -> ``1948-12``; ``1948``,
    ``circa 1948``, ``1948 to 1950`` -> ``1948``; anything else -> ``None``."""
    words = text.replace(",", " ").split()
    if words and words[0].lower() == "circa":
        words = words[1:]
    if len(words) >= 3 and words[0].isdigit() and words[1][:3].lower() in _MONTHS \
            and re.fullmatch(r"\d{4}", words[2]):
        return f"{words[2]}-{_MONTHS[words[1][:3].lower()]:02d}-{int(words[0]):02d}"
    if len(words) >= 2 and words[0][:3].lower() in _MONTHS and re.fullmatch(r"\d{4}", words[1]):
        return f"{words[1]}-{_MONTHS[words[0][:3].lower()]:02d}"
    if words and re.fullmatch(r"\d{4}", words[0]):
        return words[0]
    return None


def _clauses(text: str) -> list[str]:
    parts: list[str] = []
    for raw in text.split(";"):
        part = raw.strip()
        if part.endswith(".") and not part.endswith(".k.a."):
            part = part[:-1].rstrip()
        if part.lower().startswith("alt. "):
            part = part[5:].strip()
        if part:
            parts.append(part)
    return parts


def parse_remarks(text: str) -> dict[str, tuple[str, ...]]:
    """FollowTheMoney properties found in an OFAC remarks text (values in text order,
    duplicates dropped)."""
    found: dict[str, list[str]] = {}

    def add(prop: str, value: str | None) -> None:
        if value and value not in found.setdefault(prop, []):
            found[prop].append(value)

    for part in _clauses(text):
        names = _NAMES.match(part)
        if names:
            kind = names.group(1).lower()
            add("previousName" if kind == "f" else "alias", names.group(2).strip())
            continue
        dob = _DOB.match(part)
        if dob:
            add("birthDate", parse_dob(dob.group(1)))
            continue
        for pattern, prop in _CLAUSES:
            hit = pattern.match(part)
            if hit:
                value = hit.group(1).strip()
                if prop in {"flag", "pastFlags", "nationality", "citizenship"}:
                    add(prop, country_code(value))
                else:
                    add(prop, value)
                break
    return {k: tuple(v) for k, v in found.items() if v}
