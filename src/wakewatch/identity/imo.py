"""IMO ship identification numbers: parsing and the check digit.

An IMO number has seven digits; the last is a check digit. Multiply the first six digits by
7, 6, 5, 4, 3, 2 and add them up: the last digit of the sum must equal the seventh digit.
IMO 9179842 (Angara): 9x7 + 1x6 + 7x5 + 9x4 + 8x3 + 4x2 = 172, check digit 2, valid.

The check is a test of typing, not of truth: a forged IMO copied from another ship passes.
It is also weaker than it looks: it catches any change to a digit weighted 7 or 3 and to the
check digit, but weights 6, 4, 2 are blind to a change of 5 and weight 5 to any even change.
The A LI / Yon Pung 3 pair (8814881 broadcast, 8314881 reported) differs by 5 at weight 6,
so both call for the same check digit, 5 -- and both fail it.
"""

from __future__ import annotations

import re

IMO_MIN = 1_000_000
IMO_MAX = 9_999_999

_WEIGHTS = (7, 6, 5, 4, 3, 2)
_IMO_TEXT = re.compile(r"^\s*(?:IMO)?[\s:.#-]*([0-9]{7})\s*$", re.IGNORECASE)


def imo_check_digit(first_six: int) -> int:
    """The check digit that completes the six digits ``first_six`` (0-999999)."""
    digits = f"{first_six:06d}"
    return sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 10


def imo_check_digit_ok(imo: int) -> bool:
    """Whether ``imo`` is a 7-digit number whose last digit is its check digit."""
    if isinstance(imo, bool) or not IMO_MIN <= imo <= IMO_MAX:
        return False
    return imo_check_digit(imo // 10) == imo % 10


def normalise_imo(value: object) -> int | None:
    """An IMO number from ``9179842``, ``"9179842"``, ``"IMO 9179842"`` or ``"IMO9179842"``.

    Returns ``None`` for anything else (out of range, other text, bools, floats). The check
    digit is *not* required: a 7-digit number that fails it is still the number broadcast,
    and :func:`imo_check_digit_ok` says whether it is plausible.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if IMO_MIN <= value <= IMO_MAX else None
    if isinstance(value, str):
        match = _IMO_TEXT.match(value)
        return int(match.group(1)) if match else None
    return None


def imo_check_sql(col: str) -> str:
    """A DuckDB expression equal to :func:`imo_check_digit_ok` of the integer column ``col``,
    but NULL when ``col`` is NULL."""
    terms = " + ".join(
        f"(({col} // {10 ** (6 - i)}) % 10) * {w}" for i, w in enumerate(_WEIGHTS))
    return (f"(CASE WHEN {col} IS NULL THEN NULL "
            f"WHEN {col} BETWEEN {IMO_MIN} AND {IMO_MAX} "
            f"THEN ({terms}) % 10 = {col} % 10 ELSE false END)")
