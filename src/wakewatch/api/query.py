"""Parsing of query-string values the routes share: times, boxes, kinds, MMSIs.

Each parser raises :class:`BadRequest` (HTTP 400) with a one-line message naming the
parameter and giving an example of a good value, never a 500.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from fastapi import HTTPException

from wakewatch.events import EVENT_KINDS

__all__ = ["BadRequest", "parse_bbox", "parse_kinds", "parse_mmsis", "parse_time"]

MAX_LIST_ITEMS = 100
"""Largest comma-separated list (kinds, MMSIs) one query string may carry."""


class BadRequest(HTTPException):
    def __init__(self, detail: str) -> None:
        super().__init__(400, detail)


def parse_time(name: str, value: str | None) -> datetime | None:
    """ISO 8601 with a zone (``2024-01-31T00:00:00Z``), or a date (midnight UTC)."""
    if value is None or value == "":
        return None
    text = value.strip()
    try:
        ts = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise BadRequest(f"{name}: {value!r} is not an ISO 8601 time "
                         "(e.g. 2024-01-31T06:00:00Z)") from None
    if ts.tzinfo is None:
        if len(text) == 10:  # a bare date
            return ts.replace(tzinfo=UTC)
        raise BadRequest(f"{name}: {value!r} has no time zone (write UTC with Z)")
    return ts.astimezone(UTC)


def check_window(since: datetime | None, until: datetime | None) -> None:
    if since is not None and until is not None and until < since:
        raise BadRequest("until is before since")


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``W,S,E,N`` in degrees; W > E crosses the antimeridian."""
    if value is None or value == "":
        return None
    parts = value.split(",")
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        nums = []
    if len(nums) != 4 or not all(math.isfinite(v) for v in nums):
        raise BadRequest(f"bbox: {value!r} is not four numbers W,S,E,N (e.g. 120,30,145,45)")
    w, s, e, n = nums
    if not (-90 <= s <= n <= 90):
        raise BadRequest(f"bbox: latitudes must satisfy -90 <= S <= N <= 90 (got S={s}, N={n})")
    if not (-180 <= w <= 180 and -180 <= e <= 180):
        raise BadRequest(f"bbox: longitudes must lie in [-180, 180] (got W={w}, E={e})")
    return w, s, e, n


def parse_kinds(value: str | None) -> list[str] | None:
    """Comma-separated event kinds, each one of :data:`EVENT_KINDS`."""
    if value is None or value == "":
        return None
    kinds = [k.strip() for k in value.split(",") if k.strip()]
    if len(kinds) > MAX_LIST_ITEMS:
        raise BadRequest(f"kind: at most {MAX_LIST_ITEMS} kinds")
    unknown = [k for k in kinds if k not in EVENT_KINDS]
    if unknown:
        raise BadRequest(f"kind: unknown {', '.join(map(repr, unknown))} "
                         f"(one of {', '.join(EVENT_KINDS)})")
    return kinds


def parse_mmsis(value: str | None) -> list[int] | None:
    """Comma-separated MMSIs (non-negative integers of at most 9 digits)."""
    if value is None or value == "":
        return None
    items = [p.strip() for p in value.split(",") if p.strip()]
    if len(items) > MAX_LIST_ITEMS:
        raise BadRequest(f"mmsi: at most {MAX_LIST_ITEMS} MMSIs")
    if not items or not all(p.isdigit() and len(p) <= 9 for p in items):
        raise BadRequest(f"mmsi: {value!r} is not a comma-separated list of MMSIs "
                         "(up to 9 digits each)")
    return [int(p) for p in items]
