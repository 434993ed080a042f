"""The raster service under hostile or careless requests: bad times, control characters,
a forged Host header, and clients that ask for many new surfaces."""

from __future__ import annotations

import io
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import rasterio

from core.clock import beijing_now, floor_hour
from core.errors import TooManyRequests
from tests.tiles.conftest import DATA, PUBLIC_URL
from tiles.raster.limits import BuildBudget, BuildSlots, Busy
from tiles.raster.surface_service import SurfaceService

ISO = "%Y-%m-%dT%H:00"


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"code", "description"}
    return body


def present(hours_ago: int = 0) -> datetime:
    return floor_hour(beijing_now()) - timedelta(hours=hours_ago)


def with_surfaces(client, stations, out_dir: Path, per_minute: int = 30):
    """Give the client's service a surface folder of its own (builds counted from zero)."""
    out_dir.mkdir()
    client.raster_service.surfaces = SurfaceService(
        stations, DATA / "admin" / "hefei_city.geojson", out_dir,
        budget=BuildBudget(per_minute), slots=BuildSlots(2, wait=30.0),
    )
    return client.raster_service.surfaces


# -- times --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "time",
    [
        pytest.param("0001-01-01T00:00%2B14:00", id="year-1-plus-14h"),
        pytest.param("0001-01-01T00:00+14:00", id="year-1-unencoded-plus"),
        pytest.param("9999-12-31T23:00-08:00", id="year-9999-minus-8h"),
        pytest.param("9999-12-31T20:00Z", id="year-9999-utc"),
    ],
)
@pytest.mark.parametrize("route", ["/tiles/surfaces/aqi.tif", "/tiles/surfaces/aqi/9/421/206.png"])
def test_zone_offset_past_year_1_or_9999_is_a_400(make_client, station_source, route, time):
    body = assert_json_error(make_client(station_source).get(f"{route}?time={time}"), 400)
    assert "time" in body["description"]


# -- control characters -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/tiles/dem%00/tilejson.json", id="dataset-nul"),
        pytest.param("/tiles/dem/tilejson.json?x=%00", id="unknown-param-nul"),
        pytest.param("/tiles/dem/tilejson.json?a%00b=1", id="param-name-nul"),
        pytest.param("/tiles/dem/9/422/210.png?colormap=viridis%0a", id="colormap-newline"),
        pytest.param("/tiles/dem/9/422/210%1f.png", id="y-unit-separator"),
        pytest.param("/tiles/dem/9/422/210.png%7f", id="format-del"),
        pytest.param("/wmts/1.0.0/dem/default%00/WebMercatorQuad/9/210/422.png", id="wmts-style"),
        pytest.param("/wmts/1.0.0/WMTSCapabilities.xml?service=%00", id="wmts-capabilities"),
        pytest.param("/tiles/surfaces/aqi%00.tif?time=2020-03-30T14", id="pollutant-nul"),
        pytest.param("/tiles/surfaces/aqi.tif?time=2020-03-30T14%00", id="time-nul"),
        pytest.param("/tiles/surfaces/aqi/9/421/206.png?time=2020-03-30T14&tms=%0d",
                     id="surface-tms-cr"),
        pytest.param("/tiles/online/tdt%00/1/1/1", id="online-provider-nul"),
        pytest.param("/tiles/colormaps?%00", id="colormaps-nul"),
        pytest.param("/tiles?q=%c2%85", id="listing-c1-next-line"),
    ],
)
def test_control_characters_are_a_400(make_client, station_source, url):
    body = assert_json_error(make_client(station_source).get(url), 400)
    assert "control characters" in body["description"]


# -- links never follow the Host header ---------------------------------------------------------
def test_links_ignore_a_forged_host_header(client):
    headers = {"Host": "evil.example"}
    listing = client.get("/tiles", headers=headers)
    tilejson = client.get("/tiles/dem/tilejson.json", headers=headers)
    capabilities = client.get("/wmts/1.0.0/WMTSCapabilities.xml", headers=headers)
    bodies = [listing.get_data(as_text=True), tilejson.get_data(as_text=True),
              capabilities.get_data(as_text=True)]
    assert all(r.status_code == 200 for r in (listing, tilejson, capabilities))
    assert not any("evil.example" in body for body in bodies)
    links = [listing.json["wmts"], listing.json["surfaces"]["tiles"], *tilejson.json["tiles"]]
    links += [link for d in listing.json["datasets"] for link in [*d["tiles"], d["tilejson"]]]
    assert links and all(link.startswith(f"{PUBLIC_URL}/") for link in links)
    assert f'template="{PUBLIC_URL}/wmts/1.0.0/dem/' in bodies[2]
    assert f'xlink:href="{PUBLIC_URL}/wmts/1.0.0/WMTSCapabilities.xml"' in bodies[2]


