"""Queryables of a collection (OGC API – Features Part 3): a JSON Schema of the
properties that ``/items`` accepts as ``?name=value`` filters.

The types come from the store (the PostgreSQL types of the layer source's columns), so
they cannot drift from the data. A filter compares the property's text form for
equality (``layers.query``), which is why the OpenAPI document, built without a
database, declares every filter parameter as a string.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from layers.spec import LayerSpec

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_JSON = "application/schema+json"
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"

# PostgreSQL type OID -> JSON Schema (pg_type.oid, stable across versions)
PG_TYPES: dict[int, dict[str, str]] = {
    16: {"type": "boolean"},
    20: {"type": "integer"}, 21: {"type": "integer"}, 23: {"type": "integer"},
    700: {"type": "number"}, 701: {"type": "number"}, 1700: {"type": "number"},
    25: {"type": "string"}, 1042: {"type": "string"}, 1043: {"type": "string"},
    1082: {"type": "string", "format": "date"},
    1114: {"type": "string", "format": "date-time"},
    1184: {"type": "string", "format": "date-time"},
}


def queryable_title(spec: LayerSpec, name: str) -> tuple[str, str]:
    """The (Chinese, English) label of a queryable, from the layer's popup fields."""
    field = next((f for f in spec.popup if f.key == name), None)
    return (field.zh, field.en) if field is not None else (name, name)


def queryables_schema(spec: LayerSpec, schema_id: str, type_oids: Mapping[str, int]
                      ) -> dict[str, Any]:
    """The Part 3 queryables document of a layer; ``schema_id`` is its absolute URL,
    ``type_oids`` the PostgreSQL type of each queryable column (unknown types: string)."""
    properties = {}
    for name in spec.queryables:
        zh, en = queryable_title(spec, name)
        kind = PG_TYPES.get(type_oids.get(name, 25), {"type": "string"})
        properties[name] = {"title": zh, "description": en, **kind}
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": schema_id,
        "type": "object",
        "title": spec.title_zh,
        "description": spec.title_en,
        "properties": properties,
        "additionalProperties": False,
    }
