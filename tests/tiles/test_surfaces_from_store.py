"""The air-quality surface over HTTP, fed by the store's replayed station values."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import numpy as np
import pytest
import rasterio

from core.clock import beijing_now, floor_hour

pytestmark = pytest.mark.db


def hours_ago(hours: int) -> datetime:
    """A present hour the map's time slider can show (it reaches back 14 days)."""
    return floor_hour(beijing_now()) - timedelta(hours=hours)


@pytest.mark.parametrize("pollutant", ["aqi", "pm2_5", "o3_1h"])
def test_surface_tile_from_the_store(app_client, pollutant):
    # zoom 10 tile over central Hefei (117.2 E, 31.8 N)
    response = app_client.get(f"/tiles/surfaces/{pollutant}/10/845/417.png"
                              f"?time={hours_ago(30):%Y-%m-%dT%H:00:00}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.content_type == "image/png"
    with rasterio.MemoryFile(io.BytesIO(response.data)) as mem, mem.open() as img:
        alpha = img.read(4)
    assert (alpha > 0).mean() > 0.5  # the city is covered


def test_surface_geotiff_values_lie_within_the_station_range(app_client, app_engine):
    from tiles.stations import station_source

    when = hours_ago(20)
    source = station_source(app_engine)
    stations = source.values("pm2_5", source.source_hour(when))
    response = app_client.get(f"/tiles/surfaces/pm2_5.tif?time={when:%Y-%m-%dT%H:00:00}")
    assert response.status_code == 200
    with rasterio.MemoryFile(io.BytesIO(response.data)) as mem, mem.open() as tif:
        values = tif.read(1, masked=True).compressed()
    assert len(stations) >= 8 and values.size > 0
    # IDW never leaves the range of the station values
    assert np.nanmin(values) >= stations.value.min() - 1e-6
    assert np.nanmax(values) <= stations.value.max() + 1e-6


def test_unknown_surface_pollutant(app_client):
    response = app_client.get("/tiles/surfaces/benzene/10/845/417.png"
                              f"?time={hours_ago(1):%Y-%m-%dT%H:00}")
    assert response.status_code in (400, 404)
    assert "benzene" in response.get_json()["description"]


def test_concurrent_tiles_of_a_new_surface_all_succeed(live_server, live_credentials):
    """Many tiles of a not-yet-built surface at once, over real HTTP: all succeed."""
    import threading
    import urllib.error
    import urllib.request

    statuses: list[int] = []
    when = hours_ago(50)
    _user, token = live_credentials

    def fetch(x: int, y: int) -> None:
        request = urllib.request.Request(
            f"{live_server}/tiles/surfaces/pm10/10/{x}/{y}.png?time={when:%Y-%m-%dT%H:00:00}",
            headers={"Authorization": f"Bearer {token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)

    threads = [threading.Thread(target=fetch, args=(844 + i % 3, 415 + i // 3))
               for i in range(9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 9
