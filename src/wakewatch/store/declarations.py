"""Stored declarations (shipment records): their tables, writes and reads.

* ``declarations``: one validated record (:data:`wakewatch.declarations.schema.RECORD_SCHEMA`)
  per ``declaration_id`` (primary key), with the ``file_sha256`` and ``line_no`` it came from;
* ``declaration_files``: one row per loaded file (SHA-256 of its bytes) with its counts by
  outcome, so re-loading the same file adds nothing;
* ``declaration_rejects``: every rejected line, verbatim, with its one-line reason.
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from .db import Store

__all__ = ["DDL", "ensure_tables", "read_declaration_rejects", "read_declarations"]

DDL: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS declarations (
        declaration_id VARCHAR PRIMARY KEY,
        vessel_imo BIGINT,
        vessel_name VARCHAR,
        vessel_mmsi BIGINT,
        port_of_loading VARCHAR NOT NULL,
        pol_locode VARCHAR NOT NULL,
        port_of_discharge VARCHAR NOT NULL,
        pod_locode VARCHAR NOT NULL,
        consignee VARCHAR,
        consignee_country VARCHAR,
        shipper VARCHAR,
        shipper_country VARCHAR,
        loading_date TIMESTAMPTZ NOT NULL,
        discharge_date TIMESTAMPTZ,
        cargo_description VARCHAR,
        hs_code VARCHAR,
        weight_t DOUBLE,
        source VARCHAR,
        content_sha1 VARCHAR NOT NULL,
        file_sha256 VARCHAR NOT NULL,
        line_no BIGINT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS declaration_files (
        file_sha256 VARCHAR PRIMARY KEY,
        path VARCHAR NOT NULL,
        format VARCHAR NOT NULL,
        accepted BIGINT NOT NULL,
        duplicate BIGINT NOT NULL,
        rejected BIGINT NOT NULL,
        loaded_at TIMESTAMPTZ NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS declaration_rejects (
        file_sha256 VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        line_no BIGINT NOT NULL,
        reason VARCHAR NOT NULL,
        raw VARCHAR
    )
    """,
)

COLUMNS: tuple[str, ...] = (
    "declaration_id", "vessel_imo", "vessel_name", "vessel_mmsi", "port_of_loading",
    "pol_locode", "port_of_discharge", "pod_locode", "consignee", "consignee_country",
    "shipper", "shipper_country", "loading_date", "discharge_date", "cargo_description",
    "hs_code", "weight_t", "source", "content_sha1", "file_sha256", "line_no",
)


def ensure_tables(store: Store) -> None:
    """Create the declaration tables if missing (no-op on a read-only store that has them)."""
    if _has_table(store, "declarations"):
        return
    for ddl in DDL:
        store.con.execute(ddl)


def _has_table(store: Store, name: str) -> bool:
    rows = store.con.sql("SELECT count(*) FROM information_schema.tables WHERE "
                         "table_schema = 'main' AND table_name = ?", params=[name]).fetchall()
    return bool(rows[0][0])


def known_ids(store: Store) -> dict[str, str]:
    """declaration_id → content_sha1 of every stored declaration."""
    if not _has_table(store, "declarations"):
        return {}
    rows = store.con.sql("SELECT declaration_id, content_sha1 FROM declarations").fetchall()
    return {str(a): str(b) for a, b in rows}


def file_loaded(store: Store, sha: str) -> tuple[int, int, int] | None:
    """(accepted, duplicate, rejected) of a file loaded before, else None."""
    if not _has_table(store, "declaration_files"):
        return None
    rows = store.con.sql("SELECT accepted, duplicate, rejected FROM declaration_files "
                         "WHERE file_sha256 = ?", params=[sha]).fetchall()
    return (int(rows[0][0]), int(rows[0][1]), int(rows[0][2])) if rows else None


def write_file(store: Store, *, sha: str, path: str, fmt: str, records: pl.DataFrame,
               rejects: pl.DataFrame, duplicate: int) -> None:
    """Insert one file's accepted records, its rejects and its log row in one transaction."""
    ensure_tables(store)
    with store.transaction() as con:
        for table, frame, cols in (("declarations", records, COLUMNS),
                                   ("declaration_rejects", rejects,
                                    ("file_sha256", "source", "line_no", "reason", "raw"))):
            if frame.height == 0:
                continue
            view = f"_new_{table}"
            con.register(view, frame.select(cols).to_arrow())
            try:
                con.execute(f"INSERT INTO {table} SELECT * FROM {view}")
            finally:
                con.unregister(view)
        con.execute("INSERT INTO declaration_files VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [sha, path, fmt, records.height, duplicate, rejects.height,
                     datetime.now(UTC)])


def read_declarations(store: Store, imo: int | None = None, mmsi: int | None = None
                      ) -> pl.DataFrame:
    """Stored declarations (optionally of one IMO and/or declared MMSI), by loading date."""
    if not _has_table(store, "declarations"):
        return pl.DataFrame(schema=_schema())
    cond, args = ["true"], []
    if imo is not None:
        cond.append("vessel_imo = ?")
        args.append(imo)
    if mmsi is not None:
        cond.append("vessel_mmsi = ?")
        args.append(mmsi)
    frame: pl.DataFrame = store.con.sql(
        f"SELECT {', '.join(COLUMNS)} FROM declarations WHERE {' AND '.join(cond)} "
        "ORDER BY loading_date, declaration_id", params=args).pl()
    return frame.with_columns(pl.col("loading_date", "discharge_date")
                              .dt.convert_time_zone("UTC"))


def read_declaration_rejects(store: Store) -> pl.DataFrame:
    if not _has_table(store, "declaration_rejects"):
        return pl.DataFrame(schema={"file_sha256": pl.String, "source": pl.String,
                                    "line_no": pl.Int64, "reason": pl.String,
                                    "raw": pl.String})
    frame: pl.DataFrame = store.con.sql(
        "SELECT * FROM declaration_rejects ORDER BY source, line_no").pl()
    return frame


def _schema() -> dict[str, pl.DataType | type[pl.DataType]]:
    from wakewatch.declarations.schema import RECORD_SCHEMA

    out = {k: RECORD_SCHEMA[k] for k in COLUMNS if k in RECORD_SCHEMA}
    out["file_sha256"] = pl.String
    out["line_no"] = pl.Int64
    return out
