"""One test against a real server: ``wakewatch serve`` on a free loopback port."""

from __future__ import annotations

from pathlib import Path

import httpx

from live_support import wakewatch_serve


def test_wakewatch_serve(api_db: Path) -> None:
    with wakewatch_serve(api_db) as base:
        health = httpx.get(f"{base}/api/health", timeout=2)
        assert health.status_code == 200 and health.json()["database"] == "ok"
        vessels = httpx.get(f"{base}/api/vessels", params={"limit": 5}, timeout=30)
        assert vessels.status_code == 200 and len(vessels.json()) == 5
        events = httpx.get(f"{base}/api/events", params={"kind": "gap"}, timeout=30)
        assert events.status_code == 200 and events.json()
        bad = httpx.get(f"{base}/api/events", params={"bbox": "x"}, timeout=30)
        assert bad.status_code == 400
