"""Fixtures of the web map tests: a small demo-like store (dprk-russia, seed 3, 8 days:
simulated → ingested → detected → alerts, plus the real OFAC SDN 2024-05-03 list and fleet
screening), a REAL
``wakewatch serve`` subprocess on a free loopback port, and headless Debian chromium driven
by Playwright (skipped only when /usr/bin/chromium is missing)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_support import CHROMIUM, CHROMIUM_ARGS, WAKEWATCH, free_port

from shared_stores import copy_store


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, dprk_s3_db: Path) -> Path:
    """A copy of the session's analysed dprk-russia store (tests/conftest.py)."""
    return copy_store(dprk_s3_db, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def server(web_db: Path) -> Iterator[str]:
    """Base URL of a real ``wakewatch serve`` on 127.0.0.1 (stopped after the session)."""
    port = free_port()
    proc = subprocess.Popen([WAKEWATCH, "--db", str(web_db), "serve", "--port", str(port),
                             "--log-level", "warning"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "server did not come up in 60 s"
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


@pytest.fixture(scope="module")
def web_browser() -> Iterator[Any]:
    """Headless chromium for one test module (one Playwright instance at a time)."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (install it with scripts/system-deps.sh)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
