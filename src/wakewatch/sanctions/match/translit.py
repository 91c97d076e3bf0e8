"""Transliteration of a name into Latin variants, one per scheme that applies.

:func:`latin_variants` returns ``(scheme, text)`` pairs; the first is the primary reading.

=============  =====================================================================
script         schemes
=============  =====================================================================
Latin / none   ``latin`` — the name itself (diacritics are folded later)
Hangul         ``ko-mr`` (DPRK-style McCune–Reischauer), ``ko-rr`` (Revised
               Romanization) — :mod:`.korean`
Han            ``zh-py`` (Hanyu Pinyin, toneless, via pypinyin), ``zh-wg``
               (Wade–Giles without apostrophes: ``Hsi Chin-ping``) — one word per
               character; given names are re-joined by the matcher's spacing rule
Cyrillic       ``ru`` — BGN/PCGN-like via anyascii (``Путин`` → ``Putin``); GOST,
               scholarly and ``ye/e``, ``ii/y``, ``kh/h``, ``ts/tz``, ``shch`` differences
               are merged by the ``canon`` token key (:mod:`.normalize`)
Arabic         ``ar`` — anyascii's unvocalised consonants (``أسامة`` → ``'smh``),
               compared through the consonant skeleton key; the article ``ال``
               written onto a word is split off (``السيسي`` → ``al sysy``)
Other          ``any`` — anyascii (Greek, Hebrew, Thai, ...)
=============  =====================================================================

Mixed-script names get every applicable scheme (capped at four variants).
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from pypinyin import Style, lazy_pinyin

from wakewatch.sanctions.match.korean import romanize
from wakewatch.sanctions.match.scripts import scripts_of

__all__ = ["MAX_VARIANTS", "latin_variants"]

MAX_VARIANTS = 4

#: The Arabic article written onto its word (``السيسي`` = al-Sisi) becomes a separate word.
_AR_ARTICLE = re.compile(r"(?<![\u0600-\u06FF])\u0627\u0644(?=[\u0600-\u06FF]{2})")


def _han(text: str, style: Style) -> str:
    out: list[str] = []
    for ch in text:
        if 0x3400 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF:
            syllable = lazy_pinyin(ch, style=style, errors="default")[0]
            out.append(" " + syllable.replace("'", "") + " ")
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=100_000)
def latin_variants(name: str) -> tuple[tuple[str, str], ...]:
    """``(scheme, Latin text)`` readings of ``name`` (see the module doc)."""
    scripts = scripts_of(name)
    if scripts <= {"Latin"}:
        return (("latin", name),)
    if "Arabic" in scripts:
        name = _AR_ARTICLE.sub("al ", name)
    texts: list[tuple[str, str]] = [("", name)]
    if "Hangul" in scripts:
        texts = [(s, romanize(t, s)) for _, t in texts for s in ("ko-mr", "ko-rr")]
    if "Han" in scripts:
        texts = [
            (f"{label}+{scheme}".strip("+"), _han(t, style))
            for label, t in texts
            for scheme, style in (("zh-py", Style.NORMAL), ("zh-wg", Style.WADEGILES))
        ]
    out: list[tuple[str, str]] = []
    for label, text in texts[:MAX_VARIANTS]:
        if not label:
            label = "ru" if "Cyrillic" in scripts else "ar" if "Arabic" in scripts else "any"
        out.append((label, anyascii(text)))
    return tuple(out)
