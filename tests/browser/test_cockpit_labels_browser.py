"""The cockpit's station labels show only where they fit: zoomed out (or with more
stations than fit, a province's 68) each station is its coloured dot, and the labels
come back when the carousel zooms in."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import signed_in_context
from tests.conftest import client_as

pytestmark = [pytest.mark.browser, pytest.mark.db]


def test_labels_only_from_the_label_zoom(browser, live_server, admin_session, onemap_app,
                                         make_user):
    from pages.cockpit.components import LABEL_MIN_ZOOM

    admin = client_as(onemap_app, make_user("labels-admin", "admin"))
    view = {"center": [31.80, 117.28], "basemap": "dark", "layers": ["air_stations"]}
    scheme = {"name": f"标注测试 {time.time_ns()}", "screens": [
        {"title": "远景", "dwell": 3600, "panels": ["air"],
         "map": {**view, "zoom": LABEL_MIN_ZOOM - 1}},
        {"title": "近景", "dwell": 3600, "panels": ["air"],
         "map": {**view, "zoom": LABEL_MIN_ZOOM + 1}}]}
    sid = admin.post("/api/cockpit/schemes", json=scheme).get_json()["scheme"]["id"]
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/cockpit?scheme={sid}")
        dots = page.locator("#cockpit-map .cockpit-station-dot")
        dots.first.wait_for(state="attached", timeout=20_000)
        expect(dots.first).to_be_visible(timeout=5_000)  # zoomed out: the dots
        assert page.locator("#cockpit-map .cockpit-station:visible").count() == 0
        page.keyboard.press("2")
        expect(page.locator("#cockpit-screen-title")).to_have_text("近景")
        expect(page.locator("#cockpit-map .cockpit-station b").first).to_be_visible(
            timeout=5_000)  # zoomed in: AQI and name again
    finally:
        context.close()
