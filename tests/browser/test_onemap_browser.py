"""The One Map page in a real headless Chromium: what only a browser shows."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import text

from tests.browser.conftest import assert_clean, signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.db]

THEME_LAYERS = {  # one layer per theme, off by default
    "air": "air_stations", "water": "sewage_outfalls", "soil": "soil_enterprises",
    "redline": "change_patches", "enforcement": "complaints", "emergency": "resource_depots",
}


def items_response(layer_id: str):
    def match(response) -> bool:
        url = response.url
        return f"/ogc/collections/{layer_id}/items" in url and "limit=0" not in url
    return match


def open_map(page, query: str = "") -> None:
    page.goto(f"{page.base_url}/{query}")
    page.wait_for_selector(".leaflet-container")
    page.wait_for_selector(".layer-tree")


def test_map_opens_with_default_layers_and_offline_basemap(page):
    with page.expect_response(items_response("air_stations")) as response:
        open_map(page)
    payload = response.value.json()
    assert payload["numberReturned"] == 10  # the 10 national stations
    page.wait_for_selector(".leaflet-tile-loaded")
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() >= 10
    page.wait_for_timeout(1000)
    assert_clean(page)


def test_switch_basemap_to_dark(page):
    open_map(page)
    page.locator('#onemap-basemap-select input[value="dark"]').check()
    page.wait_for_selector('.leaflet-tile-pane img[src*="/tiles/dark/"]')
    page.wait_for_selector("#onemap-page.onemap--dark")  # the panels follow the basemap
    page.wait_for_timeout(1000)
    assert "basemap=dark" in page.url
    assert_clean(page)


@pytest.mark.parametrize(("theme", "layer_id"), list(THEME_LAYERS.items()), ids=list(THEME_LAYERS))
def test_toggle_one_layer_of_each_theme(page, theme, layer_id):
    query = "?layers=&z=9" if layer_id == "air_stations" else "?z=9"
    open_map(page, query)
    with page.expect_response(items_response(layer_id)) as response:
        page.locator(f".layer-toggle--{layer_id} input").check()
    assert response.value.status == 200
    assert response.value.json()["numberReturned"] > 0
    page.wait_for_function(
        "id => document.querySelector('.onemap-legend').innerText.length > 0", arg=layer_id)
    # The view-sync callback writes the URL after the layer request: wait for that state.
    page.wait_for_function(
        "id => (new URLSearchParams(location.search).get('layers') || '')"
        ".split(',').includes(id)", arg=layer_id)
    assert layer_id in parse_qs(urlparse(page.url).query)["layers"][0].split(",")
    assert_clean(page)


def test_click_a_station_opens_its_record(page):
    with page.expect_response(items_response("air_stations")):
        open_map(page, "?layers=air_stations&z=11&c=31.84,117.24&basemap=vector")
    marker = page.locator(".leaflet-overlay-pane path.leaflet-interactive").first
    marker.wait_for()
    marker.click(force=True)
    panel = page.locator("#onemap-feature-panel")
    panel.locator(".record-table").wait_for()
    names = {"明珠广场", "三里街", "琥珀山庄", "董铺水库", "长江中路", "庐阳区", "瑶海区",
             "包河区", "滨湖新区", "高新区"}
    assert panel.locator(".feature-panel__name").inner_text() in names
    assert "AQI" in panel.inner_text()
    assert_clean(page)


def test_click_a_pollution_source_shows_its_one_source_file(page):
    with page.expect_response(items_response("pollution_sources")):
        open_map(page, "?layers=pollution_sources&z=16&c=31.81,117.52&basemap=vector")
    page.wait_for_timeout(500)
    markers = page.locator(".leaflet-overlay-pane path.leaflet-interactive")
    if markers.count() == 0:
        pytest.fail("no unclustered pollution source in view at zoom 16 near the chemical park")
    markers.first.click(force=True)
    panel = page.locator("#onemap-feature-panel")
    panel.locator(".source-file").wait_for()
    text_ = panel.inner_text()
    for heading in ("一源一档", "排污许可", "在线监测", "执法检查", "信访投诉"):
        assert heading in text_
    assert_clean(page)


SETTLED_TABLE = """n => {
    const cells = [...document.querySelectorAll('.region-table td[data-layer]')];
    return cells.length === n && cells.every(c => c.innerText.trim() !== '');
}"""


def test_region_query_counts_match_the_database(page, app_engine):
    open_map(page, "?layers=air_stations,pollution_sources,receptors&region=district:340104")
    page.wait_for_function(SETTLED_TABLE, arg=3)  # a shared URL shows its region at once
    page.locator("#onemap-region-clear").click()
    page.wait_for_function("() => !document.querySelector('.region-table')")
    page.locator("#onemap-region-run").click()
    table = page.locator(".region-table")
    page.wait_for_function(SETTLED_TABLE, arg=3)
    shown = {cell.get_attribute("data-layer"): int(cell.inner_text().replace(",", ""))
             for cell in table.locator("td[data-layer]").all()}
    with app_engine.connect() as conn:
        region = conn.execute(text("SELECT geom FROM admin_districts WHERE adcode='340104'"))
        assert region.one()
        expected = {table_name: conn.execute(text(
            f"SELECT count(*) FROM {table_name} t, admin_districts d WHERE d.adcode='340104' "
            f"AND ST_Intersects(t.geom, d.geom)")).scalar_one()
            for table_name in ("air_stations", "pollution_sources", "receptors")}
    assert shown == expected
    assert expected["pollution_sources"] > 0
    page.wait_for_selector(".leaflet-overlay-pane path[stroke='#ff3d00']")
    assert_clean(page)


def test_shared_url_reloads_the_same_view(page, browser, admin_session):
    open_map(page, "?layers=water_sections,redline_areas&z=10&c=31.6000,117.5000"
                   "&basemap=dem-hillshade&region=basin:chaohu")
    page.locator(".layer-toggle--risk_sources input").check()
    page.wait_for_function("() => location.search.includes('risk_sources')")
    shared = page.url
    colleague = signed_in_context(browser, page.base_url, admin_session)  # another browser
    other = colleague.new_page()
    other.goto(shared)
    other.wait_for_selector(".layer-tree")

    def state(p):
        checked = p.eval_on_selector_all(
            ".layer-toggle input:checked", "els => els.map(e => e.value).sort()")
        basemap = p.eval_on_selector("#onemap-basemap-select input:checked", "e => e.value")
        return checked, basemap

    assert state(other) == state(page)
    query = parse_qs(urlparse(shared).query)
    assert not {"token", "session", "onemap_session"} & set(query)  # never credentials
    assert admin_session not in shared
    assert query["z"] == ["10"] and query["region"] == ["basin:chaohu"]
    assert set(query["layers"][0].split(",")) == {"water_sections", "redline_areas",
                                                   "risk_sources"}
    colleague.close()
    assert_clean(page)


def test_malformed_url_shows_a_notice_not_a_crash(page):
    open_map(page, "?layers=nope&z=99&c=abc")
    notice = page.locator(".notice")
    notice.first.wait_for()
    text_ = notice.first.inner_text()
    assert "nope" in text_ and "99" in text_
    assert page.locator(".leaflet-container").count() == 1
    assert_clean(page)


def test_collections_json_is_readable_from_the_browser(page):
    page.goto(f"{page.base_url}/ogc/collections")
    doc = json.loads(page.inner_text("body"))
    assert {c["theme"] for c in doc["collections"]} >= set(THEME_LAYERS)


def test_draw_a_polygon_and_query_it(page):
    open_map(page, "?layers=pollution_sources,receptors&z=11&c=31.8200,117.2800&basemap=vector")
    page.locator(".leaflet-draw-draw-rectangle").click()
    box = page.locator(".leaflet-container").bounding_box()
    x0, y0 = box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.35
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x0 + 200, y0 + 150, steps=8)
    page.mouse.up()
    page.wait_for_function("() => document.querySelector('#onemap-region-select')"
                           ".innerText.includes('绘制的多边形')")
    page.locator("#onemap-region-run").click()
    table = page.locator(".region-table")
    page.wait_for_function(SETTLED_TABLE, arg=2)
    counts = {cell.get_attribute("data-layer"): int(cell.inner_text().replace(",", ""))
              for cell in table.locator("td[data-layer]").all()}
    assert set(counts) == {"pollution_sources", "receptors"}
    assert counts["pollution_sources"] > 0  # central Hefei is dense with sources
    page.wait_for_function("() => location.search.includes('region=polygon')")
    assert_clean(page)


def test_aqi_surface_overlay_follows_the_toggle_and_time(page):
    open_map(page, "?layers=air_stations&z=10&c=31.8000,117.2500&basemap=vector")
    with page.expect_response(lambda r: "/tiles/surfaces/aqi/" in r.url) as tile:
        page.locator(".layer-toggle--aqi_surface input").check()
    assert tile.value.status == 200
    assert tile.value.headers["content-type"] == "image/png"
    assert "time=" in tile.value.url
    page.wait_for_function("() => location.search.includes('aqi_surface')")
    legend_text = page.locator(".onemap-legend").inner_text()
    assert "空气质量指数插值面" in legend_text
    assert_clean(page)
