"""Helpers of the report tests: the ``wakewatch`` CLI in a subprocess, chromium's path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
OFAC_2024 = "sanctions/ofac_sdn_2024-05-03.csv.gz"
WAKEWATCH = [str(Path(sys.executable).with_name("wakewatch"))]


def run_wakewatch(*args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*WAKEWATCH, *args], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc
