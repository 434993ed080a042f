"""gunicorn's threaded worker, answering an over-long request line as JSON.

gunicorn refuses a request line longer than its ``limit_request_line`` (at most 8190
bytes) before the app sees the request, with an HTML page. This worker answers that one
case like the app does: ``414 {"code": "request_uri_too_long", "description": ...}``.
URLs between the app's limit (``core.web.errors.MAX_URL_BYTES``) and gunicorn's are
refused by the app itself. Every other protocol error keeps gunicorn's handling.
"""

from __future__ import annotations

import json

from gunicorn import util
from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.gthread import ThreadWorker

from core.web.errors import MAX_URL_BYTES


def uri_too_long_response() -> bytes:
    body = json.dumps({"code": "request_uri_too_long",
                       "description": f"the request URL is longer than {MAX_URL_BYTES} bytes"})
    head = ("HTTP/1.1 414 URI Too Long\r\nConnection: close\r\n"
            "Content-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return (head + body).encode("latin-1")


class JsonErrorThreadWorker(ThreadWorker):
    """``worker_class`` for gunicorn.conf.py: gthread with a JSON 414."""

    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, LimitRequestLine):
            return super().handle_error(req, client, addr, exc)
        self.log.warning("request line too long from ip=%s: %s", (addr or ("",))[0], exc)
        try:
            util.write_nonblock(client, uri_too_long_response())
        except OSError:
            self.log.debug("failed to send the 414 answer")
        return None
