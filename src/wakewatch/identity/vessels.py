"""The ``vessels`` identity timeline: a DuckDB view over the store's statics and positions.

Design: ``vessels`` is a **temporary view** (with its helper table ``mid_flags``), created on
the store's connection by :func:`ensure_vessels`. A view is always current (no refresh step
after ingest can be forgotten); temporary, because it then works on read-only stores and
never leaves a stale copy of the MID table inside the database file. Evaluating it over a
million static reports takes about a second on two cores; a caller that queries it many
times can ``CREATE TEMP TABLE ... AS SELECT * FROM vessels`` once.

One row is one identity interval: consecutive static reports of one MMSI with the same
(imo, name, callsign, ship_type) — the flag follows from the MMSI. Text is normalised
(:mod:`wakewatch.identity.names`); IMO 0 and 1073741823 ("not available") and ship type 0
are NULL. A field a report leaves empty (type 24 part A has no call sign, part B no name) is
taken as *not reported*, not as cleared: it carries the last value forward and does not
split the interval. An MMSI heard only in position reports gets one row (``basis`` =
``'positions'``) with its flag and first/last position times.

Columns: mmsi, interval_no, imo, name, callsign, ship_type, flag, flag_iso2, flag_iso3,
mid, first_seen, last_seen, n_reports, basis, imo_valid (NULL without IMO), mid_allocated
(NULL when the MMSI carries no MID), default_mmsi, truncated_us_mmsi, mmsi_kind.
"""

from __future__ import annotations

import duckdb
import polars as pl

from wakewatch.errors import StoreError
from wakewatch.identity.imo import imo_check_sql
from wakewatch.identity.mid import (
    default_mmsi_sql,
    mid_sql,
    mmsi_kind_sql,
    register_mid_flags,
    truncated_us_sql,
)
from wakewatch.identity.names import callsign_sql, name_sql
from wakewatch.store import Store

VESSEL_COLUMNS: tuple[str, ...] = (
    "mmsi", "interval_no", "imo", "name", "callsign", "ship_type", "flag", "flag_iso2",
    "flag_iso3", "mid", "first_seen", "last_seen", "n_reports", "basis", "imo_valid",
    "mid_allocated", "default_mmsi", "truncated_us_mmsi", "mmsi_kind",
)

_IDENTITY = ("imo", "name", "callsign", "ship_type")
_ORDER = "PARTITION BY mmsi ORDER BY ts, line_no"


def _intervals_sql() -> str:
    # A report starts a new interval when a field it carries differs from the last value
    # that field had (NULLs skipped): an unreported field neither splits nor clears.
    changed = " OR ".join(
        f"coalesce({f} <> lag({f} IGNORE NULLS) OVER w, false)" for f in _IDENTITY)
    collapsed = ", ".join(f"max({f}) AS {f}" for f in _IDENTITY)
    # An interval carries forward the fields its own reports left empty.
    carried = ", ".join(
        f"last_value({f} IGNORE NULLS) OVER (PARTITION BY mmsi ORDER BY interval_no"
        f" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS {f}" for f in _IDENTITY)
    return f"""
    reports AS (
        SELECT mmsi, ts, line_no,
               CASE WHEN imo > 0 AND imo <> 1073741823 THEN imo END AS imo,
               {name_sql("name")} AS name,
               {callsign_sql("callsign")} AS callsign,
               NULLIF(ship_type, 0) AS ship_type
        FROM main.statics
    ),
    marked AS (
        SELECT *, CASE WHEN {changed} THEN 1 ELSE 0 END AS starts
        FROM reports WINDOW w AS ({_ORDER})
    ),
    numbered AS (
        SELECT *, sum(starts) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                  AS interval_no
        FROM marked WINDOW w AS ({_ORDER})
    ),
    grouped AS (
        SELECT mmsi, interval_no::INTEGER AS interval_no, {collapsed},
               min(ts) AS first_seen, max(ts) AS last_seen, count(*) AS n_reports
        FROM numbered GROUP BY mmsi, interval_no
    ),
    intervals AS (
        SELECT mmsi, interval_no, {carried}, first_seen, last_seen, n_reports,
               'statics' AS basis
        FROM grouped
    ),
    positions_only AS (
        SELECT mmsi, 0 AS interval_no, NULL::BIGINT AS imo, NULL::VARCHAR AS name,
               NULL::VARCHAR AS callsign, NULL::SMALLINT AS ship_type,
               min(ts) AS first_seen, max(ts) AS last_seen, count(*) AS n_reports,
               'positions' AS basis
        FROM main.positions p
        WHERE NOT EXISTS (SELECT 1 FROM main.statics s WHERE s.mmsi = p.mmsi)
        GROUP BY mmsi
    )"""


