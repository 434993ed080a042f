"""The catalogue and uploads over HTTP, on the session database: store, serve by /ogc and
/tiles, list, privacy until published, delete, replace, style, download, audit."""

from __future__ import annotations

import io
import json
import uuid

import pyogrio
import pytest
from sqlalchemy import text

from tests.datasets.conftest import (
    NAMES,
    TRUTH,
    geotiff,
    metres_between,
    post_file,
    projected_points,
    shapefile_zip,
)

pytestmark = pytest.mark.db


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def stored(analyst_client, tmp_path_factory):
    """A GBK shapefile in CGCS2000 GK zone 39 uploaded by an analyst (private)."""
    tmp = tmp_path_factory.mktemp("stored")
    path = shapefile_zip(tmp, projected_points(4527), "monitoring_points")
    title = unique("监测点位")
    r = post_file(analyst_client, path, name=title, theme="water")
    assert r.status_code == 201, r.get_data(as_text=True)
    body = r.get_json()
    return {"id": body["id"], "title": title, "body": body}


def test_upload_answers_id_collection_and_report(stored):
    body = stored["body"]
    assert body["collection"] == f"/ogc/collections/upload_{stored['id']}"
    assert body["report"]["encoding"]["encoding"] == "GBK"
    assert body["report"]["count"] == len(TRUTH)


def test_the_owner_reads_it_from_ogc(analyst_client, stored):
    r = analyst_client.get(f"/ogc/collections/upload_{stored['id']}/items")
    assert r.status_code == 200, r.get_data(as_text=True)
    features = r.get_json()["features"]
    assert [f["properties"]["名称"] for f in features] == NAMES
    for (lon, lat), f in zip(TRUTH, features, strict=True):
        assert metres_between((lon, lat), tuple(f["geometry"]["coordinates"])) < 1.0
    assert features[0]["properties"]["面积"] == 1.5  # typed, not text
    doc = analyst_client.get(f"/ogc/collections/upload_{stored['id']}").get_json()
    assert doc["theme"] == "water"
    assert doc["extent"]["spatial"]["bbox"][0][0] == pytest.approx(min(x for x, _ in TRUTH))


def test_private_until_published(stored, other_analyst_client, reader_client, app_client):
    layer = f"upload_{stored['id']}"
    for client in (other_analyst_client, reader_client):
        assert client.get(f"/ogc/collections/{layer}").status_code == 404
        assert client.get(f"/api/datasets/{stored['id']}").status_code == 404
        ids = [e["id"] for e in client.get("/api/datasets").get_json()["datasets"]]
        assert stored["id"] not in ids
    assert other_analyst_client.post(f"/api/datasets/{stored['id']}/publish").status_code == 403
    assert app_client.get(f"/api/datasets/{stored['id']}").status_code == 200  # data admin


def test_catalogue_lists_and_filters(analyst_client, stored):
    r = analyst_client.get("/api/datasets", query_string={"q": stored["title"]})
    entries = r.get_json()["datasets"]
    assert [e["id"] for e in entries] == [stored["id"]]
    entry = entries[0]
    assert entry["origin"] == "upload" and entry["theme"] == "water"
    assert entry["crs_of_origin"] == "EPSG:4527"
    assert entry["links"]["collection"] == f"/ogc/collections/upload_{stored['id']}"
    assert entry["links"]["map"].startswith(f"/?layers=upload_{stored['id']}")
    assert not analyst_client.get("/api/datasets", query_string={
        "q": stored["title"], "theme": "air"}).get_json()["datasets"]
    detail = analyst_client.get(f"/api/datasets/{stored['id']}").get_json()
    assert detail["provenance"]["encoding"]["used"] == "GBK"
    assert detail["provenance"]["encoding"]["source"] == "detected"
    assert {f["name"] for f in detail["fields"]} == {"名称", "编号", "面积"}


