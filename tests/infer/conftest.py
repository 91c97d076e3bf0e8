"""A small simulated dprk-russia store (6 vessels, 5 days, seed 3): ingested, detected,
screened against the bundled OFAC SDN list, with the simulator's declarations loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from wakewatch.cli.main import cli

OFAC = (Path(__file__).resolve().parents[2] / "src" / "wakewatch" / "data" / "lists"
        / "ofac_sdn_2024-05-03.csv.gz")


@pytest.fixture(scope="session")
def dprk_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("infer-dprk")
    out, db = d / "sim", d / "s.duckdb"
    runner = CliRunner()
    for args in (["simulate", "--scenario", "dprk-russia", "--seed", "3", "--vessels", "6",
                  "--days", "5", "--out", str(out)],
                 ["--db", str(db), "ingest", str(out / "positions.nmea")],
                 ["--db", str(db), "detect", "--format", "jsonl"],
                 ["--db", str(db), "lists", "load", str(OFAC)],
                 ["--db", str(db), "screen", "--fleet", "--format", "jsonl"]):
        res = runner.invoke(cli, args)
        assert res.exit_code == 0, res.output
    decl = out / "declarations.csv"
    if decl.exists():
        res = runner.invoke(cli, ["--db", str(db), "declarations", "load", str(decl)])
        assert res.exit_code == 0, res.output
    return db
