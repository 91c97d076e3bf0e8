"""Scoring two names: :func:`compare_names` and :func:`best_name_match`.

The score is in [0, 1] and graded; ``method`` says which rule produced it and ``detail``
which parts matched which. Rules, best first:

``exact``
    Folded texts equal (case, diacritics, punctuation ignored): 1.0.
``tokens`` (or ``translit:<scheme>`` when a transliterated reading was used)
    Token alignment on the best pair of Latin readings. Token similarity: equal 1.0,
    equal ``canon`` key 0.95, equal ``loose`` key (Korean MR/RR merges) 0.90, equal
    consonant skeleton 0.85 (Arabic unvocalised; only with a vowel-less side or a skeleton
    of 4+ consonants), one-letter initial against a word with that initial 0.75, else the
    Indel similarity of the ``canon`` keys rescaled from [0.75, 1] to [0, 0.9]. Pairs are
    chosen greedily, best first. Left-over tokens on both sides are also tried joined in
    order ("jin ping" = "jinping"). Score = Σ sim·(w_q + w_c) / (Σ matched weights +
    unmatched weights), where unmatched tokens of the longer side count only 40 % (20 % for
    minor tokens: patronymics, ``bin``, initials) when the other side is fully matched, and
    ×0.85 applies when both sides keep unmatched tokens (conflicting parts, e.g. KIM Jong Un
    vs KIM Yo Jong). Reordered matches lose 0.03.
``spacing``
    The names' ``canon`` keys are equal once spaces are removed (CHON MA SAN = CHONMASAN):
    0.95.
``acronym``
    One side is a single 3–8-letter word spelled by the leading letters (1–3 per word) of
    the other side's words in order, at most one trailing/generic word skipped (KOMID =
    KOrea MIning Development Trading Corporation): 0.85.

Adjustments: numbers must agree — both sides with numbers that differ → at most 0.45; one
side without numbers → ×0.9 for vessels, ×0.95 otherwise. Legal-form classes that differ
on both sides → ×0.97.

The comparison is symmetric except for tie-breaking between equally-scored readings (the
``detail`` text may then name different schemes); the score itself is symmetric.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from wakewatch.sanctions.match.analyze import (
    AnalyzedName,
    Token,
    Variant,
    analyze_name,
    name_keys,
)

__all__ = [
    "MATCHER_VERSION",
    "AnalyzedName",
    "NameMatch",
    "analyze_name",
    "best_name_match",
    "compare_names",
    "name_keys",
]

MATCHER_VERSION = "names-1"

#: At most this many names per side in :func:`best_name_match` (aliases beyond are ignored).
MAX_NAMES_PER_SIDE = 24

_SIM_FLOOR = 0.75
_UNMATCHED_SHORT_SIDE = 0.4
_UNMATCHED_MINOR = 0.2
_CONFLICT = 0.85
_REORDER = 0.03
_SPACING = 0.95
_ACRONYM = 0.85
_NUMBER_CONFLICT_CAP = 0.45


@dataclass(frozen=True)
class NameMatch:
    """The result of comparing two names."""

    score: float
    query: str
    candidate: str
    method: str
    detail: str


def _token_sim(a: Token, b: Token) -> float:
    if a.raw == b.raw:
        return 1.0
    if a.canon == b.canon:
        return 0.95
    if a.loose == b.loose:
        return 0.90
    if a.skeleton == b.skeleton and a.skeleton and (
        a.no_vowel or b.no_vowel or len(a.skeleton) >= 4
    ):
        return 0.85
    if len(a.raw) == 1 or len(b.raw) == 1:
        return 0.75 if a.raw[0] == b.raw[0] else 0.0
    ratio = Indel.normalized_similarity(a.canon, b.canon)
    if ratio < _SIM_FLOOR:
        return 0.0
    return 0.9 * (ratio - _SIM_FLOOR) / (1.0 - _SIM_FLOOR)


def _align(q: Variant, c: Variant) -> tuple[float, str]:
    qt, ct = q.tokens, c.tokens
    if not qt or not ct:
        return 0.0, "no tokens"
    pairs: list[tuple[float, int, int]] = []
    for i, a in enumerate(qt):
        for j, b in enumerate(ct):
            s = _token_sim(a, b)
            if s > 0.0:
                pairs.append((s, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_q: set[int] = set()
    used_c: set[int] = set()
    matched: list[tuple[float, int, int]] = []
    for s, i, j in pairs:
        if i not in used_q and j not in used_c:
            used_q.add(i)
            used_c.add(j)
            matched.append((s, i, j))
    num = sum(s * (qt[i].weight + ct[j].weight) for s, i, j in matched)
    den = sum(qt[i].weight + ct[j].weight for _, i, j in matched)
    rest_q = [i for i in range(len(qt)) if i not in used_q]
    rest_c = [j for j in range(len(ct)) if j not in used_c]
    joined_note = ""
    if rest_q and rest_c:
        jq = "".join(qt[i].canon for i in rest_q)
        jc = "".join(ct[j].canon for j in rest_c)
        ratio = 1.0 if jq == jc else Indel.normalized_similarity(jq, jc)
        if ratio >= 0.9 and (len(rest_q) > 1 or len(rest_c) > 1):
            w = sum(qt[i].weight for i in rest_q) + sum(ct[j].weight for j in rest_c)
            s = 0.95 * ratio
            num += s * w
            den += w
            joined_note = f"; joined {jq}~{jc} {s:.2f}"
            rest_q, rest_c = [], []
    conflict = 1.0
    if rest_q and rest_c:
        den += sum(qt[i].weight for i in rest_q) + sum(ct[j].weight for j in rest_c)
        conflict = _CONFLICT
    else:
        for rest, toks in ((rest_q, qt), (rest_c, ct)):
            den += sum(
                toks[k].weight * (_UNMATCHED_MINOR if toks[k].minor else _UNMATCHED_SHORT_SIDE)
                for k in rest
            )
    if den <= 0.0:
        return 0.0, "no tokens"
    score = num / den * conflict
    order = sorted(matched, key=lambda m: m[1])
    if any(order[k][2] > order[k + 1][2] for k in range(len(order) - 1)):
        score -= _REORDER
    detail = ", ".join(f"{qt[i].raw}~{ct[j].raw} {s:.2f}" for s, i, j in order)
    extra = [qt[i].raw for i in rest_q] + [ct[j].raw for j in rest_c]
    if extra:
        detail += "; unmatched " + " ".join(extra)
    return max(0.0, score), detail + joined_note


def _acronym_of(short: str, toks: Sequence[Token]) -> bool:
    """Whether ``short`` is spelled by 1–3 leading letters of the words in order."""

    def walk(pos: int, k: int, skipped: int) -> bool:
        if pos == len(short):
            return len(toks) - k + skipped <= 1 and k >= 2
        if k == len(toks):
            return False
        word = toks[k].raw
        for n in range(min(3, len(word)), 0, -1):
            if short.startswith(word[:n], pos) and walk(pos + n, k + 1, skipped):
                return True
        return skipped == 0 and toks[k].weight < 2.0 and walk(pos, k + 1, 1)

    return len(toks) >= 2 and walk(0, 0, 0)


def _acronym(q: AnalyzedName, c: AnalyzedName) -> bool:
    for short, long_ in ((q, c), (c, q)):
        toks = short.variants[0].tokens
        if (
            len(toks) == 1
            and 3 <= len(toks[0].raw) <= 8
            and toks[0].raw.isalpha()
            and any(_acronym_of(toks[0].raw, v.tokens) for v in long_.variants)
        ):
            return True
    return False


def compare_names(query: AnalyzedName, candidate: AnalyzedName) -> NameMatch:
    """Score ``query`` against ``candidate`` (see the module doc)."""
    if query.folded == candidate.folded and query.folded:
        return NameMatch(1.0, query.name, candidate.name, "exact", "same text")
    best, method, detail = 0.0, "tokens", ""
    for qv in query.variants:
        for cv in candidate.variants:
            if qv.joined and qv.joined == cv.joined:
                if qv.sorted_key == cv.sorted_key:
                    s, d = _align(qv, cv)
                    m = "tokens"
                else:
                    s, d, m = _SPACING, f"{qv.joined} = {cv.joined} without spaces", "spacing"
            else:
                s, d = _align(qv, cv)
                m = "tokens"
            if s > best:
                best, method, detail = s, m, d
                if qv.scheme != "latin" or cv.scheme != "latin":
                    method = f"translit:{qv.scheme if qv.scheme != 'latin' else cv.scheme}"
                    detail = f"{qv.scheme}/{cv.scheme}: {d}"
    if best < _ACRONYM and _acronym(query, candidate):
        best, method, detail = _ACRONYM, "acronym", "one name is the other's acronym"
    if query.numbers != candidate.numbers:
        if query.numbers and candidate.numbers:
            best = min(best, _NUMBER_CONFLICT_CAP)
            detail += f"; numbers differ {' '.join(query.numbers)} / {' '.join(candidate.numbers)}"
        else:
            best *= 0.9 if "Vessel" in (query.schema, candidate.schema) else 0.95
            detail += "; number on one side only"
    if query.forms and candidate.forms and query.forms.isdisjoint(candidate.forms):
        best *= 0.97
        detail += f"; forms differ {sorted(query.forms)} / {sorted(candidate.forms)}"
    return NameMatch(round(min(1.0, best), 4), query.name, candidate.name, method, detail)


def best_name_match(
    query_names: Sequence[str], candidate_names: Sequence[str], schema: str
) -> NameMatch:
    """The best :func:`compare_names` over the cross product of two name lists.

    At most :data:`MAX_NAMES_PER_SIDE` names per side are compared (list order).
    """
    best: NameMatch | None = None
    queries = [analyze_name(n, schema) for n in query_names[:MAX_NAMES_PER_SIDE]]
    candidates = [analyze_name(n, schema) for n in candidate_names[:MAX_NAMES_PER_SIDE]]
    for q in queries:
        for c in candidates:
            m = compare_names(q, c)
            if best is None or m.score > best.score:
                best = m
                if m.score >= 1.0:
                    return m
    if best is None:
        first_q = query_names[0] if query_names else ""
        first_c = candidate_names[0] if candidate_names else ""
        return NameMatch(0.0, first_q, first_c, "none", "no names to compare")
    return best
