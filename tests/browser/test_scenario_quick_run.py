"""A scenario answered in the request (matrix cached) shows its map from the run's own
answer, and still renders when reopened after another scenario was on show."""

from __future__ import annotations

import uuid

import pytest

from tests.browser.conftest import assert_clean

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]


def _run(page, name: str) -> str:
    page.fill("#sc-name", name)
    page.wait_for_function("() => !document.querySelector('#sc-run').disabled")
    page.click("#sc-run")
    page.wait_for_function(f"() => document.querySelector('#sc-provenance-card')"
                           f"?.innerText.includes('{name}') || document.querySelector("
                           f"'.sc-saved-item.sc-current b')?.textContent.includes('{name}')",
                           timeout=180_000)
    page.wait_for_function(f"() => document.querySelector('.sc-saved-item.sc-current b')"
                           f"?.textContent.includes('{name}')", timeout=30_000)
    return page.get_attribute(".sc-saved-item.sc-current", "data-id")


def _tiles_of(page, sid: str) -> None:
    page.wait_for_function(
        "(sid) => Array.from(document.querySelectorAll('.leaflet-sc-right-pane img'))"
        ".some(i => i.src.includes('/api/scenarios/' + sid + '/tiles/scenario/'))",
        arg=sid, timeout=30_000)


def test_a_quick_run_shows_and_reopens(page):
    page.goto(page.base_url + "/scenario?lang=en", wait_until="networkidle")
    page.click("#sc-add-cut")
    page.wait_for_selector("#sc-cut-list li")
    first = _run(page, f"quick-a-{uuid.uuid4().hex[:6]}")  # may build the matrix first
    _tiles_of(page, first)
    second = _run(page, f"quick-b-{uuid.uuid4().hex[:6]}")  # answered in the request
    _tiles_of(page, second)
    page.click(f".sc-saved-item[data-id='{first}'] button:has-text('Open')")
    _tiles_of(page, first)
    page.click(f".sc-saved-item[data-id='{second}'] button:has-text('Open')")
    _tiles_of(page, second)  # the quick run's result renders again when reopened
    assert page.locator("#sc-stations-table tbody tr").count() == 10
    assert_clean(page)
