"""The cockpit on a wall-sized screen in headless Chromium: readable sizes, no overflow,
the width used on an ultra-wide wall; the carousel, its keyboard, and an alarm that
pre-empts it until a duty officer acknowledges it.

Set ``ONEMAP_SCREENSHOTS=DIR`` to keep a screenshot per screen size (``cockpit-WxH.png``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean, signed_in_context
from tests.conftest import TEST_PASSWORD, client_as

pytestmark = [pytest.mark.browser, pytest.mark.db]

MIN_TEXT_4K = 24  # px on the screen at 3840×2160
MIN_HEADLINE_4K = 64


@pytest.fixture(scope="module")
def wall_session(make_user, auth_service) -> str:
    make_user("wall-test", "display")
    return auth_service.sign_in("wall-test", TEST_PASSWORD, address="127.0.0.1").session_secret


def open_wall(browser, live_server, session, width, height, path):
    context = signed_in_context(browser, live_server, session,
                                viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.external_requests = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.on("request", lambda r: None if r.url.startswith(("data:", "blob:", live_server))
            else page.external_requests.append(r.url))
    page.goto(live_server + path)
    page.locator(".cockpit-station b").first.wait_for(timeout=20_000)
    page.locator(".cockpit-panel--forecast .cockpit-day").first.wait_for(state="attached")
    page.locator("#cockpit-canvas[data-fit-key]").wait_for(state="attached")
    page.wait_for_timeout(1200)  # tiles fade in
    return context, page


MEASURE = """() => {
  const canvas = document.getElementById('cockpit-canvas');
  const scale = parseFloat(canvas.dataset.scale);
  const texts = [];
  for (const el of canvas.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest('[hidden], .cockpit-panel--hidden') || !el.offsetParent) continue;
    if (el.closest('.leaflet-control-attribution')) continue;
    texts.push([parseFloat(getComputedStyle(el).fontSize) * scale, el.className,
                el.textContent.trim().slice(0, 30)]);
  }
  const heads = [...canvas.querySelectorAll('.cockpit-value')]
    .map(el => parseFloat(getComputedStyle(el).fontSize) * scale);
  const overflow = [...canvas.querySelectorAll('.cockpit-panel:not(.cockpit-panel--hidden)')]
    .filter(p => p.scrollHeight > p.clientHeight + 1 || p.scrollWidth > p.clientWidth + 1)
    .map(p => p.id);
  // no text cut off inside a panel or the header either (a line wider than its box)
  for (const el of canvas.querySelectorAll(
      '.cockpit-panel *, .cockpit-header > *:not(.cockpit-notice):not([hidden])')) {
    if (!el.offsetParent || el.closest('.cockpit-panel--hidden')) continue;
    if (getComputedStyle(el).textOverflow === 'ellipsis') continue;  // cut on purpose
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
      overflow.push((el.id || el.className) + ': ' + el.textContent.trim().slice(0, 30));
  }
  const box = canvas.getBoundingClientRect();
  // station labels (AQI and name) never cover one another
  const labels = [...canvas.querySelectorAll('.cockpit-station')]
    .map(el => [el.textContent, el.getBoundingClientRect()]);
  const covered = [];
  labels.forEach(([a, r], i) => labels.slice(i + 1).forEach(([b, q]) => {
    if (r.left < q.right - 1 && r.right > q.left + 1 && r.top < q.bottom - 1 &&
        r.bottom > q.top + 1) covered.push(a + ' / ' + b);
  }));
  return {scale, texts, heads, overflow, box: [box.left, box.top, box.width, box.height],
          classes: canvas.className, covered, labels: labels.length};
}"""


@pytest.mark.parametrize(("width", "height", "canvas", "lang"), [
    pytest.param(1920, 1080, "w16", "zh", id="1920x1080"),
    pytest.param(3840, 2160, "w16", "zh", id="3840x2160"),
    pytest.param(5760, 1080, "w48", "zh", id="5760x1080"),
    pytest.param(1920, 1080, "w16", "en", id="1920x1080-en"),
    pytest.param(3840, 2160, "w16", "en", id="3840x2160-en"),
    pytest.param(3840, 1080, "w32", "en", id="3840x1080-en"),
    pytest.param(5760, 1080, "w48", "en", id="5760x1080-en"),
])
def test_wall_sizes(browser, live_server, wall_session, width, height, canvas, lang):
    context, page = open_wall(browser, live_server, wall_session, width, height,
                              f"/cockpit?asof=2016-10-17&lang={lang}")
    try:
        m = page.evaluate(MEASURE)
        if os.environ.get("ONEMAP_SCREENSHOTS"):
            out = Path(os.environ["ONEMAP_SCREENSHOTS"])
            out.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out / f"cockpit-{width}x{height}-{lang}.png"))
        assert f"cockpit-canvas--{canvas}" in m["classes"]
        assert m["overflow"] == [], m["overflow"]
        assert m["labels"] >= 10 and m["covered"] == [], m["covered"]
        left, top, w, h = m["box"]
        assert left >= -1 and top >= -1  # the canvas fits the screen
        assert left + w <= width + 1 and top + h <= height + 1
        assert w >= width - 1 or h >= height - 1  # and fills one dimension
        if (width, height) == (3840, 2160):
            small = [x for x in m["texts"] if x[0] < MIN_TEXT_4K - 0.01]
            assert small == [], small[:5]
            assert min(m["heads"]) >= MIN_HEADLINE_4K
        if width == 5760:  # the ultra-wide wall is used, not pillar-boxed
            assert w >= 5759 and m["scale"] == 1
        assert page.locator(".cockpit-badge.replay").first.is_visible()
        assert_clean(page)
    finally:
        context.close()


def test_carousel_keyboard_and_alarm(browser, live_server, wall_session, onemap_app,
                                     make_user, app_engine):
    from cockpit.alarms import AlarmService
    from store.db import connection

    admin = client_as(onemap_app, make_user("wall-admin", "admin"))
    scheme = {"name": f"轮播测试 {time.time_ns()}", "screens": [
        {"title": "甲屏", "dwell": 10, "panels": ["air"], "asof": "2016-10-17"},
        {"title": "乙屏", "dwell": 5, "panels": ["water", "forecast"]},
        {"title": "丙屏", "dwell": 60, "panels": ["operations"]}]}
    sid = admin.post("/api/cockpit/schemes", json=scheme).get_json()["scheme"]["id"]
    context, page = open_wall(browser, live_server, wall_session, 1920, 1080,
                              f"/cockpit?scheme={sid}")
    title = page.locator("#cockpit-screen-title")
    counter = page.locator("#cockpit-counter")
    try:
        assert title.inner_text() == "甲屏"
        assert page.locator("#cockpit-panel-water").is_hidden()
        expect(title).to_have_text("乙屏", timeout=14_000)  # dwell 10 s
        assert page.locator("#cockpit-panel-water").is_visible()
        page.keyboard.press("PageUp")
        expect(title).to_have_text("甲屏")
        page.keyboard.press("3")
        expect(title).to_have_text("丙屏")
        page.keyboard.press(" ")
        expect(counter).to_contain_text("已暂停")
        assert "3/3" in counter.inner_text()
        page.keyboard.press(" ")  # resume

        with connection(app_engine) as conn, conn.begin():
            aid = AlarmService.raise_alarm(
                conn, key=f"browser:{time.time_ns()}", kind="station", priority=999,
                title_zh="测试站 小时 AQI 260，超过报警值 200", title_en="Test", facts={"aqi": 260},
                lon=117.3, lat=31.85)
        alarm = page.locator(".cockpit-alarm")
        alarm.wait_for(state="visible", timeout=10_000)
        assert "AQI 260" in alarm.inner_text()
        assert page.locator("#cockpit-alarm-ack").is_hidden()  # a wall cannot acknowledge
        before = title.inner_text()
        page.wait_for_timeout(1500)
        assert title.inner_text() == before  # pre-empted: the carousel holds

        duty = client_as(onemap_app, make_user("wall-duty", "duty"))
        assert duty.post(f"/api/cockpit/alarms/{aid}/ack", json={"version": 1}).status_code == 200
        alarm.wait_for(state="hidden", timeout=10_000)
        assert_clean(page)
    finally:
        context.close()
