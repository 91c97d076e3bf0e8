"""Fixtures of the API tests: one small real store per session (dprk-russia, seed 3, 8 days,
simulated → ingested → detected → alerts, plus the real OFAC SDN 2024-05-03 list), built
with the ``wakewatch`` CLI in subprocesses, and an in-process client of ``create_app``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import OFAC_2024, client_for, wakewatch

from wakewatch.api import ApiSettings


@pytest.fixture(scope="session")
def api_db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A store with positions, statics, events, alerts and the OFAC 2024 list."""
    root = tmp_path_factory.mktemp("api")
    db = root / "s3.duckdb"
    sim = root / "s3"
    wakewatch("simulate", "--scenario", "dprk-russia", "--seed", "3", "--days", "8",
              "--out", str(sim))
    wakewatch("--db", str(db), "ingest", str(sim / "positions.csv"))
    wakewatch("--db", str(db), "detect")
    wakewatch("--db", str(db), "lists", "load", str(shared_data / OFAC_2024))
    wakewatch("--db", str(db), "alerts")
    return db


@pytest.fixture(scope="session")
def client(api_db: Path) -> Iterator[Any]:
    """Open reads, no token: the default server."""
    with client_for(ApiSettings(db=api_db, token=None)) as c:
        yield c
