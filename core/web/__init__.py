"""The web face of the app, shared by every blueprint and page: public links, headers,
errors, logging. Nothing here knows about a particular page or service.

:func:`install_web` wires it all onto the Dash app, once, after pages and services are
registered::

    TrustedProxies → RequestLog → ReadyMiddleware → Flask
    (client address)  (request id,   (Dash set-up      (JSON errors, callback guard,
                       one log line)  before request)  security headers, compression)
"""

from __future__ import annotations

from dash import Dash

from core.settings import Settings


def install_web(app: Dash, settings: Settings) -> None:
    """Errors, callback guard, security headers, compression, request log, proxies."""
    from core.web.callbacks import install_callback_guard
    from core.web.compression import install_compression
    from core.web.errors import install_errors
    from core.web.headers import install_headers
    from core.web.proxies import TrustedProxies
    from core.web.ready import READY_KEY, DashReady, ReadyMiddleware
    from core.web.request_log import RequestLog, install_request_log

    server = app.server
    ready = DashReady(app)  # first: it collects Dash's own first-request hooks
    server.extensions[READY_KEY] = ready
    install_errors(server)
    install_callback_guard(app)
    install_request_log(server)
    install_headers(app, settings)
    install_compression(server)  # last after_request registered: runs first
    server.wsgi_app = TrustedProxies(RequestLog(ReadyMiddleware(server.wsgi_app, ready)),
                                     settings.proxy_networks)
