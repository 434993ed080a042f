"""The OGC API – Features endpoints under ``/ogc``: short bodies, typed parameters.

Beyond Part 1 the items endpoint takes ``properties=a,b`` (property selection; the style
columns ``_color``/``_class`` always come along, ``id`` copies the feature id into the
properties) and ``cluster=auto|off`` (server-side grid clustering of point layers, off by
default so GIS clients get real features; see :mod:`layers.query`). A clustered response
says ``"clustered": true`` and has no paging links: every cell is in it.

The API is described by an OpenAPI 3.0 document at ``/ogc/api`` (``service-desc``) and
the page ``/ogc/api.html`` (``service-doc``), both from :mod:`tiles.features.openapi`;
``/ogc/collections/{id}/queryables`` lists each layer's filters (Part 3).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, json, request, url_for
from sqlalchemy import Engine

from core.errors import NotFound
from core.settings import Settings
from layers.query import FeatureRequest, feature_result, query_features, time_params
from layers.registry import LayerRegistry
from layers.spec import LayerSpec
from store.db import connection
from store.features import column_types, extent
from tiles.errors import register_error_handlers
from tiles.features.apidoc import render_api_html
from tiles.features.openapi import OPENAPI_JSON, build_openapi
from tiles.features.params import CGCS2000, CRS84, SUPPORTED_CRS, ItemsParams, check_no_nul
from tiles.features.queryables import QUERYABLES_REL, SCHEMA_JSON, queryables_schema

GEOJSON = "application/geo+json"
STATIC = Path(__file__).resolve().parent.parent / "static"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
]


def _json(payload: Any, content_type: str = "application/json", status: int = 200,
          headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False, default=str)
    response = Response(body, status=status, content_type=f"{content_type}; charset=utf-8")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _link(href: str, rel: str, type_: str, title: str = "") -> dict[str, str]:
    link = {"href": href, "rel": rel, "type": type_}
    if title:
        link["title"] = title
    return link


def _query() -> str:
    query = request.query_string.decode("latin-1")
    return f"?{query}" if query else ""


def collection_document(spec: LayerSpec, engine: Engine | None, base_url: str
                        ) -> dict[str, Any]:
    """The collection description; ``theme`` and the styling hints are One Map extensions.

    Links start with ``base_url`` (the public base, never the request's Host); with an
    ``engine`` the spatial extent is read from the store (unreachable: 503).
    """
    def href(endpoint: str) -> str:
        return base_url + url_for(endpoint, collection_id=spec.id)

    doc: dict[str, Any] = {
        "id": spec.id,
        "title": spec.title_zh,
        "title_en": spec.title_en,
        "description": spec.description_zh or spec.title_zh,
        "theme": spec.theme,
        "geometry": spec.geometry,
        "itemType": "feature",
        "synthetic": spec.synthetic,
        "crs": list(SUPPORTED_CRS),
        "storageCrs": CRS84,
        "minZoom": spec.min_zoom,
        "cluster": spec.cluster,
        "queryables": list(spec.queryables),
        "timeDimension": spec.time.kind if spec.time else None,
        "legend": [{"label": item.zh, "label_en": item.en, "color": item.color}
                   for item in spec.legend],
        "links": [
            _link(href("ogc.collection"), "self", "application/json"),
            _link(href("ogc.items"), "items", GEOJSON, "features"),
            _link(href("ogc.queryables"), QUERYABLES_REL, SCHEMA_JSON, "queryables"),
        ],
    }
    if engine is not None:
        params = time_params(spec, engine, None)
        with connection(engine) as conn:
            bbox = extent(conn, spec.sql, params)
        if bbox is not None:
            doc["extent"] = {"spatial": {"bbox": [list(bbox)], "crs": CRS84}}
    return doc


def create_features_blueprint(settings: Settings, registry: LayerRegistry,
                              get_engine: Callable[[], Engine]) -> Blueprint:
    """The ``/ogc`` blueprint serving every layer of ``registry`` from the store.

    Every absolute link starts with ``settings.base_url``; the API definition is built
    once, from the registry and the settings, and served as JSON and as a web page.
    """
    bp = Blueprint("ogc", __name__, url_prefix="/ogc", static_folder=str(STATIC),
                   static_url_path="/static")
    register_error_handlers(bp)
    base = settings.base_url
    document = build_openapi(registry, settings)
    api_body = json.dumps(document, ensure_ascii=False)

    def href(endpoint: str, **values: Any) -> str:
        return base + url_for(endpoint, **values)

    @bp.before_request
    def refuse_nul() -> None:
        check_no_nul(request.args, request.path)

    @bp.get("")
    @bp.get("/")
    def landing() -> Response:
        return _json({
            "title": "One Map OGC API – Features",
            "description": "生态环境“一张图” thematic layers as OGC API – Features",
            "links": [
                _link(href("ogc.landing"), "self", "application/json"),
                _link(href("ogc.api"), "service-desc", OPENAPI_JSON, "API definition"),
                _link(href("ogc.api_html"), "service-doc", "text/html",
                      "API documentation"),
                _link(href("ogc.conformance"), "conformance", "application/json"),
                _link(href("ogc.collections"), "data", "application/json"),
            ],
        })

    @bp.get("/api")
    def api() -> Response:
        return Response(api_body, content_type=f"{OPENAPI_JSON}; charset=utf-8")

    @bp.get("/api.html")
    def api_html() -> Response:
        page = render_api_html(document, url_for("ogc.static", filename="ogc-api.css"),
                               url_for("ogc.api"))
        return Response(page, content_type="text/html; charset=utf-8")

    @bp.get("/conformance")
    def conformance() -> Response:
        return _json({"conformsTo": CONFORMANCE})

    @bp.get("/collections")
    def collections() -> Response:
        docs = [collection_document(spec, None, base) for spec in registry]
        return _json({"collections": docs, "links": [
            _link(href("ogc.collections"), "self", "application/json")]})

    @bp.get("/collections/<collection_id>")
    def collection(collection_id: str) -> Response:
        return _json(collection_document(registry.get(collection_id), get_engine(), base))

    @bp.get("/collections/<collection_id>/queryables")
    def queryables(collection_id: str) -> Response:
        spec = registry.get(collection_id)
        engine = get_engine()
        params = time_params(spec, engine, None)
        with connection(engine) as conn:
            types = column_types(conn, spec.sql, spec.queryables, params)
        return _json(queryables_schema(spec, href("ogc.queryables", collection_id=spec.id),
                                       types), SCHEMA_JSON)

    @bp.get("/collections/<collection_id>/items")
    def items(collection_id: str) -> Response:
        spec = registry.get(collection_id)
        params = ItemsParams.from_args(request.args, settings.feature_limit_default,
                                       settings.feature_limit_max)
        result = feature_result(get_engine(), spec, FeatureRequest(
            bbox=params.bbox, time=params.time, limit=params.limit, offset=params.offset,
            zoom=params.zoom, filters=params.filters, flip_axes=params.crs == CGCS2000,
            properties=params.properties, cluster=params.cluster))
        own = href("ogc.items", collection_id=collection_id)
        body = result.to_json(**result.extra, timeStamp=_now_iso(),
                              links=_page_links(own, params, result.members()))
        return Response(body, content_type=f"{GEOJSON}; charset=utf-8",
                        headers={"Content-Crs": f"<{params.crs}>"})

    @bp.get("/collections/<collection_id>/items/<feature_id>")
    def item(collection_id: str, feature_id: str) -> Response:
        spec = registry.get(collection_id)
        params = ItemsParams.from_args(request.args, 1, settings.feature_limit_max)
        result = query_features(get_engine(), spec, FeatureRequest(
            time=params.time, limit=1, feature_id=feature_id, flip_axes=params.crs == CGCS2000,
            properties=params.properties))
        if not result["features"]:
            raise NotFound(f"no feature {feature_id!r} in collection {collection_id!r}")
        feature = result["features"][0]
        feature["links"] = [
            _link(href("ogc.item", collection_id=collection_id, feature_id=feature_id)
                  + _query(), "self", GEOJSON),
            _link(href("ogc.collection", collection_id=collection_id), "collection",
                  "application/json")]
        return _json(feature, GEOJSON, headers={"Content-Crs": f"<{params.crs}>"})

    @bp.get("/<path:unknown>")
    def not_found(unknown: str) -> Response:
        # Without this, the app's page routes would answer unknown /ogc paths with HTML.
        raise NotFound(f"no resource /ogc/{unknown}; the API is described at "
                       f"{href('ogc.api')}")

    return bp


def _page_links(base: str, params: ItemsParams, result: dict) -> list[dict]:
    """``self``, ``next`` and ``prev`` of a page; ``base`` is the public items URL."""
    args = {k: v for k, v in request.args.items() if k != "offset"}
    links = [_link(base + _query(), "self", GEOJSON)]
    if result.get("clustered"):
        return links
    if params.offset + result["numberReturned"] < result["numberMatched"] and params.limit:
        links.append(_link(f"{base}?{urlencode({**args, 'offset': params.offset + params.limit})}",
                           "next", GEOJSON))
    if params.offset > 0:
        prev = max(0, params.offset - params.limit)
        links.append(_link(f"{base}?{urlencode({**args, 'offset': prev})}", "prev", GEOJSON))
    return links


def _now_iso() -> str:
    from datetime import UTC, datetime
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