def test_every_sample_layer_has_an_entry(app_client, onemap_app):
    from core.context import EXTENSION_KEY

    registry = onemap_app.server.extensions[EXTENSION_KEY].registry
    entries = {e["id"]: e for e in app_client.get(
        "/api/datasets", query_string={"origin": "sample"}).get_json()["datasets"]}
    assert {f"layer:{s.id}" for s in registry.declared()} == set(entries)
    stations = entries["layer:air_stations"]
    assert stations["synthetic"] is False
    assert "ChinaAQIData" in stations["source"]
    assert "unclear" in stations["licence"]
    assert stations["count"] == 10
    sources = entries["layer:pollution_sources"]
    assert sources["synthetic"] is True and "示例数据" in sources["source"]


def test_sample_download_as_geojson_and_csv(app_client):
    r = app_client.get("/api/datasets/layers/air_stations/download?format=geojson")
    assert r.status_code == 200
    data = json.loads(r.get_data(as_text=True))
    assert len(data["features"]) == 10
    r = app_client.get("/api/datasets/layers/air_stations/download?format=csv")
    assert r.get_data(as_text=True).startswith("\ufeff")
    assert r.get_data(as_text=True).count("POINT") == 10


def test_download_as_geopackage(analyst_client, stored, tmp_path):
    r = analyst_client.get(f"/api/datasets/{stored['id']}/download?format=gpkg")
    assert r.status_code == 200
    path = tmp_path / "out.gpkg"
    path.write_bytes(r.data)
    frame = pyogrio.read_dataframe(path)
    assert sorted(frame["名称"]) == sorted(NAMES)
    assert frame.crs.to_epsg() == 4326


def test_dry_run_stores_nothing(analyst_client, app_engine, tmp_path):
    path = shapefile_zip(tmp_path, projected_points(4527), "dry")
    title = unique("dry")
    r = post_file(analyst_client, path, dry_run=True, name=title)
    assert r.status_code == 200
    assert r.get_json()["stored"] is False
    assert r.get_json()["report"]["preview"]["features"]
    with app_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM datasets WHERE title = :t"),
                            {"t": title}).scalar_one() == 0


