"""Vector data at scale in a real browser: server clusters on the map, no heavy request."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_clean

pytestmark = [pytest.mark.browser, pytest.mark.db]

ONE_MB = 1_000_000


def sources_response(zoom: int):
    def match(response) -> bool:
        return ("/ogc/collections/pollution_sources/items" in response.url
                and f"zoom={zoom}" in response.url)
    return match


def open_city_view(page, responses: list):
    page.on("response", lambda response: responses.append(response))
    with page.expect_response(sources_response(9)) as first:
        page.goto(f"{page.base_url}/?layers=pollution_sources&z=9")
    markers = page.locator(".leaflet-marker-pane .onemap-cluster")
    markers.first.wait_for()
    page.wait_for_timeout(500)
    return first.value, markers


def largest_feature_response(responses) -> int:
    sizes = [len(r.body()) for r in responses if "/ogc/" in r.url and r.status == 200]
    assert sizes
    return max(sizes)


def test_city_zoom_draws_server_clusters_and_no_request_is_heavy(page):
    responses: list = []
    first, markers = open_city_view(page, responses)
    payload = first.json()
    assert "cluster=auto" in first.url and "properties=" in first.url
    assert payload["clustered"] is True  # 2,200 sample sources > the 2,000 threshold
    labels = [m.inner_text() for m in markers.all()]
    singles = page.locator(".leaflet-overlay-pane path.leaflet-interactive").count()
    assert labels
    if all(label.isdigit() for label in labels):  # the whole city is in view
        assert sum(map(int, labels)) + singles == payload["numberMatched"]
    assert largest_feature_response(responses) < ONE_MB
    assert_clean(page)


def test_clicking_a_cluster_zooms_in(page):
    responses: list = []
    _, markers = open_city_view(page, responses)
    with page.expect_response(lambda r: sources_response(9)(r) is False
                              and "/ogc/collections/pollution_sources/items" in r.url) as deeper:
        markers.first.click()
    assert "zoom=1" in deeper.value.url  # 10 or 11: supercluster or server cluster
    # the moved view reaches the address bar (centre arrives as {lat, lng} after a move)
    page.wait_for_function("() => /[?&]z=1[01]/.test(location.search)")
    page.wait_for_timeout(1000)
    assert largest_feature_response(responses) < ONE_MB
    assert_clean(page)
