"""Fixtures of the report tests: one small store per session (dprk-russia, seed 3, 8 days:
simulated → ingested → detected, the real OFAC SDN 2024-05-03 list, fleet screening,
alerts), built with the ``wakewatch`` CLI in subprocesses,
and a headless Debian chromium driven by Playwright (skipped only when it is missing)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from live_support import chromium
from shared_stores import copy_store


@pytest.fixture(scope="session")
def report_db(tmp_path_factory: pytest.TempPathFactory, dprk_s3_db: Path) -> Path:
    """A store with positions, statics, events, the real OFAC SDN 2024-05-03 list, fleet
    screening hits and alerts of the dprk-russia scenario (a copy of the session's one)."""
    return copy_store(dprk_s3_db, tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless chromium for one test module (one Playwright instance at a time)."""
    with chromium() as b:
        yield b
