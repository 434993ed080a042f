"""The forecast page's text parts do not wait for plotly.js: with plotly held back, the
headline, the warning with its AQI day table and the model card are shown, while the fan
charts keep their loading indicator (nothing half-drawn); once plotly arrives the charts
draw."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db]

#: plotly.js and dcc's graph chunk (a dcc.Graph asks for both when it mounts)
PLOTLY = re.compile(r"/(plotly/package_data/plotly\.min\.js|dash/dcc/async-graph\.js)")


def test_text_parts_show_before_plotly_and_charts_after(page):
    held = []

    def hold(route):
        held.append(route)

    page.route(PLOTLY, hold)
    page.goto(f"{page.base_url}/forecast?where=340100&issued_at=2016-12-20")
    expect(page.locator(".fc-card-slot .fc-card")).to_be_visible(timeout=20_000)
    expect(page.locator(".fc-warning-slot .fc-days tbody tr")).to_have_count(7)
    expect(page.locator(".fc-warning-level")).to_be_visible()
    expect(page.locator(".fc-headline .fc-issued")).to_be_visible()
    # the charts are not drawn while plotly.js is held back
    page.wait_for_timeout(500)
    assert held, "plotly.js was not asked for"
    assert page.locator(".fc-small-chart .js-fill").count() == 0
    for route in held:
        route.continue_()
    page.unroute(PLOTLY)
    expect(page.locator(".fc-small-chart .js-fill").nth(5)).to_be_attached(timeout=30_000)
    expect(page.locator(".fc-card-slot .fc-card")).to_be_visible()
