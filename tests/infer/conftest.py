"""A small simulated dprk-russia store (6 vessels, 5 days, seed 3), ingested and detected."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from wakewatch.cli.main import cli


@pytest.fixture(scope="session")
def dprk_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("infer-dprk")
    out, db = d / "sim", d / "s.duckdb"
    runner = CliRunner()
    for args in (["simulate", "--scenario", "dprk-russia", "--seed", "3", "--vessels", "6",
                  "--days", "5", "--out", str(out)],
                 ["--db", str(db), "ingest", str(out / "positions.nmea")],
                 ["--db", str(db), "detect", "--format", "jsonl"]):
        res = runner.invoke(cli, args)
        assert res.exit_code == 0, res.output
    return db
