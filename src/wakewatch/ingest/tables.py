"""AIS position tables (CSV, Parquet): which layout a file has and the SQL that maps it.

Pure: from a CSV header row or a Parquet schema to DuckDB SQL text over the store's
``positions`` / ``statics`` columns; :mod:`wakewatch.store.load_table` runs it.

CSV layouts recognised from the header (names compared case-insensitively; extra columns are
read and ignored):

* **NOAA MarineCadastre** (USCG Nationwide AIS, coast.noaa.gov/htdata/CMSP/AISDataHandler).
  ``marinecadastre-2018``, the daily nationwide files ``AIS_YYYY_MM_DD.csv`` of 2018–2023:
  ``MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,
  Length,Width,Draft,Cargo,TransceiverClass``; ``marinecadastre-2015``, the monthly UTM-zone
  files ``AIS_YYYY_MM_ZoneNN.csv`` of 2015–2017: the same without ``TransceiverClass``.
  ``BaseDateTime`` is ``YYYY-MM-DDTHH:MM:SS``, UTC by definition (no zone suffix); ``IMO`` is
  written ``IMO1234567``; ``Status`` is the navigational status code (``0`` or ``0.0``; text
  values are mapped too); ``VesselType`` is the AIS ship type (NAIS codes 1001–1025 of the
  older files are kept as they are). ``marinecadastre-csv2``, the snake_case re-publication
  (``ais-YYYY-MM-DD.csv.zst``, 2024 on): ``mmsi,base_date_time,longitude,latitude,sog,cog,
  heading,vessel_name,imo,call_sign,vessel_type,status,length,width,draft,cargo,transceiver``
  with ``YYYY-MM-DD HH:MM:SS`` times. Every MarineCadastre CSV names its time column
  BaseDateTime / base_date_time; the 2009–2014 data are Esri file geodatabases, not CSV.
* **Danish Maritime Authority** ``aisdk-YYYY-MM-DD.csv`` (``dma-aisdk``): ``# Timestamp,Type of
  mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,Callsign,Name,Ship
  type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,ETA,Data
  source type,A,B,C,D``; times ``dd/mm/yyyy HH:MM:SS`` UTC; status and ship type as text;
  ``Unknown`` for a missing IMO or call sign; A/B/C/D are the AIS distances to bow, stern, port
  and starboard.

Parquet: the store's position columns (``mmsi, ts, lat, lon`` required; ``sog_kn, cog_deg,
heading_deg, nav_status, msg_type, station, receiver_class`` used when present). ``ts`` must
be timezone-aware; naive timestamps are rejected.

"Not available" values become NULL as for NMEA (:mod:`wakewatch.ingest.fields`): |lat| > 90
(91), |lon| > 180 (181), sog ≥ 102.3, cog ≥ 360 or < 0, heading ≥ 360 (511); IMO outside
1..1,073,741,823 and non-positive dimensions / draught become NULL.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from wakewatch.errors import FormatError
from wakewatch.ingest.codes import sql_string

# Columns with a role are read with these types (a value that does not convert makes the
# row unparseable); all other columns are read as text and converted leniently.
ROLE_TYPES: Mapping[str, str] = {
    "mmsi": "BIGINT", "ts": "TIMESTAMP", "lat": "DOUBLE", "lon": "DOUBLE",
    "sog": "DOUBLE", "cog": "DOUBLE", "heading": "DOUBLE"}
STATIC_ROLES: tuple[str, ...] = (
    "name", "imo", "callsign", "ship_type", "length", "beam", "draught", "destination",
    "eta", "to_bow", "to_stern", "to_port", "to_starboard")
# Row problems found after parsing, each with the outcome it counts as.
PROBLEM_SQL = ("CASE WHEN mmsi IS NULL THEN 'MMSI missing or invalid' "
               "WHEN lat IS NULL OR lon IS NULL THEN 'position missing or invalid' "
               "WHEN ts IS NULL THEN 'time missing or invalid' END")
OUTCOME_SQL = ("CASE WHEN mmsi IS NULL OR lat IS NULL OR lon IS NULL THEN 'unparseable' "
               "WHEN ts IS NULL THEN 'no_timestamp' END")


@dataclass(frozen=True)
class CsvLayout:
    name: str
    title: str
    columns: Mapping[str, str]   # header name as published -> role ("" = not used)
    timestamp_format: str | None = None   # strptime format; None = ISO 8601
    optional: frozenset[str] = field(default_factory=frozenset)

    def required(self) -> list[str]:
        return [c for c in self.columns if c not in self.optional]


_MC = {"MMSI": "mmsi", "BaseDateTime": "ts", "LAT": "lat", "LON": "lon", "SOG": "sog",
       "COG": "cog", "Heading": "heading", "VesselName": "name", "IMO": "imo",
       "CallSign": "callsign", "VesselType": "ship_type", "Status": "status",
       "Length": "length", "Width": "beam", "Draft": "draught", "Cargo": ""}
LAYOUTS: tuple[CsvLayout, ...] = (
    CsvLayout("marinecadastre-2018", "NOAA MarineCadastre (2018-2023)",
              {**_MC, "TransceiverClass": ""}),
    CsvLayout("marinecadastre-2015", "NOAA MarineCadastre (2015-2017)", _MC),
    CsvLayout("marinecadastre-csv2", "NOAA MarineCadastre csv2 (2024 on)", {
        "mmsi": "mmsi", "base_date_time": "ts", "longitude": "lon", "latitude": "lat",
        "sog": "sog", "cog": "cog", "heading": "heading", "vessel_name": "name", "imo": "imo",
        "call_sign": "callsign", "vessel_type": "ship_type", "status": "status",
        "length": "length", "width": "beam", "draft": "draught", "cargo": "",
        "transceiver": ""}),
    CsvLayout("dma-aisdk", "Danish Maritime Authority aisdk", {
        "Timestamp": "ts", "Type of mobile": "", "MMSI": "mmsi", "Latitude": "lat",
        "Longitude": "lon", "Navigational status": "status", "ROT": "", "SOG": "sog",
        "COG": "cog", "Heading": "heading", "IMO": "imo", "Callsign": "callsign",
        "Name": "name", "Ship type": "ship_type", "Cargo type": "", "Width": "beam",
        "Length": "length", "Type of position fixing device": "", "Draught": "draught",
        "Destination": "destination", "ETA": "eta", "Data source type": "", "A": "to_bow",
        "B": "to_stern", "C": "to_port", "D": "to_starboard"},
        timestamp_format="%d/%m/%Y %H:%M:%S"),
)


def normalise(name: str) -> str:
    """Header name as compared: no BOM, comment mark, quotes, case or repeated blanks."""
    return " ".join(name.replace("\ufeff", "").strip().lstrip("#").strip('" ').lower().split())


def parse_header(line: str) -> list[str]:
    return next(csv.reader([line]), [])


@dataclass(frozen=True)
class CsvPlan:
    """How to read one CSV: its layout and the reader's columns (``r_<role>`` or ``r_c<i>``)."""

    layout: CsvLayout
    header: tuple[str, ...]
    reader_columns: tuple[tuple[str, str], ...]   # (name, DuckDB type), in file order
    roles: Mapping[str, str]                      # role -> reader column
    display: Mapping[str, str]                    # reader column -> header name

    def role(self, role: str, sql_type: str = "VARCHAR") -> str:
        col = self.roles.get(role)
        return col if col is not None else f"CAST(NULL AS {sql_type})"


