"""The web map in headless Debian chromium against a real ``wakewatch serve``: the alert list
loads ranked by risk, selecting the first alert draws its track (dashed dark segments), its
events and the evidence panel; playback, filters and screening work. A screenshot goes to the
test's tmp dir (and to docs/web-map.png with ``WAKEWATCH_UPDATE_DOCS=1``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def page(web_browser: Any, server: str) -> Iterator[Any]:
    context = web_browser.new_context(viewport={"width": 1400, "height": 850})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    outside: list[str] = []
    pg.on("request", lambda r: None if r.url.startswith((server, "data:"))
          else outside.append(r.url))
    pg.goto(server + "/")
    pg.wait_for_function("document.body.dataset.ready === '1'", timeout=30_000)
    yield pg
    assert errors == [] and outside == []
    context.close()


def test_alert_list_select_track_and_evidence(page: Any, server: str, tmp_path: Path) -> None:
    alerts = httpx.get(f"{server}/api/alerts", timeout=30).json()
    assert page.locator("#map path.land").count() >= 1, "the offline basemap is drawn"
    assert page.locator("#map path.concern-port").count() >= 1
    items = page.locator("#alert-list li")
    assert items.count() == len(alerts) > 0
    assert alerts[0]["name"] in items.first.inner_text()
    items.first.click()
    page.wait_for_function(f"document.body.dataset.selected === '{alerts[0]['mmsi']}'",
                           timeout=30_000)
    assert page.locator("#map path.track-line").count() >= 1
    dark = page.locator("#map path.dark-segment")
    assert dark.count() >= 1 and dark.first.get_attribute("stroke-dasharray") == "9 7"
    assert page.locator("#map path.event-marker").count() >= 1
    panel = page.locator("#evidence")
    assert alerts[0]["narrative"][:60] in panel.inner_text()
    assert panel.locator("table.indicators tr").count() == len(alerts[0]["indicators"]) + 1
    page.wait_for_timeout(500)  # let the map finish its fit animation
    shot = tmp_path / "web-map.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 30_000
    if os.environ.get("WAKEWATCH_UPDATE_DOCS") == "1":
        page.screenshot(path=str(DOCS / "web-map.png"))


def test_playback_and_filters(page: Any) -> None:
    page.locator("#alert-list li").first.click()
    page.wait_for_function("document.body.dataset.selected !== undefined", timeout=30_000)
    page.wait_for_selector("#kind-filters input")
    slider = page.locator("#slider")
    assert int(slider.get_attribute("max") or 0) > 10
    first_time = page.locator("#slider-time").inner_text()
    slider.fill(slider.get_attribute("max") or "0")
    last_time = page.locator("#slider-time").inner_text()
    assert last_time > first_time  # ISO-like text: later sorts later
    markers = page.locator("#map path.event-marker").count()
    gap_box = page.locator("#kind-filters input[value='gap']")
    gaps = page.locator("#map path.kind-gap").count()
    assert gaps >= 1
    gap_box.uncheck()
    assert page.locator("#map path.kind-gap").count() == 0
    assert page.locator("#map path.event-marker").count() == markers - gaps
    gap_box.check()
    page.locator("#until-filter").fill("2000-01-01T00:00")
    page.locator("#until-filter").dispatch_event("change")
    assert page.locator("#map path.event-marker").count() == 0


def test_screening_box(page: Any) -> None:
    page.locator("#screen-q").fill("CHONG CHON GANG")
    page.locator("#screen-form button").click()
    page.wait_for_selector("#evidence table.screen-results tr td", timeout=60_000)
    text = page.locator("#evidence").inner_text()
    assert "CHONG CHON GANG" in text.upper()


def test_list_matches_of_a_screened_vessel(page: Any, server: str) -> None:
    hits = httpx.get(f"{server}/api/events", params={"kind": "sanctions_hit"},
                     timeout=30).json()
    assert hits, "fleet screening of the dprk-russia store hits the OFAC list"
    alerts = httpx.get(f"{server}/api/alerts", timeout=30).json()
    hit = next(h for h in hits if h["mmsi"] in {a["mmsi"] for a in alerts})
    page.locator(f"#alert-list li[data-mmsi='{hit['mmsi']}']").click()
    page.wait_for_function(f"document.body.dataset.selected === '{hit['mmsi']}'",
                           timeout=30_000)
    assert hit["evidence"]["caption"] in page.locator("#evidence ul.hits").inner_text()


def test_encounter_partner_track_and_meeting_point(page: Any, server: str) -> None:
    encounters = httpx.get(f"{server}/api/events", params={"kind": "encounter"},
                           timeout=30).json()
    alerts = httpx.get(f"{server}/api/alerts", timeout=30).json()
    ranked = {a["mmsi"] for a in alerts}
    enc = next((e for e in encounters if e["mmsi"] in ranked or e["other_mmsi"] in ranked),
               None)
    if enc is None:
        pytest.fail("the dprk-russia store has an alerted vessel with an encounter")
    mmsi = enc["mmsi"] if enc["mmsi"] in ranked else enc["other_mmsi"]
    page.locator(f"#alert-list li[data-mmsi='{mmsi}']").click()
    page.wait_for_function(f"document.body.dataset.selected === '{mmsi}'", timeout=30_000)
    assert page.locator("#map path.partner-track").count() >= 1
    assert page.locator("#map path.meeting-point").count() >= 1