def vessels_view_sql() -> str:
    """The ``CREATE TEMP VIEW vessels`` statement (needs ``mid_flags``)."""
    return f"""
    CREATE OR REPLACE TEMP VIEW vessels AS
    WITH {_intervals_sql()},
    timeline AS (
        SELECT *, {mmsi_kind_sql("mmsi")} AS mmsi_kind
        FROM (SELECT * FROM intervals UNION ALL SELECT * FROM positions_only)
    ),
    keyed AS (SELECT *, {mid_sql("mmsi", "mmsi_kind")} AS mid FROM timeline)
    SELECT k.mmsi, k.interval_no, k.imo, k.name, k.callsign, k.ship_type,
           f.country AS flag, f.iso2 AS flag_iso2, f.iso3 AS flag_iso3, k.mid,
           k.first_seen, k.last_seen, k.n_reports, k.basis,
           {imo_check_sql("k.imo")} AS imo_valid,
           CASE WHEN k.mid IS NULL THEN NULL ELSE f.mid IS NOT NULL END AS mid_allocated,
           {default_mmsi_sql("k.mmsi", "k.mmsi_kind")} AS default_mmsi,
           {truncated_us_sql("k.mmsi")} AS truncated_us_mmsi,
           k.mmsi_kind
    FROM keyed k LEFT JOIN mid_flags f ON f.mid = k.mid
    """


