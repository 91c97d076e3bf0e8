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
