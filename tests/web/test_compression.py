"""Compressed answers: Dash's bundles and the services' JSON; tiles left alone."""

from __future__ import annotations

import gzip
import json
import re

import pytest

pytestmark = pytest.mark.db

GZIP = {"Accept-Encoding": "gzip"}


def bundle_url(client) -> str:
    index = client.get("/").get_data(as_text=True)
    urls = re.findall(r'src="(/_dash-component-suites/dash/[^"]+\.js)"', index)
    assert urls, "no Dash bundle on the index page"
    return max(urls, key=len)


def test_dash_bundle_is_gzipped(app_client):
    plain = app_client.get(bundle_url(app_client))
    response = app_client.get(bundle_url(app_client), headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(response.data) == plain.data
    assert len(response.data) < len(plain.data) / 2


def test_feature_collection_is_gzipped(app_client):
    response = app_client.get("/ogc/collections/air_stations/items", headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.mimetype == "application/geo+json"
    assert json.loads(gzip.decompress(response.data))["type"] == "FeatureCollection"


def test_wmts_capabilities_are_gzipped(app_client):
    response = app_client.get("/wmts/1.0.0/WMTSCapabilities.xml", headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"


def test_tiles_are_not_recompressed(app_client):
    datasets = app_client.get("/tiles").get_json()
    first = datasets[0] if isinstance(datasets, list) else next(iter(
        datasets.get("datasets", datasets.get("tilesets", []))))
    tile = app_client.get(f"/tiles/{first['id']}/8/213/105.png", headers=GZIP)
    assert tile.status_code == 200
    assert tile.mimetype == "image/png"
    assert "Content-Encoding" not in tile.headers


def test_no_compression_without_accept_encoding(app_client):
    response = app_client.get("/ogc/collections/air_stations/items",
                              headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize("asset", ["onemap.css", "onemap_map.js"])
def test_assets_are_gzipped(app_client, asset):
    plain = app_client.get(f"/assets/{asset}")
    response = app_client.get(f"/assets/{asset}", headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == plain.data


def test_bundles_are_compressed_once_and_answers_are_not_cached(app_client, onemap_app):
    cache = onemap_app.server.extensions["onemap.compress"].cache
    url = bundle_url(app_client)
    first = app_client.get(url, headers=GZIP)
    assert f"gzip;{url}?" in cache._items  # request.full_path ends in "?"
    assert app_client.get(url, headers=GZIP).data == first.data
    app_client.get("/ogc/collections/air_stations/items", headers=GZIP)
    assert not any("/ogc/" in key for key in cache._items)
