"""``wakewatch ingest`` through click's CliRunner: outcome table, exit codes, one-line errors."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from click.testing import CliRunner

from wakewatch.cli.main import cli
from wakewatch.store.db import Store


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def one_error_line(stderr: str) -> str:
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("wakewatch: error: ")
    return lines[0]


def count(db: Path) -> int:
    with Store.open(db) as s:
        row = s.con.execute("SELECT count(*) FROM positions").fetchone()
    assert row is not None
    return int(row[0])


def test_ingest_prints_outcome_table(ais_nmea_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    code, out, err = run(db, str(ais_nmea_dir / "libais_tagblock.nmea"))
    assert code == 0
    assert out == ""
    assert "ingest: lines by outcome" in err
    assert count(db) == 3
    code, _, err = run(db, str(ais_nmea_dir / "libais_tagblock.nmea"))
    assert code == 0 and "already ingested" in err
    assert count(db) == 3


def test_missing_file(tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "x.duckdb", str(tmp_path / "nope.nmea"))
    assert code == 1
    assert "nope.nmea" in one_error_line(err)


def test_binary_garbage(tmp_path: Path) -> None:
    p = tmp_path / "junk.bin"
    p.write_bytes(os.urandom(4096))
    code, _, err = run(tmp_path / "x.duckdb", str(p))
    assert code == 1
    one_error_line(err)


def test_truncated_gzip_keeps_earlier_rows(ais_nmea_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    assert run(db, str(ais_nmea_dir / "libais_tagblock.nmea"))[0] == 0
    before = count(db)
    src = (ais_nmea_dir / "dma_aislib_stream_2010-06-11.nmea.gz").read_bytes()
    cut = tmp_path / "cut.nmea.gz"
    cut.write_bytes(src[: len(src) // 2])
    code, _, err = run(db, str(cut))
    assert code == 1
    assert "truncated" in one_error_line(err)
    assert count(db) == before
    with Store.open(db) as s:
        assert s.con.execute("SELECT count(*) FROM ingest_log").fetchone() == (1,)


def test_invalid_assume_time(ais_nmea_dir: Path, tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "x.duckdb", "--assume-time", "2012-03-14T11:29:00",
                       str(ais_nmea_dir / "libais_tagblock.nmea"))
    assert code == 1
    assert "--assume-time" in one_error_line(err)


def test_no_timestamp_file_needs_assume_time(ais_nmea_dir: Path, tmp_path: Path) -> None:
    path = str(ais_nmea_dir / "gpsd_aishub_global_3min.nmea.gz")
    code, _, err = run(tmp_path / "x.duckdb", "--decoder", "aiscat", path)
    assert code == 1
    line = one_error_line(err)
    assert "--assume-time" in line and "2012-03-14" in line
    code, _, err = run(tmp_path / "x.duckdb", "--decoder", "aiscat",
                       "--assume-time", "2012-03-14T11:30:00Z", path)
    assert code == 0


def test_strict_with_rejected_lines(ais_nmea_dir: Path, tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "x.duckdb", "--strict", "--decoder", "aiscat",
                       str(ais_nmea_dir / "amsa_risky_australia_2012-01-27.nmea.gz"))
    assert code == 1
    assert "rejected" in err.splitlines()[-1]
    code, _, _ = run(tmp_path / "y.duckdb", "--strict",
                     str(ais_nmea_dir / "libais_tagblock.nmea"))
    assert code == 0


def _console_script() -> str:
    """The installed ``wakewatch`` entry point: next to this interpreter, else on PATH."""
    beside = Path(sys.executable).parent / "wakewatch"
    found = str(beside) if beside.exists() else shutil.which("wakewatch")
    assert found, "the wakewatch console script is not installed"
    return found


def test_console_script_version_and_one_line_error(tmp_path: Path) -> None:
    import subprocess

    script = _console_script()
    out = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("wakewatch")
    bad = subprocess.run([script, "--db", str(tmp_path / "x.duckdb"), "ingest",
                          str(tmp_path / "missing.nmea")], capture_output=True, text=True)
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [
        f"wakewatch: error: {tmp_path / 'missing.nmea'}: no such file"]
