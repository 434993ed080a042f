"""Online providers through the server's proxy: the token reaches the provider and no one else.

The provider is a real HTTP server on 127.0.0.1 that records what it is asked; nothing
outside this machine is contacted.
"""

from __future__ import annotations

import io
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from PIL import Image
from plotly.utils import PlotlyJSONEncoder

from tiles import CATALOGUE_KEY
from tiles.raster import create_raster_blueprint

TOKEN = "tdt-secret-5c1e9a7b"
SLOW_SECONDS = 2.0


def png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(buffer, format="PNG")
    return buffer.getvalue()


class Provider(ThreadingHTTPServer):
    """A tile provider: ``/ok/{z}/{x}/{y}.png`` answers a PNG whose red is ``x``; ``/broken``
    answers 500, ``/missing`` 404, ``/html`` a web page and ``/slow`` a PNG too late."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ProviderHandler)
        self.requests: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"


class ProviderHandler(BaseHTTPRequestHandler):
    server: Provider

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        kind, *address = urlsplit(self.path).path.strip("/").split("/")
        if kind == "slow":
            time.sleep(SLOW_SECONDS)
        if kind in ("ok", "slow"):
            x = int(address[1])
            self._send(200, "image/png", png((x % 256, 0, 0)))
        elif kind == "html":
            self._send(200, "text/html", b"<html>quota exceeded</html>")
        elif kind == "missing":
            self._send(404, "text/plain", b"no tile")
        else:
            self._send(500, "text/plain", b"error")

    def _send(self, status: int, media_type: str, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the proxy gave up waiting
            pass

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def provider() -> Iterator[Provider]:
    server = Provider()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def dead_port() -> Iterator[int]:
    """A port that refuses connections: bound (so no one else takes it), never listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def providers_json(base: str, dead_port: int) -> str:
    def entry(provider_id: str, path: str, **extra) -> dict:
        return {"id": provider_id, "title": f"天地图 {provider_id}", "crs": "WGS84",
                "url": f"{base}/{path}/{{z}}/{{x}}/{{y}}.png?tk={{token}}", **extra}

    return json.dumps([
        entry("tdt", "ok", attribution="天地图", max_zoom=12),
        entry("tdt-broken", "broken"), entry("tdt-missing", "missing"),
        entry("tdt-html", "html"), entry("tdt-slow", "slow"),
        {"id": "tdt-down", "title": "down", "crs": "WGS84",
         "url": f"http://127.0.0.1:{dead_port}/{{z}}/{{x}}/{{y}}?tk={{token}}"},
    ])


@pytest.fixture
def proxy(make_client, provider, dead_port):
    return make_client(online_providers=providers_json(provider.base, dead_port),
                       tianditu_token=TOKEN,
                       online_timeout_seconds=0.5)


def everything_sent(response) -> bytes:
    headers = "".join(f"{k}: {v}\n" for k, v in response.headers)
    return response.get_data() + headers.encode()


def test_token_reaches_the_provider_and_no_response(proxy, provider):
    listing = proxy.get("/tiles")
    entry = {d["id"]: d for d in listing.json["datasets"]}["tdt"]
    assert entry["kind"] == "online"
    assert entry["tiles"] == ["https://onemap.test/tiles/online/tdt/{z}/{x}/{y}"]

    tile = proxy.get("/tiles/online/tdt/7/105/51")
    assert tile.status_code == 200 and tile.mimetype == "image/png"
    assert tile.data == png((105, 0, 0))
    (asked,) = provider.requests
    assert urlsplit(asked).path == "/ok/7/105/51.png"
    assert parse_qs(urlsplit(asked).query) == {"tk": [TOKEN]}

    responses = [listing, tile, proxy.get("/tiles/dem/tilejson.json"),
                 proxy.get("/wmts/1.0.0/WMTSCapabilities.xml"), proxy.get("/tiles/colormaps"),
                 proxy.get("/tiles/tdt/tilejson.json"), proxy.get("/tiles/online/tdt-broken/1/1/1"),
                 proxy.get("/tiles/online/tdt-down/1/1/1")]
    for response in responses:
        sent = everything_sent(response)
        assert TOKEN.encode() not in sent, response.request.path
        assert provider.base.encode() not in sent, response.request.path


def test_tiles_are_cached_and_validated(proxy, provider):
    first = proxy.get("/tiles/online/tdt/5/26/12")
    again = proxy.get("/tiles/online/tdt/5/26/12", headers={"If-None-Match": first.headers["ETag"]})
    assert first.status_code == 200 and again.status_code == 304
    assert len(provider.requests) == 1
    assert proxy.get("/tiles/online/tdt/5/27/12").data == png((27, 0, 0))
    assert len(provider.requests) == 2


@pytest.mark.parametrize(
    ("provider_id", "status", "code"),
    [
        pytest.param("tdt-broken", 502, "upstream_error", id="http-500"),
        pytest.param("tdt-html", 502, "upstream_error", id="not-an-image"),
        pytest.param("tdt-down", 502, "upstream_error", id="unreachable"),
        pytest.param("tdt-slow", 504, "upstream_timeout", id="timeout"),
        pytest.param("tdt-missing", 404, "not_found", id="no-such-tile"),
    ],
)
def test_provider_failures_are_clear_json(proxy, provider_id, status, code):
    started = time.monotonic()
    response = proxy.get(f"/tiles/online/{provider_id}/3/6/3")
    assert response.status_code == status
    assert response.json["code"] == code
    assert provider_id in response.json["description"]
    assert time.monotonic() - started < SLOW_SECONDS  # the timeout setting holds
    assert TOKEN not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        pytest.param("/tiles/online/nope/1/1/1", 404, id="unknown-provider"),
        pytest.param("/tiles/online/tdt/13/0/0", 400, id="beyond-max-zoom"),
        pytest.param("/tiles/online/tdt/2/4/0", 400, id="outside-matrix"),
        pytest.param("/tiles/online/tdt/z/0/0", 400, id="not-a-number"),
    ],
)
def test_bad_tile_addresses_do_not_reach_the_provider(proxy, provider, url, status):
    response = proxy.get(url)
    assert response.status_code == status and set(response.json) == {"code", "description"}
    assert provider.requests == []


@pytest.mark.db
def test_one_map_page_shows_the_proxy_not_the_token(onemap_app, app_settings, app_engine,
                                                     provider, dead_port):
    from core.context import AppContext, install
    from core.settings import Settings
    from layers import build_registry

    page = sys.modules["pages.onemap.page"]
    settings = Settings(database_url=app_settings.database_url, var_dir=app_settings.var_dir,
                        online_providers=providers_json(provider.base, dead_port),
                        tianditu_token=TOKEN)
    server = Flask(__name__)
    install(server, AppContext(settings, app_engine, build_registry()))
    raster = create_raster_blueprint(settings)
    server.register_blueprint(raster)
    server.extensions[CATALOGUE_KEY] = raster.raster_service.catalogue
    with server.test_request_context("/"):
        tree = page.layout(basemap="tdt")
    sent = json.dumps(tree.to_plotly_json(), cls=PlotlyJSONEncoder, ensure_ascii=False)
    assert "/tiles/online/tdt/{z}/{x}/{y}" in sent  # the map draws the provider by proxy
    assert "天地图 tdt" in sent  # and the switcher offers it
    assert TOKEN not in sent and provider.base not in sent
    assert server.test_client().get("/tiles/online/tdt/4/13/6").status_code == 200
