"""Loading AIS tables (MarineCadastre / DMA CSV, Parquet) into the store.

Expected counts for the real MarineCadastre files are derived here with the csv and gzip
modules, independently of wakewatch's SQL.
"""

from __future__ import annotations

import calendar
import csv
import gzip
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wakewatch.errors import FormatError
from wakewatch.ingest.report import IngestReport
from wakewatch.ingest.sources import file_sha256, sniff_format
from wakewatch.store import load_table as load_table_module
from wakewatch.store.db import Store
from wakewatch.store.load import ingest_path
from wakewatch.store.load_table import load_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MC_HEADER = ("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,"
             "Status,Length,Width,Draft,Cargo,TransceiverClass")
STATIC_FIELDS = ("VesselName", "IMO", "CallSign", "VesselType", "Length", "Width", "Draft")


def load(store: Store, path: Path) -> IngestReport:
    sha = file_sha256(path)
    report = IngestReport(path=str(path), sha256=sha, format=sniff_format(path).value)
    return load_table(store, path, sha, report)


def one(store: Store, sql: str, *params: object) -> tuple[Any, ...]:
    row = store.con.execute(sql, list(params)).fetchone()
    assert row is not None
    return tuple(row)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected_marinecadastre(rows: list[dict[str, str]]) -> dict[str, int]:
    """What a MarineCadastre file must give, computed row by row in Python."""
    seen: set[tuple[int, str, float, float]] = set()
    kept: list[dict[str, str]] = []
    for r in rows:
        key = (int(r["MMSI"]), r["BaseDateTime"], float(r["LAT"]), float(r["LON"]))
        if key not in seen:
            seen.add(key)
            kept.append(r)

    def missing(value: str, low: float, high: float) -> bool:
        return value == "" or not low <= float(value) < high

    by_mmsi: dict[str, list[tuple[str, int, tuple[str | None, ...]]]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_mmsi[r["MMSI"]].append((r["BaseDateTime"], i, tuple(r[c] or None
                                                               for c in STATIC_FIELDS)))
    statics = 0
    for reports in by_mmsi.values():
        previous = None
        for _, _, statics_tuple in sorted(reports):
            if all(v is None for v in statics_tuple):
                continue
            statics += statics_tuple != previous
            previous = statics_tuple
    return {
        "rows": len(rows), "accepted": len(kept), "duplicate": len(rows) - len(kept),
        "mmsis": len({r["MMSI"] for r in rows}),
        "null_heading": sum(missing(r["Heading"], 0, 360) for r in kept),
        "null_sog": sum(missing(r["SOG"], 0, 102.25) for r in kept),
        "null_cog": sum(missing(r["COG"], 0, 360) for r in kept),
        "null_status": sum(missing(r["Status"], 0, 16) for r in kept),
        "statics": statics,
        "imos": len({int(r["IMO"][3:]) for r in rows
                     if r["IMO"].startswith("IMO") and int(r["IMO"][3:]) > 0}),
    }


@pytest.mark.parametrize("name", ["marinecadastre_AIS_2022_01_03_first100k.csv.gz",
                                  "marinecadastre_AIS_2023_01_11_aisdb_sample1000.csv"])
def test_real_marinecadastre_file(store: Store, shared_data: Path, name: str) -> None:
    path = shared_data / "ais-csv" / name
    rows = read_csv_rows(path)
    want = expected_marinecadastre(rows)
    report = load(store, path)
    assert report.decoder == "marinecadastre-2018"
    assert report.lines == want["rows"]
    assert report.counts["accepted"] == want["accepted"] == report.positions
    assert report.counts["duplicate"] == want["duplicate"]
    assert report.counts["unparseable"] == report.counts["no_timestamp"] == 0
    assert report.statics == want["statics"]
    got = one(store, "SELECT count(*), count(DISTINCT mmsi), count(*) - count(heading_deg), "
                     "count(*) - count(sog_kn), count(*) - count(cog_deg), "
                     "count(*) - count(nav_status), min(line_no), max(line_no) FROM positions")
    assert got[:6] == (want["accepted"], want["mmsis"], want["null_heading"], want["null_sog"],
                       want["null_cog"], want["null_status"])
    assert got[6] == 2 and got[7] == want["rows"] + 1
    assert one(store, "SELECT count(DISTINCT imo) FROM statics") == (want["imos"],)
    assert one(store, "SELECT count(*) FROM rejects") == (0,)
    log = one(store, "SELECT status, format, decoder, lines_total, accepted, duplicate, "
                     "positions, statics, finished_at >= started_at FROM ingest_log")
    assert log == ("done", "csv", "marinecadastre-2018", want["rows"], want["accepted"],
                   want["duplicate"], want["accepted"], want["statics"], True)


def test_rows_keep_their_line_and_utc_time(store: Store, shared_data: Path) -> None:
    path = shared_data / "ais-csv" / "marinecadastre_AIS_2023_01_11_aisdb_sample1000.csv"
    rows = read_csv_rows(path)
    store.con.execute("SET TimeZone = 'America/New_York'")   # must not matter
    load(store, path)
    got = store.con.execute("SELECT line_no, mmsi, epoch(ts), lat, typeof(ts) FROM positions "
                            "ORDER BY line_no").fetchall()
    assert len(got) == len(rows)
    for (line_no, mmsi, epoch, lat, ts_type), r in zip(got, rows, strict=True):
        assert ts_type == "TIMESTAMP WITH TIME ZONE"
        assert mmsi == int(r["MMSI"]) and lat == float(r["LAT"])
        want = datetime.strptime(r["BaseDateTime"], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
        assert epoch == calendar.timegm(want.timetuple())
        assert line_no == rows.index(r) + 2
    ts = store.con.sql("SELECT ts FROM positions LIMIT 1").pl()["ts"]
    assert ts.dtype.time_zone is not None   # type: ignore[attr-defined]


def test_dma_fixture(store: Store) -> None:
    """tests/fixtures/dma_aisdk_synthetic.csv: synthetic rows in the Danish Maritime
    Authority's published aisdk layout (header, dd/mm/yyyy times, text status and ship
    type, 'Unknown' placeholders)."""
    report = load(store, FIXTURES / "dma_aisdk_synthetic.csv")
    assert report.decoder == "dma-aisdk"
    assert {k: v for k, v in report.counts.items() if v} == {
        "accepted": 7, "duplicate": 1, "unparseable": 1, "no_timestamp": 2}
    assert report.positions == 7 and report.statics == 5
    pos = store.con.execute(
        "SELECT line_no, mmsi, epoch(ts), lat, lon, sog_kn, cog_deg, heading_deg, nav_status "
        "FROM positions ORDER BY line_no").fetchall()
    march_1 = calendar.timegm((2024, 3, 1, 0, 0, 0))
    assert pos[0] == (2, 219000001, march_1, 55.6761, 12.5683, 11.2, 184.3, 185, 0)
    assert [p[0] for p in pos] == [2, 3, 5, 6, 7, 8, 12]   # line 4 repeats line 3
    by_line = {p[0]: p for p in pos}
    assert by_line[6][5:] == (0.0, None, None, 5)          # moored, no COG, heading 511
    assert by_line[8][3:] == (None, None, None, None, None, 7)   # 91 / 181 / 102.3 / 360 / 511
    st = store.con.execute(
        "SELECT line_no, mmsi, imo, callsign, name, ship_type, length_m, beam_m, draught_m, "
        "destination, epoch(eta), to_bow_m, to_stern_m, to_port_m, to_starboard_m "
        "FROM statics ORDER BY line_no").fetchall()
    assert [s[0] for s in st] == [2, 5, 6, 7, 8]           # draught/destination change at 5
    assert st[0][1:] == (219000001, 9321483, "OXAB2", "NORDIC STAR", 70, 120.0, 20.0, 6.5,
                         "AARHUS", calendar.timegm((2024, 3, 2, 14, 0, 0)), 100, 20, 10, 10)
    assert st[1][8:10] == (8.1, "SKAGEN")
    assert st[2][2:6] == (None, "SEAB", "BALTIC WIND", 80)  # IMO "Unknown"
    assert st[3][2:6] == (None, None, "SAILOR", 36)         # call sign "Unknown"
    rejects = store.con.execute("SELECT line_no, reason, raw FROM rejects ORDER BY line_no"
                                ).fetchall()
    assert [(r[0], r[1]) for r in rejects[:2]] == [(9, "MMSI missing or invalid"),
                                                   (10, "time missing or invalid")]
    assert rejects[2][0] == 11 and rejects[2][1].startswith("cast: ")
    assert '"Timestamp"' in rejects[2][1]
    assert rejects[2][2].startswith("32/13/2024 99:00:00,Class A,219000006,")
    assert rejects[0][2].startswith("01/03/2024 00:00:11,Class A,,56.1,10.2,")


BAD_ROWS = [
    "367000001,2022-01-03T00:00:00,30.1,-88.5,1.5,90.0,511,ALPHA,IMO9000001,AAA1,70,0,100,20,5.5,70,A",
    "367000002,2022-01-03T00:00:01,abc,-88.5,1.5,90.0,511,BRAVO,,BBB2,70,0,100,20,5.5,70,A",
    "367000003,2022-01-03T00:00:02,30.1",
    "367000004,2022-13-45T00:00:00,30.1,-88.5,1.5,90.0,511,DELTA,,DDD4,70,0,100,20,5.5,70,A",
    ",2022-01-03T00:00:04,30.1,-88.5,1.5,90.5,,ECHO,,EEE5,70,0,100,20,5.5,70,A",
    "367000006,,30.1,-88.5,1.5,90.5,,FOXTROT,,FFF6,70,0,100,20,5.5,70,A",
    "367000007,2022-01-03T00:00:06,,-88.5,1.5,90.5,,GOLF,,GGG7,70,0,100,20,5.5,70,A",
    "367000008,2022-01-03T00:00:07,30.2,-88.6,0.0,0.0,0,HOTEL,,HHH8,30,5,20,6,,30,A",
    "367000001,2022-01-03T00:00:00,30.1,-88.5,1.5,90.0,511,ALPHA,IMO9000001,AAA1,70,0,100,20,5.5,70,A",
    "367000009,2022-01-03T00:00:09,91,181,102.3,360,511,INDIA,IMO0000000,III9,0,15,0,0,0,,B",
]


@pytest.mark.parametrize("compress", [False, True])
def test_bad_rows_are_counted_and_kept(store: Store, tmp_path: Path, compress: bool) -> None:
    text = "\n".join([MC_HEADER, *BAD_ROWS]) + "\n"
    path = tmp_path / ("bad.csv.gz" if compress else "bad.csv")
    path.write_bytes(gzip.compress(text.encode()) if compress else text.encode())
    report = load(store, path)
    assert {k: v for k, v in report.counts.items() if v} == {
        "accepted": 3, "duplicate": 1, "unparseable": 4, "no_timestamp": 2}
    assert report.lines == len(BAD_ROWS)
    stored = store.con.execute("SELECT line_no, mmsi, lat, lon, sog_kn, cog_deg, heading_deg, "
                               "nav_status FROM positions ORDER BY line_no").fetchall()
    assert stored == [(2, 367000001, 30.1, -88.5, 1.5, 90.0, None, 0),
                      (9, 367000008, 30.2, -88.6, 0.0, 0.0, 0, 5),
                      (11, 367000009, None, None, None, None, None, 15)]
    rejects = store.con.execute("SELECT line_no, reason, raw, source FROM rejects "
                                "ORDER BY line_no").fetchall()
    assert [r[0] for r in rejects] == [3, 4, 5, 6, 7, 8]
    assert {r[3] for r in rejects} == {str(path)}
    lines = {n + 2: line for n, line in enumerate(BAD_ROWS)}
    for line_no, reason, raw, _ in rejects:
        assert raw == lines[line_no], line_no
        assert reason
    statics = store.con.execute("SELECT line_no, imo, name, ship_type, length_m, draught_m "
                                "FROM statics ORDER BY line_no").fetchall()
    assert statics == [(2, 9000001, "ALPHA", 70, 100.0, 5.5), (9, None, "HOTEL", 30, 20.0, None),
                       (11, None, "INDIA", None, None, None)]


def test_statics_follow_time_order_and_duplicates_are_exact(store: Store,
                                                            tmp_path: Path) -> None:
    def row(mmsi: int, second: int, lat: float, name: str) -> str:
        return (f"{mmsi},2022-01-03T00:00:{second:02d},{lat},-70.0,1.0,10.0,10,{name},,,"
                f"{70 if name else ''},0,,,,,A")

    rows = [row(1, 1, 40.0, "A"), row(1, 3, 40.0, "A"), row(1, 2, 40.0, "B"),   # A B A in time
            row(2, 1, 41.0, "A"), row(2, 2, 41.0, "B"), row(2, 3, 41.0, "B"),   # A then B
            row(3, 1, 42.0, ""), row(3, 2, 42.1, ""),                           # no statics
            row(4, 5, 43.0, "C"), row(4, 5, 43.1, "C"), row(4, 5, 43.0, "C")]   # repeat, apart
    path = tmp_path / "order.csv"
    path.write_text("\n".join([MC_HEADER, *rows]) + "\n")
    report = load(store, path)
    assert report.counts["duplicate"] == 1 and report.counts["accepted"] == 10
    assert one(store, "SELECT count(*) FROM positions WHERE line_no = 12") == (0,)
    got = store.con.execute("SELECT mmsi, line_no, name FROM statics ORDER BY mmsi, ts"
                            ).fetchall()
    assert got == [(1, 2, "A"), (1, 4, "B"), (1, 3, "A"), (2, 5, "A"), (2, 6, "B"),
                   (4, 10, "C")]


def test_unknown_csv_layout_is_refused_whole(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("mmsi,time,x,y\n1,2022-01-01T00:00:00,1,2\n")
    with pytest.raises(FormatError, match="missing column"):
        load(store, path)
    assert one(store, "SELECT (SELECT count(*) FROM positions) + "
                      "(SELECT count(*) FROM ingest_log)") == (0,)


def test_killed_load_leaves_nothing_and_reruns(store: Store, shared_data: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = shared_data / "ais-csv" / "marinecadastre_AIS_2023_01_11_aisdb_sample1000.csv"

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(load_table_module, "_write_log", killed)
    with pytest.raises(KeyboardInterrupt):
        load(store, path)
    for table in ("positions", "statics", "rejects", "ingest_log"):
        assert one(store, f"SELECT count(*) FROM {table}") == (0,), table
    monkeypatch.undo()
    assert load(store, path).positions == 1000
    assert one(store, "SELECT count(*) FROM positions") == (1000,)


def test_ingest_path_dispatches_and_skips_a_done_file(store: Store, shared_data: Path) -> None:
    path = shared_data / "ais-csv" / "marinecadastre_AIS_2023_01_11_aisdb_sample1000.csv"
    first = ingest_path(store, path)
    assert first.positions == 1000 and not first.skipped
    again = ingest_path(store, path)
    assert again.skipped and again.counts == first.counts
    assert one(store, "SELECT count(*) FROM positions") == (1000,)


def write_parquet(path: Path, columns: dict[str, pa.Array]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def test_parquet_with_bad_rows(store: Store, tmp_path: Path) -> None:
    t0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    ts = pa.array([t0, t0, None, t0, t0], type=pa.timestamp("us", tz="UTC"))
    path = write_parquet(tmp_path / "p.parquet", {
        "mmsi": pa.array([1, 1, 2, None, 3], type=pa.int64()), "ts": ts,
        "lat": [10.0, 10.0, 11.0, 12.0, 95.0], "lon": [20.0, 20.0, 21.0, 22.0, 23.0],
        "sog_kn": [1.0, 1.0, 2.0, 3.0, 200.0], "nav_status": pa.array([0, 0, 1, 2, 40])})
    report = load(store, path)
    assert report.decoder == "parquet"
    assert {k: v for k, v in report.counts.items() if v} == {
        "accepted": 2, "duplicate": 1, "no_timestamp": 1, "unparseable": 1}
    got = store.con.execute("SELECT line_no, mmsi, epoch(ts), lat, sog_kn, cog_deg, nav_status "
                            "FROM positions ORDER BY line_no").fetchall()
    assert got == [(1, 1, t0.timestamp(), 10.0, 1.0, None, 0), (5, 3, t0.timestamp(), None,
                                                                 None, None, None)]
    assert store.con.execute("SELECT line_no, reason FROM rejects ORDER BY line_no"
                             ).fetchall() == [(3, "time missing or invalid"),
                                              (4, "MMSI missing or invalid")]


def test_naive_parquet_is_rejected(store: Store, tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "naive.parquet", {
        "mmsi": [1], "ts": pa.array([datetime(2024, 5, 1)], type=pa.timestamp("us")),
        "lat": [1.0], "lon": [2.0]})
    with pytest.raises(FormatError, match=r"^naive timestamps are rejected: "):
        load(store, path)
    assert one(store, "SELECT count(*) FROM ingest_log") == (0,)


def test_corrupt_parquet_is_a_format_error(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    good = write_parquet(tmp_path / "good.parquet", {
        "mmsi": [1], "ts": pa.array([datetime(2024, 5, 1, tzinfo=UTC)],
                                    type=pa.timestamp("us", tz="UTC")),
        "lat": [1.0], "lon": [2.0]})
    path.write_bytes(good.read_bytes()[:40])
    with pytest.raises(FormatError, match="cannot read"):
        load(store, path)


def test_connection_session_is_left_as_found(store: Store, shared_data: Path) -> None:
    store.con.execute("SET preserve_insertion_order = false")
    load(store, shared_data / "ais-csv" / "marinecadastre_AIS_2023_01_11_aisdb_sample1000.csv")
    assert one(store, "SELECT current_setting('preserve_insertion_order')") == (False,)
    names = {r[0] for r in store.con.execute("SELECT table_name FROM duckdb_tables()"
                                             ).fetchall()}
    assert not {n for n in names if n.startswith("_ww_")}
    assert isinstance(store.con, duckdb.DuckDBPyConnection)


@pytest.mark.parametrize(("header", "row", "layout"), [
    ("mmsi,base_date_time,longitude,latitude,sog,cog,heading,vessel_name,imo,call_sign,"
     "vessel_type,status,length,width,draft,cargo,transceiver",
     "368382440,2025-12-31 00:00:00,-76.43,36.96,4.7,321.6,327,PATRICIA B. MORAN,IMO1079618,"
     "WDP7519,52,0,26,11,5.0,52,A", "marinecadastre-csv2"),
    (MC_HEADER.removesuffix(",TransceiverClass"),
     "368382440,2025-12-31T00:00:00,36.96,-76.43,4.7,321.6,327,PATRICIA B. MORAN,IMO1079618,"
     "WDP7519,52,under way using engine,26,11,5.0,52", "marinecadastre-2015"),
])
def test_other_marinecadastre_layouts(store: Store, tmp_path: Path, header: str, row: str,
                                      layout: str) -> None:
    path = tmp_path / "mc.csv"
    path.write_text(f"{header}\n{row}\n")
    report = load(store, path)
    assert report.decoder == layout and report.positions == 1 and report.statics == 1
    assert one(store, "SELECT lat, lon, sog_kn, heading_deg, nav_status, epoch(ts) "
                      "FROM positions") == (36.96, -76.43, 4.7, 327, 0,
                                            calendar.timegm((2025, 12, 31, 0, 0, 0)))
    assert one(store, "SELECT imo, callsign, name, ship_type, beam_m FROM statics") == (
        1079618, "WDP7519", "PATRICIA B. MORAN", 52, 11.0)


def test_header_only_csv(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(MC_HEADER + "\n")
    report = load(store, path)
    assert report.lines == 0 and report.positions == 0
    assert one(store, "SELECT status, lines_total FROM ingest_log") == ("done", 0)
