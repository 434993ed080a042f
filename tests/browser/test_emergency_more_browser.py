"""The emergency page in a real Chromium: two officers on one incident see each other's
entries through the server-sent events; the replay slider shows an earlier step; the
page read at 1920×1080 in both languages and on a 1366×768 laptop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean, signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.db]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CITY = (117.27, 31.86)


def _incident(app_client, **more) -> dict:
    body = {"kind": "air_release", "lon": CITY[0], "lat": CITY[1], "substance": "chlorine",
            "mass_kg": 800, "description": "液氯槽车泄漏（示例）",
            "weather": {"wind_speed_m_s": 2.5, "wind_from_deg": 45.0}, **more}
    r = app_client.post("/api/incidents", json=body)
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.get_json()["incident"]


def _open(browser, live_server, admin_session, incident_id: int, lang: str = "zh",
          size=(1920, 1080)):
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": size[0], "height": size[1]},
                                locale="zh-CN" if lang == "zh" else "en-US")
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.external_requests = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.goto(f"{live_server}/emergency?incident={incident_id}&lang={lang}")
    page.wait_for_selector(".emergency .em-reporting")
    return context, page


def test_two_officers_see_each_others_entries_within_seconds(browser, live_server,
                                                             admin_session, app_client):
    inc = _incident(app_client)
    ctx_a, a = _open(browser, live_server, admin_session, inc["id"])
    ctx_b, b = _open(browser, live_server, admin_session, inc["id"])
    try:
        a.fill("#em-log-text", "已通知下风向学校停课")
        a.click("#em-log-add")
        expect(a.locator("#em-timeline")).to_contain_text("已通知下风向学校停课")
        # well under the 5 s interval: the push brought it
        expect(b.locator("#em-timeline")).to_contain_text("已通知下风向学校停课",
                                                          timeout=3000)
        # a stale write by B after A's change gets the clear conflict message
        a.fill("#em-p-from", "90")
        a.click("#em-apply")
        expect(a.locator(".emergency .notice")).to_be_visible()
        b.fill("#em-p-from", "300")
        b.click("#em-apply")
        notice = b.locator(".emergency .notice")
        expect(notice).to_be_visible()
        text = notice.inner_text()
        assert "他人已修改" in text or "已更新" in text
        assert_clean(a)
        assert_clean(b)
    finally:
        ctx_a.close()
        ctx_b.close()


def test_replay_slider_shows_an_earlier_step(browser, live_server, admin_session, app_client):
    inc = _incident(app_client)
    r = app_client.patch(f"/api/incidents/{inc['id']}", headers={"If-Match": "1"},
                         json={"weather": {"wind_speed_m_s": 2.5, "wind_from_deg": 225.0}})
    assert r.status_code == 200
    first = inc["log"][0]["id"]
    ctx, page = _open(browser, live_server, admin_session, inc["id"])
    try:
        expect(page.locator("#em-replay-label")).to_contain_text("实时")
        handle = page.locator("#em-replay .rc-slider-handle, #em-replay [role=slider]").first
        handle.focus()
        with page.expect_response(lambda x: f"step={first}" in x.url and "/zones" in x.url):
            page.keyboard.press("Home")
        expect(page.locator("#em-replay-label")).to_contain_text("1/2")
        expect(page.locator("#em-timeline li")).to_have_count(1)
        page.keyboard.press("End")
        expect(page.locator("#em-replay-label")).to_contain_text("实时")
        expect(page.locator("#em-timeline li")).to_have_count(2)
        assert_clean(page)
    finally:
        ctx.close()


@pytest.mark.skipif(not os.environ.get("ONEMAP_SCREENSHOTS"), reason="screenshots on request")
@pytest.mark.parametrize("lang, size", [("zh", (1920, 1080)), ("en", (1920, 1080)),
                                        ("zh", (1366, 768))])
def test_screenshots(browser, live_server, admin_session, app_client, lang, size):
    inc = _incident(app_client)
    ctx, page = _open(browser, live_server, admin_session, inc["id"], lang, size)
    try:
        page.wait_for_selector(".emergency .leaflet-overlay-pane path.leaflet-interactive")
        page.wait_for_timeout(1500)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"emergency-{lang}-{size[0]}.png"))
    finally:
        ctx.close()


@pytest.mark.skipif(not os.environ.get("ONEMAP_SCREENSHOTS"), reason="screenshots on request")
def test_spill_screenshot(browser, live_server, admin_session, app_client, app_engine):
    from sqlalchemy import text

    with app_engine.connect() as conn:
        lon, lat = conn.execute(text(
            "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_LineInterpolatePoint(ST_LineMerge(geom), "
            "0.2) AS p FROM rivers WHERE name = '南淝河') s")).one()
    inc = _incident(app_client, kind="water_spill", lon=lon, lat=lat, substance="benzene",
                    mass_kg=5000, description="苯槽车侧翻入河（示例）", weather=None)
    ctx, page = _open(browser, live_server, admin_session, inc["id"])
    try:
        page.wait_for_selector(".emergency .em-board")
        page.wait_for_timeout(1500)
        page.screenshot(path=str(SHOTS / "emergency-spill.png"))
    finally:
        ctx.close()
