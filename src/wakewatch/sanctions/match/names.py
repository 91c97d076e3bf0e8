"""Scoring two names: :func:`compare_names` and :func:`best_name_match`.

The score is in [0, 1] and graded; ``method`` says which rule produced it and ``detail``
which parts matched which. Rules, best first:

``exact``
    Folded texts equal (case, diacritics, punctuation ignored): 1.0.
``tokens`` (``translit:<scheme>`` when a transliterated reading was used)
    Token alignment on the best pair of Latin readings (:func:`_align`). Token similarity:
    equal 1.0; equal ``canon`` key 0.95; equal ``loose`` key (Korean MR/RR merges) 0.90;
    equal consonant skeleton 0.85 (Arabic unvocalised: only with a vowel-less side or a
    skeleton of 4+ consonants); a one-letter initial against a word with that initial
    0.75; otherwise a typo score from the Levenshtein distance ``d`` of the ``canon`` keys,
    ``0.95 · (1 − 1.5·d / (L + 1))`` with ``L`` the longer key's length, kept when ≥ 0.5
    (one edit in a 5-letter word 0.71, two in an 8-letter word 0.63); two patronymics
    more than one edit apart do not match (different fathers). Initials tokens
    (``A.B.C.``, ``JC``) match only exactly or as the first letters of consecutive
    unmatched words on the other side (0.8), and only when that side also has a matched
    word (``N.N.`` alone names nobody). Two names written only in Han or Hangul are
    compared character by character (``native`` reading: equal or not). Pairs are
    chosen greedily, best first; left-over tokens on both sides are also tried joined in
    order (``jin ping`` = ``jinping``, 0.95 × similarity ≥ 0.9).

    Score = Σ sim·(w_q + w_c) / (Σ weights of matched tokens + unmatched weights). An
    unmatched token of the longer side, when the other side is fully matched, counts
    :data:`UNMATCHED_PERSON` (persons: middle names, patronymics) or
    :data:`UNMATCHED_OTHER` (companies, vessels: an extra word usually names another
    entity) of its weight, half that for minor tokens. When both sides keep unmatched
    tokens (conflicting parts, KIM Jong Un vs KIM Yo Jong), they count fully and the score
    is multiplied by :data:`CONFLICT`. Crossed pairs (reordering) cost
    :data:`REORDER`; Arabic names whose parts swap sides of ``bin`` (father and son
    flipped) are multiplied by :data:`NASAB_FLIP`.
``spacing``
    The ``canon`` (or ``loose``) keys are equal once spaces are removed (CHON MA SAN =
    CHONMASAN): 0.95.
``acronym``
    One side is a single 3–8-letter word spelled by 1–3 leading letters of the other
    side's words in order, one trailing or generic word skippable (KOMID = KOrea MIning
    Development Trading Corporation): 0.85.

Adjustments: numbers must agree — vessels whose numbers differ score at most 0.45 (WAN
HENG 11 and WAN HENG 12 are different hulls); for other schemas differing numbers
multiply by 0.85 (a numbered series of one family); a number on one side only ×0.85.
Legal-form classes present on both sides but disjoint (AG vs GmbH) ×0.85.

Symmetry: every rule is symmetric in its two arguments; only tie-breaking between equally
scored readings (and so the ``detail`` text) may depend on the order.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Indel, Levenshtein

from wakewatch.sanctions.match.analyze import (
    AnalyzedName,
    Token,
    Variant,
    analyze_name,
    name_keys,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "MATCHER_VERSION",
    "AnalyzedName",
    "NameMatch",
    "analyze_name",
    "best_name_match",
    "compare_names",
    "name_keys",
]

MATCHER_VERSION = "names-1"

#: Default match threshold (chosen in benchmarks/screening.py; see docs/screening-names.md).
DEFAULT_THRESHOLD = 0.74

#: At most this many names per side in :func:`best_name_match` (aliases beyond are ignored).
MAX_NAMES_PER_SIDE = 24

UNMATCHED_PERSON = 0.4
UNMATCHED_OTHER = 0.8
CONFLICT = 0.85
REORDER = 0.05
NASAB_FLIP = 0.7
SPACING = 0.95
ACRONYM = 0.85
INITIALS = 0.8
VESSEL_NUMBER_CAP = 0.45
NUMBER_FACTOR = 0.85
FORM_FACTOR = 0.85


class _Explanation:
    """What :attr:`NameMatch.detail` is built from, formatted only when asked for."""

    __slots__ = ("notes", "q", "c", "spacing", "trace")

    def __init__(
        self, q: Variant, c: Variant, trace: _Trace | None, spacing: bool, notes: list[str]
    ) -> None:
        self.q, self.c, self.trace, self.spacing, self.notes = q, c, trace, spacing, notes

    def text(self) -> str:
        q, c = self.q, self.c
        if self.spacing:
            out = f"{q.joined} = {c.joined} without spaces"
        else:
            out = _explain(q, c, self.trace)
        if q.scheme != "latin" or c.scheme != "latin":
            out = f"{q.scheme}/{c.scheme}: {out}"
        return "; ".join([out, *self.notes])


class NameMatch:
    """The result of comparing two names (immutable by convention).

    ``detail`` is formatted on first access: scoring many pairs does not pay for the
    explanation of pairs nobody looks at.
    """

    __slots__ = ("_detail", "candidate", "method", "query", "score")

    def __init__(
        self, score: float, query: str, candidate: str, method: str, detail: str | _Explanation
    ) -> None:
        self.score = score
        self.query = query
        self.candidate = candidate
        self.method = method
        self._detail = detail

    @property
    def detail(self) -> str:
        """Human-readable: which parts matched which, and how."""
        detail = self._detail
        if isinstance(detail, _Explanation):
            detail = self._detail = detail.text()
        return detail

    def _key(self) -> tuple[float, str, str, str, str]:
        return (self.score, self.query, self.candidate, self.method, self.detail)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NameMatch) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"NameMatch(score={self.score!r}, query={self.query!r}, "
                f"candidate={self.candidate!r}, method={self.method!r}, detail={self.detail!r})")


_distance = Levenshtein.distance


def _token_sim(a: Token, b: Token) -> float:
    """Similarity of two tokens whose raw texts differ (module doc)."""
    if a.plain and b.plain:
        if a.canon == b.canon:
            return 0.95
        if a.loose == b.loose:
            return 0.90
        if a.skeleton == b.skeleton and a.long_skeleton:
            return 0.85
        longest = a.size if a.size > b.size else b.size
        # the typo score 0.95 (1 - 1.5 d / (L + 1)) is >= 0.5 up to d = 0.3158 (L + 1)
        cutoff = min(3, int(0.3158 * (longest + 1)))
        if abs(a.size - b.size) > cutoff:
            return 0.0
        d = _distance(a.canon, b.canon, score_cutoff=cutoff)
        return 0.95 * (1.0 - 1.5 * d / (longest + 1)) if d <= cutoff else 0.0
    return _special_sim(a, b)


def _special_sim(a: Token, b: Token) -> float:
    """Token similarity when one side is native, initials, vowel-less or a patronymic."""
    if a.native or b.native:
        return 0.0
    if a.initials or b.initials:
        if len(a.raw) == 1 and not b.initials:
            return 0.75 if b.raw[0] == a.raw else 0.0
        if len(b.raw) == 1 and not a.initials:
            return 0.75 if a.raw[0] == b.raw else 0.0
        return 0.0
    if a.canon == b.canon:
        return 0.95
    if a.loose == b.loose:
        return 0.90
    if a.no_vowel or b.no_vowel:
        if a.skeleton == b.skeleton:
            return 0.85 if a.skeleton else 0.0
        if len(a.skeleton) >= 3 and _distance(a.skeleton, b.skeleton) == 1:
            return 0.7
        return 0.0
    if a.skeleton == b.skeleton and a.long_skeleton:
        return 0.85
    longest = max(a.size, b.size)
    d = _distance(a.canon, b.canon, score_cutoff=3)
    if a.patronymic and b.patronymic and d > 1:
        return 0.0
    s = 0.95 * (1.0 - 1.5 * d / (longest + 1))
    return s if s >= 0.5 else 0.0


_Pair = tuple[float, int, int]  # (similarity, query token, candidate token)


def _initials_pairs(
    qt: Sequence[Token], ct: Sequence[Token], rest_q: list[int], rest_c: list[int]
) -> list[tuple[int, list[int], bool]]:
    """Unmatched initials tokens that spell consecutive unmatched words of the other side."""
    found: list[tuple[int, list[int], bool]] = []
    for mine, other, rest_m, rest_o, flip in ((qt, ct, rest_q, rest_c, False),
                                              (ct, qt, rest_c, rest_q, True)):
        if len(rest_m) == len(mine):  # a name of initials alone names nobody
            continue
        for i in list(rest_m):
            tok = mine[i]
            if not (tok.initials and len(tok.raw) > 1):
                continue
            n = len(tok.raw)
            for start in rest_o:
                run = list(range(start, start + n))
                if all(k in rest_o for k in run) and "".join(
                    other[k].raw[0] for k in run
                ) == tok.raw:
                    found.append((i, run, flip))
                    rest_m.remove(i)
                    for k in run:
                        rest_o.remove(k)
                    break
    return found


_Trace = tuple[list[_Pair], list[int], list[int], list[str]]


def _by_query(pair: _Pair) -> int:
    return pair[1]


def _align(q: Variant, c: Variant, person: bool) -> tuple[float, _Trace | None]:
    """Score of the token alignment of two readings, and what to explain it with."""
    qt, ct = q.tokens, c.tokens
    if not qt or not ct:
        return 0.0, None
    pairs: list[_Pair] = []
    for i, a in enumerate(qt):
        raw = a.raw
        for j, b in enumerate(ct):
            if raw == b.raw:
                pairs.append((-1.0, i, j))
            else:
                s = _token_sim(a, b)
                if s > 0.0:
                    pairs.append((-s, i, j))
    pairs.sort()
    used_q = 0  # bit masks of aligned tokens
    used_c = 0
    matched: list[_Pair] = []
    num = 0.0
    den = 0.0
    for s, i, j in pairs:
        if not (used_q >> i) & 1 and not (used_c >> j) & 1:
            used_q |= 1 << i
            used_c |= 1 << j
            matched.append((-s, i, j))
            w = qt[i].weight + ct[j].weight
            num -= s * w
            den += w
    n_matched = len(matched)
    rest_q = [] if n_matched == len(qt) else [i for i in range(len(qt)) if not (used_q >> i) & 1]
    rest_c = [] if n_matched == len(ct) else [j for j in range(len(ct)) if not (used_c >> j) & 1]
    notes: list[str] = []
    if rest_q and rest_c:
        for i, run, flip in _initials_pairs(qt, ct, rest_q, rest_c):
            mine, other = (ct, qt) if flip else (qt, ct)
            w = mine[i].weight + sum(other[k].weight for k in run)
            num += INITIALS * w
            den += w
            notes.append(f"initials {mine[i].raw}~{' '.join(other[k].raw for k in run)}")
    if rest_q and rest_c and (len(rest_q) > 1 or len(rest_c) > 1):
        jq = "".join(qt[i].canon for i in rest_q)
        jc = "".join(ct[j].canon for j in rest_c)
        ratio = 1.0 if jq == jc else Indel.normalized_similarity(jq, jc)
        if ratio < 0.9:
            lq = "".join(qt[i].loose for i in rest_q)
            lc = "".join(ct[j].loose for j in rest_c)
            ratio = max(ratio, 0.95 if lq == lc else 0.0)
        if ratio >= 0.9:
            w = sum(qt[i].weight for i in rest_q) + sum(ct[j].weight for j in rest_c)
            s = 0.95 * ratio
            num += s * w
            den += w
            notes.append(f"joined {jq}~{jc} {s:.2f}")
            rest_q, rest_c = [], []
    factor = 1.0
    if rest_q and rest_c:
        den += sum(qt[i].weight for i in rest_q) + sum(ct[j].weight for j in rest_c)
        factor = CONFLICT
    else:
        share = UNMATCHED_PERSON if person else UNMATCHED_OTHER
        for rest, toks in ((rest_q, qt), (rest_c, ct)):
            for k in rest:
                den += toks[k].weight * (share / 2 if toks[k].minor else share)
    if den <= 0.0:
        return 0.0, None
    score = num / den * factor
    if n_matched > 1:
        matched.sort(key=_by_query)
        last = -1
        for _, _, j in matched:
            if j < last:
                score -= REORDER
                notes.append("reordered")
                break
            last = j
        if q.bin_at >= 0 and c.bin_at >= 0 and any(
            (i < q.bin_at) != (j < c.bin_at) for _, i, j in matched if i != q.bin_at
        ):
            score *= NASAB_FLIP
            notes.append("parts swap sides of bin")
    return max(0.0, score), (matched, rest_q, rest_c, notes)


def _explain(q: Variant, c: Variant, trace: _Trace | None) -> str:
    if trace is None:
        return "no tokens"
    matched, rest_q, rest_c, notes = trace
    qt, ct = q.tokens, c.tokens
    detail = ", ".join(f"{qt[i].raw}~{ct[j].raw} {s:.2f}" for s, i, j in matched)
    extra = [qt[i].raw for i in rest_q] + [ct[j].raw for j in rest_c]
    parts = [*notes, "unmatched " + " ".join(extra)] if extra else notes
    return "; ".join([detail, *parts]) if parts else detail


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
            and len(long_.variants[0].tokens) >= 2
            and any(_acronym_of(toks[0].raw, v.tokens) for v in long_.variants)
        ):
            return True
    return False


def compare_names(query: AnalyzedName, candidate: AnalyzedName) -> NameMatch:
    """Score ``query`` against ``candidate`` (see the module doc)."""
    if query.folded == candidate.folded and query.folded:
        return NameMatch(1.0, query.name, candidate.name, "exact", "same text")
    person = query.schema == "Person" or candidate.schema == "Person"
    vessel = query.schema == "Vessel" or candidate.schema == "Vessel"
    best = -1.0
    best_at: tuple[Variant, Variant, _Trace | None] | None = None
    if query.native is not None and candidate.native is not None:
        q_variants: tuple[Variant, ...] = (query.native,)
        c_variants: tuple[Variant, ...] = (candidate.native,)
    else:
        q_variants, c_variants = query.readings, candidate.readings
    spacing = False
    for qv in q_variants:
        for cv in c_variants:
            if (qv.joined == cv.joined or qv.joined_loose == cv.joined_loose) and (
                qv.joined and qv.sorted_key != cv.sorted_key
            ):
                if SPACING > best:
                    best, best_at, spacing = SPACING, (qv, cv, None), True
                continue
            s, trace = _align(qv, cv, person)
            if s > best:
                best, best_at, spacing = s, (qv, cv, trace), False
    notes: list[str] = []
    method = "tokens"
    if best_at is not None:
        qv, cv, trace = best_at
        if spacing:
            method = "spacing"
        elif qv.scheme != "latin" or cv.scheme != "latin":
            method = f"translit:{qv.scheme if qv.scheme != 'latin' else cv.scheme}"
    best = max(best, 0.0)
    if best < ACRONYM and (query.single or candidate.single) and _acronym(query, candidate):
        best, method, best_at = ACRONYM, "acronym", None
    if query.numbers != candidate.numbers:
        if query.numbers and candidate.numbers:
            best = min(best, VESSEL_NUMBER_CAP) if vessel else best * NUMBER_FACTOR
            notes.append(
                f"numbers differ {' '.join(query.numbers)} / {' '.join(candidate.numbers)}"
            )
        else:
            best *= NUMBER_FACTOR
            notes.append("number on one side only")
    if query.forms and candidate.forms and query.forms.isdisjoint(candidate.forms):
        best *= FORM_FACTOR
        forms_q, forms_c = "/".join(sorted(query.forms)), "/".join(sorted(candidate.forms))
        notes.append(f"forms differ {forms_q} vs {forms_c}")
    detail: str | _Explanation
    if best_at is not None:
        detail = _Explanation(best_at[0], best_at[1], best_at[2], spacing, notes)
    elif method == "acronym":
        detail = "; ".join(["one name is the other's acronym", *notes])
    else:
        detail = "; ".join(["no tokens", *notes])
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
