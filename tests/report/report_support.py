"""Helpers of the report tests: the ``wakewatch`` CLI in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

WAKEWATCH = [str(Path(sys.executable).with_name("wakewatch"))]


def run_wakewatch(*args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*WAKEWATCH, *args], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc
