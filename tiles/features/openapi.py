"""The OpenAPI 3.0 document of ``/ogc``, built from the layer registry and the settings.

:func:`build_openapi` is a pure function of ``(registry, settings)``: no request, no
database, so the same document can be served at ``/ogc/api``, rendered as the HTML page
``/ogc/api.html`` and composed with other blueprints' documents into one for the whole
app (paths carry their full prefix, ``/ogc/...``, and the server is the public base URL).

Each collection gets its own paths (``/ogc/collections/air_stations/items`` …), as
pygeoapi and ldproxy do: QGIS reads them best, and each lists exactly the property
filters of that layer (its queryables). The shared parameters live under
``components/parameters``; QGIS reads ``limit``'s ``maximum`` and ``default`` from there
to size its pages.
"""

from __future__ import annotations

from typing import Any

from core.settings import Settings
from layers.registry import LayerRegistry
from layers.spec import LayerSpec
from tiles.features.params import CGCS2000, CLUSTER_MODES, CRS84, MAX_OFFSET, MAX_ZOOM
from tiles.features.queryables import SCHEMA_JSON, queryable_title

OPENAPI_JSON = "application/vnd.oai.openapi+json;version=3.0"
GEOJSON = "application/geo+json"
JSON = "application/json"
PREFIX = "/ogc"
API_VERSION = "1.0.0"


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _content(media_type: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {media_type: {"schema": schema}}


def _ok(description: str, media_type: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": _content(media_type, schema)}


ERRORS = {"400": _ref("responses", "BadRequest"), "404": _ref("responses", "NotFound"),
          "500": _ref("responses", "ServerError"), "503": _ref("responses", "StoreUnavailable")}


def _operation(operation_id: str, summary: str, tag: str, ok: dict[str, Any],
               parameters: list[dict[str, Any]] | None = None,
               errors: tuple[str, ...] = ("400", "500")) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": operation_id, "summary": summary,
                                 "tags": [tag], "responses": {"200": ok}}
    if parameters:
        operation["parameters"] = parameters
    operation["responses"].update({code: ERRORS[code] for code in errors})
    return {"get": operation}


def _parameters(settings: Settings) -> dict[str, Any]:
    crs = {"type": "string", "format": "uri", "enum": [CRS84, CGCS2000], "default": CRS84}

    def query(name: str, description: str, schema: dict[str, Any], **extra: Any
              ) -> dict[str, Any]:
        return {"name": name, "in": "query", "required": False, "description": description,
                "schema": schema, **extra}

    return {
        "bbox": query("bbox", "Only features whose geometry meets the box "
                      "`minx,miny,maxx,maxy` (CRS84, or as `bbox-crs` says; six numbers "
                      "for a 3-D box). 仅返回与范围框相交的要素。",
                      {"type": "array", "minItems": 4, "maxItems": 6,
                       "items": {"type": "number"}}, style="form", explode=False),
        "bbox-crs": query("bbox-crs", "CRS of `bbox` (OGC API – Features Part 2); EPSG:4490 "
                          "(CGCS2000) is latitude first.", crs),
        "crs": query("crs", "CRS of the response geometry (Part 2); EPSG:4490 (CGCS2000) "
                     "writes latitude first. 输出坐标系。", crs),
        "datetime": query("datetime", "The map time (RFC 3339 instant, or an interval "
                          "`start/end` whose end is used; `..` is open), in any time zone; "
                          "the store keeps Beijing time. Layers without a time dimension "
                          "ignore it. 地图时间。", {"type": "string"}),
        "limit": query("limit", "Page size. 每页要素数。",
                       {"type": "integer", "minimum": 0, "maximum": settings.feature_limit_max,
                        "default": settings.feature_limit_default}),
        "offset": query("offset", "Features to skip (paging; the `next` and `prev` links "
                        "carry it). 跳过的要素数。",
                        {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0}),
        "properties": query("properties", "One Map extension (as the draft Part 6 "
                            "\"Property selection\"): the properties to return; the style "
                            "columns `_color`/`_class` always come along, `id` copies the "
                            "feature id into the properties. 返回的属性。",
                            {"type": "array", "items": {"type": "string"}},
                            style="form", explode=False),
        "cluster": query("cluster", "One Map extension: `auto` lets a point layer answer "
                         "server-side grid clusters when its bbox holds many features "
                         "(`clustered: true`, no paging links); `off` always returns "
                         "features. 点要素服务端聚合。",
                         {"type": "string", "enum": list(CLUSTER_MODES), "default": "off"}),
        "zoom": query("zoom", "One Map extension: the map zoom the features are for "
                      "(line and polygon simplification, cluster grid). 地图缩放级别。",
                      {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM}),
        "featureId": {"name": "featureId", "in": "path", "required": True,
                      "description": "The feature id (`id` of a feature in `/items`).",
                      "schema": {"type": "string"}},
    }


ITEMS_PARAMETERS = ("bbox", "bbox-crs", "crs", "datetime", "limit", "offset", "properties",
                    "cluster", "zoom")
ITEM_PARAMETERS = ("crs", "datetime", "properties")


def _schemas() -> dict[str, Any]:
    link = {"type": "object", "required": ["href", "rel"], "properties": {
        "href": {"type": "string"}, "rel": {"type": "string"}, "type": {"type": "string"},
        "title": {"type": "string"}}}
    links = {"type": "array", "items": _ref("schemas", "Link")}
    geometry = {"type": "object", "nullable": True, "required": ["type"], "properties": {
        "type": {"type": "string", "enum": ["Point", "MultiPoint", "LineString",
                                           "MultiLineString", "Polygon", "MultiPolygon",
                                           "GeometryCollection"]},
        "coordinates": {"type": "array"}, "geometries": {"type": "array"}}}
    feature = {"type": "object", "required": ["type", "geometry", "properties"], "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "geometry": _ref("schemas", "Geometry"),
        "properties": {"type": "object", "nullable": True},
        "links": links}}
    count = {"type": "integer", "minimum": 0}
    collection = {"type": "object", "required": ["id", "links"], "properties": {
        "id": {"type": "string"}, "title": {"type": "string"},
        "description": {"type": "string"}, "links": links,
        "itemType": {"type": "string"},
        "crs": {"type": "array", "items": {"type": "string"}},
        "storageCrs": {"type": "string"},
        "extent": {"type": "object", "properties": {"spatial": {
            "type": "object", "properties": {
                "bbox": {"type": "array", "minItems": 1, "items": {
                    "type": "array", "minItems": 4, "maxItems": 6,
                    "items": {"type": "number"}}},
                "crs": {"type": "string"}}}}}}}
    return {
        "Link": link,
        "Exception": {"type": "object", "required": ["code", "description"], "properties": {
            "code": {"type": "string"}, "description": {"type": "string"}}},
        "LandingPage": {"type": "object", "required": ["links"], "properties": {
            "title": {"type": "string"}, "description": {"type": "string"}, "links": links}},
        "ConfClasses": {"type": "object", "required": ["conformsTo"], "properties": {
            "conformsTo": {"type": "array", "items": {"type": "string"}}}},
        "Collection": collection,
        "Collections": {"type": "object", "required": ["links", "collections"], "properties": {
            "links": links, "collections": {"type": "array",
                                            "items": _ref("schemas", "Collection")}}},
        "Geometry": geometry,
        "Feature": feature,
        "FeatureCollection": {
            "type": "object", "required": ["type", "features"], "properties": {
                "type": {"type": "string", "enum": ["FeatureCollection"]},
                "features": {"type": "array", "items": _ref("schemas", "Feature")},
                "links": links, "timeStamp": {"type": "string", "format": "date-time"},
                "numberMatched": count, "numberReturned": count,
                "clustered": {"type": "boolean"}, "gridZoom": {"type": "integer"}}},
        "Queryables": {"type": "object", "required": ["type", "properties"], "properties": {
            "$schema": {"type": "string"}, "$id": {"type": "string"},
            "type": {"type": "string", "enum": ["object"]},
            "title": {"type": "string"},
            "properties": {"type": "object", "additionalProperties": {"type": "object"}},
            "additionalProperties": {"type": "boolean"}}},
    }


