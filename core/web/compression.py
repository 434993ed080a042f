"""Compressed answers for every blueprint: Dash's bundles, JSON, GeoJSON, XML, CSS.

flask-compress on the Flask server (not only Dash's own routes), for the text types the
app serves. Raster tiles (PNG, JPEG, WebP) and GeoTIFFs are already compressed and are
left alone; so are bodies under 500 bytes. The ETag of a compressed body gets the
encoding as a suffix, so caches keep the variants apart (``Vary: Accept-Encoding``).
"""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress

COMPRESSED_TYPES = [
    "text/html", "text/css", "text/plain", "text/xml", "text/javascript",
    "application/javascript", "application/x-javascript", "application/json",
    "application/geo+json", "application/vnd.oai.openapi+json", "application/schema+json",
    "application/xml", "application/problem+json", "image/svg+xml",
]


def install_compression(server: Flask) -> Compress:
    server.config["COMPRESS_MIMETYPES"] = COMPRESSED_TYPES
    server.config["COMPRESS_ALGORITHM"] = ["br", "gzip", "deflate"]
    # Files under /assets are streamed: keep gzip for them too (browsers on plain http
    # do not offer br).
    server.config["COMPRESS_ALGORITHM_STREAMING"] = ["br", "gzip", "deflate"]
    server.config["COMPRESS_LEVEL"] = 6
    server.config["COMPRESS_MIN_SIZE"] = 500
    return Compress(server)
