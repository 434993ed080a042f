"""The API definition of ``/ogc``: linked from the landing page, complete for every
collection, true to the store, and readable as a web page without scripts or inline
styles."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from core.settings import Settings
from layers import build_registry
from layers.query import time_params
from tiles.features.openapi import OPENAPI_JSON, build_openapi

pytestmark = pytest.mark.db

SHARED_ITEMS_PARAMETERS = {"bbox", "bbox-crs", "crs", "datetime", "limit", "offset",
                           "properties", "cluster", "zoom"}


def resolve(document: dict, item: dict) -> dict:
    while "$ref" in item:
        node = document
        for part in item["$ref"].lstrip("#/").split("/"):
            node = node[part]
        item = node
    return item


@pytest.fixture(scope="module")
def document(app_client) -> dict:
    response = app_client.get("/ogc/api")
    assert response.status_code == 200
    assert response.content_type.startswith(OPENAPI_JSON)
    return response.get_json()


def test_landing_page_links_the_definition_and_the_documentation(app_client, app_settings):
    links = {link["rel"]: link for link in app_client.get("/ogc").get_json()["links"]}
    base = app_settings.base_url
    assert links["service-desc"]["href"] == f"{base}/ogc/api"
    assert links["service-desc"]["type"] == OPENAPI_JSON
    assert links["service-doc"]["href"] == f"{base}/ogc/api.html"
    assert links["service-doc"]["type"] == "text/html"
    assert {"self", "conformance", "data"} <= set(links)


def test_every_collection_has_its_paths_and_exact_filters(document, onemap_app):
    registry = build_registry()
    paths = document["paths"]
    for fixed in ("/ogc", "/ogc/api", "/ogc/conformance", "/ogc/collections"):
        assert "get" in paths[fixed]
    for spec in registry:
        base = f"/ogc/collections/{spec.id}"
        for suffix in ("", "/queryables", "/items", "/items/{featureId}"):
            assert "get" in paths[base + suffix], base + suffix
        items = paths[f"{base}/items"]["get"]
        names = {resolve(document, p)["name"] for p in items["parameters"]}
        assert names == SHARED_ITEMS_PARAMETERS | set(spec.queryables), spec.id
        responses = items["responses"]
        assert resolve(document, responses["200"]["content"]["application/geo+json"]["schema"]
                       )["required"] == ["type", "features"]
        for status in ("400", "503"):
            error = resolve(document, responses[status])["content"]["application/json"]
            assert resolve(document, error["schema"])["required"] == ["code", "description"]
        item = paths[f"{base}/items/{{featureId}}"]["get"]
        assert "404" in item["responses"]
    assert len([p for p in paths if p.endswith("/items")]) == len(list(registry))


def test_limit_bounds_come_from_the_settings(document, app_settings):
    # QGIS sizes its pages from components/parameters/limit/schema
    limit = document["components"]["parameters"]["limit"]["schema"]
    assert limit["maximum"] == app_settings.feature_limit_max
    assert limit["default"] == app_settings.feature_limit_default


def test_builder_is_a_pure_function_of_registry_and_settings(tmp_path):
    registry = build_registry()
    a = Settings(var_dir=tmp_path, public_url="https://onemap.example.gov.cn/")
    first = build_openapi(registry, a)
    assert first == build_openapi(registry, a)
    assert first["servers"] == [{"url": "https://onemap.example.gov.cn",
                                 "description": "One Map"}]
    b = Settings(var_dir=tmp_path, feature_limit_max=500, feature_limit_default=50)
    limit = build_openapi(registry, b)["components"]["parameters"]["limit"]["schema"]
    assert (limit["maximum"], limit["default"]) == (500, 50)


def test_conformance_claims_only_what_is_served(app_client):
    conforms = set(app_client.get("/ogc/conformance").get_json()["conformsTo"])
    assert conforms == {
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    }
    # what backs the Part 3 claims: every collection links its queryables, which answer
    for doc in app_client.get("/ogc/collections").get_json()["collections"]:
        rel = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
        link = next(link for link in doc["links"] if link["rel"] == rel)
        assert link["type"] == "application/schema+json"
        assert link["href"].endswith(f"/ogc/collections/{doc['id']}/queryables")


def test_queryables_are_a_json_schema_of_the_filters(app_client, app_settings):
    for spec in build_registry():
        response = app_client.get(f"/ogc/collections/{spec.id}/queryables")
        assert response.status_code == 200
        assert response.mimetype == "application/schema+json"
        schema = response.get_json()
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"{app_settings.base_url}/ogc/collections/{spec.id}/queryables"
        assert schema["type"] == "object"
        assert set(schema["properties"]) == set(spec.queryables)
        assert all(p["title"] for p in schema["properties"].values())


@pytest.mark.parametrize(("collection", "name", "kind"), [
    pytest.param("water_source_zones", "level", "integer", id="integer-column"),
    pytest.param("pollution_sources", "industry", "string", id="text-column"),
])
def test_queryable_types_are_those_of_the_store(app_client, app_engine, collection, name,
                                                kind):
    spec = build_registry().get(collection)
    with app_engine.connect() as conn:
        row = conn.execute(text(f'WITH src AS ({spec.sql}) SELECT pg_typeof(src."{name}")::text '
                                "FROM src LIMIT 1"), time_params(spec, app_engine, None)).one()
    expected = {"integer": ("integer", "bigint", "smallint"),
                "string": ("text", "character varying", "character")}[kind]
    assert row[0] in expected
    schema = app_client.get(f"/ogc/collections/{collection}/queryables").get_json()
    assert schema["properties"][name]["type"] == kind


def test_a_filter_listed_in_queryables_filters(app_client):
    schema = app_client.get("/ogc/collections/receptors/queryables").get_json()
    assert "type" in schema["properties"]
    everything = app_client.get("/ogc/collections/receptors/items?limit=10000").get_json()
    value = everything["features"][0]["properties"]["type"]
    some = app_client.get(f"/ogc/collections/receptors/items?limit=10000&type={value}")
    body = some.get_json()
    assert 0 < body["numberMatched"] <= everything["numberMatched"]
    assert {f["properties"]["type"] for f in body["features"]} == {value}


def test_documentation_page_has_no_scripts_inline_styles_or_remote_assets(app_client,
                                                                          document):
    response = app_client.get("/ogc/api.html")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<script" not in page.lower()
    assert not re.search(r"\sstyle\s*=", page, re.IGNORECASE)
    assert "<style" not in page.lower()
    assets = re.findall(r'<link[^>]+href="([^"]+)"', page)
    assert assets and all(href.startswith("/") for href in assets)
    css = app_client.get(assets[0])
    assert css.status_code == 200 and css.mimetype == "text/css"
    for path in document["paths"]:
        assert f"<code>{path}</code>" in page
    for name in ("properties", "cluster", "zoom", "bbox-crs"):
        assert f"<code>{name}</code>" in page