def _responses() -> dict[str, Any]:
    def error(description: str) -> dict[str, Any]:
        return {"description": description,
                "content": _content(JSON, _ref("schemas", "Exception"))}

    return {
        "BadRequest": error("A parameter is malformed or unknown (the description says "
                            "which). 参数错误。"),
        "NotFound": error("No such collection or feature. 未找到。"),
        "ServerError": error("An unexpected error (logged on the server)."),
        "StoreUnavailable": error("The data store cannot be reached; retry later. "
                                  "数据库暂不可用。"),
    }


def _filter_parameters(spec: LayerSpec) -> list[dict[str, Any]]:
    """One ``?name=value`` equality filter per queryable (Part 3 "Queryables as query
    parameters")."""
    parameters = []
    for name in spec.queryables:
        zh, en = queryable_title(spec, name)
        parameters.append({
            "name": name, "in": "query", "required": False,
            "description": f"{zh} ({en}): only features whose property equals this value "
                           "(compared as text; its type is in the queryables).",
            "schema": {"type": "string"}})
    return parameters


def _collection_paths(spec: LayerSpec) -> dict[str, Any]:
    base = f"{PREFIX}/collections/{spec.id}"
    tag = spec.id
    shared = [_ref("parameters", name) for name in ITEMS_PARAMETERS]
    return {
        base: _operation(f"describeCollection_{spec.id}",
                         f"{spec.title_zh} ({spec.title_en}): collection", tag,
                         _ok("The collection, with its extent.", JSON,
                             _ref("schemas", "Collection")),
                         errors=("500", "503")),
        f"{base}/queryables": _operation(
            f"getQueryables_{spec.id}", f"{spec.title_zh}: queryable properties", tag,
            _ok("A JSON Schema of the properties usable as filters (Part 3).", SCHEMA_JSON,
                _ref("schemas", "Queryables")), errors=("500", "503")),
        f"{base}/items": _operation(
            f"getFeatures_{spec.id}", f"{spec.title_zh}: features", tag,
            {**_ok("A page of features (GeoJSON) with `numberMatched`, `numberReturned` and "
                   "`next`/`prev` links.", GEOJSON, _ref("schemas", "FeatureCollection")),
             "headers": {"Content-Crs": {"description": "CRS of the geometry, in <>.",
                                         "schema": {"type": "string"}}}},
            shared + _filter_parameters(spec), errors=("400", "500", "503")),
        f"{base}/items/{{featureId}}": _operation(
            f"getFeature_{spec.id}", f"{spec.title_zh}: one feature", tag,
            _ok("The feature (GeoJSON).", GEOJSON, _ref("schemas", "Feature")),
            [_ref("parameters", "featureId"),
             *(_ref("parameters", name) for name in ITEM_PARAMETERS)],
            errors=("400", "404", "500", "503")),
    }


