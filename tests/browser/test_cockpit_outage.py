"""The wall with its database stopped: the last good numbers stay with their data time, a
wall-wide "数据中断" notice says since when, and the wall recovers by itself when the
database is back. The test stops and restarts this test session's own PostgreSQL cluster.

Set ``ONEMAP_SCREENSHOTS=DIR`` to keep the frozen wall (``cockpit-frozen.png``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from tests.browser.conftest import assert_clean
from tests.browser.test_cockpit_browser import open_wall, wall_session  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.db]


def test_wall_keeps_last_numbers_and_recovers_when_the_database_stops(
        browser, live_server, wall_session, session_cluster, app_engine):  # noqa: F811
    context, page = open_wall(browser, live_server, wall_session, 1920, 1080,
                              "/cockpit?asof=2016-10-17&refresh=10&poll=2")
    frozen = page.locator("#cockpit-frozen")
    air = page.locator("#cockpit-panel-air")
    try:
        expect(frozen).to_be_hidden()
        assert page.locator(".cockpit-badge.stale:visible").count() <= 1  # complaints only
        numbers = air.locator(".cockpit-value").all_inner_texts()
        assert numbers and all(n != "—" for n in numbers)

        session_cluster.stop()
        assert not session_cluster.is_running()
        stopped = time.monotonic()
        expect(frozen).to_be_visible(timeout=8_000)  # the alarm poll (2 s) notices
        noticed = time.monotonic() - stopped
        expect(frozen).to_contain_text("数据中断")
        expect(frozen).to_contain_text("最后一次成功获取的数据")
        page.wait_for_timeout(11_000)  # a panel refresh (10 s) fails meanwhile
        # the last good numbers, each with the time its data is for, and every one stale
        assert air.locator(".cockpit-value").all_inner_texts() == numbers
        expect(air.locator(".cockpit-foot")).to_contain_text("数据时间 2016-10-17")
        assert "cockpit--offline" in page.locator("#cockpit-root").get_attribute("class")
        assert page.locator(".cockpit-badge.stale:visible").count() >= 5
        expect(page.locator("#cockpit-canvas")).to_be_visible()  # a wall, not an error page
        expect(frozen).to_contain_text("秒")  # how long ago the data was good
        if os.environ.get("ONEMAP_SCREENSHOTS"):
            out = Path(os.environ["ONEMAP_SCREENSHOTS"])
            out.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out / "cockpit-frozen.png"))

        session_cluster.start()
        restarted = time.monotonic()
        expect(frozen).to_be_hidden(timeout=15_000)
        recovered = time.monotonic() - restarted
        expect(page.locator("#cockpit-root")).not_to_have_class("cockpit cockpit--offline")
        assert air.locator(".cockpit-value").all_inner_texts() == numbers
        print(f"outage noticed in {noticed:.1f} s, recovery in {recovered:.1f} s")
        assert_clean(page)
    finally:
        context.close()
        if not session_cluster.is_running():
            session_cluster.start()
        with app_engine.connect() as conn:  # the session database serves the next tests
            assert conn.execute(text("SELECT 1")).scalar() == 1
