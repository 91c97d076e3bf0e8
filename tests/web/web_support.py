"""Helpers of the web map tests: the ``wakewatch`` CLI, a free loopback port, chromium."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
WAKEWATCH = str(Path(sys.executable).with_name("wakewatch"))
OFAC_2024 = "sanctions/ofac_sdn_2024-05-03.csv.gz"


def wakewatch(*args: str) -> None:
    proc = subprocess.run([WAKEWATCH, *args], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
