"""The emergency page in a real headless Chromium: record an incident from the map, see
its zones, receptors and routes, change the weather and watch the zones move."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean

pytestmark = [pytest.mark.browser, pytest.mark.db]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _zones(page, incident_id: int):
    def match(response) -> bool:
        return f"/api/incidents/{incident_id}/zones" in response.url
    return match


def test_record_an_incident_from_the_map_and_change_the_weather(page):
    page.goto(f"{page.base_url}/emergency")
    page.wait_for_selector(".emergency .leaflet-container")
    page.click("#em-new")
    page.wait_for_selector("#em-dialog:not(.em-hidden)")
    box = page.locator("#em-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.45)
    expect(page.locator("#em-f-lon")).not_to_have_value("")
    page.click("#em-f-substance")
    page.fill(".dash-dropdown-search", "7782")
    page.click(".dash-dropdown-option:has-text('7782-50-5')")
    page.fill("#em-f-mass", "2000")
    page.fill("#em-f-wind", "2.5")
    page.fill("#em-f-from", "45")
    page.fill("#em-f-desc", "液氯储罐泄漏")
    with page.expect_response(lambda r: "/zones" in r.url and r.status == 200) as first:
        page.click("#em-create")
    incident_id = int(first.value.url.split("/api/incidents/")[1].split("/")[0])
    fc = first.value.json()
    assert {f["properties"]["kind"] for f in fc["features"]} >= {"zone", "wedge", "source"}
    page.wait_for_selector(".emergency .em-item--selected .em-badge")
    page.wait_for_selector(".emergency .em-countdown")
    page.wait_for_selector("#em-receptor-table table, #em-receptor-table .dash-spreadsheet")
    page.wait_for_selector(".emergency .leaflet-overlay-pane path.leaflet-interactive")
    zones_before = page.locator(".emergency .leaflet-overlay-pane path").count()
    assert zones_before >= 3
    page.wait_for_timeout(1000)
    if os.environ.get("ONEMAP_SCREENSHOTS"):  # refresh the README's screenshot on request
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "emergency-air.png"))
    # a weather change: new zones are fetched (the URL carries the new version)
    page.fill("#em-p-from", "225")
    with page.expect_response(_zones(page, incident_id)) as moved:
        page.click("#em-apply")
    assert "v=2" in moved.value.url
    page.wait_for_selector(".emergency .notice")
    assert "修改" in page.locator("#em-timeline").inner_text()  # the "changed" entry
    assert_clean(page)
