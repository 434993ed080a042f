"""The water tab in Chromium: a load cut colours the sections by GB 3838 class before and
after on two maps, with the rivers and the cut outfalls ringed; and /scenario and /forecast
with the database stopped say so plainly (the test stops and restarts this session's own
PostgreSQL cluster).

Set ``ONEMAP_SCREENSHOTS=DIR`` to keep ``scenario-water-zh.png``.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]


def test_a_water_cut_shows_classes_before_and_after_on_maps(page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(page.base_url + "/scenario?lang=zh", wait_until="networkidle")
    page.click("#sc-tabs >> text=水污染负荷削减情景")
    page.wait_for_selector("#sc-w-map-before.leaflet-container, #sc-w-map-before "
                           ".leaflet-container")
    name = f"water-map-{uuid.uuid4().hex[:6]}"
    page.fill("#sc-w-name", name)
    # the default selection: outfalls on the first river; cut TP by 50 %
    page.click("#sc-w-add-cut")
    page.wait_for_selector("#sc-w-cut-list li")
    page.click("#sc-w-run")
    page.wait_for_selector("#sc-w-sections tbody tr", timeout=60_000)
    expect(page.locator("#sc-w-map-note")).to_contain_text(name, timeout=30_000)
    before = page.locator("#sc-w-map-before path.sc-w-section")
    after = page.locator("#sc-w-map-after path.sc-w-section")
    expect(before.first).to_be_attached(timeout=20_000)
    assert before.count() == after.count() > 0
    # every section is coloured by a class on both sides
    assert page.locator("#sc-w-map-before path.sc-w-class-0").count() == 0
    assert page.locator("#sc-w-map-after path.sc-w-class-0").count() == 0
    # the cut outfalls are ringed on both maps, the rivers drawn
    assert page.locator("#sc-w-map-after path.sc-w-outfall-cut").count() >= 1
    assert page.locator("#sc-w-map-after path.leaflet-interactive").count() > before.count()
    expect(page.locator(".sc-w-legend")).to_contain_text("示例数据")
    expect(page.locator("#sc-w-map-note")).to_contain_text("示例数据")
    # the map has a size (laid out while its tab was hidden)
    assert page.locator("#sc-w-map-before").bounding_box()["width"] > 300
    if os.environ.get("ONEMAP_SCREENSHOTS"):
        out = Path(os.environ["ONEMAP_SCREENSHOTS"])
        out.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out / "scenario-water-zh.png"), full_page=True)
    assert_clean(page)


@pytest.mark.parametrize("path", ["/scenario", "/forecast"])
def test_with_the_database_stopped_the_page_says_so(page, session_cluster, path):
    session_cluster.stop()
    try:
        response = page.goto(page.base_url + path + "?lang=zh", wait_until="networkidle")
        body = page.inner_text("body")
        assert response is not None
        assert "数据库" in body or "数据服务" in body or "database" in body.lower(), body[:500]
        assert "Traceback" not in body and "Internal Server Error" not in body
    finally:
        session_cluster.start()
