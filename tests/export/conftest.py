"""Fixtures of the export tests: a small real store (dprk-russia seed 3, 4 days, simulated →
ingested → detected → alerts, plus the real OFAC SDN 2024-05-03 list), built once per
session with the ``wakewatch`` CLI in subprocesses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

WAKEWATCH = str(Path(sys.executable).with_name("wakewatch"))


def _run(*args: str) -> None:
    done = subprocess.run([WAKEWATCH, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"wakewatch {' '.join(args)} failed: {done.stderr[-2000:]}")


@pytest.fixture(scope="session")
def export_db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    root = tmp_path_factory.mktemp("export")
    db, sim = root / "x.duckdb", root / "sim"
    _run("simulate", "--scenario", "dprk-russia", "--seed", "3", "--days", "4",
         "--out", str(sim))
    _run("--db", str(db), "ingest", str(sim / "positions.csv"))
    _run("--db", str(db), "detect")
    _run("--db", str(db), "lists", "load",
         str(shared_data / "sanctions" / "ofac_sdn_2024-05-03.csv.gz"))
    _run("--db", str(db), "alerts")
    return db
