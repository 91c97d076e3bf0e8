"""Token alignment of two Latin readings: the ``tokens`` rule of :mod:`.names`.

Token similarity (:func:`token_sim`): equal 1.0; equal ``canon`` key 0.95; equal ``loose``
key (Korean MR/RR merges) 0.90; equal OCR key (:data:`OCR`, ``Harnid``/``Hamid``) 0.90;
equal consonant skeleton 0.85 (Arabic unvocalised: only with a vowel-less side, or a
skeleton of 4+ consonants and the same vowel ``shape`` — Mahmoud is not Muhammad); vowels
left out (:data:`VOWEL_DROP`: the shorter word a subsequence of the longer with the same
skeleton, ``Mhmmd``/``Muhammad`` 0.85, ``Jse``/``Jose`` 0.80, ``Rz``/``Ruiz`` 0.70); two
letters swapped in a 3-letter word with the same first letter :data:`TRANSPOSED3`; equal
3-consonant skeleton and length,
i.e. only vowels differ (``Laden``/``Ladin``, ``Brody``/``Brady``: vowels are the least
stable part of a romanisation) at least :data:`VOWELS_ONLY`; a one-letter initial against a
word with that initial 0.75; otherwise a typo score from the Levenshtein distance ``d`` of the
``canon`` keys (words of 4+ letters only), ``0.95 · (1 − 1.5·d / (L + 1))`` with ``L`` the
longer key's length, kept when ≥ 0.5 (one edit in a 5-letter word 0.71, two in an 8-letter
word 0.63; the distance is OSA, so an adjacent transposition is one edit); two
patronymics more than one edit apart do not match (different fathers); Han
characters and Hangul syllables of the ``native`` reading are equal or not.

:func:`align` pairs tokens greedily, best first. Initials tokens (``A.B.C.``, ``JC``) left
over may match the first letters of consecutive left-over words on the other side
(:data:`INITIALS`), only when their side also has a matched word (``N.N.`` alone names
nobody). Left-over tokens on both sides are then tried joined in order (``jin ping`` =
``jinping``: 0.95 × similarity, kept when the similarity is ≥ 0.9).

Truncation: the last word of a name of 2+ words and :data:`.robust.CUT_MIN_CHARS`+
characters that is a proper prefix of a word of the other name (a fixed-width field cut it)
scores :func:`prefix_sim` (0.75 / 0.80 / 0.85 for 2 / 3 / 4+ letters); the other side's
words after the matched one count :data:`TRUNCATED_TAIL` of the usual unmatched cost.

Score = Σ sim·(w_q + w_c) / (Σ weights of matched tokens + unmatched weights). An unmatched
token of the longer side, when the other side is fully matched, counts
:data:`UNMATCHED_PERSON` of its weight for persons (middle names, patronymics) and
:data:`UNMATCHED_OTHER` for companies and vessels (an extra word usually names another
entity: Banco Santander vs Banco Santander Chile), half that for minor tokens. When both
sides keep unmatched tokens (conflicting parts: KIM Jong Un vs KIM Yo Jong) they count
fully and the score is multiplied by :data:`CONFLICT`. Crossed pairs (reordering) cost
:data:`REORDER`; Arabic names whose parts swap sides of ``bin`` (father and son flipped)
are multiplied by :data:`NASAB_FLIP`. All rules are symmetric in the two readings.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import OSA, Indel

from wakewatch.sanctions.match.analyze import Token, Variant
from wakewatch.sanctions.match.robust import prefix_len, vowel_dropped

__all__ = ["CONFLICT", "INITIALS", "NASAB_FLIP", "OCR", "REORDER", "UNMATCHED_OTHER",
           "UNMATCHED_PERSON", "Trace", "align", "explain", "prefix_sim", "token_sim"]

UNMATCHED_PERSON = 0.4
UNMATCHED_OTHER = 0.8
CONFLICT = 0.85
REORDER = 0.05
NASAB_FLIP = 0.7
INITIALS = 0.8
VOWELS_ONLY = 0.7
#: Equal OCR keys (``Harnid``/``Hamid``, ``ALl``/``ALI``): :func:`.robust.ocr_key`.
OCR = 0.9
#: One token is the other with vowels left out (``Mhmmd``/``Muhammad``): 3+ consonants /
#: 2 consonants in the skeleton.
VOWEL_DROP = 0.85
VOWEL_DROP_SHORT = 0.8
VOWEL_DROP_TWO = 0.7
#: Two letters swapped in a 3-letter word with the same first letter (``Ali``/``Ail``).
TRANSPOSED3 = 0.7
#: Tail words of a name whose last word was cut off (a truncated field) cost this share of
#: the usual unmatched cost.
TRUNCATED_TAIL = 0.5
TYPO_SLOPE = 1.5
TYPO_FLOOR = 0.5
_TYPO_REACH = (1.0 - TYPO_FLOOR / 0.95) / TYPO_SLOPE + 1e-9
#: Typos are only forgiven in words of 4+ letters: one edit in a 2-3-letter word (a Korean
#: or Chinese syllable: Un/Hun, Jong Un vs Song Hun) makes another word.
TYPO_MIN_LEN = 4
_CUTOFF = [0 if n < TYPO_MIN_LEN else min(3, int(_TYPO_REACH * (n + 1))) for n in range(64)]

_distance = OSA.distance  # an adjacent transposition is one edit


def token_sim(a: Token, b: Token) -> float:
    """Similarity of two tokens whose raw texts differ (module doc)."""
    if a.plain and b.plain:
        if a.canon == b.canon:
            return 0.95
        if a.loose == b.loose:
            return 0.90
        if a.ocr == b.ocr:
            return OCR
        floor = 0.0
        if a.skeleton == b.skeleton:
            if a.long_skeleton and a.shape == b.shape:
                return 0.85
            if a.size == b.size and len(a.skeleton) == 3:
                floor = VOWELS_ONLY
            elif v := _vowel_drop(a, b):
                return v
        diff = a.size - b.size
        longest = a.size if diff > 0 else b.size
        if longest == 3 and diff == 0 and a.canon[0] == b.canon[0] and sorted(
            a.canon
        ) == sorted(b.canon):
            return TRANSPOSED3
        # the typo score is >= TYPO_FLOOR up to _TYPO_REACH (L + 1) edits (at most 3)
        cutoff = _CUTOFF[longest] if longest < 64 else 3
        if diff > cutoff or -diff > cutoff:
            return floor
        d = _distance(a.canon, b.canon, score_cutoff=cutoff)
        if d > cutoff:
            return floor
        s = 0.95 * (1.0 - TYPO_SLOPE * d / (longest + 1))
        return s if s > floor else floor
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
        if a.initials != b.initials and a.skeleton == b.skeleton:
            return _vowel_drop(a, b)  # "Hmd", "Pz"
        return 0.0
    if a.canon == b.canon:
        return 0.95
    if a.loose == b.loose:
        return 0.90
    if a.ocr == b.ocr:
        return OCR
    if a.skeleton == b.skeleton and (v := _vowel_drop(a, b)):
        return v
    if a.no_vowel or b.no_vowel:
        if a.skeleton == b.skeleton:
            return 0.85 if a.skeleton else 0.0
        if min(len(a.skeleton), len(b.skeleton)) >= 3 and _distance(a.skeleton, b.skeleton) == 1:
            return 0.7
        return 0.0
    if a.skeleton == b.skeleton and a.long_skeleton:
        return 0.85
    longest = max(a.size, b.size)
    if longest < TYPO_MIN_LEN:
        return 0.0
    d = _distance(a.canon, b.canon, score_cutoff=3)
    if a.patronymic and b.patronymic and d > 1:
        return 0.0
    s = 0.95 * (1.0 - TYPO_SLOPE * d / (longest + 1))
    if a.skeleton == b.skeleton and a.size == b.size and len(a.skeleton) == 3:
        s = max(s, VOWELS_ONLY)
    return s if s >= TYPO_FLOOR else 0.0


def _vowel_drop(a: Token, b: Token) -> float:
    """Same skeleton (checked by the caller) of 2+ consonants, and the shorter raw word is
    a subsequence of the longer one: :data:`VOWEL_DROP` (3+ consonants),
    :data:`VOWEL_DROP_SHORT` (2), :data:`VOWEL_DROP_TWO` for a 2-letter word (``Rz`` =
    ``Ruiz``); 0.0 otherwise."""
    if len(a.skeleton) < 2:
        return 0.0
    short, long_ = (a.raw, b.raw) if len(a.raw) < len(b.raw) else (b.raw, a.raw)
    if not vowel_dropped(short, long_):
        return 0.0
    if len(short) == 2:
        return VOWEL_DROP_TWO
    return VOWEL_DROP if len(a.skeleton) >= 3 else VOWEL_DROP_SHORT


def prefix_sim(a: Token, b: Token) -> tuple[float, int]:
    """A last word cut off inside a word of the other name (truncated field): 0.75 for
    a 2-letter prefix, 0.8 for 3, 0.85 for 4+; and which side was cut (1: ``a``, 2:
    ``b``, 0: neither)."""
    if a.last and not a.initials and (n := prefix_len(a.raw, b.raw)):
        return min(0.85, 0.65 + 0.05 * n), 1
    if b.last and not b.initials and (n := prefix_len(b.raw, a.raw)):
        return min(0.85, 0.65 + 0.05 * n), 2
    return 0.0, 0


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


Trace = tuple[list[_Pair], list[int], list[int], list[str]]


def _by_query(pair: _Pair) -> int:
    return pair[1]


def align(q: Variant, c: Variant, person: bool) -> tuple[float, Trace | None]:
    """Score of the token alignment of two readings, and what to explain it with."""
    qt, ct = q.tokens, c.tokens
    if not qt or not ct:
        return 0.0, None
    pairs: list[_Pair] = []
    cut: dict[tuple[int, int], int] = {}  # prefix pairs: which side was cut off
    for i, a in enumerate(qt):
        raw = a.raw
        for j, b in enumerate(ct):
            if raw == b.raw:
                pairs.append((-1.0, i, j))
            else:
                s = token_sim(a, b)
                if (a.last or b.last) and s < 0.85 and raw[0] == b.raw[0]:
                    p, side = prefix_sim(a, b)
                    if p > s:
                        s = p
                        cut[i, j] = side
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
    tail: list[Token] = []  # words after a cut-off word: a truncated field
    if cut and (rest_q or rest_c):
        for _, i, j in matched:
            side = cut.get((i, j), 0)
            if side == 1 and rest_c:
                tail += [ct[k] for k in rest_c if k > j]
                rest_c = [k for k in rest_c if k <= j]
            elif side == 2 and rest_q:
                tail += [qt[k] for k in rest_q if k > i]
                rest_q = [k for k in rest_q if k <= i]
        if tail:
            notes.append("truncated " + " ".join(t.raw for t in tail))
    factor = 1.0
    if tail:
        share = TRUNCATED_TAIL * (UNMATCHED_PERSON if person else UNMATCHED_OTHER)
        den += sum(t.weight * (share / 2 if t.minor else share) for t in tail)
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


def explain(q: Variant, c: Variant, trace: Trace | None) -> str:
    if trace is None:
        return "no tokens"
    matched, rest_q, rest_c, notes = trace
    qt, ct = q.tokens, c.tokens
    detail = ", ".join(f"{qt[i].raw}~{ct[j].raw} {s:.2f}" for s, i, j in matched)
    extra = [qt[i].raw for i in rest_q] + [ct[j].raw for j in rest_c]
    parts = [*notes, "unmatched " + " ".join(extra)] if extra else notes
    return "; ".join([detail, *parts]) if parts else detail
