"""Every error on a service path is JSON ``{"code","description"}`` with the right status;
pages keep HTML."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from core.web.errors import MAX_BODY_BYTES, MAX_URL_BYTES, install_errors

pytestmark = pytest.mark.db

UNKNOWN_SERVICE_PATHS = ["/ogc/nope", "/ogc/collections/air_stations/nope",
                         "/tiles/dem/10/844/416", "/tiles/nope/1/2/3/4/5",
                         "/wmts/nope", "/api/regions/", "/api/nope", "/api"]


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json", response.data[:300]
    body = response.get_json()
    assert set(body) == {"code", "description"}
    assert body["code"] and body["description"]
    return body


@pytest.mark.parametrize("path", UNKNOWN_SERVICE_PATHS)
def test_unknown_service_path_is_json_404(app_client, path):
    body = assert_json_error(app_client.get(path), 404)
    assert body["code"] == "not_found"


def test_unknown_page_path_keeps_html(app_client):
    response = app_client.get("/no-such-page")
    assert response.mimetype == "text/html"


def test_wrong_method_on_a_service_is_json_405_with_allow(app_client):
    response = app_client.post("/ogc/collections", data=b"{}")
    assert_json_error(response, 405)
    assert "GET" in response.headers["Allow"]


def test_wrong_method_on_a_page_keeps_html(app_client):
    response = app_client.delete("/")
    assert response.status_code == 405
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("prefix", ["/ogc/collections?f=", "/tiles/dem/tilejson.json?x=",
                                    "/api/regions/x?y="])
def test_too_long_url_is_json_414(app_client, prefix):
    response = app_client.get(prefix + "a" * MAX_URL_BYTES)
    body = assert_json_error(response, 414)
    assert str(MAX_URL_BYTES) in body["description"]


def test_too_long_url_on_a_page_keeps_html(app_client):
    response = app_client.get("/?q=" + "a" * MAX_URL_BYTES)
    assert response.status_code == 414
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("path", ["/ogc/collections", "/_dash-update-component"])
def test_too_large_body_is_json_413(app_client, path):
    response = app_client.post(path, data=b"x" * (MAX_BODY_BYTES + 1),
                               content_type="application/json")
    assert_json_error(response, 413)


def test_bad_service_parameter_stays_json_400(app_client):
    response = app_client.get("/ogc/collections/air_stations/items?limit=-5")
    assert_json_error(response, 400)


@pytest.fixture
def failing_app() -> Flask:
    """A server whose handlers raise an unexpected error, with the app's error handling."""
    server = Flask(__name__)
    install_errors(server)

    @server.get("/api/boom")
    def api_boom():
        raise RuntimeError("boom in a service")

    @server.get("/boom")
    def page_boom():
        raise RuntimeError("boom in a page")

    return server


def test_unexpected_error_on_a_service_is_json_500_with_traceback_logged(failing_app, caplog):
    with caplog.at_level(logging.ERROR, logger="onemap.errors"):
        response = failing_app.test_client().get("/api/boom")
    body = assert_json_error(response, 500)
    assert "boom" not in body["description"]  # internals stay in the log
    record = next(r for r in caplog.records if r.name == "onemap.errors")
    assert record.exc_info and "boom in a service" in str(record.exc_info[1])


def test_unexpected_error_on_a_page_keeps_html(failing_app):
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    assert response.mimetype == "text/html"
