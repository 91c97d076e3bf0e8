"""What inference reads from the store, loaded once: events, draught reports, identities,
declaration findings.

Every table is optional: a store that never ran ``detect`` has no events, one without
statics has no draughts, and the declarations module (another helper's) may be absent —
inference then simply has fewer indicators, it does not fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from wakewatch.events import Event
from wakewatch.store.db import Store
from wakewatch.store.events import read_events

__all__ = ["InferInputs", "load_findings", "load_inputs"]

DRAUGHT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "mmsi": pl.Int64, "ts": pl.Datetime("us", "UTC"), "draught_m": pl.Float64}


@dataclass
class InferInputs:
    """Events (all kinds), draught reports (mmsi, ts, draught_m sorted by ts), vessel
    identity rows (the ``vessels`` view as dicts) and declaration findings."""

    events: list[Event]
    draughts: pl.DataFrame
    identities: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)


def _has_table(store: Store, name: str) -> bool:
    rows = store.con.sql("SELECT count(*) FROM information_schema.tables WHERE "
                         f"table_schema = 'main' AND table_name = '{name}'").fetchall()
    return bool(rows[0][0])


def load_draughts(store: Store) -> pl.DataFrame:
    """Static reports carrying a draught: mmsi, ts, draught_m, sorted by time."""
    if not _has_table(store, "statics"):
        return pl.DataFrame(schema=DRAUGHT_SCHEMA)
    df = store.con.sql("SELECT mmsi, ts, draught_m FROM statics WHERE draught_m IS NOT NULL"
                       " ORDER BY ts, mmsi, line_no").pl()
    out: pl.DataFrame = df.cast(DRAUGHT_SCHEMA)
    return out


def load_identities(store: Store) -> list[dict[str, Any]]:
    """Rows of the ``vessels`` view (empty when the store has no statics/positions)."""
    if not (_has_table(store, "statics") and _has_table(store, "positions")):
        return []
    from wakewatch.identity.vessels import ensure_vessels

    ensure_vessels(store)
    rows: list[dict[str, Any]] = store.con.sql(
        "SELECT * FROM vessels ORDER BY mmsi, interval_no").pl().to_dicts()
    return rows


def load_findings(store: Store) -> list[Any]:
    """Declaration findings (``wakewatch.declarations.reconcile``) or [] if unavailable."""
    import importlib

    try:
        mod = importlib.import_module("wakewatch.declarations.reconcile")
    except ImportError:
        return []
    reconcile_store = getattr(mod, "reconcile_store", None)
    if reconcile_store is None:
        return []
    try:
        return list(reconcile_store(store))
    except Exception:  # no declarations loaded (or their tables absent)
        return []


def load_inputs(store: Store) -> InferInputs:
    """Everything inference needs from ``store``."""
    events = read_events(store) if _has_table(store, "events") else []
    return InferInputs(events, load_draughts(store), load_identities(store),
                       load_findings(store))
