"""Tile correctness: warped pixels equal source values, nodata is transparent, caching."""

from __future__ import annotations

import morecantile
import numpy as np
import pytest
from pyproj import Transformer

from tests.tiles.conftest import decode, pattern, write_raster

WEB = morecantile.tms.get("WebMercatorQuad")
GEO = morecantile.tms.get("WGS1984Quad")

# (id, crs, west, north, pixel size): ~1 km geographic pixels, 500 m UTM pixels around Hefei.
SOURCES = [
    pytest.param("geo4326", "EPSG:4326", 116.9, 32.0, 0.01, id="wgs84"),
    # PROJ takes seconds to settle the CGCS2000 → WGS 84 pipeline on first use: slow
    pytest.param("cgcs4490", "EPSG:4490", 116.9, 32.0, 0.01, id="cgcs2000",
                 marks=pytest.mark.slow),
    pytest.param("utm32650", "EPSG:32650", 480_000.0, 3_540_000.0, 500.0, id="utm50n"),
]


def expected_value(
    data: np.ndarray, crs: str, west: float, north: float, res: float, lon: float, lat: float
) -> int | None:
    """Source pixel under (lon, lat), or None when the point is near a pixel edge."""
    x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
    col_f, row_f = (x - west) / res, (north - y) / res
    if min(col_f % 1, 1 - col_f % 1, row_f % 1, 1 - row_f % 1) < 0.15:
        return None  # nearest-neighbour may fall either side of an edge: skip
    row, col = int(row_f), int(col_f)
    if not (0 <= row < data.shape[0] and 0 <= col < data.shape[1]):
        return None
    return int(data[row, col])


@pytest.mark.parametrize(("name", "crs", "west", "north", "res"), SOURCES)
@pytest.mark.parametrize("tms", [WEB, GEO], ids=["webmercator", "wgs1984quad"])
def test_warped_pixels_equal_source_values(
    client, basemap_dir, name, crs, west, north, res, tms
):
    data = pattern(60, 80)
    write_raster(basemap_dir / f"{name}.tif", data, crs, west, north, res)
    lon, lat = (117.1, 31.85) if crs != "EPSG:32650" else (116.9, 31.9)
    z = 12 if tms is WEB else 11
    tile = tms.tile(lon, lat, z)
    response = client.get(f"/tiles/{name}/{z}/{tile.x}/{tile.y}.png?tms={tms.id}")
    assert response.status_code == 200, response.json
    image = decode(response.data)
    assert image.shape == (256, 256, 2)  # grey + alpha
    bounds = tms.xy_bounds(tile)
    to_geo = Transformer.from_crs(tms.rasterio_crs, "EPSG:4326", always_xy=True)
    checked = 0
    for py in range(8, 256, 31):
        for px in range(8, 256, 31):
            x = bounds.left + (px + 0.5) * (bounds.right - bounds.left) / 256
            y = bounds.top - (py + 0.5) * (bounds.top - bounds.bottom) / 256
            p_lon, p_lat = to_geo.transform(x, y)
            want = expected_value(data, crs, west, north, res, p_lon, p_lat)
            if want is None:
                continue
            assert image[py, px, 1] == 255, (px, py)
            assert image[py, px, 0] == want, (px, py, p_lon, p_lat)
            checked += 1
    assert checked >= 20


def test_nodata_is_transparent(client, basemap_dir):
    data = pattern(60, 80)
    data[:, :40] = 0  # west half is nodata
    write_raster(basemap_dir / "half.tif", data, "EPSG:4326", 116.9, 32.0, 0.01)
    west = WEB.tile(117.1, 31.8, 11)  # 117.1 is in the nodata half
    east = WEB.tile(117.55, 31.8, 11)
    a = decode(client.get(f"/tiles/half/11/{west.x}/{west.y}.png").data)
    b = decode(client.get(f"/tiles/half/11/{east.x}/{east.y}.png").data)
    assert (a[..., 1] == 0).all()
    assert (b[..., 1] == 255).any()


