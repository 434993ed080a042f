"""A path id beyond PostgreSQL's ``integer`` is no such record (404), not a 500 (found by
the fuzzing of the document)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.db

HUGE = 2**31  # one past the largest PostgreSQL integer


@pytest.mark.parametrize(("method", "url"), [
    ("get", f"/api/cockpit/schemes/{HUGE}"),
    ("get", f"/api/cockpit/schemes/{HUGE}/export"),
    ("get", f"/api/incidents/{HUGE}"),
    ("get", f"/api/incidents/{HUGE}/report"),
    ("get", f"/api/incidents/{HUGE}/zones"),
    ("delete", f"/api/tokens/{HUGE}"),
], ids=lambda v: v if isinstance(v, str) and v.startswith("/") else None)
def test_an_id_beyond_the_store_is_not_found(app_client, method, url):
    response = getattr(app_client, method)(url)
    assert response.status_code == 404
    assert set(response.get_json()) == {"code", "description"}


def test_the_largest_id_reaches_the_service(app_client):
    response = app_client.get(f"/api/incidents/{HUGE - 1}")
    assert response.status_code == 404
    assert "incident" in response.get_json()["description"]
