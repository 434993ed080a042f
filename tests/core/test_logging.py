"""Logging set-up shared by the app, the gunicorn master and its workers."""

from __future__ import annotations

import json
import logging
import runpy
from pathlib import Path

import pytest

from core.logging import JsonFormatter, TextFormatter, configure_logging

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_lines_on_stderr_with_traceback(restore_logging, capsys):
    configure_logging("json")
    try:
        raise ValueError("bad value")
    except ValueError:
        logging.getLogger("onemap.test").exception("it failed", extra={"layer": "air"})
    (line,) = capsys.readouterr().err.splitlines()[-1:]
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "onemap.test"
    assert entry["message"] == "it failed" and entry["layer"] == "air"
    assert "ValueError: bad value" in entry["exc_info"]


@pytest.mark.parametrize(("fmt", "formatter"), [("json", JsonFormatter),
                                                 ("text", TextFormatter)])
def test_gunicorn_conf_logs_in_the_configured_format(monkeypatch, fmt, formatter):
    monkeypatch.setenv("ONEMAP_LOG_FORMAT", fmt)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config = conf["logconfig_dict"]
    assert config["formatters"]["onemap"]["()"] is formatter
    assert config["root"]["handlers"] == ["stderr"]
    assert config["loggers"]["gunicorn.error"]["propagate"] is True
    assert conf["accesslog"] is None  # the app writes one line per request itself
    assert conf["limit_request_line"] == 8190
