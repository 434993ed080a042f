"""The enforcement loop in a real headless Chromium: a source turned yellow by an
exceedance run is clicked on One Map, its file says why and opens a new task; the task is
walked to 办结 with a photo; the source's code turns green. And the officer's phone view:
accept, navigate, the camera input, and an upload that did not arrive said plainly and
retried."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from sqlalchemy import text

from auth.audit import Actor
from tests.browser.conftest import assert_clean, signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.db]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8
OFFICER = Actor("test-officer", "token")


def _shot(page, name: str) -> None:
    if os.environ.get("ONEMAP_SCREENSHOTS"):  # refresh the README's screenshots on request
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / f"tasks-{name}.png"))


@pytest.fixture
def lonely_source(app_engine):
    """A source of its own, 400 m from any other (so it is a single marker at zoom 17),
    made yellow by a 3-hour COD run over its limit within the last day."""
    from core import clock
    from enforcement import service

    now = clock.beijing_now()
    with app_engine.begin() as conn:
        for i in range(40):
            lon, lat = 117.02 + (i % 8) * 0.041, 31.98 - (i // 8) * 0.037
            near = conn.execute(text(
                "SELECT count(*) FROM pollution_sources WHERE ST_DWithin(geom::geography, "
                "ST_SetSRID(ST_MakePoint(:x, :y), 4326)::geography, 400)"),
                {"x": lon, "y": lat}).scalar()
            inside = conn.execute(text(
                "SELECT adcode FROM admin_districts WHERE ST_Intersects(geom, "
                "ST_SetSRID(ST_MakePoint(:x, :y), 4326))"), {"x": lon, "y": lat}).scalar()
            if not near and inside:
                break
        code = f"B{os.getpid() % 10000:04d}{now.second:02d}{now.minute % 10}"
        sid = conn.execute(text(
            "INSERT INTO pollution_sources (code, name, industry, adcode, park, permit_no, "
            "permit_class, permit_valid_until, online_monitoring, online_status, "
            "main_pollutants, so2_t, nox_t, pm_t, voc_t, cod_t, nh3n_t, last_inspection, "
            "risk_level, synthetic, geom) VALUES (:code, '合肥浏览器测试化工有限公司', "
            "'化学原料和化学制品制造业', :ad, NULL, 'TEST-B', '重点管理', DATE '2031-01-01', "
            "true, 'exceeding', '[\"COD\"]', 0, 0, 0, 0, 1, 0.1, NULL, '中', true, "
            "ST_SetSRID(ST_MakePoint(:x, :y), 4326)) RETURNING id"),
            {"code": code, "ad": inside, "x": lon, "y": lat}).scalar()
    start = now - dt.timedelta(hours=6)
    service.record_online_hours(app_engine, OFFICER, sid, "COD", 100.0, "mg/L",
                                [start + dt.timedelta(hours=i) for i in range(4)],
                                [130.0, 150.0, 145.0, 80.0], now=now)
    assert service.source_code(app_engine, sid, now)["code"] == "yellow"
    return {"id": sid, "lon": lon, "lat": lat}


def _act(page, label: str) -> None:
    button = page.locator(".tk-actions button", has_text=label)
    button.click()
    page.wait_for_selector(".tk-notice .notice")


def pick_option(page, opener: str, label: str, attempts: int = 3) -> None:
    """Open a dropdown and choose ``label``; opened again if a re-render closed it."""
    option = page.locator(f".dash-dropdown-option:has-text('{label}')")
    for attempt in range(attempts):
        page.click(opener)
        try:
            option.first.click(timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise


def test_from_a_red_flag_on_the_map_to_a_closed_task_and_a_green_code(page, lonely_source):
    src = lonely_source
    page.goto(f"{page.base_url}/?layers=pollution_sources&basemap=vector&z=17"
              f"&c={src['lat']:.5f},{src['lon']:.5f}")
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive")
    page.wait_for_timeout(600)
    box = page.locator(".onemap-main .leaflet-container").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    panel = page.locator("#onemap-feature-panel")
    panel.locator(".source-file__code").wait_for()
    head = panel.locator(".source-file__code").inner_text()
    assert "黄码" in head and "3 分" in head
    assert "近30天在线监测超标" in head and "COD 最高 150" in head
    _shot(page, "source-file")
    panel.locator(".code-new-task").click()
    page.wait_for_url(f"**/tasks?source={src['id']}")
    page.wait_for_selector(".tk-n-create")
    pick_option(page, ".tk-n-type", "整改")
    page.fill(".tk-n-desc", "超标排放，限期整改")
    page.click(".tk-n-create")
    page.wait_for_selector(".tk-detail .tk-chip--dispatched")
    assert "超标排放，限期整改" in page.locator(".tk-detail").inner_text()
    # an open rectification adds its points: 3 + 2
    assert "5 分" in page.locator(".tk-detail .code-head").inner_text()
    _shot(page, "desktop-zh")
    _act(page, "签收任务")
    page.wait_for_selector(".tk-detail .tk-chip--accepted")
    _act(page, "开始处置")
    page.wait_for_selector(".tk-detail .tk-chip--handling")
    page.set_input_files("#tk-photo-input", files=[{"name": "site.jpg", "mimeType": "image/jpeg",
                                                     "buffer": JPEG}])
    expect(page.locator("#tk-upload-status")).to_contain_text("已送达", timeout=10_000)
    page.wait_for_selector(".tk-evidence img.tk-thumb")
    page.fill(".tk-findings", "已更换曝气设备，出水COD达标")
    _act(page, "反馈结果")
    page.wait_for_selector(".tk-detail .tk-chip--reported")
    _act(page, "审核通过")
    page.wait_for_selector(".tk-detail .tk-chip--reviewed")
    _act(page, "办结")
    page.wait_for_selector(".tk-detail .tk-chip--closed")
    detail = page.locator(".tk-detail").inner_text()
    assert "绿码" in detail and "按期办结" in detail
    timeline = page.locator(".tk-timeline").inner_text()
    for step in ("派发", "签收", "处置", "反馈", "审核", "办结"):
        assert step in timeline
    # and on One Map the source's file shows the new colour
    page.goto(f"{page.base_url}/?layers=pollution_sources&basemap=vector&z=17"
              f"&c={src['lat']:.5f},{src['lon']:.5f}")
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive")
    page.wait_for_timeout(600)
    box = page.locator(".onemap-main .leaflet-container").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.locator("#onemap-feature-panel .source-file__code").wait_for()
    assert "绿码" in page.locator("#onemap-feature-panel .source-file__code").inner_text()
    assert_clean(page)


def test_the_officer_on_a_phone(browser, live_server, admin_session, app_engine,
                                lonely_source):
    from enforcement import service

    task = service.create_task(app_engine, OFFICER, {"type": "inspection",
                                                     "source_id": lonely_source["id"],
                                                     "description": "夜间偷排举报核查"})
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": 360, "height": 740}, locale="zh-CN",
                                has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/tasks?task={task['id']}")
        page.wait_for_selector(".tk-detail .tk-chip--dispatched")
        accept = page.locator(".tk-actions button", has_text="签收任务")
        expect(accept).to_be_visible()
        # a finger, not a mouse; measured in the page, since the detail can render twice
        # on arrival and a button found a moment earlier may already be replaced
        page.wait_for_function("""() => [...document.querySelectorAll('.tk-actions button')]
            .some(b => b.innerText.includes('签收任务')
                       && b.getBoundingClientRect().height >= 40)""", timeout=10_000)
        nav = page.locator("#tk-navigate")
        assert nav.get_attribute("href").startswith(f"geo:{lonely_source['lat']:.6f},")
        accept.tap()
        page.wait_for_selector(".tk-detail .tk-chip--accepted")
        camera = page.locator("#tk-photo-input")
        assert camera.get_attribute("accept") == "image/*"
        assert camera.get_attribute("capture") == "environment"
        # a weak connection: the upload does not arrive, and the page says so plainly
        page.route("**/evidence", lambda route: route.abort("internetdisconnected"))
        page.set_input_files("#tk-photo-input", files=[
            {"name": "p1.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
        status = page.locator("#tk-upload-status")
        expect(status).to_contain_text("未送达", timeout=15_000)
        expect(status.locator(".tk-retry")).to_be_visible()
        _shot(page, "phone-failed")
        page.unroute("**/evidence")
        status.locator(".tk-retry").tap()
        expect(status).to_contain_text("已送达", timeout=10_000)
        page.wait_for_selector(".tk-evidence img.tk-thumb")
        page.locator(".tk-actions button", has_text="开始处置").tap()
        page.wait_for_selector(".tk-detail .tk-chip--handling")
        page.fill(".tk-findings", "现场未发现偷排，管网完好")
        page.locator(".tk-actions button", has_text="反馈结果").tap()
        page.wait_for_selector(".tk-detail .tk-chip--reported")
        _shot(page, "phone")
        stored = service.get_task(app_engine, task["id"])
        assert stored["findings"] == "现场未发现偷排，管网完好"
        assert len(stored["evidence"]) == 1
    finally:
        context.close()


def test_clue_inbox_and_statistics_in_english(page, app_engine):
    from enforcement import service

    service.refresh(app_engine)
    page.goto(f"{page.base_url}/tasks?view=clues&lang=en")
    page.wait_for_selector(".tk-clue")
    assert "Make a task" in page.locator(".tk-clue").first.inner_text()
    _shot(page, "clues-en")
    page.click("text=Statistics")
    page.wait_for_selector(".tk-stats-block table")
    assert "On-time closure" in page.locator(".tk-stats").inner_text()
    _shot(page, "stats-en")
    assert_clean(page)
