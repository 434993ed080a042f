"""One parseable log line per request, with a request id echoed to the client."""

from __future__ import annotations

import json
import logging

import pytest
from flask import Flask, g

from core.logging import JsonFormatter, RequestIdFilter, TextFormatter
from core.web.request_log import RequestLog, install_request_log, redacted_query


def request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "onemap.request"]


@pytest.mark.db
def test_one_json_line_per_request_with_id(app_client, caplog):
    with caplog.at_level(logging.INFO, logger="onemap.request"):
        response = app_client.get(
            "/ogc/collections/air_stations/items?limit=2&token=s3cret&password=pw",
            headers={"X-Request-ID": "abc-12345678", "Cookie": "onemap_session=cookie-value"})
    assert response.headers["X-Request-ID"] == "abc-12345678"
    (record,) = request_records(caplog)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["logger"] == "onemap.request" and entry["level"] == "INFO"
    assert entry["request_id"] == "abc-12345678"
    assert entry["method"] == "GET"
    assert entry["path"] == "/ogc/collections/air_stations/items"
    assert entry["status"] == response.status_code
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
    assert entry["remote_addr"] == "127.0.0.1"
    assert "limit=2" in entry["query"]
    for secret in ("s3cret", "pw&", "cookie-value", "Bearer", "Authorization"):
        assert secret not in line


@pytest.mark.db
@pytest.mark.parametrize("incoming", [None, "bad id with spaces", "x" * 500, "<script>"])
def test_insane_or_missing_ids_are_replaced(app_client, incoming, caplog):
    headers = {"X-Request-ID": incoming} if incoming else {}
    with caplog.at_level(logging.INFO, logger="onemap.request"):
        response = app_client.get("/ogc/conformance", headers=headers)
    rid = response.headers["X-Request-ID"]
    assert rid != incoming and len(rid) == 32
    assert request_records(caplog)[-1].request_id == rid


def test_user_name_and_errors_with_traceback():
    server = Flask(__name__)

    @server.before_request
    def sign_in():
        g.user_name = "zhang.wei"

    @server.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    install_request_log(server)
    server.wsgi_app = RequestLog(server.wsgi_app)
    stream = []

    class Collect(logging.Handler):
        def emit(self, record):
            stream.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        response = server.test_client().get("/boom", headers={"X-Request-ID": "req-000001"})
    finally:
        root.removeHandler(handler)
    assert response.status_code == 500
    entries = [json.loads(line) for line in stream]
    error = next(e for e in entries if e["level"] == "ERROR" and e["logger"] != "onemap.request")
    assert "kaboom" in error["exc_info"] and "Traceback" in error["exc_info"]
    assert error["request_id"] == "req-000001"
    access = next(e for e in entries if e["logger"] == "onemap.request")
    assert access["user"] == "zhang.wei" and access["status"] == 500


def test_text_format_keeps_the_fields():
    record = logging.LogRecord("onemap.request", logging.INFO, __file__, 1, "GET / 200", None,
                               None)
    record.request_id, record.status = "r1", 200
    line = TextFormatter().format(record)
    assert "GET / 200" in line and "request_id=r1" in line and "status=200" in line


@pytest.mark.parametrize(("query", "kept", "hidden"), [
    ("token=abc&x=1", "x=1", "abc"), ("tk=abc", "tk=[redacted]", "abc"),
    ("PASSWORD=p1&bbox=1,2,3,4", "bbox=1,2,3,4", "p1"), ("api_key=k9", "api_key", "k9")])
def test_secret_parameters_are_redacted(query, kept, hidden):
    out = redacted_query(query)
    assert kept in out and hidden not in out
