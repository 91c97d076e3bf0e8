"""Helpers of the API tests (a module with a unique name: ``conftest`` is not importable
reliably when several test directories have one)."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

from wakewatch.api import ApiSettings, create_app

with warnings.catch_warnings():  # starlette's TestClient warns that httpx is deprecated
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

OFAC_2024 = "sanctions/ofac_sdn_2024-05-03.csv.gz"
TOKEN = "test-token-0123456789"
WAKEWATCH = str(Path(sys.executable).with_name("wakewatch"))


def wakewatch(*args: str) -> None:
    """Run the CLI in a subprocess (the store is built the way a user builds it)."""
    done = subprocess.run([WAKEWATCH, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"wakewatch {' '.join(args)} failed: {done.stderr[-2000:]}")


def client_for(settings: ApiSettings) -> Any:
    return TestClient(create_app(settings), raise_server_exceptions=False)
