"""Static mounts: the web map at ``/`` and reports at ``/reports/`` never shadow the API;
the screening warm-up at start-up."""

from __future__ import annotations

import time
from pathlib import Path

from api_support import client_for

from wakewatch.api import ApiSettings


def test_static_and_reports_mounts(api_db: Path, tmp_path: Path) -> None:
    static, reports = tmp_path / "static", tmp_path / "reports"
    static.mkdir()
    reports.mkdir()
    (static / "index.html").write_text("<html>map</html>")
    (static / "app.js").write_text("console.log(1)")
    (reports / "index.html").write_text("<html>reports</html>")
    settings = ApiSettings(db=api_db, token=None, static_dir=static, reports_dir=reports)
    with client_for(settings) as c:
        assert c.get("/").text == "<html>map</html>"
        assert c.get("/app.js").status_code == 200
        assert c.get("/reports/").text == "<html>reports</html>"
        assert c.get("/api/health").json()["status"] == "ok"  # the API wins over /
        assert c.get("/docs").status_code == 200
        assert c.get("/nothing.js").status_code == 404


def test_no_static_dir(api_db: Path, tmp_path: Path) -> None:
    settings = ApiSettings(db=api_db, token=None, static_dir=tmp_path / "absent")
    with client_for(settings) as c:
        assert c.get("/").status_code == 404
        assert c.get("/api/health").status_code == 200


def test_warm_screening_builds_the_matcher(api_db: Path) -> None:
    with client_for(ApiSettings(db=api_db, token=None, warm_screening=True)) as c:
        cache = c.app.state.matchers
        deadline = time.monotonic() + 120
        while cache._matcher is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert cache._matcher is not None
        r = c.post("/match/default", json={"queries": {"p": {
            "schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}})
        assert r.status_code == 200
