"""The One Map page as people use it, in a real headless Chromium: opacity that works on
vector layers, readable points and clusters, a copy-link button, a language switch that
keeps the view, panels that open, close and fold, and text that grows on big screens."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import assert_clean, signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.db]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screens"


def open_map(page, query: str = "") -> None:
    page.goto(f"{page.base_url}/{query}")
    page.wait_for_selector(".leaflet-container")
    page.wait_for_selector(".layer-tree")


def path_styles(page, colour: str) -> list[dict]:
    return page.eval_on_selector_all(
        f".leaflet-overlay-pane path[fill='{colour}']",
        "els => els.map(e => ({fill: +e.getAttribute('fill-opacity'),"
        " stroke: +e.getAttribute('stroke-opacity'), colour: e.getAttribute('stroke')}))")


def test_opacity_points_clusters_and_labels(page):
    """The lakes' slider restyles the lakes (and only them); station markers are opaque
    with a dark rim; receptors cluster into donuts of their categories; the vector
    basemap carries names."""
    open_map(page, "?layers=lakes,air_stations,receptors,basemap_labels&z=10"
                   "&c=31.7000,117.3500&basemap=vector")
    page.wait_for_selector(".leaflet-overlay-pane path[fill='#4fc3f7']")
    page.wait_for_selector(".onemap-label--lake")
    before = path_styles(page, "#4fc3f7")
    assert {round(s["stroke"], 2) for s in before} == {0.85}

    station = page.locator(".leaflet-overlay-pane path.leaflet-interactive[stroke='#1f2933']")
    station.first.wait_for()
    fill = float(station.first.get_attribute("fill-opacity"))
    assert fill >= 0.8  # class colours at full strength, not washed out

    thumb = page.locator('[id*="lakes"][id*="onemap-opacity"] [role=slider]')
    thumb.focus()
    page.keyboard.press("Home")  # the slider's minimum, 0.1
    page.wait_for_function(
        "() => [...document.querySelectorAll(\".leaflet-overlay-pane path[fill='#4fc3f7']\")]"
        ".every(e => +e.getAttribute('stroke-opacity') < 0.2)")
    after = path_styles(page, "#4fc3f7")
    assert max(s["fill"] for s in after) < min(s["fill"] for s in before)
    assert float(station.first.get_attribute("fill-opacity")) == fill  # others unchanged

    rings = page.locator(".onemap-cluster--classes .onemap-cluster__ring")
    rings.first.wait_for()
    assert "conic-gradient" in rings.first.get_attribute("style")
    labels = page.locator(".onemap-label").all_inner_texts()
    assert "巢湖" in labels and any(name.endswith("区") for name in labels)
    assert_clean(page)


@pytest.mark.parametrize("clipboard_api", [True, False], ids=["clipboard-api", "plain-http"])
def test_copy_link_copies_the_view(browser, live_server, admin_session, clipboard_api):
    """"复制链接" puts the current view's URL on the clipboard and says so; without the
    Clipboard API (plain http) it falls back to a selected text area."""
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": 1600, "height": 900})
    if clipboard_api:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    else:
        context.add_init_script("""
            Object.defineProperty(navigator, 'clipboard', {value: undefined});
            const exec = document.execCommand.bind(document);
            document.execCommand = (cmd, ...rest) => {
                if (cmd === 'copy') { window.__copied = document.activeElement.value; }
                return exec(cmd, ...rest);
            };""")
    page = context.new_page()
    page.goto(f"{live_server}/?layers=water_sections&z=11&c=31.6000,117.5000")
    page.wait_for_selector(".layer-tree")
    # the view-sync callback has written the whole view into the address bar
    page.wait_for_function("() => location.search.includes('basemap=')")
    page.wait_for_timeout(300)
    page.locator("#onemap-share").click()
    page.wait_for_function("() => document.querySelector('#onemap-share-status')"
                           ".innerText.includes('链接已复制')")
    copied = page.evaluate("() => navigator.clipboard.readText()") if clipboard_api \
        else page.evaluate("() => window.__copied")
    assert copied == page.url
    assert parse_qs(urlparse(copied).query)["layers"] == ["water_sections"]
    context.close()


def test_language_switch_keeps_the_view_and_translates(page):
    open_map(page, "?layers=water_sections,risk_sources,farmland_units&basemap=dark&z=11"
                   "&c=31.7000,117.4000&region=basin:chaohu&t=2026-11-20T08:00")
    page.wait_for_function("() => document.title === '合肥市生态环境“一张图”'")
    page.locator("#shell-lang").click()
    page.wait_for_url("**lang=en**")
    page.wait_for_selector(".layer-tree")
    query = parse_qs(urlparse(page.url).query)
    assert set(query["layers"][0].split(",")) == {"water_sections", "risk_sources",
                                                  "farmland_units"}
    assert (query["basemap"], query["z"], query["c"], query["region"], query["t"]) == (
        ["dark"], ["11"], ["31.7000,117.4000"], ["basin:chaohu"], ["2026-11-20T08:00"])
    checked = page.eval_on_selector_all(".layer-toggle input:checked", "els => els.length")
    assert checked == 3
    page.wait_for_function("() => document.title === 'Hefei Eco-Environment One Map'")
    assert page.locator("#shell-title").inner_text() == "Hefei Eco-Environment One Map"
    assert page.locator(".sign-out").inner_text() == "Sign out"
    basemaps = page.locator("#onemap-basemap-select").inner_text()
    assert "Dark relief" in basemaps and "暗色" not in basemaps and "分层设色" not in basemaps
    assert_clean(page)


def test_panels_open_close_fold_and_hint(page):
    """The hint is visible before a click; the feature panel closes; the legend says
    which layer needs a closer zoom; the sidebar folds away and the map takes the room;
    the region result is wide; the time slider's live label is not clipped."""
    open_map(page, "?layers=air_stations,roads&z=8&c=31.8400,117.2400&basemap=vector"
                   "&region=district:340104")
    hint = page.locator("#onemap-feature-hint")
    assert hint.is_visible()
    legend = page.locator(".legend-block--hidden[data-layer='roads']")
    assert "放大到第 9 级以上显示" in legend.inner_text()

    result = page.locator(".region-table")
    result.wait_for()
    assert result.bounding_box()["width"] >= 480

    sidebar = page.locator("#onemap-sidebar").bounding_box()
    live = page.locator(".time-slider .dash-slider-mark", has_text="实时回放").bounding_box()
    assert live["x"] + live["width"] <= sidebar["x"] + sidebar["width"]

    page.evaluate("() => window.scrollTo(0, 0)")
    page.mouse.wheel(0, 0)
    for zoom in (9, 10, 11):  # one step at a time: a click during a zoom animation is lost
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_function(f"() => location.search.includes('z={zoom}')")
    page.wait_for_function("() => !document.querySelector('.legend-block--hidden')")
    page.wait_for_load_state("networkidle")  # the layers have reloaded for the last zoom

    marker = page.locator(".leaflet-overlay-pane path.leaflet-interactive[stroke='#1f2933']")
    marker.first.dispatch_event("click")  # that marker, even if a label overlaps it
    panel = page.locator("#onemap-feature-panel")
    panel.locator(".record-table").wait_for()
    assert not hint.is_visible()
    page.locator("#onemap-feature-close").click()
    page.wait_for_function(
        "() => document.querySelector('#onemap-feature-panel').offsetWidth < 2")
    assert hint.is_visible()

    map_width = page.locator(".leaflet-container").bounding_box()["width"]
    page.locator("#onemap-sidebar-toggle").click()
    page.wait_for_function(
        "() => document.querySelector('#onemap-sidebar').offsetWidth < 2")
    page.wait_for_timeout(400)
    assert page.locator(".leaflet-container").bounding_box()["width"] > map_width + 200
    assert_clean(page)


