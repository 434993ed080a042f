"""The forecast page in a real headless Chromium: the fan charts render with their interval
bands, the warning and the model card with its skill table show, and a station says why it
has no daily forecast. With ``ONEMAP_SCREENSHOTS=1`` it also writes the README screenshots
(1920×1080, both languages)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean, signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.db]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _bands(page, selector: str) -> int:
    """How many filled interval bands plotly drew in the charts under ``selector``."""
    return page.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel + ' .js-fill'))
             .filter(p => (p.getAttribute('d') || '').length > 10).length""", selector)


def test_the_fan_chart_renders_with_interval_bands(page):
    page.goto(f"{page.base_url}/forecast?where=340100&issued_at=2016-12-20")
    chart = page.locator("#fc-aqi-chart")
    expect(chart.locator(".js-fill").first).to_be_attached(timeout=20_000)
    assert _bands(page, "#fc-aqi-chart") >= 1
    # one small fan chart per pollutant, each with its band
    expect(page.locator(".fc-small-chart")).to_have_count(6)
    expect(page.locator(".fc-small-chart .js-fill").nth(5)).to_be_attached()
    assert _bands(page, ".fc-grid") >= 6
    # the AQI level colour bands sit behind the fan (plotly layout shapes)
    assert page.locator("#fc-aqi-chart .shapelayer path").count() >= 3
    expect(page.locator(".fc-warning-level")).to_be_visible()
    expect(page.locator(".fc-days tbody tr")).to_have_count(7)
    # the model card and its skill table, with where persistence is not beaten
    expect(page.locator(".fc-dl")).to_contain_text("2013-12-02")
    expect(page.locator(".fc-skill-table")).to_be_visible()
    expect(page.locator(".fc-notbetter")).to_contain_text("CO")
    # past performance from the stored backtest
    expect(page.locator("#fc-hist-chart .scatterlayer .trace")).to_have_count(4, timeout=10_000)
    assert_clean(page)


def test_a_station_says_why_it_has_no_daily_forecast(page):
    page.goto(f"{page.base_url}/forecast?where=1270A")
    notice = page.locator(".fc-notice")
    expect(notice).to_contain_text("1270A", timeout=20_000)
    expect(notice).to_contain_text("GB 3095")
    assert_clean(page)


@pytest.mark.skipif(not os.environ.get("ONEMAP_SCREENSHOTS"), reason="README screenshots")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots(browser, live_server, admin_session, lang):
    context = signed_in_context(browser, live_server, admin_session,
                                viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{live_server}/forecast?where=340100&issued_at=2016-12-20&lang={lang}")
    expect(page.locator(".fc-small-chart .js-fill").nth(5)).to_be_attached(timeout=20_000)
    page.wait_for_selector("#fc-hist-chart .scatterlayer .trace")
    page.wait_for_timeout(800)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"forecast-{lang}.png"))
    page.screenshot(path=str(SHOTS / f"forecast-{lang}-full.png"), full_page=True)
    page.goto(f"{live_server}/forecast?where=1270A&lang={lang}")
    page.wait_for_selector(".fc-notice")
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"forecast-station-{lang}.png"))
    context.close()


def test_a_leader_reads_the_page_without_the_retrain_controls(browser, live_server,
                                                             auth_service, make_user):
    from tests.conftest import TEST_PASSWORD

    make_user("fc-leader", "leader")  # page:analysis (read), not forecast:run
    session = auth_service.sign_in("fc-leader", TEST_PASSWORD,
                                   address="127.0.0.1").session_secret
    context = signed_in_context(browser, live_server, session,
                                viewport={"width": 1600, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server}/forecast?where=340100&issued_at=2016-12-20")
    expect(page.locator("#fc-aqi-chart .js-fill").first).to_be_attached(timeout=20_000)
    expect(page.locator("#fc-retrain")).to_be_hidden()
    expect(page.locator("#fc-cancel")).to_be_hidden()
    context.close()
