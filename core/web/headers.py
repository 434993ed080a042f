"""Security headers on every response, with a Content-Security-Policy Dash can run under.

Scripts: only the app's own files and Dash's inline scripts, allowed by their SHA-256
hashes (``Dash.csp_hashes()``, computed once Dash's set-up has run, since the pages
router adds an inline script then); no ``'unsafe-inline'`` and no ``'unsafe-eval'`` for
scripts (the One Map page, Dash, dash-leaflet and the assets need neither; the browser
test checks there is no violation). Styles need ``'unsafe-inline'``: React and Leaflet
write ``style`` attributes and some components inject ``<style>`` elements. Images and
tiles may be ``data:`` and ``blob:`` URLs, plus the origins of configured online
providers. The page may not be framed (``frame-ancestors 'none'``, ``X-Frame-Options``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from dash import Dash
from flask import Response

from core.settings import Settings

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def provider_origins(settings: Settings) -> list[str]:
    """``scheme://host`` of each online provider (``t{s}.x.cn`` becomes ``*.x.cn``)."""
    origins = []
    for provider in settings.providers:
        parts = urlsplit(provider.url)
        host = ".".join("*" if "{" in label else label
                        for label in parts.netloc.split("."))
        if parts.scheme in ("http", "https") and host:
            origin = f"{parts.scheme}://{host}"
            if origin not in origins:
                origins.append(origin)
    return origins


def content_security_policy(script_hashes: list[str], img_origins: list[str]) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *img_origins],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class SecurityHeaders:
    """``after_request`` hook; the policy is built on first use (after Dash's set-up)."""

    def __init__(self, app: Dash, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self._policy: str | None = None

    @property
    def policy(self) -> str:
        if self._policy is None:
            self._policy = content_security_policy(list(self.app.csp_hashes()),
                                                   provider_origins(self.settings))
        return self._policy

    def __call__(self, response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", self.policy)
        for name, value in STATIC_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def install_headers(app: Dash, settings: Settings) -> SecurityHeaders:
    hook = SecurityHeaders(app, settings)
    app.server.after_request(hook)
    return hook
