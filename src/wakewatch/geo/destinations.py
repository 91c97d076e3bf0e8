"""AIS destination free text -> a port of the gazetteer (:mod:`wakewatch.geo.ports`).

The AIS type 5 destination is 20 hand-keyed characters (``../shared/domain/maritime-anchors.md``
§4: free text, UN/LOCODE only recommended for inland vessels). Crews write ``PT SAID``,
``EG PSD``, ``EGPSD``, ``PORTSAID``, ``PORT SAID EG``, ``ALEXANDRIA>>``, ``> JEDDAH``,
``JEDDAH OPL``, routes ``SG SIN>CN SHA``, or no port at all: ``FOR ORDERS``, ``TBA``,
``@@@@`` padding (GFW nulls it, ``pipe-segment`` ``invalid_values.py``), ``FISHING``.

:func:`parse_destination` tries, on the last segment of a route (``A>B`` -> ``B``):

1. **placeholder** — empty, no letters, or only placeholder words (``FOR ORDERS``, ``TBA``,
   ``TBN``, ``SEA``, ``CLASS B`` ...): no port, confidence 0;
2. **locode** — the text, or a two-letter country token followed by a three-character
   token (``EG PSD``, ``JP YOK OS``), is a UN/LOCODE (or alias) of the gazetteer: 0.95
   (0.9 when other tokens remain);
3. **name** — a run of tokens (longest first; noise words such as ``OPL``, ``ANCH`` and
   country names dropped, ``PT`` read as ``PORT``) equals a port name or alternate name,
   compared without spaces or punctuation (``TIAN JIN`` = ``Tianjin``): 0.9 for one
   place, 0.6 when several ports in different countries share the name (the largest
   harbour, or the one in the country the text names, wins);
4. **alias** — a short list of crew shorthand and names the gazetteer lacks
   (:data:`ALIASES`: ``RAJIN``/``RASON`` for Najin, ``VVO``, ``JED``, ``PSD``): 0.7;
5. **fuzzy** — rapidfuzz ``ratio`` >= :data:`FUZZY_MIN_SCORE` against every name of 5+
   characters (``VOSTOCHNIY``, ``NAHODKA``), only for text runs of 5+ characters, and only
   when the best port beats the runner-up (another country) by
   :data:`FUZZY_MARGIN` points: 0.5-0.8 by score. Only the whole text (noise words
   dropped) is tried, or one word of a two-word text at :data:`FUZZY_PART_MIN_SCORE`;
   country names never (``CYPRUS`` is not ``Cyrus Terminal``).

Anything else is ``unresolved`` (confidence 0). Tokens under 4 characters are never looked
up by name or fuzzily on their own, so ``OS``, ``D`` or ``SEA`` cannot match a random port.
Parsing is cached per distinct text (:func:`parse_destination` is an LRU cache;
:func:`parse_destinations` parses each distinct value of a column once), since millions of
static reports repeat a few thousand texts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import polars as pl
from rapidfuzz import fuzz, process

from wakewatch.geo.ports import normalize_locode, ports
from wakewatch.geo.routes import haversine_m

__all__ = [
    "ALIASES",
    "FUZZY_MARGIN",
    "FUZZY_MIN_SCORE",
    "FUZZY_PART_MIN_SCORE",
    "PLACEHOLDERS",
    "SAME_NAME_M",
    "SAME_PLACE_M",
    "DestinationParse",
    "canonical_locode",
    "parse_destination",
    "parse_destinations",
    "same_port",
]

FUZZY_MIN_SCORE = 88.0
"""Lowest rapidfuzz ``ratio`` (0-100) for a fuzzy name match."""
FUZZY_PART_MIN_SCORE = 93.0
"""... when the run is one word of a two-word text."""
FUZZY_MARGIN = 4.0
"""The best fuzzy port must beat the best one in another country by this many points."""

PLACEHOLDERS = frozenset({
    "FORORDERS", "FORORDER", "ORDERS", "ORDER", "TBA", "TBN", "TBC", "TBD", "NA", "NONE",
    "UNKNOWN", "UNKNOW", "NIL", "NULL", "FISHING", "FISHINGGROUND", "FISHERY", "SEA",
    "ATSEA", "CLASSB", "HOME", "TEST", "XXX", "PATROL", "TRAINING", "DREDGING", "SURVEY",
    "PILOT", "PILOTAGE", "TUG", "TOWING", "OFFSHORE", "WAITING", "STANDBY", "ASORDERED",
    "ASREQUIRED", "VARIOUS", "LOCAL", "NOTAVAILABLE", "NODESTINATION", "DESTINATION",
    "SAR", "SEARCHANDRESCUE", "CRUISING", "CRUISE", "WORK", "WORKING", "SERVICE",
    "BUNKERING", "ANCHORAGE", "ANCHOR", "DRIFTING", "OPL", "SEATRIAL", "SEATRIALS",
    "SAILING", "PLEASURE", "LEISURE", "YACHTING", "RESEARCH", "NAVY", "EXERCISE",
})
"""Destination texts that name no port (compared without spaces or punctuation)."""

_NOISE = frozenset({
    "OPL", "ANCH", "ANC", "ANCHORAGE", "ROADS", "RDS", "RADE", "PLT", "PILOT", "PILOTS",
    "STN", "STATION", "BERTH", "TERMINAL", "TERM", "FOR", "TO", "VIA", "ETA", "AREA",
    "OUTER", "INNER", "ANCHORAGES", "HBR", "HARBOUR", "HARBOR", "BAR", "BUOY", "EAST",
    "WEST", "NORTH", "SOUTH", "OFF", "PORT", "MARINA", "BAY", "BEACH", "CITY", "FIELD",
    "ISLAND", "ISLANDS", "LNG", "OIL", "GROUNDS", "FERRY", "SERVICE", "DUTY", "FLEET",
})
"""Words around a port name that are not part of it (``JEDDAH OPL``, ``BUSAN ANCH``)."""

_ABBREV = {"PT": "PORT", "PTO": "PUERTO", "ST": "SAINT", "STE": "SAINTE", "S": "SAINT",
           "P": "PORT"}

_EXTRA_COUNTRIES = {
    "RUS": "RU", "RUSSIA": "RU", "RF": "RU", "DPRK": "KP", "NORTHKOREA": "KP", "KOREA": "KR",
    "ROK": "KR", "EGYPT": "EG", "EGY": "EG", "CHINA": "CN", "PRC": "CN", "CHN": "CN",
    "JAPAN": "JP", "JPN": "JP", "SYRIA": "SY", "KSA": "SA", "SAUDI": "SA", "UAE": "AE",
    "USA": "US", "UK": "GB", "NL": "NL", "HOLLAND": "NL", "TURKEY": "TR", "TURKIYE": "TR",
}

ALIASES: dict[str, str] = {
    # names the gazetteer lacks (WPI: "Najin", alternate "Rashin")
    "RAJIN": "KPRJN", "RASON": "KPRJN", "RAJINSONBONG": "KPRJN", "NAJINPORT": "KPRJN",
    "NAMPO": "KPNAM", "CHONGJIN": "KPCHO",
    # crew shorthand: IATA codes / LOCODE tails of large ports, common clipped names
    "VVO": "RUVVO", "VLAD": "RUVVO", "JED": "SAJED", "PSD": "EGPSD", "ALEX": "EGALY",
    "SHA": "CNSHA", "SIN": "SGSIN", "RTM": "NLRTM", "ANR": "BEANR", "HAM": "DEHAM",
    "PUS": "KRPUS", "HKG": "HKHKG",
}
"""Shorthand resolved by a curated table (confidence 0.7): too short or too far from the
gazetteer's spelling for the name and fuzzy steps, but unambiguous in AIS practice."""

