"""Analysing a name once: Latin variants, tokens with their keys, forms and numbers.

:func:`analyze_name` is cached per ``(name, schema)``; everything a comparison needs is
precomputed here so that :func:`wakewatch.sanctions.match.names.compare_names` does only
look-ups and a few rapidfuzz calls per pair.

Per schema (FollowTheMoney: ``Person``, ``Company``, ``Organization``, ``LegalEntity``,
``Vessel``):

- company legal forms are removed from the tokens of every schema except ``Person`` and
  kept as a set of form classes (:mod:`.forms`);
- vessel prefixes (``M/V``, ``MV``, ``MT``, ``SS``, ...) and the word ``no`` before a number
  are removed from ``Vessel`` names;
- person titles are removed from ``Person`` names; Arabic article tokens (``al``, ``el``,
  ``ad``, ``ash``...) are removed when a name token follows; ``bin/ibn/ben/bint`` inside a
  name (not first, not last) become one particle ``bin`` of low weight;
- stop words (``of``, ``the``, ``and``) are removed;
- number words become digits and numbers are taken out of the tokens into ``numbers``
  (:func:`.normalize.numberize`);
- runs of single letters (``A.B.C.`` → ``a b c``) become one *initials* token ``abc``,
  which only matches exactly or as the initials of words on the other side; so do
  2–3-letter all-consonant words of a Latin-script name (``JC``);
- a name written only in Han characters or Hangul also gets a ``native`` reading, one
  token per character: two such names are compared character by character (习近平 vs
  习近朋 differ in one character even though ``ping``/``peng`` are one letter apart, and
  김정은/김종은 coincide in DPRK-style romanisation).

Token weight: ``1 + min(len, 10) / 3`` (longer words carry more evidence); generic words
(``trading``, ``shipping``, ``international``...) and the particle ``bin`` weigh a third of
that. Russian patronymics (``-ovich``, ``-evich``, ``-ovna``, ``-evna``, ``-ichna``,
``-ogly``), ``bin`` and initials are *minor*: a name without them still matches well.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from wakewatch.sanctions.match.forms import (
    FORM_CLASSES,
    GENERIC_WORDS,
    PERSON_TITLES,
    STOP_WORDS,
    VESSEL_PREFIXES,
)
from wakewatch.sanctions.match.normalize import canon, fold, loose, numberize, skeleton
from wakewatch.sanctions.match.robust import CUT_MIN_CHARS, clean_name, ocr_key
from wakewatch.sanctions.match.scripts import char_script, scripts_of
from wakewatch.sanctions.match.translit import latin_variants

__all__ = ["NAME_SCHEMAS", "AnalyzedName", "Token", "Variant", "analyze_name", "name_keys"]

NAME_SCHEMAS: tuple[str, ...] = ("Person", "Company", "Organization", "LegalEntity", "Vessel")

_ARTICLES = frozenset({"al", "el", "ad", "ash", "as", "ar", "at", "an", "az", "ul", "ed", "es"})
_BIN = frozenset({"bin", "ibn", "ben", "bint", "binti", "ibnu", "bn"})
_PATRONYMIC = re.compile(r"(ovich|evich|ovna|evna|ichna|ogly|oglu|kyzy|ovic|evic)$")
_VOWEL = re.compile(r"[aeiouy]")
_MAX_FORM_LEN = 6
_NATIVE = frozenset({"Han", "Hangul"})
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Token:
    """One compared word and its keys (see :mod:`.normalize`)."""

    raw: str
    canon: str
    loose: str
    skeleton: str
    weight: float
    no_vowel: bool
    minor: bool  # patronymic, particle or initials: missing it costs little
    initials: bool  # one letter or a run of single letters: matches exactly or as initials
    patronymic: bool  # two different patronymics mean two different fathers: no typo match
    native: bool  # one Han character or Hangul syllable: equal or different, nothing between
    plain: bool  # none of native / initials / no_vowel / patronymic (the fast path)
    size: int  # len(canon)
    long_skeleton: bool  # skeleton of 4+ consonants: equal skeletons count
    ocr: str  # OCR confusions merged (:func:`.robust.ocr_key`)
    last: bool  # the last word of the reading: may be cut off (truncated field)
    shape: str  # vowel runs / consonants of ``canon`` as a/c: ``mahmud`` acca-shaped ``cacca``


@dataclass(frozen=True, slots=True)
class Variant:
    """One Latin reading of a name."""

    scheme: str
    tokens: tuple[Token, ...]
    joined: str  # canon keys concatenated in order, no spaces
    joined_loose: str  # loose keys concatenated in order
    sorted_key: str  # canon keys sorted, space-joined
    weight: float
    bin_at: int  # index of the particle ``bin`` (-1 if none)


@dataclass(frozen=True, slots=True)
class AnalyzedName:
    """A name ready for comparison."""

    name: str
    schema: str
    folded: str  # NFKC, case-folded, words of letters/digits in the original script
    variants: tuple[Variant, ...]
    forms: frozenset[str]
    numbers: tuple[str, ...]
    acronym: str  # initials of the content tokens of the first variant ('' if < 2 tokens)
    single: bool  # one 3-8-letter word: may be an acronym of the other name
    readings: tuple[Variant, ...]  # the variants other than ``native``
    native: Variant | None  # the character-by-character reading of a Han/Hangul name


def _strip_forms(words: list[str]) -> tuple[list[str], set[str]]:
    forms: set[str] = set()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_FORM_LEN, len(words) - i), 0, -1):
            cls = FORM_CLASSES.get(" ".join(words[i : i + size]))
            if cls is not None and len(words) > size:
                forms.add(cls)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out, forms


def _strip_vessel(words: list[str]) -> list[str]:
    for size in (2, 1):
        if len(words) > size and " ".join(words[:size]) in VESSEL_PREFIXES:
            words = words[size:]
            break
    return [
        w
        for k, w in enumerate(words)
        if not (w == "no" and k + 1 < len(words) and words[k + 1].isdigit())
    ]


def _merge_initials(words: list[str]) -> list[str]:
    out: list[str] = []
    run = ""
    for w in [*words, ""]:
        if len(w) == 1 and w.isalpha():
            run += w
            continue
        if run:
            out.append(run)
            run = ""
        if w:
            out.append(w)
    return out


@lru_cache(maxsize=200_000)
def _make_token(
    word: str, generic: bool, initials: bool, arabic: bool, last: bool = False
) -> Token:
    c = canon(word)
    weight = 1.0 + min(len(c), 10) / 3.0
    patronymic = bool(_PATRONYMIC.search(word))
    minor = patronymic or word == "bin" or initials
    if generic or word == "bin":
        weight /= 3.0
    no_vowel = arabic or (_VOWEL.search(word) is None and not initials)
    skel = skeleton(word)
    plain = not (no_vowel or initials or patronymic)
    return Token(word, c, loose(word), skel, weight, no_vowel, minor, initials,
                 patronymic, False, plain, len(c), len(skel) >= 4, ocr_key(word), last,
                 _shape(c))


_NOT_VOWEL = re.compile(r"[^aeiou]")
_VOWEL_RUN = re.compile(r"[aeiou]+")


def _shape(c: str) -> str:
    """``c`` for every consonant, ``a`` for every run of vowels (``muhamad`` → ``cacacac``,
    ``mahmud`` → ``caccac``): two words with the same skeleton but vowels in other places
    are different names (Mahmoud is not Muhammad)."""
    return _VOWEL_RUN.sub("a", _NOT_VOWEL.sub("c", c))


def _native_variant(name: str) -> Variant | None:
    """One token per Han character / Hangul syllable (same-script comparisons)."""
    chars = [ch for ch in unicodedata.normalize("NFKC", name) if char_script(ch) in _NATIVE]
    if not chars or len(chars) < sum(1 for ch in name if ch.isalpha()):
        return None
    toks = tuple(
        Token(ch, ch, ch, ch, 1.5, False, False, False, False, True, False, 1, False, ch, False, "")
        for ch in chars
    )
    joined = "".join(chars)
    return Variant("native", toks, joined, joined, " ".join(sorted(chars)),
                   1.5 * len(toks), -1)


def _words(
    text: str, schema: str, latin: bool
) -> tuple[list[str], set[str], list[str], set[str]]:
    words = fold(text).split()
    forms: set[str] = set()
    if schema != "Person":
        words, forms = _strip_forms(words)
    if schema == "Vessel":
        words = _strip_vessel(words)
    if schema == "Person":
        kept = [w for w in words if w not in PERSON_TITLES]
        words = kept or words
    words = numberize(words, roman=schema != "Person")
    out: list[str] = []
    last = len(words) - 1
    for k, w in enumerate(words):
        if w in STOP_WORDS and len(words) > 1:
            continue
        if w in _ARTICLES and k < last and schema != "Vessel":
            continue
        out.append("bin" if w in _BIN and 0 < k < last else w)
    numbers = sorted(w for w in out if w.isdigit())
    words = [w for w in out if not w.isdigit()]
    singles = {w for w in words if len(w) == 1}
    merged = _merge_initials(words)
    initials = {w for w in merged if w not in words or w in singles}
    if latin:  # "JC", "CDE": short all-consonant words are initials in a Latin name
        initials |= {w for w in merged if len(w) <= 3 and _VOWEL.search(w) is None}
    return merged, forms, numbers, initials


def _variant(
    scheme: str, words: list[str], initials: set[str], schema: str, cuttable: bool = False
) -> Variant:
    generic_ok = schema != "Person" and len(words) > 1
    arabic = scheme == "ar"
    last = len(words) - 1 if cuttable and len(words) >= 2 else -1
    toks = tuple(
        _make_token(w, generic_ok and w in GENERIC_WORDS, w in initials, arabic, k == last)
        for k, w in enumerate(words)
    )
    inner = [k for k, w in enumerate(words) if w == "bin" and 0 < k < len(words) - 1]
    return Variant(
        scheme,
        toks,
        "".join(t.canon for t in toks),
        "".join(t.loose for t in toks),
        " ".join(sorted(t.canon for t in toks)),
        sum(t.weight for t in toks),
        inner[0] if inner else -1,
    )


@lru_cache(maxsize=200_000)
def analyze_name(name: str, schema: str = "LegalEntity") -> AnalyzedName:
    """Analyse ``name`` as a name of a ``schema`` entity (module doc); cached."""
    original, name = name, clean_name(name, schema)
    variants: list[Variant] = []
    forms: set[str] = set()
    numbers: list[str] = []
    seen: set[str] = set()
    for scheme, text in latin_variants(name):
        words, var_forms, var_numbers, initials = _words(text, schema, scheme == "latin")
        if not variants:
            forms, numbers = var_forms, var_numbers
        key = " ".join(words)
        if key in seen:
            continue
        seen.add(key)
        variants.append(_variant(scheme, words, initials, schema,
                                 len(name.strip()) >= CUT_MIN_CHARS))
    readings = tuple(variants)
    scripts = scripts_of(name)
    native = _native_variant(name) if scripts & _NATIVE else None
    if native is not None:
        variants.append(native)
    first = variants[0].tokens
    acronym = "".join(t.raw[0] for t in first) if len(first) >= 2 else ""
    if scripts <= {"Latin"}:
        exact = fold(name)
    else:  # compare non-Latin names in their own script, not through anyascii
        words = _WORD.findall(unicodedata.normalize("NFKC", name).casefold().replace("_", " "))
        exact = " ".join(words)
    single = len(first) == 1 and 3 <= len(first[0].raw) <= 8 and first[0].raw.isalpha()
    return AnalyzedName(
        original, schema, exact, tuple(variants), frozenset(forms), tuple(numbers), acronym, single,
        readings, native,
    )


@lru_cache(maxsize=100_000)
def _splits(word: str) -> frozenset[str]:
    """First letters of every split of ``word`` into parts of 1-3 letters (komid -> kmd...)."""
    if not word:
        return frozenset({""})
    out: set[str] = set()
    for n in (1, 2, 3):
        if n <= len(word):
            out |= {word[0] + rest for rest in _splits(word[n:])}
    return frozenset(out)


def name_keys(name: str, schema: str = "LegalEntity") -> frozenset[str]:
    """Recall-oriented index keys of ``name``.

    Plain ``canon`` tokens of every variant, and the ``canon`` of a token's OCR key when it
    differs from the token (``harnid`` → ``hamid``, ``lavrov`` → ``iavrov``); ``~loose``
    per token; ``#skeleton`` per token with at least two consonants (``Mhmmd``, ``Azm``);
    ``=joined`` (the whole name without spaces); numbers as tokens. Acronym keys (3+
    letters): a name of 2+ words gets ``^`` + its initials, also without its last word and
    without each generic word (``^kmdt``, ``^kmd``); a single 3-8-letter word gets ``^`` +
    the initials of every way to read it as 1-3-letter word beginnings (``KOMID`` →
    ``^kmd``, ``^komid``, ...), so that an acronym meets its expansion.
    """
    analyzed = analyze_name(name, schema)
    keys: set[str] = set(analyzed.numbers)
    for variant in analyzed.variants:
        for token in variant.tokens:
            keys.add(token.canon)
            keys.add("~" + token.loose)
            if token.ocr != token.raw:
                keys.add(canon(token.ocr))
            if len(token.skeleton) >= 2:
                keys.add("#" + token.skeleton)
        if variant.joined:
            keys.add("=" + variant.joined)
    first = analyzed.variants[0].tokens
    if len(first) >= 2:
        initials = [t.raw[0] for t in first]
        keys.add("^" + "".join(initials))
        keys.add("^" + "".join(initials[:-1]))
        for k, t in enumerate(first):
            if t.weight < 2.0:
                keys.add("^" + "".join(initials[:k] + initials[k + 1 :]))
    if analyzed.single:
        keys |= {"^" + s for s in _splits(first[0].raw) if len(s) >= 3}
    return frozenset(k for k in keys if not k.startswith("^") or len(k) >= 4)
