"""The One Map page runs under the app's Content-Security-Policy in a real Chromium."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_clean

pytestmark = [pytest.mark.browser, pytest.mark.db]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));
"""


def test_page_renders_without_csp_violations(page):
    page.add_init_script(RECORD_VIOLATIONS)
    with page.expect_response(lambda r: r.request.resource_type == "document") as document:
        page.goto(f"{page.base_url}/?layers=air_stations,water_sections&basemap=vector")
    policy = document.value.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "'unsafe-eval'" not in policy
    page.wait_for_selector(".leaflet-container")
    page.wait_for_selector(".leaflet-tile-loaded")
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive")
    page.locator(".layer-toggle--soil_enterprises input").check()  # a callback round trip
    page.wait_for_function(
        "() => (new URLSearchParams(location.search).get('layers') || '')"
        ".includes('soil_enterprises')")
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__csp") == []
    csp_messages = [m for m in page.console_errors if "Content Security Policy" in m]
    assert csp_messages == []
    assert_clean(page)