@pytest.mark.parametrize(("width", "height", "root_px"), [
    (1366, 768, 14), (1920, 1080, 16), (3840, 2160, 24)], ids=["1366", "1920", "4k"])
def test_text_scales_with_the_screen(browser, live_server, admin_session, width, height,
                                     root_px):
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{live_server}/?layers=air_stations,water_sections,basemap_labels,"
              "admin_districts,lakes&z=10&c=31.7000,117.3500&basemap=vector")
    page.wait_for_selector(".layer-tree")
    page.wait_for_selector(".onemap-label")
    sizes = page.evaluate("""() => ({
        root: parseFloat(getComputedStyle(document.documentElement).fontSize),
        title: parseFloat(getComputedStyle(document.querySelector('#shell-title')).fontSize),
        sidebar: document.querySelector('#onemap-sidebar').offsetWidth,
        label: parseFloat(getComputedStyle(document.querySelector('.onemap-label span'))
            .fontSize)})""")
    assert sizes["root"] == pytest.approx(root_px, abs=0.6)
    assert sizes["title"] == pytest.approx(root_px * 1.125, abs=1)
    assert sizes["label"] >= 0.75 * root_px - 0.5
    assert sizes["sidebar"] == pytest.approx(21 * sizes["root"], abs=2)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SHOTS / f"onemap-{width}x{height}.png"))
    context.close()
