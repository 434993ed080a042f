"""Making tasks in a real headless Chromium from a map feature's link and from a region
drawn on the /tasks map, a malformed link said plainly, the countdown ticking without a
request, the task's team edited, and the administrators' rules and deadlines tab.

Set ``ONEMAP_SCREENSHOTS`` to refresh the README's screenshots (docs/screenshots)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from tests.browser.conftest import assert_clean, signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.db]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shot(page, name: str) -> None:
    if os.environ.get("ONEMAP_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(900)
        page.screenshot(path=str(SHOTS / f"tasks-{name}.png"))


def _complaint(app_engine) -> tuple[int, str]:
    with app_engine.connect() as conn:
        row = conn.execute(text("SELECT id, code FROM complaints ORDER BY id DESC LIMIT 1")
                           ).one()
    return row.id, row.code


def test_task_from_a_complaint_link_ticks_and_is_edited(browser, live_server, admin_session,
                                                        app_engine):
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        fid, code = _complaint(app_engine)
        page.goto(f"{live_server}/tasks?feature=complaints:{fid}")
        form = page.locator(".tk-detail")
        expect(form.locator(".tk-n-create")).to_be_visible(timeout=10_000)
        expect(form).to_contain_text(code)
        expect(form).to_contain_text("信访投诉")
        page.fill(".tk-n-desc", "群众反映夜间异味，现场核查")
        page.click(".tk-n-create")
        expect(form.locator(".tk-chip--dispatched")).to_be_visible(timeout=10_000)
        countdown = form.locator("#tk-countdown .tk-countdown")
        first = countdown.inner_text()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.wait_for_timeout(2_300)
        assert countdown.inner_text() != first  # ticks in the browser …
        assert not [u for u in requests if "_dash-update-component" in u]  # … alone
        # edit the team
        page.click(".tk-edit summary")
        page.click(".tk-edit .dash-dropdown")
        option = page.locator(".dash-dropdown-option").nth(1)
        team = option.inner_text().strip()
        option.click()
        page.click(".tk-e-save")
        expect(page.locator(".tk-notice")).to_contain_text("已修改", timeout=10_000)
        expect(form.locator(".record-table").first).to_contain_text(team)
        _shot(page, "feature-zh")
        page.goto(f"{live_server}/tasks?feature=complaints:abc&source=7x")
        notice = page.locator(".tk-notice")
        expect(notice).to_contain_text("链接中的 feature=complaints:abc 无效")
        expect(notice).to_contain_text("source=7x")
        page.goto(f"{live_server}/tasks?feature=complaints:2147483000&lang=en")
        expect(page.locator(".tk-detail .notice")).to_contain_text(
            "no complaints feature 2147483000", timeout=10_000)
        assert errors == []
    finally:
        context.close()


def test_task_from_a_drawn_region(page):
    page.goto(f"{page.base_url}/tasks")
    page.wait_for_selector(".leaflet-draw-draw-rectangle")
    page.wait_for_timeout(500)
    page.click(".leaflet-draw-draw-rectangle")
    box = page.locator("#tk-map").bounding_box()
    x, y = box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.45
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=5)
    page.mouse.move(x + 120, y + 80, steps=5)
    page.mouse.up()
    detail = page.locator(".tk-detail")
    expect(detail).to_contain_text("为绘制的区域新建任务", timeout=10_000)
    expect(detail).to_contain_text("km²")
    _shot(page, "region-zh")
    page.click(".tk-n-create")
    expect(detail.locator(".tk-chip--dispatched")).to_be_visible(timeout=10_000)
    expect(detail.locator(".tk-title")).to_contain_text("绘制区域")
    # the task is drawn as its region (an outline in the colour of 派发, not a dot: a circle
    # marker's path is arcs, a polygon's is lines)
    outline = page.locator('.leaflet-overlay-pane path[stroke="#1e88e5"][d*="L"]')
    expect(outline.first).to_be_visible(timeout=10_000)
    assert_clean(page)


def test_rules_and_deadlines_tab(browser, live_server, admin_session):
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": 1920, "height": 1080}, locale="en")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/tasks?view=admin&lang=en")
        panel = page.locator(".tk-admin")
        expect(panel).to_contain_text("Deadlines (hours from dispatch)", timeout=10_000)
        version = panel.locator(".tk-admin-block").first.locator(".hint").first.inner_text()
        page.locator("#tk-save-sla").click()  # the same hours again: a new version
        expect(page.locator(".tk-admin-notice")).to_contain_text("Deadlines saved",
                                                                 timeout=10_000)
        expect(panel.locator(".tk-admin-block").first.locator(".hint").first
               ).not_to_have_text(version)
        # restore the sample rules: a new version, every code recomputed
        rules_version = panel.locator(".tk-admin-block").nth(1).locator(".hint").first
        before = rules_version.inner_text()
        page.locator("#tk-reset-rules").click()
        expect(page.locator(".tk-admin-notice")).to_contain_text("Sample rules restored",
                                                                 timeout=15_000)
        expect(page.locator(".tk-admin-notice")).to_contain_text("codes recomputed")
        expect(rules_version).not_to_have_text(before)
        _shot(page, "admin-en")
    finally:
        context.close()


def test_task_view_in_english_and_on_a_phone(browser, live_server, admin_session, app_engine):
    from auth.audit import Actor
    from enforcement import service

    fid, _ = _complaint(app_engine)
    task = service.create_task(app_engine, Actor("test-officer", "token"), {
        "type": "inspection", "feature": {"collection": "complaints", "id": fid},
        "description": "Night-time odour complaint"})
    for name, viewport, lang in (("desktop-en", {"width": 1920, "height": 1080}, "en"),
                                 ("phone-view", {"width": 360, "height": 740}, "zh")):
        context = signed_in_context(browser, live_server, admin_session, viewport=viewport,
                                    locale="zh-CN" if lang == "zh" else "en",
                                    has_touch=name.startswith("phone"),
                                    is_mobile=name.startswith("phone"))
        page = context.new_page()
        try:
            page.goto(f"{live_server}/tasks?task={task['id']}&lang={lang}")
            expect(page.locator(".tk-detail .tk-chip--dispatched")).to_be_visible(
                timeout=10_000)
            expect(page.locator(".tk-detail #tk-countdown")).to_contain_text(
                "left" if lang == "en" else "剩余")
            _shot(page, name)
        finally:
            context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_enterprise_codes_in_the_data_catalogue(browser, live_server, admin_session,
                                                app_engine, lang):
    from enforcement import service

    service.refresh(app_engine)
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": 1920, "height": 1080},
                                locale="zh-CN" if lang == "zh" else "en")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/data?id=layer:pollution_sources&lang={lang}")
        rows = page.locator(".data-ent-row")
        expect(rows.first).to_be_visible(timeout=15_000)
        expect(rows.first.locator(".code-badge")).to_contain_text(
            "红码" if lang == "zh" else "Red")
        page.click(".data-ent-filters .data-filter")
        page.click(".dash-dropdown-option >> nth=3")  # green
        expect(rows.first.locator(".code-badge--green")).to_be_visible(timeout=10_000)
        page.locator(".data-enterprises").scroll_into_view_if_needed()
        _shot(page, f"data-enterprises-{lang}")
        page.click("#data-ent-next")
        expect(page.locator(".data-ent-count")).to_contain_text("51", timeout=10_000)
    finally:
        context.close()


def test_clue_tab_refresh_by_a_reviewer(page):
    page.goto(f"{page.base_url}/tasks?view=clues")
    button = page.locator("#tk-clue-refresh")
    expect(button).to_be_visible(timeout=10_000)
    button.click()
    expect(page.locator(".tk-notice")).to_contain_text("检测完成", timeout=30_000)
    expect(page.locator("#tk-clues")).to_contain_text("最近一次检测结果")


def test_create_task_link_in_the_one_map_feature_panel(page, app_engine):
    """A complaint clicked on One Map: its panel links to the new-task form of it."""
    with app_engine.connect() as conn:
        row = conn.execute(text(
            "SELECT c.id, ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat FROM complaints c "
            "WHERE NOT EXISTS (SELECT 1 FROM complaints o WHERE o.id <> c.id AND "
            "ST_DWithin(o.geom::geography, c.geom::geography, 300)) "
            "AND NOT EXISTS (SELECT 1 FROM pollution_sources s WHERE "
            "ST_DWithin(s.geom::geography, c.geom::geography, 300)) "
            "ORDER BY c.received_at DESC LIMIT 1")).one()
        newest = conn.execute(text("SELECT max(received_at) FROM complaints")).scalar()
    page.goto(f"{page.base_url}/?layers=complaints&basemap=vector&z=17"
              f"&c={row.lat:.5f},{row.lon:.5f}&t={newest:%Y-%m-%dT%H:00}")
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive, "
                           ".leaflet-marker-pane .leaflet-interactive", timeout=15_000)
    page.wait_for_timeout(800)
    box = page.locator(".onemap-main .leaflet-container").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    link = page.locator("#onemap-feature-panel .feature-task-link")
    expect(link).to_be_visible(timeout=10_000)
    assert link.get_attribute("href") == f"/tasks?feature=complaints:{row.id}"
    link.click()
    page.wait_for_url(f"**/tasks?feature=complaints:{row.id}")
    expect(page.locator(".tk-detail .tk-n-create")).to_be_visible(timeout=10_000)
