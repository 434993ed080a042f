"""Queryables of a collection (OGC API – Features Part 3): a JSON Schema of the
properties that ``/items`` accepts as ``?name=value`` filters.

Every filter compares the property's text form for equality (``layers.query``), and
every queryable of the registry is a text column in the store (checked against PostGIS by
``tests/tiles/test_openapi.py``), so each is declared ``"type": "string"``. The same
function feeds the ``/queryables`` endpoint and the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

from layers.spec import LayerSpec

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_JSON = "application/schema+json"
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"


def queryable_title(spec: LayerSpec, name: str) -> tuple[str, str]:
    """The (Chinese, English) label of a queryable, from the layer's popup fields."""
    field = next((f for f in spec.popup if f.key == name), None)
    return (field.zh, field.en) if field is not None else (name, name)


def queryable_properties(spec: LayerSpec) -> dict[str, dict[str, Any]]:
    """``{name: JSON Schema}`` of each queryable property of the layer."""
    properties = {}
    for name in spec.queryables:
        zh, en = queryable_title(spec, name)
        properties[name] = {"title": zh, "description": en, "type": "string"}
    return properties


def queryables_schema(spec: LayerSpec, schema_id: str) -> dict[str, Any]:
    """The Part 3 queryables document of a layer; ``schema_id`` is its absolute URL."""
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": schema_id,
        "type": "object",
        "title": spec.title_zh,
        "description": spec.title_en,
        "properties": queryable_properties(spec),
        "additionalProperties": False,
    }
