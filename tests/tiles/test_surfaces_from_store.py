"""The air-quality surface over HTTP, fed by the store's replayed station values."""

from __future__ import annotations

import io

import numpy as np
import pytest
import rasterio

pytestmark = pytest.mark.db


@pytest.mark.parametrize("pollutant", ["aqi", "pm2_5", "o3_1h"])
def test_surface_tile_from_the_store(app_client, pollutant):
    # zoom 10 tile over central Hefei (117.2 E, 31.8 N)
    response = app_client.get(f"/tiles/surfaces/{pollutant}/10/845/417.png"
                              "?time=2026-11-20T10:00:00")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.content_type == "image/png"
    with rasterio.MemoryFile(io.BytesIO(response.data)) as mem, mem.open() as img:
        alpha = img.read(4)
    assert (alpha > 0).mean() > 0.5  # the city is covered


def test_surface_geotiff_values_lie_within_the_station_range(app_client, app_engine):
    from datetime import datetime

    from tiles.stations import station_source

    when = datetime(2026, 11, 20, 10)
    stations = station_source(app_engine)("pm2_5", when)
    response = app_client.get("/tiles/surfaces/pm2_5.tif?time=2026-11-20T10:00:00")
    assert response.status_code == 200
    with rasterio.MemoryFile(io.BytesIO(response.data)) as mem, mem.open() as tif:
        values = tif.read(1, masked=True).compressed()
    assert len(stations) >= 8 and values.size > 0
    # IDW never leaves the range of the station values
    assert np.nanmin(values) >= stations.value.min() - 1e-6
    assert np.nanmax(values) <= stations.value.max() + 1e-6


def test_unknown_surface_pollutant(app_client):
    response = app_client.get("/tiles/surfaces/benzene/10/845/417.png?time=2026-11-20T10:00")
    assert response.status_code in (400, 404)
    assert "benzene" in response.get_json()["description"]


def test_concurrent_tiles_of_a_new_surface_all_succeed(onemap_app):
    """Many tiles of a not-yet-built surface at once: one build, no half-written file."""
    import threading

    statuses: list[int] = []

    def fetch(x: int, y: int) -> None:
        client = onemap_app.server.test_client()
        response = client.get(f"/tiles/surfaces/pm10/10/{x}/{y}.png?time=2026-11-21T07:00:00")
        statuses.append(response.status_code)

    threads = [threading.Thread(target=fetch, args=(844 + i % 3, 415 + i // 3))
               for i in range(9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 9
