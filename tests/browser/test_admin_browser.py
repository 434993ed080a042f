"""The accounts page in a real browser: its callbacks with duplicate outputs answer."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_clean

pytestmark = [pytest.mark.browser, pytest.mark.db]


def test_enable_disable_answers_in_the_browser(page):
    statuses = []
    page.on("response", lambda r: "_dash-update-component" in r.url
            and statuses.append(r.status))
    page.goto(f"{page.base_url}/admin/users?lang=en")
    page.fill("#users-toggle-name", "nobody-by-this-name")
    page.click("#users-toggle")
    page.wait_for_selector("#users-result :text('nobody-by-this-name')", timeout=15000)
    assert statuses and all(s == 200 for s in statuses), statuses
    assert_clean(page)
