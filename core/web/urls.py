"""Absolute links that never trust the request's ``Host`` header.

Every absolute URL a service writes (OGC ``self``/``next`` links, WMTS capabilities,
TileJSON) starts with ``Settings.base_url``: ``ONEMAP_PUBLIC_URL`` when set, else
``http://ONEMAP_HOST:ONEMAP_PORT``.
"""

from __future__ import annotations

from flask import current_app, request, url_for

from core.context import EXTENSION_KEY


def public_base() -> str:
    """The public base URL of the app, without a trailing slash."""
    return current_app.extensions[EXTENSION_KEY].settings.base_url


def public_url_for(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` as an absolute URL on the public base."""
    return public_base() + url_for(endpoint, _external=False, **values)


def public_request_url() -> str:
    """The current request's path and query on the public base (for ``self`` links)."""
    query = request.query_string.decode("latin-1")
    return public_base() + request.path + (f"?{query}" if query else "")
