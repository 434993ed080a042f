"""/tasks and /data with the database stopped: every tab of /tasks and the data catalogue
(with its list of enterprises) say plainly that the data store is unavailable (no blank
pane, no raw driver error), and a page opened meanwhile is the app's plain notice. The
test stops and restarts this test session's own PostgreSQL cluster (as the cockpit's
outage test does)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db]
STORE_DOWN = "数据库暂时不可用"


def test_tasks_and_data_say_the_database_is_down(page, session_cluster):
    page.goto(f"{page.base_url}/tasks")
    expect(page.locator(".tk-side")).to_contain_text("共", timeout=15_000)
    data = page.context.new_page()
    data.goto(f"{page.base_url}/data")
    expect(data.locator(".data-list .data-card").first).to_be_visible(timeout=15_000)
    session_cluster.stop()
    try:
        page.click("#tk-f-overdue input")  # the list asks again
        expect(page.locator(".tk-side")).to_contain_text(STORE_DOWN, timeout=15_000)
        for tab, pane in (("线索", "#tk-clues"), ("统计", "#tk-stats"),
                          ("规则与期限", "#tk-admin")):
            page.click(f".tk-tabs >> text={tab}")
            expect(page.locator(pane)).to_contain_text(STORE_DOWN, timeout=15_000)
        data.fill("#data-search", "污染源")
        data.keyboard.press("Enter")
        expect(data.locator(".data-page")).to_contain_text(STORE_DOWN, timeout=15_000)
        for p in (page, data):
            assert "psycopg" not in p.locator("body").inner_text()
        page.goto(f"{page.base_url}/tasks")  # opened while it is down: the app's notice
        expect(page.locator("body")).to_contain_text(STORE_DOWN, timeout=15_000)
    finally:
        session_cluster.start()
    page.goto(f"{page.base_url}/tasks")
    expect(page.locator(".tk-side")).to_contain_text("共", timeout=20_000)
