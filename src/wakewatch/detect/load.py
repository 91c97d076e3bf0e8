"""Read a store (or part of it) into :class:`DetectInputs` — the one I/O step of detection.

With a time window and/or bounding box, the vessels *seen* in the box during the window are
selected and their whole tracks within the window are read: a vessel leaving the box must
not look like a gap.
"""

from __future__ import annotations

from datetime import datetime

from wakewatch.store import Store

from .inputs import POSITION_COLUMNS, STATIC_COLUMNS, DetectInputs

__all__ = ["load_inputs"]


def _window(since: datetime | None, until: datetime | None) -> tuple[str, list[object]]:
    cond: list[str] = ["true"]
    args: list[object] = []
    if since is not None:
        cond.append("ts >= ?")
        args.append(since)
    if until is not None:
        cond.append("ts <= ?")
        args.append(until)
    return " AND ".join(cond), args


def load_inputs(store: Store, *, since: datetime | None = None,
                until: datetime | None = None,
                bbox: tuple[float, float, float, float] | None = None) -> DetectInputs:
    """Positions and statics of the vessels seen in ``bbox`` between ``since`` and ``until``."""
    window, wargs = _window(since, until)
    vessel_filter, vargs = "", list[object]()
    if bbox is not None:
        w, s, e, n = bbox
        lon = "lon BETWEEN ? AND ?" if w <= e else "(lon >= ? OR lon <= ?)"
        vessel_filter = (f" AND mmsi IN (SELECT DISTINCT mmsi FROM main.positions WHERE "
                         f"{window} AND lat BETWEEN ? AND ? AND {lon})")
        vargs = [*wargs, s, n, w, e]
    pcols = ", ".join(c for c in POSITION_COLUMNS if c != "hull")
    positions = store.con.sql(
        f"SELECT {pcols} FROM main.positions WHERE {window}{vessel_filter}",
        params=[*wargs, *vargs]).pl()
    scols = ", ".join(STATIC_COLUMNS)
    statics = store.con.sql(
        f"SELECT {scols} FROM main.statics WHERE {window}{vessel_filter}",
        params=[*wargs, *vargs]).pl()
    return DetectInputs.from_frames(positions, statics)
