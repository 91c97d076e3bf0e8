"""Table layouts: header detection, Parquet schema checks, AIS code tables (pure, no store)."""

from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
import pytest

from wakewatch.errors import FormatError
from wakewatch.ingest.codes import case_sql, nav_status_code, ship_type_code, sql_string
from wakewatch.ingest.tables import (
    LAYOUTS,
    csv_reader_sql,
    csv_row_table,
    detect_csv_layout,
    parquet_reader_sql,
    parquet_row_table,
    parse_header,
)

MC_2018 = ("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,"
           "Status,Length,Width,Draft,Cargo,TransceiverClass")
MC_2015 = MC_2018.removesuffix(",TransceiverClass")
MC_CSV2 = ("mmsi,base_date_time,longitude,latitude,sog,cog,heading,vessel_name,imo,call_sign,"
           "vessel_type,status,length,width,draft,cargo,transceiver")
DMA = ("# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,"
       "Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing "
       "device,Draught,Destination,ETA,Data source type,A,B,C,D")


def first_line(path: Path) -> str:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.readline().rstrip("\r\n")


def test_real_marinecadastre_headers_are_the_2018_layout(shared_data: Path) -> None:
    for path in sorted((shared_data / "ais-csv").glob("marinecadastre_*")):
        plan = detect_csv_layout(parse_header(first_line(path)), path)
        assert plan.layout.name == "marinecadastre-2018", path


@pytest.mark.parametrize(("header", "name"), [
    (MC_2018, "marinecadastre-2018"),
    (MC_2015, "marinecadastre-2015"),
    (MC_CSV2, "marinecadastre-csv2"),
    (DMA, "dma-aisdk"),
    ("\ufeff" + MC_2018.lower(), "marinecadastre-2018"),        # BOM, other case
    (DMA.replace("# Timestamp", "Timestamp"), "dma-aisdk"),      # without the comment mark
    (MC_2018 + ",Extra", "marinecadastre-2018"),                 # extra columns are read
])
def test_layout_detection(header: str, name: str) -> None:
    plan = detect_csv_layout(parse_header(header))
    assert plan.layout.name == name
    assert {"mmsi", "ts", "lat", "lon"} <= set(plan.roles)
    assert len(plan.reader_columns) == len(parse_header(header))


def test_reader_columns_are_typed_by_role() -> None:
    plan = detect_csv_layout(parse_header(MC_2018))
    types = dict(plan.reader_columns)
    assert types[plan.roles["mmsi"]] == "BIGINT"
    assert types[plan.roles["ts"]] == "TIMESTAMP"
    assert types[plan.roles["lat"]] == "DOUBLE"
    assert types[plan.roles["name"]] == "VARCHAR"
    assert types["r_c15"] == "VARCHAR"   # Cargo: read, not used


def test_unknown_header_names_the_missing_columns() -> None:
    header = "MMSI,Time,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status"
    with pytest.raises(FormatError) as err:
        detect_csv_layout(parse_header(header), "x.csv")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("x.csv: not a known AIS CSV layout: missing column(s) ")
    assert "BaseDateTime" in message and "Draft" in message and "MarineCadastre" in message


def test_every_layout_has_the_position_roles() -> None:
    for layout in LAYOUTS:
        assert {"mmsi", "ts", "lat", "lon"} <= set(layout.columns.values()), layout.name


