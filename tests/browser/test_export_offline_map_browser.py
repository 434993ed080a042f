""""导出离线地图 / Export offline map" on the One Map page: the link follows the view, the
file it downloads opens in Chromium with no network and draws the layers.

Set ``ONEMAP_SCREENSHOTS=DIR`` to keep the opened file (``export-offline-map.png``).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import assert_clean

pytestmark = [pytest.mark.browser, pytest.mark.db]


def test_export_link_downloads_a_map_that_opens_offline(page, tmp_path):
    page.goto(f"{page.base_url}/?layers=admin_districts,lakes,air_stations&z=10"
              "&c=31.8000,117.2500&basemap=vector")
    page.wait_for_selector(".leaflet-container")
    link = page.locator("#onemap-export-link")
    link.wait_for()
    assert link.inner_text() == "导出离线地图"
    page.wait_for_function(
        "() => document.querySelector('#onemap-export-link').href.includes('bbox=')")
    query = parse_qs(urlparse(link.get_attribute("href")).query)
    assert set(query["layers"][0].split(",")) == {"admin_districts", "lakes", "air_stations"}
    west, south, east, north = (float(v) for v in query["bbox"][0].split(","))
    assert west < 117.25 < east and south < 31.8 < north
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / "export.html"
    info.value.save_as(saved)
    assert_clean(page)

    offline = page.context.browser.new_context(offline=True,
                                               viewport={"width": 1600, "height": 900})
    try:
        view = offline.new_page()
        remote: list[str] = []
        errors: list[str] = []
        view.on("request", lambda r: r.url.startswith("file:") or remote.append(r.url))
        view.on("console", lambda m: m.type == "error" and errors.append(m.text))
        view.on("pageerror", lambda exc: errors.append(str(exc)))
        view.goto(saved.as_uri())
        view.wait_for_selector(".leaflet-overlay-pane path")
        view.wait_for_timeout(500)
        assert remote == [] and errors == []
        assert view.locator(".ox-legend").inner_text().count("区县界") >= 1
        assert view.locator(".leaflet-overlay-pane path").count() > 9  # districts, lakes, …
        if os.environ.get("ONEMAP_SCREENSHOTS"):
            view.screenshot(path=str(Path(os.environ["ONEMAP_SCREENSHOTS"])
                                     / "export-offline-map.png"))
    finally:
        offline.close()
