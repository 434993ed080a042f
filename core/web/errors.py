"""JSON errors for every service path, HTML for the pages; request size limits.

Every path under ``/ogc``, ``/tiles``, ``/wmts`` and ``/api`` (and Dash's callback
endpoint) answers an error as ``{"code": ..., "description": ...}`` with the right
status: unknown paths (404, instead of Dash's catch-all index page), 405, 413, 414, 400
and 500. Other paths keep werkzeug's HTML pages.

A data store that cannot be reached answers 503 with a plain message and a
``Retry-After``; the driver's text (host, port, reason) goes to the log only.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

from flask import Flask, Response, current_app, jsonify, request
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import (
    HTTPException,
    NotFound,
    RequestEntityTooLarge,
    RequestURITooLarge,
)
from werkzeug.routing import Rule

from core.errors import OneMapError, StoreUnavailable

log = logging.getLogger("onemap.errors")

SERVICE_PREFIXES = ("/ogc", "/tiles", "/wmts", "/api")
JSON_PATHS = ("/_dash-update-component",)
# The longest request target (path and query, as sent) the app accepts. gunicorn's own
# limit (gunicorn.conf.py) is higher, so a longer URL reaches the app and gets JSON.
MAX_URL_BYTES = 4096
# The largest request body [bytes]: Dash callback bodies (a drawn polygon) stay far below.
MAX_BODY_BYTES = 4 * 1024 * 1024
CATCH_ALL = re.compile(r"/<path:\w+>")  # Dash's index page for any path
STORE_MESSAGE = "data store unavailable, retrying"
STORE_RETRY_AFTER_S = 5


def is_service_path(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in SERVICE_PREFIXES)


def wants_json(path: str) -> bool:
    """Errors on this path are JSON (services and Dash's callback endpoint)."""
    return is_service_path(path) or path in JSON_PATHS


def is_store_down(exc: BaseException) -> bool:
    """The database could not be reached or dropped the connection."""
    if isinstance(exc, StoreUnavailable | OperationalError | InterfaceError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def _json(status: int, code: str, description: str,
          headers: dict[str, str] | None = None) -> Response:
    response = jsonify({"code": code, "description": description})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def json_error(exc: BaseException) -> Response:
    """The one function that turns any exception into a JSON error response."""
    if is_store_down(exc):
        detail = exc.message if isinstance(exc, OneMapError) else str(exc)
        log.error("data store unavailable: %s", detail, exc_info=exc)
        return _json(503, StoreUnavailable.code, STORE_MESSAGE,
                     {"Retry-After": str(STORE_RETRY_AFTER_S)})
    if isinstance(exc, OneMapError):
        if exc.status >= 500:
            log.error("%s: %s", exc.code, exc.message, exc_info=exc)
        retry_after = getattr(exc, "retry_after", None)
        return _json(exc.status, exc.code, exc.message,
                     {"Retry-After": str(retry_after)} if retry_after else None)
    if isinstance(exc, HTTPException):
        status = exc.code or 500
        headers = {k: v for k, v in exc.get_headers() if k.lower() in ("allow", "retry-after")}
        code = (exc.name or "error").lower().replace(" ", "_").replace("-", "_")
        return _json(status, code, exc.description or exc.name, headers)
    log.error("unhandled error on %s %s", request.method, request.path, exc_info=exc)
    return _json(500, "internal_error", "internal server error")


def request_target_bytes(environ: dict) -> int:
    """Length of the request target as the client sent it (path and query)."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return len(raw.encode("latin-1", "replace"))
    path = quote(environ.get("PATH_INFO", ""), safe="/;=,:@!$&'()*+~")
    query = environ.get("QUERY_STRING", "")
    return len(path) + (len(query) + 1 if query else 0)


def _check_request() -> None:
    """Limits first, then unknown service paths (which Dash's catch-all would answer)."""
    if request_target_bytes(request.environ) > MAX_URL_BYTES:
        raise RequestURITooLarge(f"the request URL is longer than {MAX_URL_BYTES} bytes")
    length = request.content_length
    # an upload endpoint declares its own limit (``view.max_body_bytes``: bytes, or a
    # callable answering them) and checks the body itself
    view = current_app.view_functions.get(request.endpoint or "")
    own = getattr(view, "max_body_bytes", None)
    limit = (own() if callable(own) else own) or MAX_BODY_BYTES
    if own is not None:
        request.max_content_length = limit
    elif length is not None and length > limit:
        raise RequestEntityTooLarge(f"the request body is larger than {MAX_BODY_BYTES} bytes")
    if is_service_path(request.path) and is_catch_all(request.url_rule):
        raise NotFound(f"no such resource: {request.path}")


def is_catch_all(rule: Rule | None) -> bool:
    """A rule that matches any path (Dash's ``/<path:path>`` index page)."""
    return rule is not None and CATCH_ALL.fullmatch(rule.rule) is not None


def _app_error(exc: Exception):
    if wants_json(request.path):
        return json_error(exc)
    if isinstance(exc, HTTPException):
        return exc
    raise exc  # Flask logs it and answers its own 500 page


def install_errors(server: Flask) -> None:
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    server.before_request(_check_request)
    server.register_error_handler(Exception, _app_error)
