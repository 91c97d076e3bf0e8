"""``wakewatch lists`` and ``wakewatch lists load`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wakewatch.cli.main import cli

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real" / "sanctions"
SDN_2024 = REAL / "ofac_sdn_2024-05-03.csv.gz"
XML = REAL / "format-samples" / "ofac_sdn_excerpt.xml"
pytestmark = pytest.mark.skipif(not SDN_2024.exists(), reason="real OFAC files not present")


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "lists", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_empty_store(tmp_path: Path) -> None:
    code, out, err = run(tmp_path / "e.duckdb")
    assert code == 0 and out == "" and "no sanctions lists loaded" in err


def test_load_then_list(tmp_path: Path) -> None:
    db = tmp_path / "l.duckdb"
    code, _, err = run(db, "load", str(SDN_2024))
    assert code == 0 and "14589 entities" in err and "Vessel 851" in err
    code, out, _ = run(db, "--format", "jsonl", "--top", "3")
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["dataset"] == "us_ofac_sdn" and row["published"] == "2024-05-03"
    assert row["schema"]["Vessel"] == 851 and row["imo"] == 852 and row["mmsi"] == 154
    assert list(row["programs"]) == ["RUSSIA-EO14024", "SDGT", "SDNTK"]
    code, out, _ = run(db)
    assert code == 0 and "us_ofac_sdn" in out and "2024-05-03" in out and "Vessel 851" in out


def test_damaged_file_one_line_error(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    run(db, "load", str(XML))
    cut = tmp_path / "sdn.csv.gz"
    cut.write_bytes(SDN_2024.read_bytes()[:50_000])
    code, _, err = run(db, "load", str(cut))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "truncated gzip" in err
    _, out, _ = run(db, "--format", "jsonl")
    assert json.loads(out)["format"] == "ofac_xml"  # the loaded list stayed


def test_missing_file(tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "m.duckdb", "load", str(tmp_path / "nope.csv"))
    assert code == 1 and "no such file" in err
