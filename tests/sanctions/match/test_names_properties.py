"""Hypothesis properties of the name matcher: range, symmetry, identity."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.sanctions.match.analyze import NAME_SCHEMAS
from wakewatch.sanctions.match.names import analyze_name, compare_names, name_keys

# Latin with diacritics, Cyrillic, Arabic, Hangul, Han, digits, punctuation and spaces.
ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 -.,'&/()")
    + list("éüŏçñß")
    + list("абвгдежзийклмнопрстуфхцчшщыэюяЁ")
    + list("ابتثجحخدذرسشصعغفقكلمنهوي")
    + list("김정은리철남박최")
    + list("习近平毛泽东高市")
)
NAMES = st.text(ALPHABET, min_size=0, max_size=30)
SCHEMAS = st.sampled_from(NAME_SCHEMAS)


def _cmp(a: str, b: str, schema: str) -> float:
    return compare_names(analyze_name(a, schema), analyze_name(b, schema)).score


@settings(max_examples=50)
@given(NAMES, NAMES, SCHEMAS)
def test_score_in_unit_interval(a: str, b: str, schema: str) -> None:
    assert 0.0 <= _cmp(a, b, schema) <= 1.0


@settings(max_examples=50)
@given(NAMES, NAMES, SCHEMAS)
def test_symmetric(a: str, b: str, schema: str) -> None:
    assert _cmp(a, b, schema) == _cmp(b, a, schema)


@settings(max_examples=50)
@given(NAMES, SCHEMAS)
def test_name_matches_itself(a: str, schema: str) -> None:
    if any(ch.isalnum() for ch in a):
        assert _cmp(a, a, schema) == 1.0


@settings(max_examples=50)
@given(NAMES, SCHEMAS)
def test_case_and_spacing_do_not_matter(a: str, schema: str) -> None:
    if any(ch.isalnum() for ch in a) and a.isascii():
        assert _cmp(a, "  " + a.upper().replace(" ", "  ") + " ", schema) == 1.0


@settings(max_examples=50)
@given(NAMES, SCHEMAS)
def test_name_keys_are_strings(a: str, schema: str) -> None:
    keys = name_keys(a, schema)
    assert all(isinstance(k, str) and k for k in keys)
