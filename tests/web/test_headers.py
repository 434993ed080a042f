"""Security headers on every response; a CSP that allows Dash's inline scripts by hash."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.db

PATHS = ["/", "/ogc", "/ogc/collections/air_stations/items?limit=1", "/tiles",
         "/wmts/1.0.0/WMTSCapabilities.xml", "/ogc/nope", "/no-such-page"]


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_headers(app_client, path):
    response = app_client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] in ("strict-origin-when-cross-origin",
                                                   "no-referrer")
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_scripts_only_from_self_and_dash_inline_hashes(app_client, onemap_app):
    index = app_client.get("/")
    policy = directives(index.headers["Content-Security-Policy"])
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert scripts[0] == "'self'"
    assert set(onemap_app.csp_hashes()) <= set(scripts)
    assert len(scripts) > 1
    assert {"data:", "blob:"} <= set(policy["img-src"])
