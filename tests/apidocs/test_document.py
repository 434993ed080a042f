"""The whole app's OpenAPI document: valid OpenAPI 3.0, every ``/api`` route described
(and nothing else), permissions as the views enforce them, and the HTML page."""

from __future__ import annotations

import re
from typing import Any

import jsonschema_rs
import pytest
from schemathesis.specs.openapi.definitions import OPENAPI_30  # the official 3.0 schema

from apidocs import build_api_document
from apidocs.operations import OPENAPI_JSON
from auth.roles import all_permissions
from core.settings import Settings
from layers import build_registry

METHODS = {"get", "post", "put", "patch", "delete"}


def pure_document() -> dict[str, Any]:
    return build_api_document(build_registry(), Settings(), {})


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def _resolve(document: dict[str, Any], pointer: str) -> Any:
    node: Any = document
    for part in pointer.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in document["paths"].items()
            for method, op in item.items() if method in METHODS]


def test_the_document_is_valid_openapi_30():
    document = pure_document()
    errors = [str(e) for e in jsonschema_rs.Draft4Validator(OPENAPI_30).iter_errors(document)]
    assert not errors, errors[:5]
    assert document["openapi"].startswith("3.0.")


def test_refs_resolve_and_operation_ids_are_unique():
    document = pure_document()
    for pointer in _refs(document):
        assert pointer.startswith("#/components/"), pointer
        assert isinstance(_resolve(document, pointer), dict), pointer
    ids = [op["operationId"] for _, _, op in _operations(document)]
    assert len(ids) == len(set(ids))


def test_path_variables_are_declared_and_errors_have_the_shared_shape():
    document = pure_document()
    for path, method, op in _operations(document):
        if not path.startswith("/api/"):
            continue
        params = [_resolve(document, p["$ref"]) if "$ref" in p else p
                  for p in op.get("parameters", [])]
        declared = {p["name"] for p in params if p["in"] == "path"}
        assert declared == set(re.findall(r"{(\w+)}", path)), (method, path)
        assert all(p["required"] for p in params if p["in"] == "path")
        assert "401" in op["responses"], (method, path)
        for code, response in op["responses"].items():
            body = _resolve(document, response["$ref"]) if "$ref" in response else response
            if code.startswith(("4", "5")):
                schema = body["content"]["application/json"]["schema"]
                assert _resolve(document, schema["$ref"])["required"] == ["code",
                                                                          "description"]
        if method in {"post", "put", "patch"}:
            schema = op["requestBody"]["content"]["application/json"]["schema"]
            body = _resolve(document, schema["$ref"])
            # an object, or a list of objects (the feeds' readings, issue 15's contract)
            assert body["type"] == "object" or (
                body["type"] == "array" and body["items"]["type"] == "object"), (method, path)


def test_the_ogc_paths_are_composed_in():
    document = pure_document()
    assert "/ogc/collections/air_stations/items" in document["paths"]
    assert set(document["components"]["securitySchemes"]) == {"bearerAuth", "basicAuth",
                                                              "sessionCookie"}
    cookie = document["components"]["securitySchemes"]["sessionCookie"]
    assert (cookie["in"], cookie["name"]) == ("cookie", "onemap_session")


def test_the_ogc_operations_say_they_need_sign_in_and_data_read():
    ogc = [op for path, item in pure_document()["paths"].items() if path.startswith("/ogc")
           for op in item.values() if isinstance(op, dict) and "responses" in op]
    assert len(ogc) >= 5
    for op in ogc:
        assert {"401", "403"} <= set(op["responses"]), op["operationId"]
        assert op["x-permission"] == "data:read"


# -- the served document against the running app -----------------------------------------
DB = pytest.mark.db  # the tests below run against the app on the test database


@pytest.fixture(scope="module")
def served(app_client) -> dict[str, Any]:
    response = app_client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.content_type.startswith(OPENAPI_JSON)
    return response.get_json()


def _api_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.server.url_map.iter_rules():
        if not rule.rule.startswith("/api/") and rule.rule != "/api":
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        routes |= {(method.lower(), path) for method in rule.methods or ()
                   if method.lower() in METHODS}
    return routes


@DB
def test_every_api_route_is_documented_and_nothing_else(served, onemap_app):
    documented = {(method, path) for path, method, _ in _operations(served)
                  if path.startswith("/api")}
    routes = _api_routes(onemap_app)
    assert routes, "no /api routes found"
    assert routes - documented == set(), "routes missing from the document"
    assert documented - routes == set(), "documented operations the app does not serve"


@DB
def test_x_permission_is_what_the_view_requires(served, onemap_app):
    views = onemap_app.server.view_functions
    by_path = {}
    for rule in onemap_app.server.url_map.iter_rules():
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in rule.methods or ():
            by_path[(method.lower(), path)] = views[rule.endpoint]
    guarded = 0
    for path, method, op in _operations(served):
        if not path.startswith("/api"):
            continue
        required = getattr(by_path[(method, path)], "permission", None)
        assert op.get("x-permission") == required, (method, path)
        if required:
            guarded += 1
            assert required in all_permissions()
    assert guarded >= 25  # auth, cockpit and emergency are all guarded


@DB
def test_the_served_document_is_the_pure_one_plus_permissions(served, app_settings):
    def strip(document: dict[str, Any]) -> dict[str, Any]:
        out = {**document, "servers": None, "paths": {}}
        for path, item in document["paths"].items():
            out["paths"][path] = {m: {k: v for k, v in op.items()
                                      if k not in ("x-permission", "description")}
                                  if m in METHODS else op for m, op in item.items()}
        return out

    assert strip(served) == strip(pure_document())
    assert served["servers"] == [{"url": app_settings.base_url, "description": "One Map"}]


@DB
def test_the_document_needs_sign_in(anon_client):
    for url in ("/api/openapi.json", "/api/docs"):
        response = anon_client.get(url)
        assert response.status_code == 401
        assert set(response.get_json()) == {"code", "description"}


@DB
def test_the_page_shows_every_operation_without_scripts_or_inline_styles(app_client,
                                                                         served):
    response = app_client.get("/api/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<script" not in page.lower() and "<style" not in page.lower()
    assert not re.search(r"\sstyle\s*=", page, re.IGNORECASE)
    assets = re.findall(r'<link[^>]+href="([^"]+)"', page)
    assert assets and all(href.startswith("/") for href in assets)
    css = app_client.get(assets[0])
    assert css.status_code == 200 and css.mimetype == "text/css"
    operations = _operations(served)
    assert page.count('<article class="operation"') == len(operations)
    for path, method, _ in operations:
        assert f'<span class="method">{method.upper()}</span> <code>{path}</code>' in page
    for name in ("PATCH", "DELETE", "incident:write", "admin:users", "If-Match"):
        assert name in page
