"""Scoring two names: :func:`compare_names` and :func:`best_name_match`.

The score is in [0, 1] and graded; ``method`` says which rule produced it and ``detail``
which parts matched which. Rules, best first:

``exact``
    Folded texts equal (case, diacritics, punctuation ignored): 1.0.
``tokens`` (``translit:<scheme>`` when a transliterated reading was used)
    Token alignment (:func:`.align.align`, which documents token similarity and the
    weighting) on the best pair of Latin readings. Two names written only in Han or Hangul
    are compared character by character (``native`` reading).
``spacing``
    The names have different numbers of words but their ``canon`` (or ``loose``) keys are
    equal once spaces are removed (CHON MA SAN = CHONMASAN, 习近平 = Xi Jinping): 0.95.
``acronym``
    One side is a single 3–8-letter word spelled by 1–3 leading letters of the other
    side's words in order, one trailing or generic word skippable (KOMID = KOrea MIning
    Development Trading Corporation): 0.85.

Adjustments: numbers must agree — vessels whose numbers differ score at most 0.45 (WAN
HENG 11 and WAN HENG 12 are different hulls); for other schemas differing numbers
multiply by 0.85 (a numbered series of one family); a number on one side only ×0.85.
Legal-form classes present on both sides but disjoint (AG vs GmbH) ×0.85.

Before any rule, names are cleaned (:func:`.robust.clean_name`: invisible characters,
Cyrillic/Greek homoglyphs in Latin words, OCR digits outside vessel names). ``names-2``
added that clean-up and the OCR, vowel-drop, transposition and truncation rules of
:mod:`.align` (docs/screening-names.md).

Symmetry: every rule is symmetric in its two arguments; only tie-breaking between equally
scored readings (and so the ``detail`` text) may depend on the order.
"""

from __future__ import annotations

from collections.abc import Sequence

from wakewatch.sanctions.match.align import Trace, align, explain
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

MATCHER_VERSION = "names-2"

#: Default match threshold (chosen in benchmarks/screening.py; see docs/screening-names.md).
DEFAULT_THRESHOLD = 0.74

#: At most this many names per side in :func:`best_name_match` (aliases beyond are ignored).
MAX_NAMES_PER_SIDE = 24

SPACING = 0.95
ACRONYM = 0.85
VESSEL_NUMBER_CAP = 0.45
NUMBER_FACTOR = 0.85
FORM_FACTOR = 0.85


class _Explanation:
    """What :attr:`NameMatch.detail` is built from, formatted only when asked for."""

    __slots__ = ("c", "flip", "notes", "q", "spacing", "trace")

    def __init__(
        self,
        q: Variant,
        c: Variant,
        trace: Trace | None,
        spacing: bool,
        notes: list[str],
        flip: bool,
    ) -> None:
        self.q, self.c, self.trace, self.spacing, self.notes = q, c, trace, spacing, notes
        self.flip = flip

    def text(self) -> str:
        q, c, trace = self.q, self.c, self.trace
        if self.flip:  # aligned as (candidate, query): explain as (query, candidate)
            q, c = c, q
            if trace is not None:
                matched, rest_a, rest_b, notes = trace
                flipped = sorted((s, j, i) for s, i, j in matched)
                trace = (sorted(flipped, key=lambda m: m[1]), rest_b, rest_a, notes)
        spaced = f"{q.joined} = {c.joined} without spaces"
        out = spaced if self.spacing else explain(q, c, trace)
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
    # Aligned in a canonical order so that the score is exactly symmetric (greedy ties).
    flip = candidate.folded < query.folded or (
        candidate.folded == query.folded and candidate.name < query.name
    )
    first, second = (candidate, query) if flip else (query, candidate)
    person = query.schema == "Person" or candidate.schema == "Person"
    vessel = query.schema == "Vessel" or candidate.schema == "Vessel"
    best = -1.0
    best_at: tuple[Variant, Variant, Trace | None] | None = None
    if first.native is not None and second.native is not None:
        q_variants: tuple[Variant, ...] = (first.native,)
        c_variants: tuple[Variant, ...] = (second.native,)
    else:
        q_variants, c_variants = first.readings, second.readings
    spacing = False
    for qv in q_variants:
        for cv in c_variants:
            if (qv.joined == cv.joined or qv.joined_loose == cv.joined_loose) and (
                qv.joined and len(qv.tokens) != len(cv.tokens)
            ):
                if best < SPACING:
                    best, best_at, spacing = SPACING, (qv, cv, None), True
                continue
            s, trace = align(qv, cv, person)
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
        detail = _Explanation(best_at[0], best_at[1], best_at[2], spacing, notes, flip)
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
