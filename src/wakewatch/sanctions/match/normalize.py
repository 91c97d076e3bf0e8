"""Folding a Latin-script name into tokens, and the per-token comparison keys.

Every name is brought to lower-case ASCII tokens before comparison (non-Latin scripts are
first transliterated, :mod:`.translit`). :func:`fold` does: Unicode NFKC, anyascii for
diacritics (``Chŏng`` → ``chong``, ``Müller`` → ``muller``), apostrophes and ayn/hamza
signs removed inside words (``So'ng-hun`` → ``song hun``), a single digit between letters
read as the letter it imitates (``Sech1n`` → ``sechin``, ``I9or`` → ``igor``, ``ME2A`` →
``meza``), every other non-alphanumeric character a separator, and letters split from
digits (``HENG11`` → ``heng 11``).

Each token then gets three keys, from strict to loose; two tokens with equal keys are
treated as spellings of one word at decreasing confidence (scores in :mod:`.names`):

``canon``
    Transliteration unification common to Russian, Arabic and European romanisations:
    ``shch/sch`` → ``sh``, ``dzh/zh`` → ``j``, ``kh`` → ``h``, ``ph`` → ``f``, ``ck/q`` →
    ``k``, ``x`` → ``ks``, ``tz`` → ``ts``, ``w`` → ``v``, ``ou`` → ``u``, ``y`` → ``i``,
    ``j`` after a vowel and before a consonant or at the end → ``i`` (``Sergej``),
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
    Consonants only — vowels and the Arabic long-vowel letters ``w``/``y`` dropped
    (``Muhammad/Mohammed/mhmd`` → ``mhmd``, ``Ladin/Laden/ldn`` → ``ldn``): the form of an
    unvocalised Arabic name. Used only when one side has no vowels (an Arabic-script
    source) or the skeleton has at least four consonants.

:func:`numberize` turns number words and ordinals into digits (``Forty-Four`` → ``44``,
``1st``/``First`` → ``1``) and, outside person names, Roman numerals ``II``–``XX`` after the
first word (``Fund III`` → ``3``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

__all__ = ["canon", "fold", "loose", "numberize", "skeleton", "tokens"]

_APOS = re.compile(r"(?<=\w)['’ʼ`ʻʿʾ´‘](?=\w)")
_SPLIT = re.compile(r"[^a-z0-9]+")
_ALNUM_EDGE = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")
#: One digit between letters is a look-alike letter (``Sech1n``, ``Ig0r``, ``I9or``).
_LEET = re.compile(r"(?<=[a-z])[012345789](?=[a-z])")
_LEET_MAP = {"0": "o", "1": "i", "2": "z", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
             "9": "g"}


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case ASCII, words separated by single spaces (see module doc)."""
    text = unicodedata.normalize("NFKC", text)
    text = _APOS.sub("", text)
    if not text.isascii():
        text = anyascii(text)
        text = _APOS.sub("", text)
    text = text.lower()
    text = _LEET.sub(lambda m: _LEET_MAP[m.group(0)], text)
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
        (r"^hs", "ks"),  # Wade-Giles hs = pinyin x
        (r"tz", "ts"),
        (r"w", "v"),
        (r"ou", "u"),
        (r"y", "i"),
        (r"(?<=[aeiou])j(?=[^aeiou]|$)", "i"),  # ISO/German/Latvian j for й: Sergej
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
        (r"ts|tz", "z"),  # Wade-Giles ts = pinyin z
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


_VOWELS = re.compile(r"[aeiouyw]")
_SKELETON_MAP = str.maketrans({"q": "k", "p": "b", "v": "f"})  # Arabic has no p, v


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonant skeleton of a folded token: no vowels (nor the Arabic long-vowel letters
    ``w``/``y``), ``q`` as ``k``, ``p`` as ``b``, ``v`` as ``f`` (letters Arabic lacks),
    doubled letters single, final ``h`` dropped."""
    if token.isdigit():
        return token
    out = _VOWELS.sub("", token.translate(_SKELETON_MAP))
    out = re.sub(r"(.)\1+", r"\1", out)
    if len(out) > 2 and out.endswith("h"):
        out = out[:-1]
    return out


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINAL_SUFFIX = frozenset({"st", "nd", "rd", "th"})
_ROMAN = {r: str(k) for k, r in enumerate(
    ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
     "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx")) if len(r) >= 2}


def numberize(words: list[str], roman: bool) -> list[str]:
    """Number words and ordinals as digits: ``forty four`` → ``44``, ``1 st`` → ``1``,
    ``first`` → ``1``; with ``roman``, ``ii``–``xx`` after the first word and a last word
    ``v`` or ``x`` → digits (``Partners V`` → ``5``)."""
    out: list[str] = []
    for k, w in enumerate(words):
        if w in _ORDINAL_SUFFIX and out and out[-1].isdigit():
            continue
        if w in _UNITS:
            value = _UNITS[w]
            if out and out[-1].isdigit() and out[-1].endswith("0") and value < 10 and len(
                out[-1]
            ) == 2:
                out[-1] = str(int(out[-1]) + value)
            else:
                out.append(str(value))
        elif w in _TENS:
            out.append(str(_TENS[w]))
        elif w.isdigit() and out and out[-1] in {str(v) for v in _TENS.values()} and len(
            w
        ) == 1:
            out[-1] = str(int(out[-1]) + int(w))
        elif roman and k > 0 and (w in _ROMAN or (w in ("v", "x") and k == len(words) - 1)):
            out.append(_ROMAN.get(w, "5" if w == "v" else "10"))
        else:
            out.append(w)
    return out
