"""Shared plumbing of the UN / EU / UK / FtM list readers (private).

Collecting FollowTheMoney properties in list order without duplicates or empty values, and
the date and IMO-number helpers the readers have in common.
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = ["IMO_RE", "Props", "iso_date", "partial_date", "to_date"]

#: "IMO 1234567", "IMO number: 1234567", "(IMO) Number: 1234567", "IMO no. 1234567".
IMO_RE = re.compile(r"\bIMO\b\)?(?:\s*(?:number|no\.?|#))?\s*:?\s*(\d{7})\b", re.IGNORECASE)


def iso_date(text: str | None) -> str | None:
    """``YYYY-MM-DD`` from the start of an ISO date/time text, else ``None``."""
    if not text:
        return None
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", text)
    return match.group(1) if match else None


def to_date(text: str | None) -> date | None:
    """A :class:`date` from an ISO date/time text, else ``None``."""
    iso = iso_date(text)
    return datetime.strptime(iso, "%Y-%m-%d").date() if iso else None


def partial_date(year: str, month: str = "", day: str = "") -> str | None:
    """ISO 8601 partial date (``1961``, ``1961-04``, ``1961-04-12``); 0 / blank = unknown."""
    if not year.strip().isdigit() or int(year) == 0:
        return None
    out = f"{int(year):04d}"
    if month.strip().isdigit() and 1 <= int(month) <= 12:
        out += f"-{int(month):02d}"
        if day.strip().isdigit() and 1 <= int(day) <= 31:
            out += f"-{int(day):02d}"
    return out


class Props:
    """FollowTheMoney properties in list order, de-duplicated, never empty strings."""

    def __init__(self) -> None:
        self._values: dict[str, list[str]] = {}

    def add(self, key: str, value: str | None) -> None:
        """Append ``value`` (whitespace collapsed) to ``key`` unless blank or already there."""
        if value is None:
            return
        text = " ".join(value.split())
        if not text:
            return
        values = self._values.setdefault(key, [])
        if text not in values:
            values.append(text)

    def has(self, key: str, value: str) -> bool:
        """Whether ``value`` is already under ``key``."""
        return value in self._values.get(key, ())

    def first(self, key: str) -> str | None:
        """The first value of ``key``, if any."""
        values = self._values.get(key)
        return values[0] if values else None

    def frozen(self) -> dict[str, tuple[str, ...]]:
        """The properties as the :class:`Entity` wants them."""
        return {key: tuple(values) for key, values in self._values.items() if values}
