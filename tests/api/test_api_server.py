"""One test against a real server: ``wakewatch serve`` on a free loopback port."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import httpx
from api_support import WAKEWATCH


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_wakewatch_serve(api_db: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen([WAKEWATCH, "--db", str(api_db), "serve", "--port", str(port),
                             "--log-level", "warning"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{base}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "server did not come up in 60 s"
                time.sleep(0.2)
        assert health.status_code == 200 and health.json()["database"] == "ok"
        vessels = httpx.get(f"{base}/api/vessels", params={"limit": 5}, timeout=30)
        assert vessels.status_code == 200 and len(vessels.json()) == 5
        events = httpx.get(f"{base}/api/events", params={"kind": "gap"}, timeout=30)
        assert events.status_code == 200 and events.json()
        bad = httpx.get(f"{base}/api/events", params={"bbox": "x"}, timeout=30)
        assert bad.status_code == 400
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_serve_refuses_a_missing_reports_dir(api_db: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from wakewatch.cli.main import cli

    result = CliRunner().invoke(cli, ["--db", str(api_db), "serve", "--reports",
                                      str(tmp_path / "nope")])
    assert result.exit_code == 1 and "--reports" in result.stderr
