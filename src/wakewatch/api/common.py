"""Helpers every router uses: the store access of the app and JSON-ready rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import polars as pl
from fastapi import Request

from wakewatch.api.deps import StoreAccess
from wakewatch.events import iso_utc

__all__ = ["access", "jsonable", "rows"]


def access(request: Request) -> StoreAccess:
    """The app's :class:`StoreAccess` (a FastAPI dependency)."""
    acc = request.app.state.access
    assert isinstance(acc, StoreAccess)
    return acc


def jsonable(value: Any) -> Any:
    """Times as ISO 8601 UTC with ``Z``, containers recursively; the rest as is."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as JSON-ready dicts."""
    return [jsonable(r) for r in frame.iter_rows(named=True)]
