"""Cleaning selects for the loader's row table (see :mod:`wakewatch.ingest.tables`).

SQL select lists, in the store's column order, that turn the row table's values as read into
stored values: the AIS "not available" sentinels become NULL as for NMEA
(:mod:`wakewatch.ingest.fields`): |lat| > 90 (91), |lon| > 180 (181), sog ≥ 102.3 or < 0,
cog ≥ 360 or < 0, heading ≥ 360 (511); IMO numbers lose their ``IMO`` prefix and outside
1..1,073,741,823 become NULL; names, call signs and destinations are trimmed (``@`` padding
and repeated blanks removed, DMA's ``Unknown`` call sign dropped); non-positive dimensions
and draught become NULL.
"""

from __future__ import annotations

from wakewatch.ingest.codes import sql_string
from wakewatch.ingest.tables import RowTable


def _clean_text(col: str) -> str:
    """Trimmed, ``@`` padding and repeated blanks removed, empty as NULL (the regex only
    runs on the rare values that need it)."""
    return (f"CASE WHEN contains({col}, '@') OR contains({col}, '  ') "
            f"THEN nullif(trim(regexp_replace(replace({col}, '@', ' '), '\\s+', ' ', 'g')), '') "
            f"ELSE nullif(trim({col}), '') END")


def _positive(col: str, sql_type: str = "DOUBLE", below: float | None = None) -> str:
    v = f"TRY_CAST({col} AS DOUBLE)"
    cap = f" AND {v} < {below}" if below is not None else ""
    return f"CASE WHEN {v} > 0{cap} THEN CAST({v} AS {sql_type}) END"


PARQUET_NAV_STATUS = "CASE WHEN status BETWEEN 0 AND 15 THEN CAST(status AS TINYINT) END"


def position_select(rows: RowTable, nav_status_sql: str, source: str, sha256: str) -> str:
    """Select list over the numbered row table, in ``POSITION_COLUMNS`` order, with the
    "not available" sentinels as NULL."""
    c = rows.col
    return ", ".join([
        "mmsi", "ts",
        "CASE WHEN abs(lat) <= 90 THEN lat END",
        "CASE WHEN abs(lon) <= 180 THEN lon END",
        f"CASE WHEN {c('sog')} >= 0 AND {c('sog')} < 102.25 THEN {c('sog')} END",
        f"CASE WHEN {c('cog')} >= 0 AND {c('cog')} < 360 THEN {c('cog')} END",
        f"CASE WHEN {c('heading')} >= 0 AND {c('heading')} < 360 "
        f"THEN CAST(CAST(round({c('heading')}) AS INTEGER) % 360 AS SMALLINT) END",
        nav_status_sql, c("msg_type"), sql_string(source), c("station"),
        c("receiver_class"), sql_string(sha256), "line_no"])


def static_select(rows: RowTable, ship_type_sql: str, eta_format: str | None, source: str,
                  sha256: str) -> str:
    """Select list over the numbered row table, in ``STATIC_COLUMNS`` order."""
    c = rows.col
    imo = (f"TRY_CAST(trim(CASE WHEN upper({c('imo')}) LIKE 'IMO%' THEN substr({c('imo')}, 4) "
           f"ELSE {c('imo')} END) AS BIGINT)")
    eta = (f"try_strptime({c('eta')}, {sql_string(eta_format)})" if eta_format
           else f"TRY_CAST({c('eta')} AS TIMESTAMP)")
    return ", ".join([
        "mmsi", "ts", "CAST(NULL AS TINYINT)",
        f"CASE WHEN {imo} BETWEEN 1 AND 1073741823 THEN {imo} END",
        f"CASE WHEN upper(trim({c('callsign')})) = 'UNKNOWN' THEN NULL "
        f"ELSE {_clean_text(c('callsign'))} END",
        _clean_text(c("name")), ship_type_sql,
        *(_positive(c(r), "SMALLINT", 32768) for r in ("to_bow", "to_stern", "to_port",
                                                      "to_starboard")),
        _positive(c("length")), _positive(c("beam")), _positive(c("draught")),
        _clean_text(c("destination")), f"make_timestamptz(epoch_us({eta}))",
        sql_string(source), "CAST(NULL AS VARCHAR)", sql_string(sha256), "line_no"])
