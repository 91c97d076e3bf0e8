"""Robustness against disguised and degraded names: clean-up before analysis, token tests.

:func:`clean_name` runs on every name before it is analysed (:func:`.analyze.analyze_name`):

- **invisible characters** — every character of Unicode category ``Cf`` (format: zero-width
  space U+200B, zero-width non-joiner/joiner U+200C/D, word joiner U+2060, BOM U+FEFF,
  soft hyphen U+00AD, bidi marks U+200E/F and U+202A–E...) is removed; they render as
  nothing, so a reader sees the name without them. NFKC then maps full-width forms
  (``ＫＩＭ`` → ``KIM``), ligatures and non-breaking spaces to their plain forms.
- **homoglyphs** — in a name that contains Latin letters, a word that mixes Latin with
  Cyrillic or Greek letters, or a Cyrillic/Greek word made only of letters that look like
  Latin ones, has those letters replaced by the Latin letters they imitate (Cyrillic
  ``А В Е К М Н О Р С Т Х У а е о р с у х і ј ѕ һ ԁ ӏ``, Greek ``Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ
  Υ Χ ο ν``; the pairs of Unicode's confusables.txt between these scripts). A genuinely
  Cyrillic name (``Путин``: П, т, и, н have no Latin twin) is left to transliteration.
- **OCR digits** — outside vessel names, a digit ``0 1 2 5 8`` glued to a word, at its
  start or end, is read as the letter it is confused with (``0``→O, ``1``→l, ``2``→Z,
  ``5``→S, ``8``→B): ``MPAN0``, ``0MAIRI``, ``de1 Rosario``. For persons one adjacent
  letter is enough (``5a'ad``); for companies two. Vessel names keep their numbers
  (``WAN HENG 11`` ≠ ``WAN HENG 12``), ordinals stay (``1st``, ``2nd``); digits between
  letters are handled for every schema by :func:`.normalize.fold`.

Token tests used by :mod:`.align`:

- :func:`ocr_key` — a folded token with the usual OCR confusions merged: ``rn``→``m``,
  ``cl``→``d``, ``vv``→``w``, ``l``/``1``/``i`` → ``i``, ``0``→``o``, ``5``→``s``,
  ``8``→``b``, ``2``→``z`` (``Harnid`` = ``Hamid``, ``ALl`` = ``ALI``, ``lbn`` = ``Ibn``).
- :func:`vowel_dropped` — one token is the other with some vowels left out (a
  subsequence with the same consonant skeleton): ``Mhmmd``/``Muhammad``, ``Jse``/``Jose``,
  ``Frk``/``Farouk``, ``Rgld``/``Regalado``.
- :func:`prefix_len` — the last word of a name is a prefix of a word of the other name:
  a name cut off by a fixed-width field (``PORTILLA BARRAZA, Jo`` ↔ ``... Jorge``). Only
  for a name of 2+ words and at least :data:`CUT_MIN_CHARS` characters (legacy fields cut
  at 20–35 characters; ``Thomas A. Lind`` is not a cut ``Thomas Lindemann``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["CUT_MIN_CHARS", "clean_name", "ocr_key", "prefix_len", "vowel_dropped"]

#: A name shorter than this is not taken for a truncated one.
CUT_MIN_CHARS = 16

#: Cyrillic and Greek letters that render like a Latin letter (Unicode confusables.txt).
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic capitals
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q",
    "Ԝ": "W", "Ү": "Y", "Ӏ": "I",
    # Cyrillic small
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ү": "y",
    # Greek capitals
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Greek small
    "ο": "o", "ν": "v", "ι": "i", "α": "a", "κ": "k", "ρ": "p", "τ": "t", "υ": "u",
}
_HOMO_TABLE = str.maketrans(HOMOGLYPHS)
_WORDS = re.compile(r"[^\W\d_]+")
_OCR_DIGITS = {"0": "O", "1": "l", "2": "Z", "5": "S", "8": "B"}
_L = r"[^\W\d_]"
_ORD = r"(?!(?:st|nd|rd|th|ST|ND|RD|TH)(?![^\W_]))"  # 1st, 2ND: an ordinal, not OCR
_OCR_PERSON = re.compile(rf"(?<={_L})[01258](?![^\W_])|(?<![^\W_])[01258]{_ORD}(?={_L})")
_OCR_OTHER = re.compile(
    rf"(?<={_L}{{2}})[01258](?![^\W_])|(?<![^\W_])[01258]{_ORD}(?={_L}{{2}})"
)


def _is_latin(ch: str) -> bool:
    return ch < "\u0250" and ch.isalpha()


def _homoglyph_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word.isascii():
        return word
    if any(_is_latin(ch) for ch in word) or all(ch in HOMOGLYPHS for ch in word):
        return word.translate(_HOMO_TABLE)
    return word


def _ocr_digit(match: re.Match[str]) -> str:
    return _OCR_DIGITS[match.group(0)]


@lru_cache(maxsize=200_000)
def clean_name(name: str, schema: str = "LegalEntity") -> str:
    """``name`` without invisible characters, homoglyphs and OCR digits (module doc)."""
    if not name.isascii():
        name = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
        name = unicodedata.normalize("NFKC", name)
        if not name.isascii() and any(_is_latin(ch) for ch in name):
            name = _WORDS.sub(_homoglyph_word, name)
    if schema != "Vessel" and any(ch in "01258" for ch in name):
        pattern = _OCR_PERSON if schema == "Person" else _OCR_OTHER
        name = pattern.sub(_ocr_digit, name)
    return name


_OCR_TABLE = str.maketrans({"l": "i", "1": "i", "0": "o", "5": "s", "8": "b", "2": "z"})


def ocr_key(token: str) -> str:
    """``token`` with OCR confusions merged (module doc)."""
    return token.replace("rn", "m").replace("cl", "d").replace("vv", "w").translate(_OCR_TABLE)


def vowel_dropped(short: str, long_: str) -> bool:
    """``short`` is ``long_`` with some of its letters left out, in order (the caller has
    checked that both have the same consonant skeleton, so only vowels, doubled letters
    and ``h``/``w``/``y`` can be missing)."""
    if len(short) >= len(long_) or len(short) < 2:
        return False
    pos = 0
    for ch in short:
        pos = long_.find(ch, pos) + 1
        if pos == 0:
            return False
    return True


def prefix_len(short: str, long_: str) -> int:
    """Length of ``short`` when it is a proper prefix (2+ letters) of ``long_``, else 0."""
    if 2 <= len(short) < len(long_) and long_.startswith(short):
        return len(short)
    return 0