def detect_csv_layout(header: Sequence[str], path: object = "") -> CsvPlan:
    """The layout of a CSV from its header row; FormatError naming the missing columns."""
    norm = [normalise(h) for h in header]
    present = set(norm)
    matches = [lay for lay in LAYOUTS if all(normalise(c) in present for c in lay.required())]
    if not matches:
        def overlap(lay: CsvLayout) -> float:
            need = lay.required()
            return sum(normalise(c) in present for c in need) / len(need)
        closest = max(LAYOUTS, key=overlap)
        missing = [c for c in closest.required() if normalise(c) not in present]
        raise FormatError(
            f"{path}: not a known AIS CSV layout: missing column(s) {', '.join(missing)} "
            f"of the {closest.title} layout", path=str(path))
    layout = max(matches, key=lambda lay: len(lay.columns))
    by_norm = {normalise(c): role for c, role in layout.columns.items()}
    columns: list[tuple[str, str]] = []
    roles: dict[str, str] = {}
    display: dict[str, str] = {}
    for i, (raw, n) in enumerate(zip(header, norm, strict=True)):
        role = by_norm.get(n, "")
        name = f"r_{role}" if role and role not in roles else f"r_c{i}"
        if name != f"r_c{i}":
            roles[role] = name
        columns.append((name, ROLE_TYPES.get(role, "VARCHAR") if name == f"r_{role}"
                        else "VARCHAR"))
        display[name] = raw.strip().lstrip("\ufeff")
    return CsvPlan(layout, tuple(header), tuple(columns), roles, display)


