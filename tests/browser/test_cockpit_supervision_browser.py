"""The cockpit's optional supervision panels (无废城市, 声环境, 辐射, 碳达峰) on wall-sized
screens: a scheme screen that names them shows them, readable at 4K, nothing cut off.

Set ``ONEMAP_SCREENSHOTS=DIR`` to keep a screenshot per size and language
(``cockpit-supervision-WxH-LANG.png``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.browser.conftest import assert_clean
from tests.browser.test_cockpit_browser import (
    MEASURE,
    MIN_HEADLINE_4K,
    MIN_TEXT_4K,
    open_wall,
    wall_session,  # noqa: F401  (fixture)
)
from tests.conftest import client_as

pytestmark = [pytest.mark.browser, pytest.mark.db]
PANELS = ("waste", "noise", "radiation", "carbon")


@pytest.fixture(scope="module")
def scheme_id(onemap_app, make_user) -> int:
    admin = client_as(onemap_app, make_user("wall-sup-admin", "admin"))
    body = {"name": f"其他监管 {time.time_ns()}", "screens": [
        {"title": "无废城市 · 声环境 · 辐射 · 碳达峰", "title_en": "Waste, noise, radiation, CO₂",
         "dwell": 3600, "panels": list(PANELS)}]}
    return admin.post("/api/cockpit/schemes", json=body).get_json()["scheme"]["id"]


@pytest.mark.parametrize(("width", "height", "lang"), [
    pytest.param(1920, 1080, "zh", id="1920x1080-zh"),
    pytest.param(3840, 2160, "zh", id="3840x2160-zh"),
    pytest.param(5760, 1080, "zh", id="5760x1080-zh"),
    pytest.param(1920, 1080, "en", id="1920x1080-en"),
    pytest.param(3840, 2160, "en", id="3840x2160-en"),
    pytest.param(5760, 1080, "en", id="5760x1080-en"),
])
def test_supervision_panels_on_the_wall(browser, live_server, wall_session,  # noqa: F811
                                        scheme_id, width, height, lang):
    context, page = open_wall(browser, live_server, wall_session, width, height,
                              f"/cockpit?scheme={scheme_id}&lang={lang}")
    try:
        for name in PANELS:
            assert page.locator(f"#cockpit-panel-{name}").is_visible(), name
        assert page.locator("#cockpit-panel-air").is_hidden()
        page.locator(".cockpit-co2-col").first.wait_for()
        m = page.evaluate(MEASURE)
        if os.environ.get("ONEMAP_SCREENSHOTS"):
            out = Path(os.environ["ONEMAP_SCREENSHOTS"])
            out.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out / f"cockpit-supervision-{width}x{height}-{lang}.png"))
        assert m["overflow"] == [], m["overflow"]
        if (width, height) == (3840, 2160):
            small = [x for x in m["texts"] if x[0] < MIN_TEXT_4K - 0.01]
            assert small == [], small[:5]
            assert min(m["heads"]) >= MIN_HEADLINE_4K
        badge = page.locator("#cockpit-panel-waste .cockpit-badge.synthetic")
        assert badge.first.is_visible()  # 示例数据
        assert_clean(page)
    finally:
        context.close()
