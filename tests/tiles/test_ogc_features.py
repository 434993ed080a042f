"""OGC API – Features against the real loaded PostGIS, through Flask's test app_client."""

from __future__ import annotations

import pytest
from sqlalchemy import text

pytestmark = pytest.mark.db

GEOJSON = "application/geo+json"


def db_count(engine, sql: str, **params) -> int:
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def test_landing_and_conformance(app_client):
    landing = app_client.get("/ogc")
    assert landing.status_code == 200
    rels = {link["rel"] for link in landing.get_json()["links"]}
    assert {"self", "conformance", "data"} <= rels
    conf = app_client.get("/ogc/conformance").get_json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conf


def test_every_collection_has_a_theme(app_client, onemap_app):
    docs = app_client.get("/ogc/collections").get_json()["collections"]
    themes = {doc["theme"] for doc in docs}
    assert themes == {"air", "water", "soil", "redline", "enforcement", "emergency", "noise",
                      "basemap"}
    ids = [doc["id"] for doc in docs]
    assert len(ids) == len(set(ids))


def test_collection_extent_is_in_the_sample_region(app_client):
    doc = app_client.get("/ogc/collections/pollution_sources").get_json()
    minx, miny, maxx, maxy = doc["extent"]["spatial"]["bbox"][0]
    assert 116.3 <= minx < maxx <= 118.3 and 30.7 <= miny < maxy <= 32.8


def test_items_are_geojson_with_counts_equal_to_the_database(app_client, app_engine):
    response = app_client.get("/ogc/collections/pollution_sources/items?limit=10")
    assert response.status_code == 200
    assert response.content_type.startswith(GEOJSON)
    body = response.get_json()
    assert body["type"] == "FeatureCollection"
    assert body["numberReturned"] == 10
    assert body["numberMatched"] == db_count(app_engine, "SELECT count(*) FROM pollution_sources")
    assert body["numberMatched"] >= 2000
    feature = body["features"][0]
    assert feature["geometry"]["type"] == "Point"
    assert {"_color", "_class", "online_status", "code"} <= set(feature["properties"])


def test_paging_walks_every_feature_once(app_client, app_engine, app_settings):
    url = "/ogc/collections/receptors/items?limit=97"
    seen: list[int] = []
    while url:
        body = app_client.get(url).get_json()
        seen += [f["id"] for f in body["features"]]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
        if url:
            assert url.startswith(app_settings.base_url + "/ogc/")
            url = url.removeprefix(app_settings.base_url)
    assert len(seen) == len(set(seen)) == db_count(app_engine, "SELECT count(*) FROM receptors")


def test_bbox_filter_matches_postgis(app_client, app_engine):
    bbox = (117.1, 31.7, 117.4, 31.95)
    body = app_client.get("/ogc/collections/pollution_sources/items?bbox="
                      + ",".join(map(str, bbox)) + "&limit=10000").get_json()
    expected = db_count(app_engine, "SELECT count(*) FROM pollution_sources WHERE geom && "
                        "ST_MakeEnvelope(:a, :b, :c, :d, 4326)", a=bbox[0], b=bbox[1],
                        c=bbox[2], d=bbox[3])
    assert body["numberMatched"] == body["numberReturned"] == expected
    for feature in body["features"]:
        x, y = feature["geometry"]["coordinates"]
        assert bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def test_property_filter(app_client, app_engine):
    body = app_client.get("/ogc/collections/pollution_sources/items?online_status=exceeding"
                      "&limit=10000").get_json()
    expected = db_count(app_engine, "SELECT count(*) FROM pollution_sources "
                        "WHERE online_status = 'exceeding'")
    assert body["numberMatched"] == expected > 0
    assert {f["properties"]["online_status"] for f in body["features"]} == {"exceeding"}


def test_filter_on_a_non_queryable_property_is_refused(app_client):
    response = app_client.get("/ogc/collections/pollution_sources/items?phone=1")
    assert response.status_code == 400
    assert "phone" in response.get_json()["description"]