def csv_reader_sql(plan: CsvPlan, path: str, *, gzip: bool, rejects_table: str,
                   rejects_scan: str) -> str:
    """``read_csv(...)`` with explicit column types; bad rows go to the rejects tables."""
    cols = ", ".join(f"{sql_string(n)}: {sql_string(t)}" for n, t in plan.reader_columns)
    opts = [f"columns={{{cols}}}", "header=true", "auto_detect=false", "delim=','",
            "quote='\"'", "escape='\"'", f"compression='{'gzip' if gzip else 'none'}'",
            "store_rejects=true", f"rejects_table={sql_string(rejects_table)}",
            f"rejects_scan={sql_string(rejects_scan)}"]
    if plan.layout.timestamp_format:
        opts.append(f"timestampformat={sql_string(plan.layout.timestamp_format)}")
    return f"read_csv({sql_string(path)}, {', '.join(opts)})"


ROW_COLUMNS: tuple[str, ...] = (
    "mmsi", "ts", "lat", "lon", "sog", "cog", "heading", "status", "msg_type", "station",
    "receiver_class", *STATIC_ROLES, "h")


def _statics_hash(present: Sequence[str]) -> str:
    if not present:
        return "CAST(NULL AS UBIGINT)"
    return (f"CASE WHEN coalesce({', '.join(present)}) IS NULL THEN NULL "
            f"ELSE hash({', '.join(present)}) END")


def _rows_query(inner: Sequence[str], reader_sql: str, raw_columns: Sequence[str],
                extra: Sequence[str] = ()) -> str:
    parts = ", ".join(f"coalesce(CAST({c} AS VARCHAR), '')" for c in raw_columns)
    outer = [*ROW_COLUMNS, *extra, f"{PROBLEM_SQL} AS problem", f"{OUTCOME_SQL} AS outcome",
             f"CASE WHEN ({PROBLEM_SQL}) IS NOT NULL THEN concat_ws(',', {parts}) END AS raw"]
    return (f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM {reader_sql})")


def csv_rows_query(plan: CsvPlan, reader_sql: str) -> str:
    """The row table the loader works from, over :func:`csv_reader_sql`.

    Columns (:data:`ROW_COLUMNS`): mmsi, ts (TIMESTAMPTZ, UTC), lat, lon, sog, cog, heading
    (as read, sentinels still in), status (text), msg_type, station, receiver_class, the
    static roles (text as read), h (hash of the statics, NULL when there are none); then
    problem / outcome (NULL for a usable row) and raw (the row re-assembled from its fields,
    only for problem rows).
    """
    inner = [f"{plan.role('mmsi', 'BIGINT')} AS mmsi",
             f"make_timestamptz(epoch_us({plan.role('ts', 'TIMESTAMP')})) AS ts"]
    inner += [f"{plan.role(r, 'DOUBLE')} AS {r}"
              for r in ("lat", "lon", "sog", "cog", "heading")]
    inner += [f"{plan.role('status')} AS status", "CAST(NULL AS TINYINT) AS msg_type",
              "CAST(NULL AS VARCHAR) AS station", "CAST(NULL AS VARCHAR) AS receiver_class"]
    inner += [f"{plan.role(r)} AS {r}" for r in STATIC_ROLES]
    present = [plan.roles[r] for r in STATIC_ROLES if r in plan.roles]
    names = [n for n, _ in plan.reader_columns]
    inner += [f"{_statics_hash(present)} AS h", *names]
    return _rows_query(inner, reader_sql, names)


PARQUET_REQUIRED: tuple[str, ...] = ("mmsi", "ts", "lat", "lon")
PARQUET_OPTIONAL: Mapping[str, tuple[str, str]] = {   # store column -> (row name, type)
    "sog_kn": ("sog", "DOUBLE"), "cog_deg": ("cog", "DOUBLE"),
    "heading_deg": ("heading", "DOUBLE"), "nav_status": ("status", "INTEGER"),
    "msg_type": ("msg_type", "TINYINT"), "station": ("station", "VARCHAR"),
    "receiver_class": ("receiver_class", "VARCHAR")}
