"""The scenario page in Chromium: a scenario runs (a background job on the diskcache
manager when the matrix must be built, in the request when it is cached), shows its delta
map and table, the swipe divider clips the scenario
layer, and a saved scenario reopens identical."""

from __future__ import annotations

import uuid

import pytest

from tests.browser.conftest import assert_clean

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]

TILE_LOADED = ("(sel) => Array.from(document.querySelectorAll(sel)).some("
               "i => i.complete && i.naturalWidth === 256)")


def test_a_scenario_runs_compares_and_reopens(page):
    page.goto(page.base_url + "/scenario?lang=en", wait_until="networkidle")
    page.wait_for_selector("#sc-map.leaflet-container, #sc-map .leaflet-container")
    name = f"browser-{uuid.uuid4().hex[:6]}"
    page.fill("#sc-name", name)
    page.click("#sc-add-cut")  # the default: a district, PM2.5, −30 %
    page.wait_for_selector("#sc-cut-list li")
    page.click("#sc-run")
    page.wait_for_selector("#sc-stations-table tbody tr", timeout=180_000)
    page.wait_for_function(f"() => document.querySelector('.sc-saved-item.sc-current b')"
                           f"?.textContent.includes('{name}')", timeout=30_000)

    # the table: every station, and the cut lowers PM2.5 somewhere
    rows = page.locator("#sc-stations-table tbody tr")
    assert rows.count() == 10
    assert page.locator("#sc-stations-table td.sc-down").count() >= 1
    assert page.locator("#sc-stations-table td.sc-up").count() == 0

    # swipe: baseline left, scenario right, the divider clips the scenario pane
    page.wait_for_function(TILE_LOADED, arg=".leaflet-sc-right-pane img[src*='/scenario/']",
                           timeout=30_000)
    page.wait_for_function(TILE_LOADED, arg=".leaflet-sc-left-pane img[src*='/baseline/']",
                           timeout=30_000)
    box = page.locator("#sc-map").bounding_box()
    right = page.locator(".leaflet-sc-right-pane")
    page.wait_for_function("() => document.querySelector('.leaflet-sc-right-pane')"
                           ".dataset.clipLeft !== undefined")
    before = int(right.get_attribute("data-clip-left"))
    assert abs(before - box["width"] / 2) < 3
    handle = page.locator(".sc-swipe-handle").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.25, handle["y"] + 5, steps=8)
    page.mouse.up()
    page.wait_for_function(
        f"() => Math.abs(Number(document.querySelector('.leaflet-sc-right-pane')"
        f".dataset.clipLeft) - {box['width'] * 0.25}) < 4", timeout=5_000)
    clip = right.evaluate("e => e.style.clip")
    assert clip.startswith("rect(")
    left_clip = page.locator(".leaflet-sc-left-pane").evaluate("e => e.style.clip")
    assert left_clip.split(",")[1].strip() == clip.split(",")[3].strip(" )")  # they meet
    # the divider stays put while the map pans (the clip follows the map pane)
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5, steps=5)
    page.mouse.up()
    page.wait_for_timeout(300)
    assert abs(int(right.get_attribute("data-clip-left")) - box["width"] * 0.25) < 4
    assert right.evaluate("e => e.style.clip") != clip

    # the delta view: one diverging layer over the whole map, with its legend
    page.click("#sc-view input[value='delta']")
    page.wait_for_function(TILE_LOADED, arg=".leaflet-sc-left-pane img[src*='/delta/']",
                           timeout=30_000)
    assert page.locator(".sc-legend-delta").is_visible()
    assert page.locator("#sc-swipe").get_attribute("class").endswith("sc-hidden")

    # a saved scenario reopens identical (a deep link, as a briefing would cite it)
    table = page.inner_text("#sc-stations-table")
    provenance = page.inner_text("#sc-provenance-card")
    sid = page.get_attribute(".sc-saved-item.sc-current", "data-id")
    page.goto(f"{page.base_url}/scenario?lang=en&id={sid}", wait_until="networkidle")
    page.wait_for_selector("#sc-stations-table tbody tr", timeout=30_000)
    assert page.inner_text("#sc-stations-table") == table
    assert page.inner_text("#sc-provenance-card") == provenance
    assert page.locator(f".sc-saved-item.sc-current[data-id='{sid}']").count() == 1
    assert_clean(page)
