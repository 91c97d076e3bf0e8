"""Shared fixtures: the real data slices in ../shared/data/real and scratch stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from wakewatch.store.db import Store

# Speed is measured in benchmarks/, never asserted in tests: no per-example deadline (a
# loaded 2-core CI machine would otherwise fail property tests at random).
settings.register_profile("wakewatch", deadline=None)
settings.load_profile("wakewatch")

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``/work/shared/data/real`` (the shared real data, see its SOURCES.md)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def ais_nmea_dir(shared_data: Path) -> Path:
    return shared_data / "ais-nmea"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh on-disk store in the test's tmp directory."""
    s = Store.open(tmp_path / "t.duckdb")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def dprk_s3_db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """One small analysed store, built once per session with the ``wakewatch`` CLI in
    subprocesses (as a user would): dprk-russia seed 3 over 8 days simulated → NMEA ingested
    → detected → the real OFAC SDN 2024-05-03 list loaded → fleet screened → alerts. Suites
    that write copy it first (``shared_stores.copy_store``)."""
    import subprocess
    import sys

    exe = str(Path(sys.executable).with_name("wakewatch"))
    root = tmp_path_factory.mktemp("dprk_s3")
    db, sim = root / "s3.duckdb", root / "s3"
    for args in (["simulate", "--scenario", "dprk-russia", "--seed", "3", "--days", "8",
                  "--out", str(sim)],
                 ["--db", str(db), "ingest", str(sim / "positions.nmea")],
                 ["--db", str(db), "detect"],
                 ["--db", str(db), "lists", "load",
                  str(shared_data / "sanctions" / "ofac_sdn_2024-05-03.csv.gz")],
                 ["--db", str(db), "screen", "--fleet"],
                 ["--db", str(db), "alerts"]):
        proc = subprocess.run([exe, *args], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, (args, proc.stderr[-2000:])
    return db