def build_openapi(registry: LayerRegistry, settings: Settings) -> dict[str, Any]:
    """The OpenAPI 3.0 document of the ``/ogc`` API (a plain JSON-able dict)."""
    paths: dict[str, Any] = {
        PREFIX: _operation("getLandingPage", "Landing page", "Capabilities",
                           _ok("Links to the API definition, conformance and collections.",
                               JSON, _ref("schemas", "LandingPage"))),
        f"{PREFIX}/api": _operation("getApiDefinition", "This API definition (OpenAPI 3.0)",
                                    "Capabilities",
                                    _ok("The OpenAPI document.", OPENAPI_JSON,
                                        {"type": "object"})),
        f"{PREFIX}/api.html": _operation("getApiDocumentation", "This API definition as a "
                                         "web page", "Capabilities",
                                         _ok("The API documentation.", "text/html",
                                             {"type": "string"})),
        f"{PREFIX}/conformance": _operation("getConformanceDeclaration",
                                            "Conformance classes served", "Capabilities",
                                            _ok("The conformance classes.", JSON,
                                                _ref("schemas", "ConfClasses"))),
        f"{PREFIX}/collections": _operation("getCollections", "Collections (one per layer)",
                                            "Capabilities",
                                            _ok("Every collection.", JSON,
                                                _ref("schemas", "Collections"))),
    }
    tags = [{"name": "Capabilities", "description": "Landing page, API, conformance, "
                                                    "collections"}]
    for spec in registry:
        paths.update(_collection_paths(spec))
        synthetic = " — 示例数据 (synthetic)" if spec.synthetic else ""
        tags.append({"name": spec.id,
                     "description": f"{spec.title_zh} ({spec.title_en}){synthetic}"})
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "One Map OGC API – Features",
            "description": "生态环境“一张图” thematic layers as OGC API – Features (Part 1 "
                           "Core with GeoJSON, Part 2 CRS for CGCS2000, Part 3 queryables as "
                           "query parameters), with One Map's extensions `properties`, "
                           "`cluster` and `zoom`. Errors are JSON `{\"code\", \"description\"}`.",
            "version": API_VERSION,
        },
        "servers": [{"url": settings.base_url, "description": "One Map"}],
        "tags": tags,
        "paths": paths,
        "components": {"parameters": _parameters(settings), "schemas": _schemas(),
                       "responses": _responses()},
    }
