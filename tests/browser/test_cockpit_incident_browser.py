"""A new incident on a running wall: the alarm takes over within one alarm poll (the
latency is measured and printed), the incident is a marker on the map, and both go when
the incident is closed. Also: the next screen's tiles are loaded before the switch.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean
from tests.browser.test_cockpit_browser import open_wall, wall_session  # noqa: F401
from tests.conftest import client_as

pytestmark = [pytest.mark.browser, pytest.mark.db]


def test_incident_takes_over_the_wall_and_is_on_the_map(browser, live_server, wall_session,  # noqa: F811
                                                        onemap_app, make_user):
    duty = client_as(onemap_app, make_user("wall-inc-browser", "duty"))
    context, page = open_wall(browser, live_server, wall_session, 1920, 1080,
                              "/cockpit?asof=2016-10-17&poll=2&refresh=10")
    alarm = page.locator(".cockpit-alarm")
    inc = None
    try:
        expect(alarm).to_be_hidden()
        r = duty.post("/api/incidents", json={
            "kind": "air_release", "lon": 117.30, "lat": 31.83, "substance": "chlorine",
            "mass_kg": 500, "weather": {"wind_speed_m_s": 3.0, "wind_from_deg": 45.0}})
        assert r.status_code == 201, r.get_data(as_text=True)
        inc = r.get_json()["incident"]
        raised = time.monotonic()
        expect(alarm).to_be_visible(timeout=6_000)
        latency = time.monotonic() - raised
        expect(alarm).to_contain_text(f"#{inc['id']}")
        print(f"incident → alarm on the wall in {latency:.1f} s (alarm poll 2 s)")
        assert latency < 4.5  # within one poll period, plus the request
        marker = page.locator(f".cockpit-incident-mark:has-text('#{inc['id']}')")
        expect(marker).to_be_visible(timeout=12_000)  # the next panel refresh (10 s)

        r = duty.patch(f"/api/incidents/{inc['id']}", json={"status": "closed"},
                       headers={"If-Match": str(inc["version"])})
        assert r.status_code == 200, r.get_data(as_text=True)
        inc = None
        expect(alarm).to_be_hidden(timeout=6_000)
        expect(marker).to_have_count(0, timeout=12_000)
        assert_clean(page)
    finally:
        context.close()
        if inc is not None:
            duty.patch(f"/api/incidents/{inc['id']}", json={"status": "closed"},
                       headers={"If-Match": str(inc["version"])})


def test_next_screen_tiles_are_loaded_before_the_switch(browser, live_server, wall_session,  # noqa: F811
                                                       onemap_app, make_user):
    admin = client_as(onemap_app, make_user("wall-admin", "admin"))
    scheme = {"name": f"预载测试 {time.time_ns()}", "screens": [
        {"title": "甲屏", "dwell": 8, "panels": ["air"], "asof": "2016-10-17",
         "map": {"center": [31.74, 117.36], "zoom": 9}},
        {"title": "乙屏", "dwell": 60, "panels": ["water"],
         "map": {"center": [31.60, 117.55], "zoom": 12}}]}
    sid = admin.post("/api/cockpit/schemes", json=scheme).get_json()["scheme"]["id"]
    context, page = open_wall(browser, live_server, wall_session, 1920, 1080,
                              f"/cockpit?scheme={sid}")
    title = page.locator("#cockpit-screen-title")
    loaded = """() => performance.getEntriesByType('resource').map(e => e.name)
                   .filter(n => n.includes('/tiles/') && n.includes('/12/'))"""
    try:
        page.wait_for_function(
            "() => Number(document.getElementById('cockpit-preload').dataset.count) > 0",
            timeout=6_000)
        page.wait_for_timeout(1000)
        ahead = set(page.evaluate(loaded))
        assert title.inner_text() == "甲屏"  # still the first screen
        assert ahead, "the next screen's zoom-12 tiles were not loaded before the switch"
        expect(title).to_have_text("乙屏", timeout=12_000)
        page.wait_for_timeout(1500)
        shown = set(page.evaluate("""() => [...document.querySelectorAll('.leaflet-tile')]
            .map(t => t.src).filter(s => s.includes('/12/'))"""))
        assert shown, "the map shows no zoom-12 tiles after the switch"
        missed = shown - ahead
        assert len(missed) <= len(shown) // 4, (sorted(missed)[:5], len(shown))
        assert_clean(page)
    finally:
        context.close()
