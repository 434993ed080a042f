"""Request ids and one log line per request (format: see :mod:`core.logging`).

A WSGI middleware, inside :class:`core.web.proxies.TrustedProxies` so the address it logs
is the real client's. The signed-in user name is read from ``flask.g.user_name`` at the
end of the request (the sign-in code sets it) and handed over in the WSGI environ.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from urllib.parse import parse_qsl, urlencode

from flask import Flask, g, request

log = logging.getLogger("onemap.request")

REQUEST_ID_HEADER = "X-Request-ID"
ENVIRON_ID = "onemap.request_id"
ENVIRON_USER = "onemap.user_name"
# A sane incoming id: what proxies and tracers send (uuids, hex, base64url), bounded.
SANE_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{8,128}")
SECRET_PARAM = re.compile(r"token|passw|secret|key|auth|session|^tk$|^sig", re.IGNORECASE)


def request_id(incoming: str | None) -> str:
    """The incoming id if it is sane, else a new random one."""
    if incoming and SANE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def redacted_query(query: str) -> str:
    """The query string with the values of secret-looking parameters replaced."""
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(k, "[redacted]" if SECRET_PARAM.search(k) else v) for k, v in pairs],
                     safe=",:/[]")


class RequestLog:
    """WSGI middleware: request id in and out, one ``onemap.request`` line per request."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        rid = request_id(environ.get("HTTP_X_REQUEST_ID"))
        environ[ENVIRON_ID] = rid
        started = time.perf_counter()
        seen: dict[str, object] = {}

        def start(status: str, headers: list, exc_info=None):
            seen["status"] = int(status.split(" ", 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append((REQUEST_ID_HEADER, rid))
            seen["bytes"] = next((int(v) for k, v in headers
                                  if k.lower() == "content-length" and v.isdigit()), None)
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, start)
        finally:
            self._log(environ, seen, started, rid)

    @staticmethod
    def _log(environ, seen: dict, started: float, rid: str) -> None:
        duration = round((time.perf_counter() - started) * 1000, 1)
        status = seen.get("status", 500)
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "")
        level = logging.ERROR if status >= 500 else logging.INFO
        log.log(level, "%s %s %s %.1f ms", method, path, status, duration, extra={
            "request_id": rid, "method": method, "path": path,
            "query": redacted_query(environ.get("QUERY_STRING", "")) or None,
            "status": status, "duration_ms": duration,
            "remote_addr": environ.get("REMOTE_ADDR"),
            "user": environ.get(ENVIRON_USER), "bytes": seen.get("bytes"),
        })


def install_request_log(server: Flask) -> None:
    """Hand the signed-in user name to :class:`RequestLog` (the middleware is applied by
    :func:`core.web.install_web`)."""

    @server.teardown_request
    def _remember_user(_exc: BaseException | None) -> None:
        user = g.get("user_name")
        if user:
            request.environ[ENVIRON_USER] = str(user)
