"""Signing in and out in a real headless Chromium, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import assert_clean
from tests.conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.db]


@pytest.fixture
def anonymous_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.external_requests = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()


def test_sign_in_lands_on_the_requested_view_then_sign_out(anonymous_page, live_server,
                                                           make_user, tmp_path: Path):
    make_user("browser-leader", "leader")
    page = anonymous_page
    page.goto(f"{live_server}/?layers=air_stations&z=10")
    page.wait_for_selector("form.auth-form")
    assert "/login?next=" in page.url
    assert "生态环境“一张图”" in page.locator("h1.auth-title").inner_text()
    page.fill("#username", "browser-leader")
    page.fill("#password", "Wrong-passw0rd")
    page.click("#sign-in")
    page.wait_for_selector("#auth-error")
    assert "用户名或密码错误" in page.locator("#auth-error").inner_text()
    page.console_errors.clear()  # the refused form answers 401, which Chromium logs
    page.fill("#password", TEST_PASSWORD)
    page.click("#sign-in")
    page.wait_for_selector(".leaflet-container")
    assert "layers=air_stations" in page.url and "z=10" in page.url
    page.wait_for_selector('.user-box[data-user="browser-leader"]')
    assert page.locator('.app-nav a[href="/admin/audit"]').count() == 0  # not an admin
    page.wait_for_timeout(800)
    assert_clean(page)
    page.click(".sign-out")
    page.wait_for_selector("form.auth-form")
    page.goto(f"{live_server}/")
    page.wait_for_selector("form.auth-form")  # the session is gone


def test_sign_in_page_in_english_reads_well(anonymous_page, live_server):
    page = anonymous_page
    page.goto(f"{live_server}/login?lang=en")
    page.wait_for_selector("form.auth-form")
    assert page.locator("#sign-in").inner_text() == "Sign in"
    assert page.locator("label[for=username]").inner_text() == "User name"
    box = page.locator(".auth-card").bounding_box()
    assert box and 300 < box["width"] <= 560 and box["height"] < 700  # a centred card
    size = page.evaluate("getComputedStyle(document.querySelector('#username')).fontSize")
    assert float(size.rstrip("px")) >= 15
    assert page.console_errors == []