def test_row_table_query_runs_on_a_tiny_csv(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(MC_2018 + "\n"
                    "367000001,2022-01-03T00:00:00,30.1,-88.5,1.5,90.0,511,A B,IMO9000001,"
                    "CALL,70,0,100,20,5.5,70,A\n"
                    ",2022-01-03T00:00:01,30.1,-88.5,,,,,,,,,,,,,A\n")
    plan = detect_csv_layout(parse_header(MC_2018))
    rows = csv_row_table(plan, csv_reader_sql(plan, str(path), gzip=False,
                                              rejects_table="rj", rejects_scan="rs"))
    con = duckdb.connect()
    got = con.execute(f"SELECT mmsi, epoch(ts), heading, h IS NOT NULL, raw FROM "
                      f"({rows.query})").fetchall()
    assert got[0] == (367000001, 1641168000.0, 511.0, True, None)
    assert got[1][0] is None
    assert got[1][4] == (",2022-01-03T00:00:01,30.1,-88.5,,,,,,,,,,,,,A")


def test_parquet_schema_checks(tmp_path: Path) -> None:
    aware = {"mmsi": "BIGINT", "ts": "TIMESTAMP WITH TIME ZONE", "lat": "DOUBLE",
             "lon": "DOUBLE", "sog_kn": "DOUBLE"}
    rows = parquet_row_table(aware, parquet_reader_sql("p.parquet"), "p.parquet")
    assert "sog" in rows.columns and "cog" not in rows.columns
    assert rows.col("cog") == "CAST(NULL AS DOUBLE)"
    with pytest.raises(FormatError, match=r"^naive timestamps are rejected: p\.parquet"):
        parquet_row_table({**aware, "ts": "TIMESTAMP"}, "x", "p.parquet")
    with pytest.raises(FormatError, match="naive timestamps are rejected"):
        parquet_row_table({**aware, "ts": "TIMESTAMP_NS"}, "x", "p.parquet")
    with pytest.raises(FormatError, match="not a timezone-aware timestamp"):
        parquet_row_table({**aware, "ts": "VARCHAR"}, "x", "p.parquet")
    with pytest.raises(FormatError, match=r"lacks position column.*lon"):
        parquet_row_table({k: v for k, v in aware.items() if k != "lon"}, "x", "p.parquet")


@pytest.mark.parametrize(("text", "code"), [
    ("0", 0), ("0.0", 0), ("15", 15), ("8.0", 8), ("16", None), ("-1", None), ("1.5", None),
    ("Under way using engine", 0), ("under way using engine", 0), ("At anchor", 1),
    ("Not under command", 2), ("Restricted maneuverability", 3),
    ("Restricted manoeuvrability", 3), ("Constrained by her draught", 4), ("Moored", 5),
    ("Aground", 6), ("Engaged in fishing", 7), ("Under way sailing", 8),
    ("Reserved for future amendment [HSC]", 9), ("Reserved for future amendment [WIG]", 10),
    ("Power-driven vessel towing astern", 11),
    ("Power-driven vessel pushing ahead or towing alongside", 12),
    ("Reserved for future use", 13), ("AIS-SART", 14), ("Unknown value", 15),
    ("Undefined", 15), ("full speed ahead", None), ("", None),
])
def test_nav_status_code(text: str, code: int | None) -> None:
    assert nav_status_code(text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("70", 70), ("70.0", 70), ("1004", 1004), ("0", None), ("Cargo", 70), ("Tanker", 80),
    ("Fishing", 30), ("Towing long/wide", 32), ("Law enforcement", 55), ("HSC", 40),
    ("Undefined", None), ("Spare 1", None), ("Reserved", None), ("Pleasure", 37),
])
def test_ship_type_code(text: str, code: int | None) -> None:
    assert ship_type_code(text) == code


def test_case_sql_maps_numbers_and_distinct_texts() -> None:
    sql = case_sql("s", ["Moored", "it's", None, "0.0", "16"], nav_status_code, "TINYINT", 0, 15)
    con = duckdb.connect()
    got = con.execute(f"SELECT s, {sql} FROM (VALUES ('Moored'), ('it''s'), ('0.0'), ('16'), "
                      "('7'), ('2.5'), (NULL)) v(s) ORDER BY s NULLS LAST").fetchall()
    assert got == [("0.0", 0), ("16", None), ("2.5", None), ("7", 7), ("Moored", 5),
                   ("it's", None), (None, None)]
    only_numbers = case_sql("s", [None, "x"], nav_status_code, "TINYINT", 0, 15)
    assert "CASE s WHEN" not in only_numbers
    assert sql_string("a'b") == "'a''b'"
