"""The map, the surface, the wall and the arrival monitor follow a new fed observation
with no restart; QC-flagged values stay out of the AQI and the panel says "flagged"."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest
import rasterio
from sqlalchemy import text

from core.clock import beijing_now, floor_hour
from tests.feeds.conftest import reading

pytestmark = pytest.mark.db

# stations posted at the present hour by this module (removed afterwards, so other tests
# see the replay again)
LIVE = ("1270A", "1279A")


@pytest.fixture
def now_hour(app_engine):
    hour = floor_hour(beijing_now())
    yield hour
    with app_engine.begin() as conn:
        conn.execute(text("DELETE FROM air_observations WHERE source = 'feed' "
                          "AND station_code = ANY(:s) AND time > :t"),
                     {"s": list(LIVE), "t": hour - dt.timedelta(days=1)})


def station(app_client, code, hour):
    body = app_client.get("/ogc/collections/air_stations/items?limit=20&datetime="
                          f"{hour:%Y-%m-%dT%H:00:00}").get_json()
    return next(f["properties"] for f in body["features"] if f["properties"]["code"] == code)


def surface_max(app_client, hour):
    response = app_client.get(f"/tiles/surfaces/pm2_5.tif?time={hour:%Y-%m-%dT%H:00:00}")
    assert response.status_code == 200, response.get_data(as_text=True)
    with rasterio.MemoryFile(io.BytesIO(response.data)) as mem, mem.open() as tif:
        return float(np.nanmax(tif.read(1, masked=True).compressed()))


def test_station_layer_surface_and_wall_follow_a_new_observation(
        feed_client, app_client, app_engine, now_hour):
    from cockpit.alarms import station_readings

    replayed = station(app_client, "1270A", now_hour)
    assert replayed["source"] == "sample"
    before = surface_max(app_client, now_hour)

    answer = feed_client.post("/api/observations/air", json=[
        reading("1270A", now_hour, pm2_5=240.0, pm10=300.0)])
    assert answer.get_json()["inserted"] == 1 and answer.get_json()["flagged"] == 0
    fed = station(app_client, "1270A", now_hour)
    assert (fed["source"], fed["pm2_5"]) == ("feed", 240.0)
    assert fed["source_time"].startswith(f"{now_hour:%Y-%m-%dT%H}")
    assert fed["aqi"] >= 200  # PM2.5 240 µg/m³: IAQI 290 (HJ 633-2026)
    after = surface_max(app_client, now_hour)
    assert after > before + 50 and after <= 240.0 + 1e-6
    with app_engine.connect() as conn:
        wall = {r["code"]: r for r in station_readings(conn, app_engine, now_hour)}
    assert wall["1270A"]["aqi"] == fed["aqi"]

    # a corrected value replaces it everywhere, still with no restart
    feed_client.post("/api/observations/air", json=[
        reading("1270A", now_hour, pm2_5=60.0, pm10=90.0)])
    assert station(app_client, "1270A", now_hour)["pm2_5"] == 60.0
    assert surface_max(app_client, now_hour) < after - 50


def test_flagged_values_stay_out_of_the_station_aqi(feed_client, app_client, now_hour):
    # PM2.5 > PM10: both flagged; the other pollutants give an AQI ≤ 100, which HJ 633-2026
    # §5.3 does not publish with PM missing
    answer = feed_client.post("/api/observations/air", json=[
        reading("1279A", now_hour, pm2_5=300.0, pm10=120.0)]).get_json()
    assert answer["flagged"] == 1
    props = station(app_client, "1279A", now_hour)
    assert props["source"] == "feed"
    assert props["pm2_5"] is None and props["pm10"] is None  # kept in the store, not shown
    assert props["aqi"] is None or props["aqi"] < 100  # not 350 (PM2.5 300 µg/m³)
    assert props["qc"].startswith("已标记 flagged")
    assert "pm2_5: pm25_gt_pm10" in props["qc"]
    assert props["so2"] == 8.0


def test_arrival_and_stale_stations(feed_client, app_client, app_engine, now_hour):
    from feeds.arrival import stale_stations

    feed_client.post("/api/observations/air", json=[
        reading("1270A", now_hour - dt.timedelta(hours=h)) for h in range(3)])
    stale = {s["code"]: s for s in stale_stations(app_engine, now_hour, hours=3)}
    assert "1270A" not in stale and len(stale) >= 1
    body = app_client.get("/api/observations/arrival?days=2").get_json()
    row = next(s for s in body["stations"] if s["code"] == "1270A")
    assert row["stale"] is False
    today = row["days"][-1]
    assert today["date"] == now_hour.date().isoformat()
    assert today["received"] >= min(3, now_hour.hour + 1)
    assert 0 < today["rate"] <= 100