def test_water_section_class_comes_from_the_standard(app_client):
    from decision_models.water_quality import GRADE_COLORS, classify
    from store.models import COLUMN_ITEMS

    body = app_client.get("/ogc/collections/water_sections/items?limit=100"
                      "&datetime=2026-10-31T00:00:00").get_json()
    checked = 0
    for feature in body["features"]:
        props = feature["properties"]
        if props["sampled_on"] is None:
            continue
        sample = {COLUMN_ITEMS[k]: v for k, v in props.items()
                  if k in COLUMN_ITEMS and v is not None
                  and COLUMN_ITEMS[k] not in ("temperature", "fecal_coliform", "chla", "SD")}
        expected = classify(sample, waterbody=props["waterbody"]).grade
        assert props["_class"] == expected
        assert props["_color"] == GRADE_COLORS[expected]
        checked += 1
    assert checked >= 25


def test_air_stations_follow_the_map_time(app_client):
    url = "/ogc/collections/air_stations/items?datetime="
    a = app_client.get(url + "2026-11-20T08:00:00").get_json()
    b = app_client.get(url + "2026-11-20T09:00:00").get_json()
    times_a = {f["properties"]["source_time"] for f in a["features"]}
    times_b = {f["properties"]["source_time"] for f in b["features"]}
    assert a["numberReturned"] == 10
    assert times_a != times_b  # consecutive hours replay different observed hours
    assert any(f["properties"]["aqi"] is not None for f in a["features"])


def test_single_item_and_unknown_item(app_client):
    first = app_client.get("/ogc/collections/risk_sources/items?limit=1").get_json()["features"][0]
    one = app_client.get(f"/ogc/collections/risk_sources/items/{first['id']}")
    assert one.status_code == 200 and one.get_json()["id"] == first["id"]
    missing = app_client.get("/ogc/collections/risk_sources/items/999999999")
    assert missing.status_code == 404
    assert missing.get_json()["code"] == "not_found"


def test_cgcs2000_output_is_latitude_first(app_client):
    plain = app_client.get("/ogc/collections/air_stations/items?limit=1").get_json()
    cgcs = app_client.get("/ogc/collections/air_stations/items?limit=1&crs="
                      "http://www.opengis.net/def/crs/EPSG/0/4490")
    assert cgcs.headers["Content-Crs"] == "<http://www.opengis.net/def/crs/EPSG/0/4490>"
    lon, lat = plain["features"][0]["geometry"]["coordinates"]
    assert cgcs.get_json()["features"][0]["geometry"]["coordinates"] == [lat, lon]


@pytest.mark.parametrize(("url", "status", "mentions"), [
    pytest.param("/ogc/collections/nope", 404, "nope", id="unknown-collection"),
    pytest.param("/ogc/collections/nope/items", 404, "nope", id="unknown-collection-items"),
    pytest.param("/ogc/collections/lakes/items?bbox=1,2,3", 400, "bbox", id="short-bbox"),
    pytest.param("/ogc/collections/lakes/items?bbox=0,0,200,10", 400, "outside", id="bbox-world"),
    pytest.param("/ogc/collections/lakes/items?limit=999999", 400, "limit", id="limit-over-max"),
    pytest.param("/ogc/collections/lakes/items?datetime=soon", 400, "RFC 3339", id="datetime"),
])
def test_bad_requests_answer_json_errors(app_client, url, status, mentions):
    response = app_client.get(url)
    assert response.status_code == status
    body = response.get_json()
    assert mentions in body["description"]
    assert body["code"]


def test_unreachable_database_is_a_503_with_a_message(tmp_path):
    from flask import Flask

    from core.settings import Settings
    from layers import build_registry
    from store.db import make_engine
    from tiles.features import create_features_blueprint

    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:9/none", check=False)
    server = Flask(__name__)
    server.register_blueprint(create_features_blueprint(Settings(var_dir=tmp_path),
                                                        build_registry(), lambda: engine))
    response = server.test_client().get("/ogc/collections/lakes/items")
    assert response.status_code == 503
    assert response.get_json()["code"] == "store_unavailable"


def test_region_outline_endpoint(app_client):
    ok = app_client.get("/api/regions/district:340104")
    assert ok.status_code == 200
    assert ok.get_json()["features"][0]["properties"]["name"] == "蜀山区"
    assert app_client.get("/api/regions/district:999999").status_code == 404
    assert app_client.get("/api/regions/planet:mars").status_code == 400
