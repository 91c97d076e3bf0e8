"""Folding a Latin-script name into tokens, and the per-token comparison keys.

Every name is brought to lower-case ASCII tokens before comparison (non-Latin scripts are
first transliterated, :mod:`.translit`). :func:`fold` does: Unicode NFKC, anyascii for
diacritics (``Chŏng`` → ``chong``, ``Müller`` → ``muller``), apostrophes and ayn/hamza
signs removed inside words (``So'ng-hun`` → ``song hun``), every other non-alphanumeric
character a separator, and letters split from digits (``HENG11`` → ``heng 11``).

Each token then gets three keys, from strict to loose; two tokens with equal keys are
treated as spellings of one word at decreasing confidence (scores in :mod:`.names`):

``canon``
    Transliteration unification common to Russian, Arabic and European romanisations:
    ``shch/sch`` → ``sh``, ``dzh/zh`` → ``j``, ``kh`` → ``h``, ``ph`` → ``f``, ``ck/q`` →
    ``k``, ``x`` → ``ks``, ``tz`` → ``ts``, ``w`` → ``v``, ``ou`` → ``u``, ``y`` → ``i``,
    ``ii/ij`` → ``i``, ``ie`` after a vowel or at the start → ``e`` (BGN ``ye`` vs GOST
    ``e``), doubled letters single, final ``h`` after a vowel dropped. ``Dmitriy``,
    ``Dmitry``, ``Dmitrii`` → ``dmitri``; ``Sergeyev``/``Sergeev`` → ``sergev``.
``loose``
    ``canon`` plus the McCune–Reischauer vs Revised Romanization differences of Korean:
    voiced/unvoiced stops merged (``g/k``, ``d/t``, ``b/p``, ``j/ch``), ``r/l`` merged,
    ``eo/eu/o/u`` → ``o``, ``ae/e`` → ``e``, ``oe/oi`` → ``oe``, ``ar`` before a final
    consonant → ``a`` (``Park`` → ``pak``), and the Korean surname spellings of 이/리
    (``Lee/Yi/Rhee/I/Ri/Li``). ``Jong/Jeong/Chong/Cheong``, ``Chol/Cheol/Chul``,
    ``Kim/Gim``, ``Pak/Park/Bak``, ``Choe/Choi`` fall together.
``skeleton``
    Consonants only, first letter kept only if it is one (``Muhammad/Mohammed/mhmd`` →
    ``mhmd``, ``Ladin/Laden/ldn`` → ``ldn``) — the form of an unvocalised Arabic name.
    Used only when one side has no vowels (an Arabic-script source) or the skeleton has
    at least four consonants.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

__all__ = ["canon", "fold", "loose", "skeleton", "tokens"]

_APOS = re.compile(r"(?<=\w)['’ʼ`ʻʿʾ´‘](?=\w)")
_SPLIT = re.compile(r"[^a-z0-9]+")
_ALNUM_EDGE = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case ASCII, words separated by single spaces (see module doc)."""
    text = unicodedata.normalize("NFKC", text)
    text = _APOS.sub("", text)
    if not text.isascii():
        text = anyascii(text)
        text = _APOS.sub("", text)
    text = text.lower()
    text = _ALNUM_EDGE.sub(" ", text)
    return " ".join(t for t in _SPLIT.split(text) if t)


def tokens(text: str) -> list[str]:
    """The folded tokens of ``text``."""
    return fold(text).split()


_CANON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"shch|sch", "sh"),
        (r"tch", "ch"),
        (r"dzh|zh|dj", "j"),
        (r"kh", "h"),
        (r"ph", "f"),
        (r"ck|q", "k"),
        (r"x", "ks"),
        (r"tz", "ts"),
        (r"w", "v"),
        (r"ou", "u"),
        (r"y", "i"),
        (r"ij$", "i"),
        (r"(?<=[aeiou])ie|^ie(?=[^aeiou])", "e"),
        (r"(.)\1+", r"\1"),
        (r"(?<=[aeiou])h$", ""),
    )
)


@lru_cache(maxsize=200_000)
def canon(token: str) -> str:
    """The transliteration-unified form of a folded token (module doc)."""
    if token.isdigit():
        return token
    out = token
    for pattern, repl in _CANON_RULES:
        out = pattern.sub(repl, out)
    return out or token


_KO_SURNAME_LI = frozenset({"i", "ri", "li", "lee", "yi", "rhee", "rhie", "rii", "lie", "ree"})

_LOOSE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"ch|j", "c"),
        (r"(?<!n)g", "k"),
        (r"d", "t"),
        (r"b", "p"),
        (r"r", "l"),
        (r"(?<=[aeiou])l(?=[kptcsmn]$)", ""),
        (r"eo|eu|u", "o"),
        (r"ae", "e"),
        (r"oi", "oe"),
        (r"(.)\1+", r"\1"),
    )
)


@lru_cache(maxsize=200_000)
def loose(token: str) -> str:
    """The loose (Korean-romanisation-merging) key of a folded token (module doc)."""
    if token.isdigit():
        return token
    if token in _KO_SURNAME_LI:
        return "li"
    out = canon(token)
    for pattern, repl in _LOOSE_RULES:
        out = pattern.sub(repl, out)
    return out


_VOWELS = re.compile(r"[aeiouy]")


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonant skeleton of a folded token: ``canon`` minus vowels, final ``h`` dropped."""
    if token.isdigit():
        return token
    out = _VOWELS.sub("", canon(token))
    out = re.sub(r"(.)\1+", r"\1", out)
    if len(out) > 2 and out.endswith("h"):
        out = out[:-1]
    return out
