"""Exporting positions as date-partitioned Parquet, and ingesting the files back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from wakewatch.cli.main import cli
from wakewatch.errors import InputError
from wakewatch.ingest.report import IngestReport
from wakewatch.ingest.sources import file_sha256, sniff_format
from wakewatch.store.db import Store
from wakewatch.store.export import export_positions
from wakewatch.store.load_table import load_table

POSITION_VALUES = ("mmsi, epoch_us(ts), lat, lon, sog_kn, cog_deg, heading_deg, nav_status, "
                   "msg_type, station, receiver_class")


def load(store: Store, path: Path) -> IngestReport:
    sha = file_sha256(path)
    report = IngestReport(path=str(path), sha256=sha, format=sniff_format(path).value)
    return load_table(store, path, sha, report)


def write_positions(path: Path, times: list[datetime]) -> Path:
    n = len(times)
    pq.write_table(pa.table({
        "mmsi": pa.array(range(100, 100 + n), type=pa.int64()),
        "ts": pa.array(times, type=pa.timestamp("us", tz="UTC")),
        "lat": [1.0 + i for i in range(n)], "lon": [2.0] * n,
        "station": ["rx1"] * n}), path)
    return path


def test_round_trip(store: Store, shared_data: Path, tmp_path: Path) -> None:
    csv_path = shared_data / "ais-csv" / "marinecadastre_AIS_2022_01_03_first100k.csv.gz"
    report = load(store, csv_path)
    out = tmp_path / "out"
    result = export_positions(store, out)
    assert result.rows == report.positions
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.parquet"))
    assert files == ["date=2022-01-03/data_0.parquet"]
    parquet = out / files[0]
    back = Store.open(tmp_path / "back.duckdb")
    try:
        again = load(back, parquet)
        assert again.counts["accepted"] == report.positions and again.lines == report.positions
        want = sorted(store.con.execute(f"SELECT {POSITION_VALUES} FROM positions").fetchall(),
                      key=repr)
        got = sorted(back.con.execute(f"SELECT {POSITION_VALUES} FROM positions").fetchall(),
                     key=repr)
        assert got == want
        assert back.con.execute("SELECT min(line_no), max(line_no), count(DISTINCT source) "
                                "FROM positions").fetchall() == [(1, report.positions, 1)]
    finally:
        back.close()


def test_partitions_are_utc_days(store: Store, tmp_path: Path) -> None:
    times = [datetime(2024, 1, 1, 23, 59, 59, tzinfo=UTC), datetime(2024, 1, 2, 0, 0, tzinfo=UTC),
             datetime(2024, 1, 2, 11, 0, tzinfo=UTC)]
    load(store, write_positions(tmp_path / "in.parquet", times))
    store.con.execute("SET TimeZone = 'Pacific/Auckland'")   # 13 h ahead: must not matter
    out = tmp_path / "out"
    result = export_positions(store, out)
    assert (result.rows, result.partitions) == (3, 2)
    first = pq.read_table(out / "date=2024-01-01")
    second = pq.read_table(out / "date=2024-01-02")
    assert first.num_rows == 1 and second.num_rows == 2
    assert first.schema.field("ts").type == pa.timestamp("us", tz="UTC")
    assert second.column("station").to_pylist() == ["rx1", "rx1"]


def test_existing_export_needs_overwrite(store: Store, tmp_path: Path) -> None:
    load(store, write_positions(tmp_path / "in.parquet", [datetime(2024, 1, 1, tzinfo=UTC)]))
    out = tmp_path / "out"
    export_positions(store, out)
    with pytest.raises(InputError, match="not empty"):
        export_positions(store, out)
    assert export_positions(store, out, overwrite=True).rows == 1
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(InputError, match="not a directory"):
        export_positions(store, a_file)


def test_cli_export_positions(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with Store.open(db) as store:
        load(store, write_positions(tmp_path / "in.parquet",
                                    [datetime(2024, 1, 1, tzinfo=UTC)] * 2))
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "export", "positions", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "wrote 2 positions to" in result.stderr and str(out) in result.stderr
    assert (out / "date=2024-01-01").is_dir()
    again = runner.invoke(cli, ["--db", str(db), "export", "positions", "--out", str(out)])
    assert again.exit_code == 1
    assert again.stderr.startswith("wakewatch: error: ") and "--overwrite" in again.stderr
    missing = runner.invoke(cli, ["--db", str(tmp_path / "none.duckdb"), "export",
                                  "positions", "--out", str(tmp_path / "o2")])
    assert missing.exit_code == 1 and "no wakewatch database" in missing.stderr
