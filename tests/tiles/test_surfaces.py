"""Air-quality surfaces: the pure IDW (hand-computed cases) and the surface endpoints."""

from __future__ import annotations

import io
from datetime import datetime

import morecantile
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely

from core.errors import BadRequest
from tests.tiles.conftest import decode
from tiles.raster.colormaps import aqi_intervals
from tiles.surfaces import idw, interpolate_surface

WEB = morecantile.tms.get("WebMercatorQuad")
HOUR = "2020-03-30T14:00:00"


def test_idw_midpoint_is_the_mean_and_stations_keep_their_value():
    x, y, v = np.array([0.0, 2.0]), np.array([0.0, 0.0]), np.array([10.0, 30.0])
    out = idw(x, y, v, np.array([1.0, 0.0, 2.0]), np.array([0.0, 0.0, 0.0]))
    np.testing.assert_allclose(out, [20.0, 10.0, 30.0])


def test_idw_power_two_weights_by_inverse_square_distance():
    # target at distance 1 from A (10) and 3 from B (50): weights 1 and 1/9
    out = idw(np.array([0.0, 4.0]), np.array([0.0, 0.0]), np.array([10.0, 50.0]),
              np.array([1.0]), np.array([0.0]))
    assert out[0] == pytest.approx((10 + 50 / 9) / (1 + 1 / 9), rel=1e-12)


@pytest.mark.parametrize(
    ("x", "values"),
    [
        pytest.param([], [], id="no-stations"),
        pytest.param([0.0, 1.0], [1.0], id="length-mismatch"),
        pytest.param([0.0], [np.nan], id="nan-value"),
    ],
)
def test_idw_rejects_bad_input(x, values):
    with pytest.raises(BadRequest):
        idw(np.array(x), np.zeros(len(x)), np.array(values), np.zeros(1), np.zeros(1))


def test_surface_is_clipped_to_the_region_and_bounded_by_station_values():
    region = shapely.box(117.0, 31.5, 117.5, 32.0).difference(shapely.box(117.0, 31.5, 117.1, 31.6))
    stations = pd.DataFrame({"lon": [117.2, 117.4, 117.3], "lat": [31.7, 31.9, 31.6],
                             "value": [20.0, 80.0, np.nan]})
    grid = interpolate_surface(stations, region, resolution=0.01)
    assert grid.dims == ("lat", "lon") and grid.shape == (50, 50)
    assert grid.lat.values[0] > grid.lat.values[-1]  # north up
    assert np.isnan(grid.sel(lon=117.055, lat=31.555, method="nearest"))  # cut-out corner
    inside = grid.values[np.isfinite(grid.values)]
    assert inside.min() >= 20.0 and inside.max() <= 80.0
    assert grid.attrs["stations"] == 2


def test_geotiff_download_of_real_hefei_pm25(make_client, station_source):
    client = make_client(station_source)
    response = client.get(f"/tiles/surfaces/pm2_5.tif?time={HOUR}")
    assert response.status_code == 200, response.data[:200]
    assert response.mimetype == "image/tiff"
    stations = station_source.values("pm2_5", datetime(2020, 3, 30, 14))
    with rasterio.open(io.BytesIO(response.data)) as ds:
        assert ds.crs.to_epsg() == 4326 and ds.count == 2
        values = ds.read(1, masked=True)
        # each station's cell holds (almost) the station value: IDW is exact at stations
        for row in stations.dropna().itertuples():
            r, c = ds.index(row.lon, row.lat)
            assert values[r, c] == pytest.approx(row.value, abs=6.0)
        west, _south, _east, north = ds.bounds
        assert west == pytest.approx(116.68, abs=0.01) and north == pytest.approx(32.54, abs=0.01)
        assert values.mask[0, 0]  # the corner of the bbox is outside the city


def test_surface_tile_uses_aqi_level_colours(make_client, station_source):
    client = make_client(station_source)
    tile = WEB.tile(117.25, 31.85, 9)
    response = client.get(f"/tiles/surfaces/aqi/9/{tile.x}/{tile.y}.png?time={HOUR}")
    assert response.status_code == 200, response.json
    image = decode(response.data)
    opaque = image[image[..., 3] == 255][:, :3]
    allowed = {tuple(rgba[:3]) for _, rgba in aqi_intervals()}
    assert len(opaque) > 1000
    assert {tuple(p) for p in opaque} <= allowed
    assert (image[..., 3] == 0).any()  # outside the city is transparent


def test_pm25_surface_tile_is_coloured_through_iaqi(make_client, station_source):
    client = make_client(station_source)
    tile = WEB.tile(117.25, 31.85, 10)
    response = client.get(f"/tiles/surfaces/pm2_5/10/{tile.x}/{tile.y}.png?time={HOUR}")
    assert response.status_code == 200, response.json
    image = decode(response.data)
    colours = {tuple(p) for p in image[image[..., 3] == 255][:, :3]}
    assert colours and colours <= {tuple(rgba[:3]) for _, rgba in aqi_intervals()}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        pytest.param("/tiles/surfaces/pm2_5.tif", 400, id="missing-time"),
        pytest.param("/tiles/surfaces/pm2_5.tif?time=yesterday", 400, id="bad-time"),
        pytest.param("/tiles/surfaces/benzene.tif?time=2020-03-30T14", 404, id="pollutant"),
        pytest.param("/tiles/surfaces/pm2_5.tif?time=2019-01-01T00", 400, id="before-data"),
        pytest.param("/tiles/surfaces/pm2_5/9/0/0.jpg?time=2020-03-30T14", 400, id="jpg"),
    ],
)
def test_surface_errors(make_client, station_source, url, status):
    response = make_client(station_source).get(url)
    assert response.status_code == status
    assert set(response.json) == {"code", "description"}


def test_surfaces_disabled_without_station_source(client):
    response = client.get(f"/tiles/surfaces/pm2_5.tif?time={HOUR}")
    assert response.status_code == 404
    assert "station source" in response.json["description"]
