"""Logging for the app, the gunicorn master and its workers: one format, parseable lines.

``ONEMAP_LOG_FORMAT=json`` (the default) writes one JSON object per line to stderr, for a
log shipper (Filebeat, Vector, Fluent Bit); ``text`` writes the same fields for a human.

Every record has these keys::

    {"time": "2026-11-26T14:03:07.412+08:00", "level": "INFO", "logger": "onemap.request",
     "message": "GET /ogc/collections 200 12.3 ms", "process": 4711,
     "request_id": "5f0c8c7e2b8a4c43a0a51f7d6f1f8d2e"}

``request_id`` is present while a request is handled (``X-Request-ID``: a sane incoming
value is kept, otherwise one is generated; the response echoes it). Errors add
``"exc_info"``: the formatted traceback, as one string.

The request log (logger ``onemap.request``) writes one line per request, after the
response is built, with these extra keys::

    "method": "GET", "path": "/ogc/collections/air_stations/items",
    "query": "bbox=117,31,118,32&token=[redacted]", "status": 200, "duration_ms": 12.3,
    "remote_addr": "10.1.2.3", "user": "zhang.wei", "bytes": 18231

``remote_addr`` is the client behind a trusted proxy (``ONEMAP_TRUSTED_PROXIES``),
``user`` the signed-in user name, ``bytes`` the body length; a key without a value
(no query, anonymous, streamed body) is left out. The line is ``INFO``, or ``ERROR`` for
a 5xx answer. Authorization headers and cookies are never logged; query parameters whose
name looks like a secret (``token``, ``password``, ``tk``, ``key``…) show ``[redacted]``.
``time`` is the server's local time with its UTC offset.
"""

from __future__ import annotations

import json
import logging
import logging.config
from datetime import UTC, datetime
from typing import Any, Literal

LogFormat = Literal["json", "text"]

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is logged.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "taskName"}


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (and nothing else) from the current Flask request, if any."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = _current_request_id()
        return True


def _current_request_id() -> str | None:
    try:
        from flask import has_request_context, request
    except ImportError:  # pragma: no cover - flask is a dependency
        return None
    if has_request_context():
        return request.environ.get("onemap.request_id")
    return None


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC).astimezone()
    return moment.isoformat(timespec="milliseconds")


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items()
            if k not in _STANDARD and not k.startswith("_") and v is not None}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, process, the extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        entry.update(_extras(record))
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``time level [process] logger: message key=value …`` and the traceback below."""

    def format(self, record: logging.LogRecord) -> str:
        extras = " ".join(f"{k}={v}" for k, v in _extras(record).items())
        line = (f"{_timestamp(record)} {record.levelname} [{record.process}] {record.name}: "
                f"{record.getMessage()}" + (f" {extras}" if extras else ""))
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def log_config(fmt: LogFormat = "json", level: str = "INFO") -> dict[str, Any]:
    """A :func:`logging.config.dictConfig` dictionary (also gunicorn's ``logconfig_dict``).

    One stderr handler on the root logger; gunicorn's loggers propagate to it, so the
    master, the workers and the app write the same format.
    """
    formatter = JsonFormatter if fmt == "json" else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"onemap": {"()": formatter}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                       "formatter": "onemap", "filters": ["request_id"]},
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            # gunicorn adds its own handlers unless these are set explicitly.
            "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            # One line per request comes from onemap.request; gunicorn's is off.
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
            "werkzeug": {"level": "WARNING", "handlers": [], "propagate": True},
            "alembic": {"level": "WARNING", "handlers": [], "propagate": True},
        },
    }


def configure_logging(fmt: LogFormat = "json", level: str = "INFO") -> None:
    """Apply :func:`log_config` to this process."""
    logging.config.dictConfig(log_config(fmt, level))
