"""GET /api/regions/{region_id} documents every kind of id it answers, the whole served
region (``region:<adcode>``) first."""

from __future__ import annotations

from apidocs import build_api_document
from core.settings import Settings
from layers import build_registry


def test_region_id_names_the_whole_region():
    document = build_api_document(build_registry(), Settings(), {})
    (param,) = document["paths"]["/api/regions/{region_id}"]["get"]["parameters"]
    assert param["name"] == "region_id"
    assert param["description"].startswith("`region:<adcode>` (the whole region served)")
    assert "`district:<adcode>`" in param["description"]
