"""Fixtures of the API tests: one small real store per session (dprk-russia, seed 3, 8 days,
simulated → ingested → detected → alerts, plus the real OFAC SDN 2024-05-03 list), built
with the ``wakewatch`` CLI in subprocesses, and in-process clients of ``create_app``."""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wakewatch.api import ApiSettings, create_app

with warnings.catch_warnings():  # starlette's TestClient warns that httpx is deprecated
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

OFAC_2024 = "sanctions/ofac_sdn_2024-05-03.csv.gz"
TOKEN = "test-token-0123456789"
WAKEWATCH = str(Path(sys.executable).with_name("wakewatch"))


def wakewatch(*args: str) -> None:
    """Run the CLI in a subprocess (the store is built the way a user builds it)."""
    done = subprocess.run([WAKEWATCH, *args],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"wakewatch {' '.join(args)} failed: {done.stderr[-2000:]}")


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


def client_for(settings: ApiSettings) -> Any:
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.fixture(scope="session")
def client(api_db: Path) -> Iterator[Any]:
    """Open reads, no token: the default server."""
    with client_for(ApiSettings(db=api_db, token=None)) as c:
        yield c