@pytest.mark.parametrize(("maker", "code", "words"), [
    pytest.param("corrupt", "corrupt_file", "zip file is corrupt", id="corrupt-zip"),
    pytest.param("noshx", "missing_shx", "has no .shx file", id="no-shx"),
    pytest.param("nocrs_tif", "no_crs", "no coordinate system", id="tif-no-crs"),
    pytest.param("noprj", "crs_required", "declares no coordinate system", id="no-prj"),
])
def test_bad_files_are_refused_with_their_message(analyst_client, app_engine, tmp_path,
                                                  maker, code, words):
    if maker == "corrupt":
        good = shapefile_zip(tmp_path, projected_points(4527), "c").read_bytes()
        path = tmp_path / "corrupt.zip"
        path.write_bytes(good[: len(good) // 2])
    elif maker == "noshx":
        path = shapefile_zip(tmp_path, projected_points(4527), "n", keep=(".shp", ".dbf"))
    elif maker == "noprj":
        path = shapefile_zip(tmp_path, projected_points(4527), "p", prj=False)
    else:
        path = geotiff(tmp_path / "nocrs.tif", None)
    title = unique("bad")
    r = post_file(analyst_client, path, name=title)
    assert r.status_code == 422, r.get_data(as_text=True)
    body = r.get_json()
    assert body["code"] == code
    assert words in body["description"]
    assert body["report"]["valid"] is False
    with app_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM datasets WHERE title = :t"),
                            {"t": title}).scalar_one() == 0


def test_oversized_file_is_refused(analyst_client, onemap_app, tmp_path):
    settings = onemap_app.server.extensions["onemap"].settings
    path = tmp_path / "big.geojson"
    path.write_bytes(b" " * 1000)
    # the announced length is checked before a byte is read
    big = str(settings.upload_max_mb * 2**20 + 2 * 2**20)
    r = analyst_client.post("/api/datasets", data={
        "name": unique("big"), "theme": "air", "file": (io.BytesIO(path.read_bytes()),
                                                        "big.geojson")},
        content_type="multipart/form-data", environ_overrides={"CONTENT_LENGTH": big})
    assert r.status_code == 422
    assert r.get_json()["code"] == "file_too_large"
    assert f"{settings.upload_max_mb} MB" in r.get_json()["description"]


def test_a_body_above_the_general_limit_reaches_the_upload(analyst_client, tmp_path):
    """The app refuses bodies above 4 MB elsewhere; an upload may be larger."""
    import geopandas as gpd
    import shapely

    frame = gpd.GeoDataFrame({"name": [f"点{i}" for i in range(40_000)]}, geometry=[
        shapely.Point(117.0 + i * 1e-5, 31.8) for i in range(40_000)], crs=4326)
    path = tmp_path / "many.geojson"
    frame.to_file(path, driver="GeoJSON")
    assert path.stat().st_size > 4 * 2**20
    r = post_file(analyst_client, path, dry_run=True, name=unique("many"))
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["report"]["count"] == 40_000


def test_reader_may_not_upload(reader_client, tmp_path):
    path = shapefile_zip(tmp_path, projected_points(4527), "r")
    assert post_file(reader_client, path, name=unique("r")).status_code == 403


def test_publish_delete_and_audit(analyst_client, other_analyst_client, app_client,
                                  app_engine, tmp_path):
    path = shapefile_zip(tmp_path, projected_points(4527), "pub")
    r = post_file(analyst_client, path, name=unique("pub"), theme="soil")
    dataset_id = r.get_json()["id"]
    layer = f"upload_{dataset_id}"
    assert app_client.post(f"/api/datasets/{dataset_id}/publish").status_code == 200
    assert app_client.post(f"/api/datasets/{dataset_id}/publish").status_code == 409
    assert other_analyst_client.get(f"/ogc/collections/{layer}/items").status_code == 200
    assert other_analyst_client.delete(f"/api/datasets/{dataset_id}").status_code == 403
    assert analyst_client.delete(f"/api/datasets/{dataset_id}").status_code == 204
    assert analyst_client.get(f"/ogc/collections/{layer}").status_code == 404
    with app_engine.connect() as conn:
        actions = conn.execute(text(
            "SELECT action FROM audit_log WHERE object_type = 'dataset' AND object_id = :i "
            "ORDER BY id"), {"i": str(dataset_id)}).scalars().all()
        left = conn.execute(text("SELECT count(*) FROM dataset_features WHERE dataset_id = :i"),
                            {"i": dataset_id}).scalar_one()
    assert actions == ["dataset.upload", "dataset.publish", "dataset.delete"]
    assert left == 0


def test_replace_and_style(analyst_client, tmp_path):
    first = shapefile_zip(tmp_path, projected_points(4527), "v1")
    r = post_file(analyst_client, first, name=unique("styled"))
    dataset_id = r.get_json()["id"]
    xlsx = tmp_path / "v2.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["名称", "经度", "纬度", "类别"])
    for i, (lon, lat) in enumerate(TRUTH):
        book.active.append([NAMES[i], lon, lat, "甲" if i % 2 else "乙"])
    book.save(xlsx)
    r = analyst_client.put(f"/api/datasets/{dataset_id}", data={
        "file": (io.BytesIO(xlsx.read_bytes()), "v2.xlsx")}, content_type="multipart/form-data")
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["dataset"]["version"] == 2
    r = analyst_client.put(f"/api/datasets/{dataset_id}/style",
                           json={"mode": "categories", "field": "类别"})
    assert r.status_code == 200, r.get_data(as_text=True)
    classes = r.get_json()["style"]["classes"]
    assert {c["value"] for c in classes} == {"甲", "乙"}
    items = analyst_client.get(f"/ogc/collections/upload_{dataset_id}/items").get_json()
    colors = {f["properties"]["类别"]: f["properties"]["_color"] for f in items["features"]}
    assert colors == {c["value"]: c["color"] for c in classes}
    r = analyst_client.put(f"/api/datasets/{dataset_id}/style",
                           json={"mode": "graduated", "field": "名称"})
    assert r.status_code == 422


def test_raster_upload_is_a_tile_set(analyst_client, tmp_path):
    path = geotiff(tmp_path / "ndvi.tif", "EPSG:4490")
    r = post_file(analyst_client, path, name=unique("ndvi"), theme="redline")
    assert r.status_code == 201, r.get_data(as_text=True)
    body = r.get_json()
    assert body["tileset"] == f"/tiles/upload_{body['id']}/tilejson.json"
    tilejson = analyst_client.get(body["tileset"])
    assert tilejson.status_code == 200, tilejson.get_data(as_text=True)
    assert tilejson.get_json()["bounds"][0] == pytest.approx(117.0, abs=1e-6)
    tif = analyst_client.get(f"/api/datasets/{body['id']}/download")
    assert tif.status_code == 200 and tif.data[:2] in (b"II", b"MM")
    tile = analyst_client.get(f"/tiles/upload_{body['id']}/10/844/415.png")  # over 117.2E 31.8N
    assert tile.status_code == 200 and tile.data[:4] == b"\x89PNG"


def test_an_unpublished_raster_serves_no_tiles_to_others(analyst_client, other_analyst_client,
                                                         app_client, tmp_path):
    path = geotiff(tmp_path / "private.tif", "EPSG:4490")
    dataset_id = post_file(analyst_client, path, name=unique("private"),
                           theme="redline").get_json()["id"]
    urls = [f"/tiles/upload_{dataset_id}/tilejson.json",
            f"/tiles/upload_{dataset_id}/10/844/415.png",
            f"/wmts/1.0.0/upload_{dataset_id}/default/WebMercatorQuad/10/415/844.png"]
    for url in urls:
        assert other_analyst_client.get(url).status_code == 404, url
        assert analyst_client.get(url).status_code == 200, url
    assert app_client.post(f"/api/datasets/{dataset_id}/publish").status_code == 200
    for url in urls:
        assert other_analyst_client.get(url).status_code == 200, url


def test_a_published_raster_is_an_overlay_of_the_layer_tree(analyst_client, app_client,
                                                          onemap_app, tmp_path):
    from dash import html

    from core.context import EXTENSION_KEY
    from pages.onemap.components import layer_tree
    from pages.onemap.state import MapView

    path = geotiff(tmp_path / "dem.tif", "EPSG:4490")
    dataset_id = post_file(analyst_client, path, name=unique("dem"), theme="soil").get_json()["id"]
    layer = f"upload_{dataset_id}"
    registry = onemap_app.server.extensions[EXTENSION_KEY].registry
    with onemap_app.server.app_context():
        assert layer not in [r.id for r in registry.rasters()]  # private: nobody here
    assert app_client.post(f"/api/datasets/{dataset_id}/publish").status_code == 200
    with onemap_app.server.app_context():
        spec = next(r for r in registry.rasters() if r.id == layer)
        assert spec.url == f"/tiles/{layer}/{{z}}/{{x}}/{{y}}.png"
        tree = layer_tree(registry, MapView(layers=(), basemap="vector"), "zh")
    soil = next(g for g in tree.children if "theme--soil" in g.className)
    assert f"layer-toggle--{layer}" in str(soil)
    assert isinstance(tree, html.Div)


def test_another_worker_sees_a_published_upload_without_restart(analyst_client, app_client,
                                                                onemap_app, tmp_path):
    """A second registry (as in another gunicorn worker, with its own cache) finds the
    upload at once by id, and in its listing once its cache is older than CACHE_SECONDS."""
    from layers.registry import build_registry

    other = build_registry()
    with onemap_app.server.app_context():
        before = set(other.ids())  # its cache is filled now
    path = shapefile_zip(tmp_path, projected_points(4527), "worker")
    dataset_id = post_file(analyst_client, path, name=unique("worker")).get_json()["id"]
    assert app_client.post(f"/api/datasets/{dataset_id}/publish").status_code == 200
    layer = f"upload_{dataset_id}"
    with onemap_app.server.app_context():
        assert layer not in before
        assert other.get(layer).extra["dataset_id"] == dataset_id  # a miss re-reads
        assert layer in other.ids()
