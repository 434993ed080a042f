"""Compressed answers for every blueprint: Dash's bundles, JSON, GeoJSON, XML, CSS.

flask-compress on the Flask server (not only Dash's own routes), for the text types the
app serves. Raster tiles (PNG, JPEG, WebP) and GeoTIFFs are already compressed and are
left alone; so are bodies under 500 bytes. The ETag of a compressed body gets the
encoding as a suffix, so caches keep the variants apart (``Vary: Accept-Encoding``).
"""

from __future__ import annotations

import threading

from flask import Flask, Request
from flask_compress import Compress

COMPRESSED_TYPES = [
    "text/html", "text/css", "text/plain", "text/xml", "text/javascript",
    "application/javascript", "application/x-javascript", "application/json",
    "application/geo+json", "application/vnd.oai.openapi+json", "application/schema+json",
    "application/xml", "application/problem+json", "image/svg+xml",
]


BUNDLE_PREFIX = "/_dash-component-suites/"
BUNDLE_CACHE_BYTES = 64 * 1024 * 1024  # compressed bundles kept per process


def bundle_key(request: Request) -> str:
    """Cache key of a Dash component bundle (same bytes for the process's life); "" for
    anything else, which :class:`BundleCache` never stores."""
    return request.full_path if request.path.startswith(BUNDLE_PREFIX) else ""


class BundleCache:
    """Compressed Dash bundles, kept per process: plotly.js (4.8 MB) took 0.3–0.7 s to
    compress with brotli at every first visit. Only keys naming a bundle are stored."""

    def __init__(self) -> None:
        self._items: dict[str, bytes] = {}
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        return self._items.get(key) if not key.endswith(";") else None

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(";") or key in self._items:
            return
        with self._lock:
            if self._size + len(value) <= BUNDLE_CACHE_BYTES:
                self._items[key] = value
                self._size += len(value)


def install_compression(server: Flask) -> Compress:
    server.config["COMPRESS_MIMETYPES"] = COMPRESSED_TYPES
    server.config["COMPRESS_ALGORITHM"] = ["br", "gzip", "deflate"]
    # Files under /assets are streamed: keep gzip for them too (browsers on plain http
    # do not offer br).
    server.config["COMPRESS_ALGORITHM_STREAMING"] = ["br", "gzip", "deflate"]
    server.config["COMPRESS_LEVEL"] = 6
    server.config["COMPRESS_MIN_SIZE"] = 500
    server.config["COMPRESS_CACHE_BACKEND"] = BundleCache
    server.config["COMPRESS_CACHE_KEY"] = bundle_key
    compress = Compress(server)
    server.extensions["onemap.compress"] = compress
    return compress