def _require_tables(con: duckdb.DuckDBPyConnection, path: object) -> None:
    found = con.sql(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_name IN ('statics', 'positions')").fetchall()
    if len(found) < 2:
        raise StoreError(
            f"{path or 'the database'} is not a wakewatch store (no statics/positions tables):"
            " run `wakewatch ingest` to create one", path=str(path) if path else None)


def ensure_vessels(store: Store) -> None:
    """Create (or replace) ``mid_flags`` and the ``vessels`` view on ``store``'s connection.

    Cheap and idempotent; every function here calls it, so callers rarely need to.
    """
    _require_tables(store.con, store.path)
    register_mid_flags(store.con)
    store.con.execute(vessels_view_sql())


def store_is_empty(store: Store) -> bool:
    """True when the store holds neither positions nor static reports."""
    _require_tables(store.con, store.path)
    rows = store.con.sql(
        "SELECT (SELECT count(*) FROM (SELECT 1 FROM main.positions LIMIT 1))"
        " + (SELECT count(*) FROM (SELECT 1 FROM main.statics LIMIT 1))").fetchall()
    return int(rows[0][0]) == 0


# --- per-vessel summary and forged identities ---------------------------------------------

FORGED_REASONS: dict[str, str] = {
    "invalid_imo": "an IMO number broadcast fails its check digit",
    "unallocated_mid": "the MMSI's MID is not allocated to any country",
    "default_mmsi": "the MMSI is a placeholder or not a valid station number",
    "truncated_us_mmsi": "an 8-digit MMSI: a US number with its leading 3 dropped",
    "multiple_imos": "the MMSI broadcast more than one IMO number",
    "shared_imo": "another MMSI broadcast the same IMO number while this one did (the spans"
                  " from first to last report of that IMO overlap)",
}
"""Why :func:`vessel_summary` calls an identity forged, in the order reasons are listed."""

_SUMMARY_SQL = """
WITH v AS MATERIALIZED (SELECT * FROM vessels),
pos AS (SELECT mmsi, min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS n_positions
        FROM main.positions GROUP BY mmsi),
hull AS (
    SELECT a.mmsi, list(DISTINCT b.flag ORDER BY b.flag) FILTER (WHERE b.flag IS NOT NULL)
           AS flags
    FROM (SELECT DISTINCT mmsi, imo FROM v WHERE imo IS NOT NULL) a
    JOIN (SELECT DISTINCT mmsi, imo, flag FROM v WHERE imo IS NOT NULL) b ON a.imo = b.imo
    GROUP BY a.mmsi
),
imo_spans AS (  -- from the first to the last report of each IMO under each MMSI
    SELECT mmsi, imo, min(first_seen) AS since, max(last_seen) AS until
    FROM v WHERE imo IS NOT NULL GROUP BY mmsi, imo
),
shared AS (
    SELECT a.mmsi, list(DISTINCT b.mmsi ORDER BY b.mmsi) AS shared_imo_mmsis
    FROM imo_spans a JOIN imo_spans b ON a.imo = b.imo AND a.mmsi <> b.mmsi
         AND a.since <= b.until AND b.since <= a.until
    GROUP BY a.mmsi
),
per AS (
    SELECT mmsi,
           any_value(mmsi_kind) AS mmsi_kind, any_value(flag) AS flag,
           any_value(flag_iso2) AS flag_iso2, any_value(flag_iso3) AS flag_iso3,
           any_value(mid) AS mid,
           arg_max(imo, interval_no) AS imo, arg_max(name, interval_no) AS name,
           arg_max(callsign, interval_no) AS callsign,
           arg_max(ship_type, interval_no) AS ship_type,
           min(first_seen) AS first_seen, max(last_seen) AS last_seen,
           count(*) FILTER (WHERE basis = 'statics') AS n_intervals,
           coalesce(sum(n_reports) FILTER (WHERE basis = 'statics'), 0)::BIGINT
               AS n_static_reports,
           count(DISTINCT name) AS n_names, count(DISTINCT callsign) AS n_callsigns,
           count(DISTINCT imo) AS n_imos,
           list(DISTINCT name ORDER BY name) FILTER (WHERE name IS NOT NULL) AS names,
           list(DISTINCT callsign ORDER BY callsign) FILTER (WHERE callsign IS NOT NULL)
               AS callsigns,
           list(DISTINCT imo ORDER BY imo) FILTER (WHERE imo IS NOT NULL) AS imos,
           bool_and(imo_valid) AS imo_valid, any_value(mid_allocated) AS mid_allocated,
           any_value(default_mmsi) AS default_mmsi,
           any_value(truncated_us_mmsi) AS truncated_us_mmsi
    FROM v GROUP BY mmsi
)
SELECT per.mmsi, mmsi_kind, flag, flag_iso2, flag_iso3, mid, imo, name, callsign, ship_type,
       least(first_seen, pos.first_ts) AS first_seen,
       greatest(last_seen, pos.last_ts) AS last_seen,
       n_intervals, n_static_reports, coalesce(pos.n_positions, 0) AS n_positions,
       n_names, n_callsigns, n_imos,
       coalesce(names, []) AS names, coalesce(callsigns, []) AS callsigns,
       coalesce(imos, []) AS imos,
       coalesce(hull.flags, CASE WHEN flag IS NULL THEN [] ELSE [flag] END) AS flags,
       coalesce(shared.shared_imo_mmsis, []) AS shared_imo_mmsis,
       imo_valid, mid_allocated, default_mmsi, truncated_us_mmsi
FROM per
LEFT JOIN pos USING (mmsi) LEFT JOIN hull USING (mmsi) LEFT JOIN shared USING (mmsi)
"""


def _utc(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """Times from DuckDB come in the session's time zone: make them UTC."""
    return frame.with_columns(pl.col(c).dt.convert_time_zone("UTC") for c in columns)


def _where_mmsi(mmsi: int | None) -> str:
    return "" if mmsi is None else f"WHERE mmsi = {int(mmsi)}"


def vessel_timeline(store: Store, *, mmsi: int | None = None) -> pl.DataFrame:
    """The ``vessels`` rows (one per identity interval), ordered by MMSI and time."""
    ensure_vessels(store)
    frame = store.con.sql(
        f"SELECT * FROM vessels {_where_mmsi(mmsi)} ORDER BY mmsi, interval_no").pl()
    return _utc(frame, "first_seen", "last_seen")


def vessel_summary(store: Store, *, mmsi: int | None = None) -> pl.DataFrame:
    """One row per MMSI: its latest identity, how many names / call signs / IMOs it used,
    ``flags`` (the flags of every MMSI that broadcast one of its IMOs: flag hopping shows as
    more than one), and ``forged`` with ``forged_reasons`` (keys of :data:`FORGED_REASONS`).

    ``first_seen`` / ``last_seen`` span both static and position reports.
    """
    ensure_vessels(store)
    frame = store.con.sql(f"SELECT * FROM ({_SUMMARY_SQL}) {_where_mmsi(mmsi)} ORDER BY mmsi").pl()
    conditions = {
        "invalid_imo": pl.col("imo_valid").not_().fill_null(False),
        "unallocated_mid": pl.col("mid_allocated").not_().fill_null(False),
        "default_mmsi": pl.col("default_mmsi") & pl.col("truncated_us_mmsi").not_(),
        "truncated_us_mmsi": pl.col("truncated_us_mmsi"),
        "multiple_imos": pl.col("n_imos") > 1,
        "shared_imo": pl.col("shared_imo_mmsis").list.len() > 0,
    }
    reasons = pl.concat_list(
        pl.when(cond).then(pl.lit(key)).otherwise(pl.lit(None, dtype=pl.String))
        for key, cond in conditions.items()
    ).list.drop_nulls()
    frame = frame.with_columns(reasons.alias("forged_reasons")).with_columns(
        (pl.col("forged_reasons").list.len() > 0).alias("forged"))
    return _utc(frame, "first_seen", "last_seen")


def forged_vessels(store: Store) -> pl.DataFrame:
    """The rows of :func:`vessel_summary` whose identity looks forged, most reasons first."""
    summary = vessel_summary(store)
    return summary.filter(pl.col("forged")).sort(
        [pl.col("forged_reasons").list.len(), pl.col("mmsi")], descending=[True, False])
