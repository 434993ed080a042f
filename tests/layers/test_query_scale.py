"""``layers.query`` helpers behind the map's slim requests, on the shared sample database."""

from __future__ import annotations

import pytest

from layers import build_registry
from layers.query import FeatureRequest, feature_result, get_feature, query_features

pytestmark = pytest.mark.db

REGISTRY = build_registry()


def test_get_feature_returns_the_full_record(app_engine):
    spec = REGISTRY.get("pollution_sources")
    slim = query_features(app_engine, spec, FeatureRequest(limit=3, properties=("id",)))
    feature_id = slim["features"][2]["id"]
    record = get_feature(app_engine, spec, feature_id)
    assert record["id"] == feature_id
    assert set(spec.properties) | {"_color", "_class"} == set(record["properties"])
    assert get_feature(app_engine, spec, 999_999_999) is None


def test_get_feature_of_a_time_layer_uses_the_time(app_engine):
    from datetime import datetime

    spec = REGISTRY.get("air_stations")
    when = datetime(2026, 11, 20, 8)
    first = query_features(app_engine, spec, FeatureRequest(limit=1, time=when))["features"][0]
    record = get_feature(app_engine, spec, first["id"], when)
    assert record["properties"] == first["properties"]


def test_text_and_dict_forms_agree(app_engine):
    spec = REGISTRY.get("receptors")
    result = feature_result(app_engine, spec, FeatureRequest(limit=20, offset=5))
    as_dict = result.to_dict(extra_member=1)
    assert as_dict["numberReturned"] == len(as_dict["features"]) == 20
    assert as_dict["extra_member"] == 1
    assert as_dict == query_features(app_engine, spec, FeatureRequest(limit=20, offset=5)) | {
        "extra_member": 1}


def test_unknown_property_names_are_a_bad_request(app_engine):
    from core.errors import BadRequest

    with pytest.raises(BadRequest, match="'nope'"):
        query_features(app_engine, REGISTRY.get("receptors"),
                       FeatureRequest(properties=("name", "nope")))


def test_a_rule_declaring_its_inputs_colours_the_same(app_engine):
    """``rule.inputs`` lets the server parse only those columns for the style rule."""
    import dataclasses

    from layers.query import style_inputs

    declared = REGISTRY.get("pollution_sources")
    seen: list[list[str]] = []

    def undeclared_rule(frame):  # the same rule, without an ``inputs`` declaration
        seen.append(list(frame.columns))
        return declared.style(frame)

    undeclared = dataclasses.replace(declared, style=undeclared_rule)
    assert style_inputs(declared) == ("online_status",)
    assert style_inputs(undeclared) == declared.properties
    for properties in (None, ("id", "name")):
        request = FeatureRequest(limit=300, properties=properties)
        assert query_features(app_engine, declared, request) == \
            query_features(app_engine, undeclared, request)
    assert all(len(columns) == len(declared.properties) for columns in seen)