_SIZE = {"Large": 4, "Medium": 3, "Small": 2, "Very Small": 1}


@dataclass(frozen=True, slots=True)
class DestinationParse:
    """What one destination text says: a port (canonical UN/LOCODE of the gazetteer) or not.

    ``method``: ``empty``, ``placeholder``, ``locode``, ``name``, ``alias``, ``fuzzy`` or
    ``unresolved``; ``confidence`` in [0, 1] (0 when there is no port); ``reason`` says why
    in words."""

    raw: str | None
    port_locode: str | None
    port_name: str | None
    confidence: float
    method: str
    reason: str


def _compact(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().upper()
    return re.sub(r"[^A-Z0-9]", "", s)


def _name_variants(name: str) -> set[str]:
    out = {_compact(name)}
    for inner in re.findall(r"\(([^)]*)\)", name):
        out.add(_compact(inner))
    bare = re.sub(r"\([^)]*\)", " ", name)
    out.add(_compact(bare))
    words = bare.upper().replace("-", " ").split()
    while words and words[-1] in ("KO", "HARBOR", "HARBOUR", "PORT", "TERMINAL", "KOU"):
        words = words[:-1]
        out.add(_compact(" ".join(words)))
    if words[:2] == ["PORT", "OF"]:
        out.add(_compact(" ".join(words[2:])))
    return {v for v in out if len(v) >= 3}


@dataclass(frozen=True)
class _Index:
    codes: dict[str, int]           # locode or alias -> row
    names: dict[str, list[int]]     # compact name -> rows
    countries: dict[str, str]       # compact country name / code -> ISO alpha-2
    canon: list[str | None]         # row -> canonical locode
    label: list[str]                # row -> port name
    country: list[str | None]
    rank: list[tuple[int, int, str]]
    fuzzy_keys: list[str]


@cache
def _index() -> _Index:
    g = ports()
    canon = g.select(pl.coalesce(pl.col("locode"), pl.col("locode_aliases").list.first())
                     ).to_series().to_list()
    codes: dict[str, int] = {}
    names: dict[str, list[int]] = {}
    countries: dict[str, str] = dict(_EXTRA_COUNTRIES)
    votes: dict[tuple[str, str], int] = {}
    rank = []
    for i, r in enumerate(g.iter_rows(named=True)):
        for c in r["locode_aliases"]:
            codes.setdefault(c, i)
        if r["locode"] is not None:
            codes[r["locode"]] = i
        if canon[i] is None:
            rank.append((9, 9, r["port_id"]))
            continue  # a port without any code cannot be declared as a LOCODE
        for n in (r["name"], *r["alternate_names"]):
            for v in _name_variants(n):
                rows = names.setdefault(v, [])
                if i not in rows:
                    rows.append(i)
        if r["country"] and r["country_name"]:
            pair = (_compact(r["country_name"]), r["country"])
            votes[pair] = votes.get(pair, 0) + 1
        rank.append((-_SIZE.get(r["harbor_size"] or "", 0), 0 if r["source"] == "wpi" else 1,
                     r["port_id"]))
    for (cname, cc), _ in sorted(votes.items(), key=lambda kv: -kv[1]):
        countries.setdefault(cname, cc)  # the code most ports under that name carry
        countries.setdefault(cc, cc)
    fuzzy_keys = sorted(k for k in names if len(k) >= 5)
    return _Index(codes, names, countries, canon, g["name"].to_list(),
                  g["country"].to_list(), rank, fuzzy_keys)


def canonical_locode(code: str | None) -> str | None:
    """The gazetteer's code for a port given by any of its codes (``KPNJN`` -> ``KPRJN``)."""
    c = normalize_locode(code)
    if c is None:
        return None
    ix = _index()
    i = ix.codes.get(c)
    return None if i is None else ix.canon[i]


def _result(raw: str | None, ix: _Index, row: int, conf: float, method: str, reason: str
            ) -> DestinationParse:
    return DestinationParse(raw, ix.canon[row], ix.label[row], round(conf, 3), method, reason)


def _none(raw: str | None, method: str, reason: str) -> DestinationParse:
    return DestinationParse(raw, None, None, 0.0, method, reason)


def _pick(ix: _Index, rows: list[int], hint: str | None) -> tuple[int, bool]:
    """The best row among same-named ports, and whether the choice was ambiguous."""
    if hint is not None and any(ix.country[r] == hint for r in rows):
        rows = [r for r in rows if ix.country[r] == hint]
    best = min(rows, key=ix.rank.__getitem__)
    return best, len({ix.country[r] for r in rows}) > 1


def _locode(raw: str, ix: _Index, tokens: list[str]) -> DestinationParse | None:
    joined = "".join(tokens)
    if len(joined) == 5 and joined in ix.codes:
        return _result(raw, ix, ix.codes[joined], 0.95, "locode", f"UN/LOCODE {joined}")
    for k, t in enumerate(tokens):
        cand = None
        if len(t) == 5 and t[:2] in ix.countries.values() and t in ix.codes:
            cand = t
        elif (len(t) == 2 and k + 1 < len(tokens) and len(tokens[k + 1]) == 3
              and t + tokens[k + 1] in ix.codes):
            cand = t + tokens[k + 1]
        if cand is not None:
            return _result(raw, ix, ix.codes[cand], 0.9, "locode",
                           f"UN/LOCODE {cand} among other words")
    return None


def _segment(raw: str, seg: str) -> DestinationParse:
    ix = _index()
    tokens = [t for t in re.split(r"[^A-Z0-9]+", seg) if t]
    compact = "".join(tokens)
    if not compact or not re.search(r"[A-Z]", compact):
        return _none(raw, "placeholder", "no letters")
    if compact in PLACEHOLDERS or all(t in PLACEHOLDERS or t in _NOISE for t in tokens):
        return _none(raw, "placeholder", f"placeholder text {seg.strip()!r}")
    got = _locode(raw, ix, tokens)
    if got is not None:
        return got
    if compact in ix.countries and len(compact) > 3:  # TURKEY; but SINGAPORE, KUWAIT ...
        same = [r for r in ix.names.get(compact, []) if ix.country[r] == ix.countries[compact]]
        if not same:
            return _none(raw, "unresolved", f"only a country ({compact})")
        return _result(raw, ix, _pick(ix, same, None)[0], 0.8, "name",
                       f"{compact}: the port named as its country")
    hint = None
    words = []
    for t in tokens:
        if len(tokens) > 1 and t in ix.countries and (
                len(t) != 2 or t in _EXTRA_COUNTRIES or t == tokens[-1]
                or (t == tokens[0] and t not in _ABBREV)):
            hint = ix.countries[t]
            continue
        words.append(t)
    if not words:
        return _none(raw, "unresolved", "only a country")
    expanded = [_ABBREV.get(w, w) for w in words]
    runs: list[str] = []
    for n in range(len(words), 0, -1):
        for s in range(len(words) - n + 1):
            for ws in {tuple(words[s:s + n]), tuple(expanded[s:s + n])}:
                core = [w for w in ws if w not in _NOISE] if n > 1 else list(ws)
                if core:
                    runs.append("".join(ws))
                    if core != list(ws):
                        runs.append("".join(core))
    for run in runs:
        if run in ALIASES:
            i = ix.codes.get(ALIASES[run])
            if i is not None:
                return _result(raw, ix, i, 0.7, "alias", f"shorthand {run} -> {ALIASES[run]}")
        if (len(run) < 4 and run != compact) or run in _NOISE:
            continue
        rows = ix.names.get(run)
        if rows and len(run) < 4 and len({ix.country[r] for r in rows}) > 1:
            continue  # a three-letter name shared by several countries says nothing
        if rows:
            i, amb = _pick(ix, rows, hint)
            why = f"name {run}" + (" (one of several ports of that name)" if amb else "")
            return _result(raw, ix, i, 0.6 if amb else 0.9, "name", why)
    core = [w for w in expanded if w not in _NOISE and w not in PLACEHOLDERS]
    tries = [("".join(core), FUZZY_MIN_SCORE)]
    if len(core) == 2:  # one word of two may be the name (EN PROVENCE): a stricter bar
        tries += [(w, FUZZY_PART_MIN_SCORE) for w in core if len(w) >= 6]
    for run, bar in tries:
        if len(run) >= 5 and run not in ix.countries:
            got = _fuzzy(raw, ix, run, hint, bar)
            if got is not None:
                return got
    return _none(raw, "unresolved", f"no port named {seg.strip()!r}")


def _fuzzy(raw: str, ix: _Index, run: str, hint: str | None, bar: float
           ) -> DestinationParse | None:
    hits = process.extract(run, ix.fuzzy_keys, scorer=fuzz.ratio, limit=8,
                           score_cutoff=FUZZY_MIN_SCORE - FUZZY_MARGIN)
    if not hits or hits[0][1] < bar:
        return None
    best_key, best_score = hits[0][0], float(hits[0][1])
    i, _ = _pick(ix, ix.names[best_key], hint)
    if hint is not None and ix.country[i] != hint:
        return None  # SOUSAKI-GREECE is not Susaki, Japan
    rivals = [float(s) for k, s, _ in hits[1:]
              if any(ix.canon[r] != ix.canon[i] and ix.country[r] != ix.country[i]
                     for r in ix.names[k])]
    if rivals and best_score - max(rivals) < FUZZY_MARGIN and hint is None:
        return None
    conf = 0.5 + 0.3 * (best_score - FUZZY_MIN_SCORE) / (100.0 - FUZZY_MIN_SCORE)
    return _result(raw, ix, i, conf, "fuzzy", f"{run} ~ {best_key} ({best_score:.0f}/100)")


@lru_cache(maxsize=65_536)
def parse_destination(text: str | None) -> DestinationParse:
    """Parse one AIS destination text (see the module doc); cached per distinct text."""
    if text is None:
        return _none(None, "empty", "no destination")
    seg = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()
    seg = seg.replace("@", " ").strip()
    if not seg:
        return _none(text, "empty", "blank destination")
    parts = [p for p in re.split(r"=>|->|>", seg) if re.search(r"[A-Z0-9]", p)]
    if not parts:
        return _none(text, "placeholder", "no letters")
    return _segment(text, parts[-1])


_SCHEMA: dict[str, Any] = {
    "destination": pl.String, "port_locode": pl.String, "port_name": pl.String,
    "confidence": pl.Float64, "method": pl.String, "reason": pl.String,
}


def parse_destinations(texts: pl.Series) -> pl.DataFrame:
    """One row per DISTINCT text of ``texts`` (nulls included): ``destination`` and the
    :class:`DestinationParse` fields; join it back on ``destination``."""
    rows = []
    for t in texts.unique().to_list():
        p = parse_destination(t)
        rows.append((t, p.port_locode, p.port_name, p.confidence, p.method, p.reason))
    return pl.DataFrame(rows, schema=_SCHEMA, orient="row")


SAME_PLACE_M = 10_000.0
"""Two gazetteer ports this close are one place (ports.SAME_PORT_M)."""
SAME_NAME_M = 60_000.0
"""Two ports sharing a name this close are one place (``Shanghai``: CNSHA and CNSGH, 20 km)."""


@lru_cache(maxsize=16_384)
def same_port(a: str | None, b: str | None) -> bool:
    """Whether two UN/LOCODEs name one place: the same gazetteer row, points within
    :data:`SAME_PLACE_M`, or a shared name within :data:`SAME_NAME_M` (the gazetteer
    holds some harbours twice, under two codes)."""
    ca, cb = canonical_locode(a), canonical_locode(b)
    if ca is None or cb is None:
        return a is not None and a == b
    if ca == cb:
        return True
    ix = _index()
    ia, ib = ix.codes[ca], ix.codes[cb]
    g = ports()
    d = float(haversine_m(g["lat"][ia], g["lon"][ia], g["lat"][ib], g["lon"][ib]))
    if d <= SAME_PLACE_M:
        return True
    return d <= SAME_NAME_M and bool(_row_names(ia) & _row_names(ib))


@cache
def _row_names(i: int) -> frozenset[str]:
    r = ports().row(i, named=True)
    return frozenset(v for n in (r["name"], *r["alternate_names"]) for v in _name_variants(n))