NAIVE_TYPES = ("TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "DATETIME")


def parquet_reader_sql(path: str) -> str:
    return f"read_parquet({sql_string(path)}, file_row_number=true)"


def parquet_rows_query(schema: Mapping[str, str], reader_sql: str, path: object = "") -> str:
    """The row table (see :func:`csv_rows_query`) of a Parquet file, plus ``line_no`` (row
    index + 1). ``schema`` maps column name to DuckDB type. Raises FormatError for missing
    columns and for a ``ts`` that is not a timezone-aware timestamp."""
    cols = {name.lower(): name for name in schema}
    missing = [c for c in PARQUET_REQUIRED if c not in cols]
    if missing:
        raise FormatError(f"{path}: Parquet file lacks position column(s) "
                          f"{', '.join(missing)} (needs {', '.join(PARQUET_REQUIRED)})",
                          path=str(path))
    ts_type = schema[cols["ts"]].upper()
    if ts_type in NAIVE_TYPES or ts_type.startswith("TIMESTAMP WITHOUT"):
        raise FormatError(
            f"naive timestamps are rejected: {path}: column ts is {ts_type} without a time "
            "zone; write it timezone-aware in UTC (e.g. pyarrow timestamp('us', tz='UTC'))",
            path=str(path))
    if not ts_type.startswith("TIMESTAMP WITH TIME ZONE"):
        raise FormatError(f"{path}: column ts is {ts_type}, not a timezone-aware timestamp",
                          path=str(path))

    def q(name: str) -> str:
        return '"' + cols[name].replace('"', '""') + '"'

    inner = [f"TRY_CAST({q('mmsi')} AS BIGINT) AS mmsi", f"{q('ts')} AS ts",
             f"TRY_CAST({q('lat')} AS DOUBLE) AS lat",
             f"TRY_CAST({q('lon')} AS DOUBLE) AS lon"]
    for store_col, (row_col, sql_type) in PARQUET_OPTIONAL.items():
        value = f"TRY_CAST({q(store_col)} AS {sql_type})" if store_col in cols else "NULL"
        inner.append(f"CAST({value} AS {sql_type}) AS {row_col}")
    inner += [f"CAST(NULL AS VARCHAR) AS {r}" for r in STATIC_ROLES]
    inner += ["CAST(NULL AS UBIGINT) AS h", "file_row_number + 1 AS line_no"]
    shown = ["mmsi", "ts", "lat", "lon"] + [
        row_col for store_col, (row_col, _) in PARQUET_OPTIONAL.items() if store_col in cols]
    return _rows_query(inner, reader_sql, shown, extra=("line_no",))


def _clean_text(col: str) -> str:
    return f"nullif(trim(regexp_replace(replace({col}, '@', ' '), '\\s+', ' ', 'g')), '')"


def _positive(col: str, sql_type: str = "DOUBLE", below: float | None = None) -> str:
    v = f"TRY_CAST({col} AS DOUBLE)"
    cap = f" AND {v} < {below}" if below is not None else ""
    return f"CASE WHEN {v} > 0{cap} THEN CAST({v} AS {sql_type}) END"


CSV_NAV_STATUS = "status"   # column the CSV status CASE is built over
PARQUET_NAV_STATUS = "CASE WHEN status BETWEEN 0 AND 15 THEN CAST(status AS TINYINT) END"


def position_select(nav_status_sql: str, source: str, sha256: str) -> str:
    """Select list over the numbered row table, in ``POSITION_COLUMNS`` order, with the
    "not available" sentinels as NULL."""
    return ", ".join([
        "mmsi", "ts",
        "CASE WHEN abs(lat) <= 90 THEN lat END",
        "CASE WHEN abs(lon) <= 180 THEN lon END",
        "CASE WHEN sog >= 0 AND sog < 102.25 THEN sog END",
        "CASE WHEN cog >= 0 AND cog < 360 THEN cog END",
        "CASE WHEN heading >= 0 AND heading < 360 "
        "THEN CAST(CAST(round(heading) AS INTEGER) % 360 AS SMALLINT) END",
        nav_status_sql, "msg_type", sql_string(source), "station", "receiver_class",
        sql_string(sha256), "line_no"])


def static_select(ship_type_sql: str, eta_format: str | None, source: str,
                  sha256: str) -> str:
    """Select list over the numbered row table, in ``STATIC_COLUMNS`` order."""
    imo = "TRY_CAST(trim(regexp_replace(trim(imo), '^[Ii][Mm][Oo]', '')) AS BIGINT)"
    eta = (f"try_strptime(eta, {sql_string(eta_format)})" if eta_format
           else "TRY_CAST(eta AS TIMESTAMP)")
    return ", ".join([
        "mmsi", "ts", "CAST(NULL AS TINYINT)",
        f"CASE WHEN {imo} BETWEEN 1 AND 1073741823 THEN {imo} END",
        f"CASE WHEN upper(trim(callsign)) = 'UNKNOWN' THEN NULL "
        f"ELSE {_clean_text('callsign')} END",
        _clean_text("name"), ship_type_sql,
        *(_positive(c, "SMALLINT", 32768) for c in ("to_bow", "to_stern", "to_port",
                                                   "to_starboard")),
        _positive("length"), _positive("beam"), _positive("draught"),
        _clean_text("destination"), f"make_timestamptz(epoch_us({eta}))",
        sql_string(source), "CAST(NULL AS VARCHAR)", sql_string(sha256), "line_no"])
