"""Script detection for names: which writing systems a name uses.

A name's script decides which transliterations are generated (:mod:`.translit`):
``Hangul`` (Korean syllables and jamo), ``Han`` (CJK ideographs, read as Mandarin),
``Cyrillic``, ``Arabic`` (Arabic, Persian, Urdu letters), ``Latin`` (ASCII and Latin
extensions) and ``Other`` (anything else with letters: Greek, Hebrew, Thai, ... — these are
transliterated by anyascii only). Detection is by Unicode block ranges, not by language:
a Cyrillic name may be Russian, Ukrainian or Bulgarian; all are handled by the Russian
tables with Ukrainian letters added.
"""

from __future__ import annotations

__all__ = ["SCRIPTS", "char_script", "is_latin_ascii", "scripts_of"]

SCRIPTS: tuple[str, ...] = ("Latin", "Hangul", "Han", "Cyrillic", "Arabic", "Other")

_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, "Latin"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x08A0, 0x08FF, "Arabic"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
    (0x1100, 0x11FF, "Hangul"),
    (0x3130, 0x318F, "Hangul"),
    (0xAC00, 0xD7A3, "Hangul"),
    (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"),
    (0xF900, 0xFAFF, "Han"),
    (0x20000, 0x2FA1F, "Han"),
)


def char_script(ch: str) -> str | None:
    """The script of one character, or ``None`` for non-letters (digits, punctuation)."""
    if not ch.isalpha():
        return None
    code = ord(ch)
    for low, high, script in _RANGES:
        if low <= code <= high:
            return script
    return "Other"


def scripts_of(text: str) -> frozenset[str]:
    """All scripts whose letters occur in ``text`` (empty for a name without letters)."""
    if text.isascii():
        return frozenset({"Latin"}) if any(c.isalpha() for c in text) else frozenset()
    found = {char_script(c) for c in text}
    found.discard(None)
    return frozenset(s for s in found if s is not None)


def is_latin_ascii(text: str) -> bool:
    """Whether ``text`` is plain ASCII (the common case: no transliteration needed)."""
    return text.isascii()
