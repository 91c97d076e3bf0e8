"""Korean: romanising Hangul names in the schemes sanctions lists use.

A Hangul syllable (U+AC00–U+D7A3) is ``initial × 588 + medial × 28 + final``. Each jamo is
written in two schemes:

``ko-rr``
    Revised Romanization (South Korea, 2000): ``김정은`` → ``gim jeong eun``.
``ko-mr``
    McCune–Reischauer without diacritics and apostrophes, as DPRK names appear on the UN
    and OFAC lists (``ŏ``/``ŭ`` → ``o``/``u``; initial ``ㅈ`` as ``j`` following DPRK
    practice — ``Kim Jong Un``, ``Ri Chol Nam``, ``Pak Pong Ju``): ``김정은`` →
    ``kim jong un``.

Syllables become separate tokens (``kim jong un``): list spellings join or hyphenate the
given name arbitrarily (``Jong-un``, ``Jongun``) and the matcher tolerates spacing.
Sound changes across syllable boundaries (``ㄱ`` + ``ㄴ`` → ``ngn``) are not applied: lists
romanise names syllable by syllable. The remaining differences between the schemes and the
loose spellings (``Ri/Li/Lee``, ``Pak/Park``, ``Choe/Choi``, ``Sung/Seong``) are merged by
the ``loose`` token key in :mod:`.normalize`.
"""

from __future__ import annotations

__all__ = ["SCHEMES", "has_hangul", "romanize"]

SCHEMES: tuple[str, ...] = ("ko-mr", "ko-rr")

_INITIAL_RR = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj",
               "ch", "k", "t", "p", "h")
_INITIAL_MR = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj",
               "ch", "k", "t", "p", "h")
_MEDIAL_RR = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
              "u", "wo", "we", "wi", "yu", "eu", "ui", "i")
_MEDIAL_MR = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo",
              "u", "wo", "we", "wi", "yu", "u", "ui", "i")
_FINAL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l",
          "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")

_BASE = 0xAC00
_LAST = 0xD7A3


def has_hangul(text: str) -> bool:
    """Whether ``text`` contains a precomposed Hangul syllable."""
    return any(_BASE <= ord(c) <= _LAST for c in text)


def _syllable(code: int, scheme: str) -> str:
    index = code - _BASE
    initial, rest = divmod(index, 588)
    medial, final = divmod(rest, 28)
    if scheme == "ko-rr":
        return _INITIAL_RR[initial] + _MEDIAL_RR[medial] + _FINAL[final]
    return _INITIAL_MR[initial] + _MEDIAL_MR[medial] + _FINAL[final]


def romanize(text: str, scheme: str) -> str:
    """``text`` with every Hangul syllable romanised in ``scheme`` as its own word.

    Other characters are kept (the caller folds them). ``scheme`` is one of
    :data:`SCHEMES`.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown Korean scheme {scheme!r}")
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if _BASE <= code <= _LAST:
            out.append(" " + _syllable(code, scheme) + " ")
        else:
            out.append(ch)
    return "".join(out)
