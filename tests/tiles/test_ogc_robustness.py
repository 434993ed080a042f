"""The OGC API under bad input, a lost database and a forged Host header: JSON errors
with the right status, never a 500, and links only on the public base URL."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.db

# The malformed requests of the field report, replayed as they were sent.
REPLAY = [
    pytest.param("/ogc/collections/air_stations/items?datetime=9999-12-31T23:00:00-08:00",
                 400, id="datetime-past-9999"),
    pytest.param("/ogc/collections/air_stations/items?datetime=0001-01-01T00:00:00%2B14:00",
                 400, id="datetime-before-year-1"),
    pytest.param("/ogc/collections/air_stations/items?datetime=0001-01-01T00:00%2B14:00/..",
                 400, id="interval-start-before-year-1"),
    pytest.param("/ogc/collections/air_stations/items/9999-12-31T23:00:00-08:00", 404,
                 id="date-as-feature-id"),
    pytest.param("/ogc/collections/air_stations/items/%00", 400, id="nul-feature-id"),
    pytest.param("/ogc/collections/pollution_sources/items?industry=a%00b", 400,
                 id="nul-filter-value"),
    pytest.param("/ogc/collections/air_stations/items?industry=a%00b", 400,
                 id="nul-unknown-filter"),
    pytest.param("/ogc/collections/pollution_sources/items?limit=5&lang=zh%00", 400,
                 id="nul-ignored-parameter"),
    pytest.param("/ogc/collections/pollution_sources/items?bbox=117,31,118,32%00", 400,
                 id="nul-bbox"),
    pytest.param("/ogc/collections/%00", 400, id="nul-collection"),
    pytest.param("/ogc/collections/%00/queryables", 400, id="nul-queryables"),
    pytest.param("/ogc/openapi", 404, id="unknown-path"),
    pytest.param("/ogc/collections/x/queryables", 404, id="queryables-unknown-collection"),
    pytest.param("/ogc/collections/air_stations/items?limit=1e3", 400, id="float-limit"),
    pytest.param("/ogc/collections/air_stations/items?zoom=99", 400, id="zoom-too-deep"),
    pytest.param("/ogc/collections/air_stations/items?cluster=yes", 400, id="cluster-mode"),
    pytest.param("/ogc/collections/air_stations/items?properties=name,%E2%80%AE", 400,
                 id="properties-odd-name"),
]


@pytest.mark.parametrize(("url", "status"), REPLAY)
def test_malformed_requests_answer_json_errors(app_client, url, status):
    response = app_client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"code", "description"} and body["description"]


def test_collection_with_the_database_down_is_a_503(tmp_path):
    from flask import Flask

    from core.settings import Settings
    from layers import build_registry
    from store.db import make_engine
    from tiles.features import create_features_blueprint

    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:9/none", check=False)
    server = Flask(__name__)
    server.register_blueprint(create_features_blueprint(Settings(var_dir=tmp_path),
                                                        build_registry(), lambda: engine))
    client = server.test_client()
    for url in ("/ogc/collections/lakes", "/ogc/collections/air_stations",  # replay clock
                "/ogc/collections/water_source_zones/queryables"):
        response = client.get(url)
        assert response.status_code == 503
        assert response.get_json()["code"] == "store_unavailable"
    # what does not need the store still answers
    for url in ("/ogc", "/ogc/collections", "/ogc/api", "/ogc/api.html"):
        assert client.get(url).status_code == 200


FORGED_HOST_URLS = [
    "/ogc", "/ogc/collections", "/ogc/collections/receptors",
    "/ogc/collections/receptors/queryables", "/ogc/api", "/ogc/api.html",
    "/ogc/collections/receptors/items?limit=5&offset=5",
]


@pytest.mark.parametrize("url", FORGED_HOST_URLS)
def test_links_ignore_a_forged_host_header(app_client, app_settings, url):
    response = app_client.get(url, headers={"Host": "evil.example",
                                            "X-Forwarded-Host": "evil.example"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "evil.example" not in text
    if url != "/ogc/api.html":
        assert app_settings.base_url in text  # absolute links are on the public base


def test_item_links_ignore_a_forged_host_header(app_client, app_settings):
    first = app_client.get("/ogc/collections/risk_sources/items?limit=1").get_json()
    fid = first["features"][0]["id"]
    body = app_client.get(f"/ogc/collections/risk_sources/items/{fid}",
                          headers={"Host": "evil.example"}).get_json()
    hrefs = [link["href"] for link in body["links"]]
    assert hrefs == [f"{app_settings.base_url}/ogc/collections/risk_sources/items/{fid}",
                     f"{app_settings.base_url}/ogc/collections/risk_sources"]


def test_next_and_prev_links_keep_the_query_on_the_public_base(app_client, app_settings):
    body = app_client.get("/ogc/collections/receptors/items?limit=5&offset=5&type=school",
                          headers={"Host": "evil.example"}).get_json()
    links = {link["rel"]: link["href"] for link in body["links"]}
    base = f"{app_settings.base_url}/ogc/collections/receptors/items"
    assert links["self"] == f"{base}?limit=5&offset=5&type=school"
    assert links["prev"] == f"{base}?limit=5&type=school&offset=0"
    if body["numberMatched"] > 10:
        assert links["next"] == f"{base}?limit=5&type=school&offset=10"
    assert json.dumps(body).count("evil.example") == 0


@pytest.mark.parametrize("collection", ["air_stations", "water_sections", "complaints"])
@pytest.mark.parametrize("instant", ["0001-01-01T00:00:00", "9999-12-31T23:59:59",
                                     "0001-01-01T08:00:00Z", "9999-12-31T15:59:59Z"])
def test_extreme_valid_datetimes_are_answered(app_client, collection, instant):
    response = app_client.get(f"/ogc/collections/{collection}/items?limit=5&datetime={instant}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.get_json()["type"] == "FeatureCollection"
