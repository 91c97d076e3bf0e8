"""Fixtures of the web map tests: a small demo-like store (dprk-russia, seed 3, 8 days:
simulated → ingested → detected → alerts, plus the real OFAC SDN 2024-05-03 list and fleet
screening), a REAL
``wakewatch serve`` subprocess on a free loopback port, and headless Debian chromium driven
by Playwright (skipped only when /usr/bin/chromium is missing)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from live_support import chromium, wakewatch_serve
from shared_stores import copy_store


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, dprk_s3_db: Path) -> Path:
    """A copy of the session's analysed dprk-russia store (tests/conftest.py)."""
    return copy_store(dprk_s3_db, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def server(web_db: Path) -> Iterator[str]:
    """Base URL of a real ``wakewatch serve`` on 127.0.0.1 (stopped after the session)."""
    with wakewatch_serve(web_db) as base:
        yield base


@pytest.fixture(scope="module")
def web_browser() -> Iterator[Any]:
    """Headless chromium for one test module (one Playwright instance at a time)."""
    with chromium() as b:
        yield b
