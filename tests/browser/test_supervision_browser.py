"""The supervision layers in a real Chromium: the noise theme in the tree, a layer of each
system drawn with its legend. ``ONEMAP_SCREENSHOTS=1`` refreshes
docs/screenshots/supervision-*.png (tests/browser holds every real-browser test: one
Chromium per test worker)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import assert_clean, signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.db]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWS = {
    "noise": ("noise_zones,noise_stations", "声环境", "Noise"),
    "waste": ("hw_manifests,hw_facilities", "执法", "Enforcement"),
    "radiation": ("radiation_source_users,gamma_stations", "应急", "Emergency"),
    "carbon": ("co2_districts,co2_key_units", "大气", "Air"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_supervision_layers_draw_with_their_legend(browser, live_server, admin_session, view,
                                                  lang):
    layers, theme_zh, theme_en = VIEWS[view]
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": 1920, "height": 1080},
                                locale="zh-CN" if lang == "zh" else "en-GB")
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.external_requests = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    first = layers.split(",")[0]
    with page.expect_response(lambda r: f"/ogc/collections/{first}/items" in r.url
                              and "limit=0" not in r.url) as response:
        page.goto(f"{live_server}/?layers={layers}&z=10&lang={lang}&t=2026-10-22T15:00")
    assert response.value.status == 200 and response.value.json()["numberReturned"] > 0
    page.wait_for_selector(".layer-tree")
    assert (theme_zh if lang == "zh" else theme_en) in page.locator(".layer-tree").inner_text()
    page.wait_for_function("() => document.querySelector('.onemap-legend').innerText.length > 0")
    page.wait_for_timeout(1500)
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() > 0
    if os.environ.get("ONEMAP_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"supervision-{view}-{lang}.png"))
    assert_clean(page)
    context.close()
