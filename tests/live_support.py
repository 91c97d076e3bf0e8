"""What the browser and live-server tests share: Debian's chromium driven by Playwright, a
free loopback port, and a real ``wakewatch serve`` subprocess that is up when yielded."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
WAKEWATCH = str(Path(sys.executable).with_name("wakewatch"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Debian chromium (skips the test only when it is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (install it with scripts/system-deps.sh)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextmanager
def wakewatch_serve(db: Path, *extra: str, timeout_s: float = 60.0) -> Iterator[str]:
    """Base URL of a real ``wakewatch serve`` on 127.0.0.1 once /api/health answers 200;
    the server is stopped on exit."""
    port = free_port()
    proc = subprocess.Popen([WAKEWATCH, "--db", str(db), "serve", "--port", str(port),
                             "--log-level", "warning", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, f"server did not come up in {timeout_s:.0f} s"
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
