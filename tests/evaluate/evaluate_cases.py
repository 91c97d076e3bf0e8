"""Event builders shared by the evaluate tests (a module of its own: ``conftest`` is not
importable by name when several test directories have one)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from wakewatch.evaluate import Event

T0 = datetime(2024, 3, 1, tzinfo=UTC)


def ev(kind: str, mmsi: int, start_h: float, end_h: float, **kw: Any) -> Event:
    return Event(kind=kind, mmsi=mmsi, start=T0 + timedelta(hours=start_h),
                 end=T0 + timedelta(hours=end_h), **kw)


def mini_truth() -> list[Event]:
    """The dprk-russia shape in miniature: gaps, a port call, an encounter, an IMO flag."""
    return [
        ev("gap", 273_000_001, 0, 14),
        ev("gap", 273_000_001, 100, 130),
        ev("gap", 273_000_002, 5, 20),
        ev("port_call", 273_000_001, 20, 60, port="KPNJN"),
        ev("port_call", 273_000_002, 30, 50, port="RUVYP"),
        ev("encounter", 273_000_001, 70, 74, other_mmsi=273_000_002),
        ev("invalid_imo", 273_000_003, 10, 10),
    ]
