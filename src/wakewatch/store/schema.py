"""The embedded store's tables (DuckDB DDL). Units live in column names; times are UTC.

``positions`` and ``statics`` follow the data contracts of DESIGN.md; every stored row keeps
``file_sha256`` and ``line_no`` so that any later claim can point at the exact input line.
"""

from __future__ import annotations

# Outcome columns of the ingest log, in the order they are printed. Every input line (NMEA)
# or row (CSV/Parquet) ends in exactly one of them.
OUTCOMES: tuple[str, ...] = (
    "accepted",
    "duplicate",
    "bad_checksum",
    "unparseable",
    "orphan_fragment",
    "no_timestamp",
    "non_ais",
)

POSITION_COLUMNS: tuple[str, ...] = (
    "mmsi", "ts", "lat", "lon", "sog_kn", "cog_deg", "heading_deg", "nav_status", "msg_type",
    "source", "station", "receiver_class", "file_sha256", "line_no",
)

STATIC_COLUMNS: tuple[str, ...] = (
    "mmsi", "ts", "msg_type", "imo", "callsign", "name", "ship_type", "to_bow_m", "to_stern_m",
    "to_port_m", "to_starboard_m", "length_m", "beam_m", "draught_m", "destination", "eta",
    "source", "station", "file_sha256", "line_no",
)

DDL: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS meta (
        key VARCHAR PRIMARY KEY,
        value VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS positions (
        mmsi BIGINT NOT NULL,
        ts TIMESTAMPTZ NOT NULL,
        lat DOUBLE,
        lon DOUBLE,
        sog_kn DOUBLE,
        cog_deg DOUBLE,
        heading_deg SMALLINT,
        nav_status TINYINT,
        msg_type TINYINT,
        source VARCHAR,
        station VARCHAR,
        receiver_class VARCHAR,
        file_sha256 VARCHAR,
        line_no BIGINT
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS statics (
        mmsi BIGINT NOT NULL,
        ts TIMESTAMPTZ NOT NULL,
        msg_type TINYINT,
        imo BIGINT,
        callsign VARCHAR,
        name VARCHAR,
        ship_type SMALLINT,
        to_bow_m SMALLINT,
        to_stern_m SMALLINT,
        to_port_m SMALLINT,
        to_starboard_m SMALLINT,
        length_m DOUBLE,
        beam_m DOUBLE,
        draught_m DOUBLE,
        destination VARCHAR,
        eta TIMESTAMPTZ,
        source VARCHAR,
        station VARCHAR,
        file_sha256 VARCHAR,
        line_no BIGINT
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS ingest_log (
        file_sha256 VARCHAR PRIMARY KEY,
        path VARCHAR NOT NULL,
        format VARCHAR NOT NULL,
        decoder VARCHAR,
        size_bytes BIGINT,
        status VARCHAR NOT NULL,          -- running | done
        chunks_done INTEGER NOT NULL DEFAULT 0,
        lines_done BIGINT NOT NULL DEFAULT 0,
        lines_total BIGINT NOT NULL DEFAULT 0,
        accepted BIGINT NOT NULL DEFAULT 0,
        duplicate BIGINT NOT NULL DEFAULT 0,
        bad_checksum BIGINT NOT NULL DEFAULT 0,
        unparseable BIGINT NOT NULL DEFAULT 0,
        orphan_fragment BIGINT NOT NULL DEFAULT 0,
        no_timestamp BIGINT NOT NULL DEFAULT 0,
        non_ais BIGINT NOT NULL DEFAULT 0,
        positions BIGINT NOT NULL DEFAULT 0,
        statics BIGINT NOT NULL DEFAULT 0,
        assume_time TIMESTAMPTZ,
        started_at TIMESTAMPTZ NOT NULL,
        finished_at TIMESTAMPTZ
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS rejects (
        file_sha256 VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        line_no BIGINT NOT NULL,
        reason VARCHAR NOT NULL,
        raw VARCHAR
    )
    """,
)

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "kind", "mmsi", "other_mmsi", "start_ts", "end_ts", "lat", "lon", "port",
    "score", "evidence", "detector", "version", "params", "detected_at",
)

EVENTS_DDL = """
    CREATE TABLE IF NOT EXISTS events (
        event_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        mmsi BIGINT NOT NULL,
        other_mmsi BIGINT,
        start_ts TIMESTAMPTZ NOT NULL,
        end_ts TIMESTAMPTZ NOT NULL,
        lat DOUBLE,
        lon DOUBLE,
        port VARCHAR,
        score DOUBLE,
        evidence VARCHAR,                 -- JSON object
        detector VARCHAR,
        version VARCHAR,
        params VARCHAR,                   -- JSON object
        detected_at TIMESTAMPTZ NOT NULL
    )
    """

DDL = (*DDL, EVENTS_DDL)

SCHEMA_VERSION = "2"
