"""A station whose fed values are QC-flagged: its record on the One Map says so (Chromium)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import text

from core.clock import beijing_now, floor_hour
from tests.browser.conftest import signed_in_context
from tests.feeds.conftest import STATIONS, feed_client, reading  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.db]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def flagged_now(feed_client, app_engine):  # noqa: F811 (the fixture)
    """Every station fed at the present hour with PM2.5 > PM10 (removed afterwards)."""
    hour = floor_hour(beijing_now())
    answer = feed_client.post("/api/observations/air", json=[
        reading(code, hour, pm2_5=95.0, pm10=80.0) for code in STATIONS]).get_json()
    assert answer["flagged"] == len(STATIONS)
    yield hour
    with app_engine.begin() as conn:
        conn.execute(text("DELETE FROM air_observations WHERE source = 'feed' AND time > :t"),
                     {"t": hour - dt.timedelta(hours=1)})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_station_record_says_flagged(browser, live_server, admin_session,
                                     flagged_now, lang):
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/?layers=air_stations&z=11&c=31.84,117.24"
                  f"&basemap=vector&lang={lang}")
        page.wait_for_selector(".leaflet-container")
        marker = page.locator(".leaflet-overlay-pane path.leaflet-interactive").first
        marker.wait_for()
        marker.click(force=True)
        panel = page.locator("#onemap-feature-panel")
        panel.locator(".record-table").wait_for()
        body = panel.inner_text()
        assert "已标记 flagged" in body and "pm25_gt_pm10" in body
        if os.environ.get("ONEMAP_SCREENSHOTS"):  # README pictures, only when asked
            page.wait_for_timeout(1000)
            page.screenshot(path=str(SHOTS / f"feeds-flagged-station-{lang}.png"))
    finally:
        context.close()
