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

Each file becomes a *row table* (values as read) that :mod:`wakewatch.ingest.table_clean`
turns into stored values ("not available" sentinels as NULL, as for NMEA).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
# A parsed row without MMSI, position or time is rejected; ``raw`` is set exactly for those.
BAD_ROW_SQL = "mmsi IS NULL OR lat IS NULL OR lon IS NULL OR ts IS NULL"
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
    time_format: str             # how the file writes times (re-assembling rejected rows)
    timestamp_format: str | None = None   # how to read them; None = DuckDB's ISO 8601
    placeholders: tuple[str, ...] = ()     # texts that mean "no value" in static columns

    def required(self) -> list[str]:
        return list(self.columns)


_MC = {"MMSI": "mmsi", "BaseDateTime": "ts", "LAT": "lat", "LON": "lon", "SOG": "sog",
       "COG": "cog", "Heading": "heading", "VesselName": "name", "IMO": "imo",
       "CallSign": "callsign", "VesselType": "ship_type", "Status": "status",
       "Length": "length", "Width": "beam", "Draft": "draught", "Cargo": ""}
LAYOUTS: tuple[CsvLayout, ...] = (
    CsvLayout("marinecadastre-2018", "NOAA MarineCadastre (2018-2023)",
              {**_MC, "TransceiverClass": ""}, "%Y-%m-%dT%H:%M:%S"),
    CsvLayout("marinecadastre-2015", "NOAA MarineCadastre (2015-2017)", _MC,
              "%Y-%m-%dT%H:%M:%S"),
    CsvLayout("marinecadastre-csv2", "NOAA MarineCadastre csv2 (2024 on)", {
        "mmsi": "mmsi", "base_date_time": "ts", "longitude": "lon", "latitude": "lat",
        "sog": "sog", "cog": "cog", "heading": "heading", "vessel_name": "name", "imo": "imo",
        "call_sign": "callsign", "vessel_type": "ship_type", "status": "status",
        "length": "length", "width": "beam", "draft": "draught", "cargo": "",
        "transceiver": ""}, "%Y-%m-%d %H:%M:%S"),
    CsvLayout("dma-aisdk", "Danish Maritime Authority aisdk", {
        "Timestamp": "ts", "Type of mobile": "", "MMSI": "mmsi", "Latitude": "lat",
        "Longitude": "lon", "Navigational status": "status", "ROT": "", "SOG": "sog",
        "COG": "cog", "Heading": "heading", "IMO": "imo", "Callsign": "callsign",
        "Name": "name", "Ship type": "ship_type", "Cargo type": "", "Width": "beam",
        "Length": "length", "Type of position fixing device": "", "Draught": "draught",
        "Destination": "destination", "ETA": "eta", "Data source type": "", "A": "to_bow",
        "B": "to_stern", "C": "to_port", "D": "to_starboard"},
        "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S", ("Unknown", "Undefined")),
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
        display[name] = raw.replace("\ufeff", "").strip().lstrip("#").strip()
    return CsvPlan(layout, tuple(header), tuple(columns), roles, display)


# DuckDB's CSV read buffer: 8 MiB parsed the 533 MB benchmark file ~10 % faster than the
# default on 2 cores (1.85-2.0 s against 2.05-2.4 s, docs/benchmarks-csv.md); it must
# exceed the longest line (DuckDB's max_line_size, 2 MB by default).
READ_BUFFER_BYTES = 8 << 20


def csv_reader_sql(plan: CsvPlan, path: str, *, gzip: bool, rejects_table: str,
                   rejects_scan: str) -> str:
    """``read_csv(...)`` with explicit column types; bad rows go to the rejects tables."""
    cols = ", ".join(f"{sql_string(n)}: {sql_string(t)}" for n, t in plan.reader_columns)
    opts = [f"columns={{{cols}}}", "header=true", "auto_detect=false", "delim=','",
            "quote='\"'", "escape='\"'", f"compression='{'gzip' if gzip else 'none'}'",
            f"buffer_size={READ_BUFFER_BYTES}", "store_rejects=true",
            f"rejects_table={sql_string(rejects_table)}",
            f"rejects_scan={sql_string(rejects_scan)}"]
    if plan.layout.timestamp_format:
        opts.append(f"timestampformat={sql_string(plan.layout.timestamp_format)}")
    return f"read_csv({sql_string(path)}, {', '.join(opts)})"


# Row table columns and their types; a layout's row table holds only those it can fill
# (mmsi, ts, lat, lon always), the others read as NULL in the selects below.
ROW_TYPES: Mapping[str, str] = {
    "mmsi": "BIGINT", "ts": "TIMESTAMPTZ", "lat": "DOUBLE", "lon": "DOUBLE", "sog": "DOUBLE",
    "cog": "DOUBLE", "heading": "DOUBLE", "status": "VARCHAR", "msg_type": "TINYINT",
    "station": "VARCHAR", "receiver_class": "VARCHAR", "h": "UBIGINT", "hk": "UBIGINT",
    "line_no": "BIGINT",
    **{r: "VARCHAR" for r in STATIC_ROLES}}


@dataclass(frozen=True)
class RowTable:
    """The query that builds the loader's row table from a reader, and what it holds:
    the :data:`ROW_TYPES` columns in ``columns`` (``hk`` hashes the duplicate key mmsi, ts,
    lat, lon), then ``raw`` (NULL for a usable row; the row re-assembled from its fields for
    one without MMSI, position or time)."""

    query: str
    columns: tuple[str, ...]

    def col(self, name: str) -> str:
        return name if name in self.columns else f"CAST(NULL AS {ROW_TYPES[name]})"


def _row_table(inner: Mapping[str, str], reader_sql: str, raw_parts: Sequence[str],
               passthrough: Sequence[str] = ()) -> RowTable:
    parts = ", ".join(f"coalesce({p}, '')" for p in raw_parts)
    sel = ", ".join([*(f"{expr} AS {name}" for name, expr in inner.items()), *passthrough])
    outer = [*inner, "hash(mmsi, ts, lat, lon) AS hk",
             f"CASE WHEN {BAD_ROW_SQL} THEN concat_ws(',', {parts}) END AS raw"]
    return RowTable(f"SELECT {', '.join(outer)} FROM (SELECT {sel} FROM {reader_sql})",
                    (*inner, "hk"))


def csv_row_table(plan: CsvPlan, reader_sql: str) -> RowTable:
    """The row table over :func:`csv_reader_sql`: values as read (sentinels still in), ts
    made TIMESTAMPTZ from the UTC wall time, status and statics as text (the layout's
    placeholders such as DMA's ``Unknown`` as NULL), h a hash of the statics (NULL when a
    row has none)."""
    roles, layout = plan.roles, plan.layout
    inner = {"mmsi": roles["mmsi"], "ts": f"make_timestamptz(epoch_us({roles['ts']}))"}
    inner |= {r: roles[r] for r in ("lat", "lon", "sog", "cog", "heading", "status")
              if r in roles}
    empty = ", ".join(sql_string(p) for p in layout.placeholders)
    for r in STATIC_ROLES:
        if r in roles:
            inner[r] = (f"CASE WHEN {roles[r]} IN ({empty}) THEN NULL ELSE {roles[r]} END"
                        if empty and r != "name" else roles[r])
    statics = [inner[r] for r in STATIC_ROLES if r in inner]
    if statics:
        inner["h"] = (f"CASE WHEN coalesce({', '.join(statics)}) IS NULL THEN NULL "
                      f"ELSE hash({', '.join(statics)}) END")
    names = [n for n, _ in plan.reader_columns]
    raw = [f"strftime({n}, {sql_string(layout.time_format)})" if n == roles["ts"]
           else f"CAST({n} AS VARCHAR)" for n in names]
    return _row_table(inner, reader_sql, raw, names)


PARQUET_REQUIRED: tuple[str, ...] = ("mmsi", "ts", "lat", "lon")
PARQUET_OPTIONAL: Mapping[str, str] = {   # store column -> row column
    "sog_kn": "sog", "cog_deg": "cog", "heading_deg": "heading", "nav_status": "status",
    "msg_type": "msg_type", "station": "station", "receiver_class": "receiver_class"}
NAIVE_TYPES = ("TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "DATETIME")


def parquet_reader_sql(path: str) -> str:
    return f"read_parquet({sql_string(path)}, file_row_number=true)"


def parquet_row_table(schema: Mapping[str, str], reader_sql: str,
                      path: object = "") -> RowTable:
    """The row table (see :func:`csv_row_table`) of a Parquet file, with ``line_no`` = row
    index + 1. ``schema`` maps column name to DuckDB type. Raises FormatError for missing
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

    row_types = {**ROW_TYPES, "status": "INTEGER"}
    inner = {c: f"TRY_CAST({q(c)} AS {row_types[c]})" for c in PARQUET_REQUIRED}
    inner |= {row: f"TRY_CAST({q(c)} AS {row_types[row]})"
              for c, row in PARQUET_OPTIONAL.items() if c in cols}
    inner["line_no"] = "file_row_number + 1"
    raw = ["strftime(make_timestamp(epoch_us(ts)), '%Y-%m-%dT%H:%M:%S.%fZ')" if c == "ts"
           else f"CAST({c} AS VARCHAR)" for c in inner if c != "line_no"]
    return _row_table(inner, reader_sql, raw)