def test_outside_the_data_is_a_transparent_tile_not_404(client, basemap_dir):
    write_raster(basemap_dir / "small.tif", pattern(10, 10), "EPSG:4326", 116.9, 32.0, 0.01)
    response = client.get("/tiles/small/5/0/0.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert (decode(response.data)[..., -1] == 0).all()


def test_a_tile_outside_the_data_keeps_its_reader_pooled(client, basemap_dir):
    write_raster(basemap_dir / "edge.tif", pattern(10, 10), "EPSG:4326", 116.9, 32.0, 0.01)
    cogs = client.application.blueprints["raster_tiles"].raster_service.cogs
    inside = WEB.tile(116.95, 31.95, 10)
    assert client.get(f"/tiles/edge/10/{inside.x}/{inside.y}.png").status_code == 200
    readers = [r for queue in cogs._pool._idle.values() for r in queue]
    assert len(readers) == 1
    assert client.get("/tiles/edge/5/0/0.png").status_code == 200  # outside: blank tile
    after = [r for queue in cogs._pool._idle.values() for r in queue]
    assert after == readers  # the same opened reader went back to the pool
    assert not after[0].dataset.closed


def test_etag_cache_control_and_304(client):
    tile = WEB.tile(117.2, 31.8, 9)
    url = f"/tiles/dem/9/{tile.x}/{tile.y}.png?rescale=0,200&colormap=terrain"
    first = client.get(url)
    assert first.status_code == 200
    assert "max-age" in first.headers["Cache-Control"]
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


def test_hot_tiles_come_from_the_lru_cache(make_client):
    client = make_client()
    service = client.application.blueprints["raster_tiles"].raster_service
    tile = WEB.tile(117.2, 31.8, 10)
    url = f"/tiles/dark/10/{tile.x}/{tile.y}.png"
    first = client.get(url).data
    hits = service.cache.hits
    assert client.get(url).data == first
    assert service.cache.hits == hits + 1


def test_rescale_and_colormap_colour_a_dem_tile(client):
    tile = WEB.tile(117.25, 31.85, 10)
    grey = decode(client.get(f"/tiles/dem/10/{tile.x}/{tile.y}.png?rescale=0,100").data)
    coloured = decode(
        client.get(f"/tiles/dem/10/{tile.x}/{tile.y}.png?rescale=0,100&colormap=viridis").data
    )
    assert grey.shape[-1] == 2 and coloured.shape[-1] == 4
    # viridis is never grey: its red and blue channels differ
    assert (coloured[..., 0] != coloured[..., 2]).mean() > 0.9


def test_band_selection_on_rgb_imagery(client):
    tile = WEB.tile(117.2, 31.8, 6)
    base = f"/tiles/blue-marble/6/{tile.x}/{tile.y}.png"
    rgb = decode(client.get(base).data)
    blue = decode(client.get(base + "?bidx=3").data)
    assert rgb.shape[-1] == 4 and blue.shape[-1] == 2
    assert np.array_equal(rgb[..., 2], blue[..., 0])


def test_listing_and_tilejson(client, basemap_dir):
    listing = client.get("/tiles").json
    ids = {d["id"]: d for d in listing["datasets"]}
    for dataset_id in ("shaded-relief", "blue-marble", "dem", "dem-hillshade",
                       "dem-color-relief", "dark"):
        assert dataset_id in ids
    assert ids["dem"]["kind"] == "data" and ids["dark"]["kind"] == "basemap"
    west, _south, _east, north = ids["dem"]["bounds"]
    assert west == pytest.approx(116.2928, abs=1e-3) and north == pytest.approx(32.806, abs=1e-3)
    tj = client.get("/tiles/dem/tilejson.json?colormap=terrain").json
    assert tj["tilejson"] == "3.0.0"
    assert tj["tiles"][0].endswith("/tiles/dem/{z}/{x}/{y}.png?colormap=terrain")
    # a pack dropped into the folder appears without a restart
    write_raster(basemap_dir / "Dropped Scene.tif", pattern(10, 10), "EPSG:4326",
                 117.0, 32.0, 0.01)
    assert "dropped-scene" in {d["id"] for d in client.get("/tiles").json["datasets"]}


def test_derived_basemaps_are_cogs_in_var(client, shared_var):
    import rasterio

    path = shared_var / "derived" / "dem-color-relief.tif"
    with rasterio.open(path) as ds:
        assert ds.count == 3 and ds.overviews(1)
        assert ds.profile["tiled"]
        # upsampled ×4 from the 240 × 252 DEM
        assert (ds.width, ds.height) == (960, 1008)
