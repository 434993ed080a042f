"""WMTS 1.0.0 capabilities: parsed by OWSLib, and its tile URLs serve the right tiles."""

from __future__ import annotations

import math

import pytest
from owslib.wmts import WebMapTileService

from tests.tiles.conftest import PUBLIC_URL


@pytest.fixture
def wmts(client):
    response = client.get("/wmts/1.0.0/WMTSCapabilities.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    return WebMapTileService(f"{PUBLIC_URL}/wmts/1.0.0/WMTSCapabilities.xml",
                             xml=response.data)


def test_owslib_reads_layers_and_matrix_sets(wmts):
    assert {"dem", "dark", "blue-marble", "dem-hillshade"} <= set(wmts.contents)
    assert {"WebMercatorQuad", "WGS1984Quad", "CGCS2000Quad"} <= set(wmts.tilematrixsets)
    mercator = wmts.tilematrixsets["WebMercatorQuad"]
    assert mercator.crs == "urn:ogc:def:crs:EPSG::3857"
    z0 = mercator.tilematrix["0"]
    assert (z0.matrixwidth, z0.matrixheight) == (1, 1)
    assert z0.topleftcorner == pytest.approx((-20037508.34, 20037508.34))
    geo = wmts.tilematrixsets["WGS1984Quad"].tilematrix["0"]
    assert (geo.matrixwidth, geo.matrixheight) == (2, 1)
    assert geo.topleftcorner == pytest.approx((90.0, -180.0))  # EPSG:4326 axis order


def test_layer_bounds_limits_and_resource_url(wmts):
    layer = wmts.contents["dem"]
    west, _south, _east, north = layer.boundingBoxWGS84
    assert (west, north) == pytest.approx((116.2928, 32.8061), abs=1e-3)
    limits = layer.tilematrixsetlinks["WebMercatorQuad"].tilematrixlimits["9"]
    # tile of the DEM's north-west corner at zoom 9, by the spherical Mercator formulas
    n = 2**9
    lat = math.radians(north)
    col = int((west + 180.0) / 360.0 * n)
    row = int((1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2 * n)
    assert (limits.mintilecol, limits.mintilerow) == (col, row) == (421, 206)
    template = layer.resourceURLs[0]["template"]
    assert template.startswith(f"{PUBLIC_URL}/wmts/1.0.0/dem/{{Style}}/{{TileMatrixSet}}/")


def test_wmts_tile_equals_xyz_tile(client):
    # WMTS orders TileRow before TileCol
    xyz = client.get("/tiles/dem/9/422/210.png")
    wmts = client.get("/wmts/1.0.0/dem/default/WebMercatorQuad/9/210/422.png")
    assert wmts.status_code == 200 and wmts.data == xyz.data
    geo = client.get("/wmts/1.0.0/dem/default/CGCS2000Quad/8/106/422.png")
    assert geo.status_code == 200


def test_wmts_rejects_unknown_style_and_matrix_set(client):
    assert client.get("/wmts/1.0.0/dem/fancy/WebMercatorQuad/9/210/422.png").status_code == 404
    bad = client.get("/wmts/1.0.0/dem/default/EPSG:900913/9/210/422.png")
    assert bad.status_code == 400 and "tms" in bad.json["description"]
