"""The top dprk-russia report rendered in headless Debian chromium (Playwright): the map
draws a dashed dark segment, the reachability areas and the ports of concern, from the file
alone (network blocked). ``WAKEWATCH_UPDATE_DOCS=1`` also writes docs/report-dprk-russia.png."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from report_support import run_wakewatch

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_report_renders_offline_with_dark_segment_and_reachability(
        report_db: Path, browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    proc = run_wakewatch("--db", str(report_db), "report", "--top", "1", "--out", str(out))
    page_file = Path(proc.stdout.split()[1])
    context = browser.new_context(viewport={"width": 1200, "height": 900}, offline=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    page.wait_for_function("document.body.dataset.mapReady === '1'", timeout=20_000)
    assert errors == []
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
    dark = page.locator("#map path.dark-segment")
    assert dark.count() >= 1
    assert dark.first.get_attribute("stroke-dasharray") == "9 7"
    assert page.locator("#reachmap path.reachability").count() >= 1
    assert page.locator("#map path.concern-port").count() >= 1
    assert page.get_by_text("Najin (Rajin) (KPRJN)").first.is_visible()
    assert page.locator("svg.timeline rect.band-gap").count() >= 1
    shot = tmp_path / "report-dprk-russia.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    if os.environ.get("WAKEWATCH_UPDATE_DOCS") == "1":
        bottom = page.locator("svg.timeline").bounding_box()
        assert bottom is not None
        page.screenshot(path=str(DOCS / "report-dprk-russia.png"), full_page=True,
                        clip={"x": 0, "y": 0, "width": 1200,
                              "height": bottom["y"] + bottom["height"] + 10})
    context.close()


def test_report_prints_to_pdf(report_db: Path, browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    proc = run_wakewatch("--db", str(report_db), "report", "--top", "1", "--pdf",
                         "--out", str(out))
    pdfs = [Path(p) for p in proc.stdout.split() if p.endswith(".pdf")]
    assert len(pdfs) == 1
    head = pdfs[0].read_bytes()
    assert head.startswith(b"%PDF") and len(head) > 20_000
