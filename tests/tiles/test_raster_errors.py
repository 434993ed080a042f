"""Bad input gives 400/404 with a JSON body naming the problem; the server stays up."""

from __future__ import annotations

import json

import pytest

from core.errors import ConfigError
from core.settings import Settings
from tiles.raster import validate_providers


@pytest.mark.parametrize(
    ("url", "status", "needle"),
    [
        pytest.param("/tiles/nope/1/1/1.png", 404, "unknown dataset", id="unknown-dataset"),
        pytest.param("/tiles/dem/25/0/0.png", 400, "zoom", id="zoom-too-deep"),
        pytest.param("/tiles/dem/3/8/0.png", 400, "outside", id="x-out-of-range"),
        pytest.param("/tiles/dem/3/0/-1.png", 400, "outside", id="negative-y"),
        pytest.param("/tiles/dem/a/0/0.png", 400, "integer", id="z-not-int"),
        pytest.param("/tiles/dem/3/0/0.gif", 400, "format", id="format"),
        pytest.param("/tiles/dem/9/421/211.png?rescale=5", 400, "rescale", id="rescale-one"),
        pytest.param("/tiles/dem/9/421/211.png?rescale=9,1", 400, "rescale", id="rescale-order"),
        pytest.param("/tiles/dem/9/421/211.png?rescale=a,b", 400, "rescale", id="rescale-nan"),
        pytest.param("/tiles/dem/9/421/211.png?bidx=0", 400, "bidx", id="bidx-zero"),
        pytest.param("/tiles/dem/9/421/211.png?bidx=2", 400, "band", id="bidx-missing"),
        pytest.param("/tiles/dem/9/421/211.png?bidx=x", 400, "bidx", id="bidx-text"),
        pytest.param("/tiles/dem/9/421/211.png?colormap=rainbowz", 400, "colormap", id="cmap"),
        pytest.param("/tiles/blue-marble/6/52/26.png?colormap=viridis", 400, "one band",
                     id="cmap-on-rgb"),
        pytest.param("/tiles/dem/9/421/211.png?tms=EPSG3857", 400, "tms", id="tms"),
        pytest.param("/tiles/dem/9/421/211.png?resampling=magic", 400, "resampling",
                     id="resampling"),
        pytest.param("/tiles/nope/tilejson.json", 404, "unknown dataset", id="tilejson"),
    ],
)
def test_bad_requests_name_the_problem(client, url, status, needle):
    response = client.get(url)
    assert response.status_code == status
    body = response.json
    assert set(body) == {"code", "description"}
    assert needle in body["description"]
    assert client.get("/tiles/dem/9/421/211.png").status_code == 200  # still serving


def test_corrupt_raster_in_the_basemap_folder_is_a_404_naming_it(client, basemap_dir, caplog):
    (basemap_dir / "broken.tif").write_bytes(b"II*\x00 not really a tiff")
    (basemap_dir / "junk.mbtiles").write_bytes(b"not sqlite")
    listing = client.get("/tiles").json
    assert "broken" not in {d["id"] for d in listing["datasets"]}
    for name in ("broken", "junk"):
        response = client.get(f"/tiles/{name}/1/1/1.png")
        assert response.status_code == 404
        assert "unreadable" in response.json["description"]
    assert "skipping" in caplog.text


def test_raster_that_becomes_unreadable_gives_a_json_500(client, basemap_dir):
    from tests.tiles.conftest import pattern, write_raster

    path = write_raster(basemap_dir / "vanishing.tif", pattern(20, 20), "EPSG:4326",
                        117.0, 32.0, 0.01)
    assert client.get("/tiles").status_code == 200
    path.write_bytes(b"truncated")
    response = client.get("/tiles/vanishing/9/422/210.png")
    assert response.status_code in (404, 500)
    assert set(response.json) == {"code", "description"}


def test_gcj02_provider_is_refused(tmp_path):
    providers = [{"id": "amap", "title": "高德", "url": "https://x/{z}/{x}/{y}", "crs": "GCJ02"}]
    settings = Settings(var_dir=tmp_path, online_providers=json.dumps(providers))
    with pytest.raises(ConfigError, match="GCJ-02"):
        validate_providers(settings)


def test_wgs84_provider_is_listed_as_online(make_client):
    providers = [{"id": "tdt-img", "title": "天地图影像", "crs": "WGS84",
                  "url": "https://t0.tianditu.gov.cn/img_w/wmts?tk={token}&x={x}&y={y}&l={z}"}]
    client = make_client(online_providers=json.dumps(providers), tianditu_token="abc")
    entry = {d["id"]: d for d in client.get("/tiles").json["datasets"]}["tdt-img"]
    assert entry["kind"] == "online"
    assert entry["tiles"][0].endswith("/tiles/online/tdt-img/{z}/{x}/{y}")  # proxied
    assert client.get("/tiles/tdt-img/1/1/1.png").status_code == 404
