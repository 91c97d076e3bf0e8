"""Evidence helpers: how an event points at the reports behind it.

A *report reference* is a small JSON object naming one stored position (or static) report
by its time, place and where it came from (``source``, ``file_sha256``, ``line_no``), so a
reader can open the exact input line. Values are plain JSON types, rounded to what AIS
carries.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from wakewatch.events import iso_utc

__all__ = ["report_ref", "rounded"]

_ROUND = {"lat": 5, "lon": 5, "sog_kn": 1, "cog_deg": 1, "draught_m": 1}


def rounded(value: Any, digits: int = 3) -> Any:
    """Floats rounded, datetimes as ISO UTC, everything else as is (JSON-ready)."""
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, datetime):
        return iso_utc(value)
    return value


def report_ref(row: Mapping[str, Any]) -> dict[str, Any]:
    """A report reference from a row (dict) of positions or statics."""
    keys = ("ts", "lat", "lon", "sog_kn", "cog_deg", "draught_m", "name", "callsign", "imo",
            "destination", "source", "station", "file_sha256", "line_no")
    out: dict[str, Any] = {}
    for k in keys:
        if k in row and row[k] is not None:
            out[k] = rounded(row[k], _ROUND.get(k, 3))
    return out
