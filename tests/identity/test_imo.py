"""IMO numbers: the check digit (Python and SQL) and parsing."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.identity.imo import (
    imo_check_digit,
    imo_check_digit_ok,
    imo_check_sql,
    normalise_imo,
)

_WEIGHTS = (7, 6, 5, 4, 3, 2)


@pytest.mark.parametrize("imo", [
    9179842,  # Angara
    9161003,  # Lady R
    8660313,  # Chon Ma San
    8528864,  # Apex / Shun Fa (C4ADS identity laundering case)
    8514045,  # Hai Zhou 168
])
def test_real_imos_pass(imo: int) -> None:
    assert imo_check_digit_ok(imo)


def test_a_li_case_both_numbers_fail() -> None:
    # maritime-anchors.md 3.3: A LI broadcast 8814881; Yon Pung 3's IMO is given as 8314881,
    # "one digit apart". Neither passes: the first six digits of both call for check digit 5.
    assert not imo_check_digit_ok(8814881)
    assert not imo_check_digit_ok(8314881)
    assert imo_check_digit(881488) == 5
    assert imo_check_digit(831488) == 5


def test_worked_example() -> None:
    # 9x7 + 1x6 + 7x5 + 9x4 + 8x3 + 4x2 = 172 -> 2
    assert imo_check_digit(917984) == 2


@pytest.mark.parametrize("imo", [0, 1, 999_999, 10_000_000, -9179842, 9179843, 1073741823])
def test_invalid(imo: int) -> None:
    assert not imo_check_digit_ok(imo)


def test_bool_is_not_an_imo() -> None:
    assert not imo_check_digit_ok(True)


@pytest.mark.parametrize("value", [
    "IMO 9179842", "IMO9179842", "imo 9179842", " IMO: 9179842 ", "9179842", 9179842,
    "IMO-9179842",
])
def test_normalise_accepts(value: object) -> None:
    assert normalise_imo(value) == 9179842


@pytest.mark.parametrize("value", [
    None, True, 9179842.0, "", "IMO", "IMO 917984", "IMO 91798421", 123456, 12345678, -9179842,
    "MMSI 9179842", "9179842X", "IMO ９１７９８４２",
])
def test_normalise_rejects(value: object) -> None:
    assert normalise_imo(value) is None


def test_normalise_keeps_a_bad_check_digit() -> None:
    # The broadcast number is evidence even when it is wrong: keep it, flag it elsewhere.
    assert normalise_imo("IMO 8814881") == 8814881


SIX_DIGITS = st.integers(min_value=100_000, max_value=999_999)


@given(SIX_DIGITS)
def test_computed_check_digit_passes(first_six: int) -> None:
    assert imo_check_digit_ok(first_six * 10 + imo_check_digit(first_six))


@given(SIX_DIGITS, st.integers(0, 6), st.integers(1, 9))
def test_single_digit_change(first_six: int, position: int, step: int) -> None:
    """Changing one digit fails the check unless weight x change is a multiple of 10: weights
    6, 4, 2 are blind to a change of 5, weight 5 to any even change. Only the digits weighted
    7 and 3, and the check digit itself, are always guarded (a limit of this check digit:
    8814881 and 8314881 differ by 5 at weight 6, so they share one check digit)."""
    digits = [int(d) for d in f"{first_six}{imo_check_digit(first_six)}"]
    new_digit = (digits[position] + step) % 10
    if position == 0 and new_digit == 0:
        return  # would not be a 7-digit number
    delta = new_digit - digits[position]
    changed = [*digits]
    changed[position] = new_digit
    imo = int("".join(map(str, changed)))
    blind = position < 6 and (_WEIGHTS[position] * delta) % 10 == 0
    assert imo_check_digit_ok(imo) == blind
    if position in (0, 4, 6):  # weights 7 and 3, and the check digit: always caught
        assert not imo_check_digit_ok(imo)


@given(st.integers())
def test_never_raises(value: int) -> None:
    assert isinstance(imo_check_digit_ok(value), bool)
    normalise_imo(value)


@given(st.text(max_size=20))
def test_normalise_text_never_raises(text: str) -> None:
    result = normalise_imo(text)
    assert result is None or 1_000_000 <= result <= 9_999_999


@settings(max_examples=50)
@given(st.lists(st.one_of(st.integers(900_000, 10_100_000),
                          st.integers(-(2**63), 2**63 - 1)), min_size=1, max_size=50))
def test_sql_matches_python(values: list[int]) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (imo BIGINT)")
    con.executemany("INSERT INTO t VALUES (?)", [[v] for v in values])
    for imo, ok in con.sql(f"SELECT imo, {imo_check_sql('imo')} FROM t").fetchall():
        assert ok == imo_check_digit_ok(imo)


def test_sql_null_stays_null() -> None:
    con = duckdb.connect()
    assert con.sql(f"SELECT {imo_check_sql('x')} FROM (VALUES (NULL::BIGINT)) t(x)"
                   ).fetchall() == [(None,)]