# -- surfaces: keyed by the data, inside its range, bounded per client --------------------------
def test_times_replaying_the_same_observed_hour_share_one_file(
    make_client, replayed_source, tmp_path
):
    client = make_client(replayed_source)
    surfaces = with_surfaces(client, replayed_source, tmp_path / "surfaces")
    cycle = len(replayed_source.clock().hours)  # the replay repeats after this many hours
    first, second = present(5), present(5 + cycle)
    assert replayed_source.source_hour(first) == replayed_source.source_hour(second)
    downloads = [client.get(f"/tiles/surfaces/pm2_5.tif?time={t:{ISO}}") for t in (first, second)]
    assert [r.status_code for r in downloads] == [200, 200]
    assert downloads[0].data == downloads[1].data
    assert surfaces.builds == 1 and len(list((tmp_path / "surfaces").glob("*.tif"))) == 1
    with rasterio.open(io.BytesIO(downloads[0].data)) as ds:
        observed = replayed_source.source_hour(first)
        assert ds.tags()["OBSERVED"] == f"{observed:%Y-%m-%dT%H:00:00}+08:00"
    # the next hour replays another observed hour: another file
    assert client.get(f"/tiles/surfaces/pm2_5.tif?time={present(6):{ISO}}").status_code == 200
    assert surfaces.builds == 2


@pytest.mark.parametrize(
    "when",
    [
        pytest.param(lambda: present(15 * 24), id="before-the-slider"),
        pytest.param(lambda: present(-3), id="future"),
        pytest.param(lambda: datetime(2100, 1, 1), id="year-2100"),
        pytest.param(lambda: datetime(2000, 1, 1), id="year-2000"),
    ],
)
def test_times_outside_the_replayed_window_are_refused_with_the_range(
    make_client, replayed_source, tmp_path, when
):
    client = make_client(replayed_source)
    surfaces = with_surfaces(client, replayed_source, tmp_path / "surfaces")
    for url in (f"/tiles/surfaces/aqi.tif?time={when():{ISO}}",
                f"/tiles/surfaces/aqi/9/421/206.png?time={when():{ISO}}"):
        body = assert_json_error(client.get(url), 400)
        first, last = present(14 * 24), present(-1)
        assert f"{first:{ISO}} to {last:{ISO}}" in body["description"]
    assert surfaces.builds == 0 and not list((tmp_path / "surfaces").iterdir())


def test_the_edges_of_the_window_are_served(make_client, replayed_source, tmp_path):
    client = make_client(replayed_source)
    with_surfaces(client, replayed_source, tmp_path / "surfaces")
    for when in (present(14 * 24 - 1), present(0)):
        assert client.get(f"/tiles/surfaces/aqi.tif?time={when:{ISO}}").status_code == 200


def test_a_fixed_series_states_its_own_range(make_client, station_source, hourly):
    first, last = hourly["time"].min(), hourly["time"].max()
    client = make_client(station_source)
    assert client.get("/tiles").json["surfaces"]["time"] == {
        "first": f"{first:{ISO}}+08:00", "last": f"{last:{ISO}}+08:00"}
    for outside in (first - timedelta(hours=1), last + timedelta(hours=1)):
        response = client.get(f"/tiles/surfaces/aqi.tif?time={outside:{ISO}}")
        body = assert_json_error(response, 400)
        assert f"{first:{ISO}} to {last:{ISO}}" in body["description"]


def test_new_builds_per_client_are_bounded_and_cached_surfaces_are_free(
    make_client, replayed_source, tmp_path
):
    client = make_client(replayed_source)
    surfaces = with_surfaces(client, replayed_source, tmp_path / "surfaces", per_minute=2)
    one, other = {"REMOTE_ADDR": "10.0.0.1"}, {"REMOTE_ADDR": "10.0.0.2"}

    def get(hours_ago: int, who: dict, tile: bool = False):
        when = f"{present(hours_ago):{ISO}}"
        url = (f"/tiles/surfaces/aqi/10/845/417.png?time={when}" if tile
               else f"/tiles/surfaces/aqi.tif?time={when}")
        return client.get(url, environ_base=who)

    assert get(10, one).status_code == 200
    assert get(11, one, tile=True).status_code == 200
    refused = get(12, one)
    body = assert_json_error(refused, 429)
    assert "2 new surfaces per minute" in body["description"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert assert_json_error(get(12, one, tile=True), 429)["code"] == "too_many_requests"
    # surfaces already built, and their tiles, cost nothing
    assert get(10, one, tile=True).status_code == 200
    assert get(11, one).status_code == 200
    # another client has its own budget; once built, the surface is free for everyone
    assert get(12, other).status_code == 200
    assert get(12, one).status_code == 200
    assert surfaces.builds == 3


def test_budget_window_slides():
    now = [1000.0]
    budget = BuildBudget(2, clock=lambda: now[0])
    budget.charge("a")
    now[0] += 30
    budget.charge("a")
    with pytest.raises(TooManyRequests) as refused:
        budget.charge("a")
    assert refused.value.retry_after == 30  # the first build leaves the window in 30 s
    budget.charge("b")
    now[0] += 30
    budget.charge("a")  # the first build is a minute old
    with pytest.raises(TooManyRequests):
        budget.charge("a")


def test_builds_at_once_are_bounded():
    slots = BuildSlots(2, wait=0.2)
    holding, release = threading.Barrier(3), threading.Event()

    def hold() -> None:
        with slots.slot():
            holding.wait()
            release.wait(5)

    threads = [threading.Thread(target=hold) for _ in range(2)]
    for thread in threads:
        thread.start()
    holding.wait()
    try:
        with pytest.raises(Busy) as busy, slots.slot():
            pass
        assert busy.value.status == 503 and busy.value.retry_after >= 1
    finally:
        release.set()
        for thread in threads:
            thread.join()
    with slots.slot():  # free again
        pass
