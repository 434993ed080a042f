"""The whole region served as a query region, broken down by its children (Hefei sample:
the city by its nine districts and counties)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from core.errors import BadRequest, NotFound
from core.region import read_region
from core.settings import DEFAULT_DATA_DIR
from layers.query import region_figures
from layers.regions import list_regions, resolve_region, sub_units
from layers.registry import build_registry

pytestmark = pytest.mark.db


def test_the_selector_offers_the_whole_city_first(app_engine):
    listed = list_regions(app_engine)
    assert listed[0] == ("region:340100", "合肥市（全域）", "合肥市 (whole region) (340100)")
    assert [rid for rid, _, _ in listed].count("region:340100") == 1


def test_the_whole_city_is_its_outline_broken_down_by_district(app_engine):
    region = read_region(DEFAULT_DATA_DIR)
    whole = resolve_region(app_engine, "region:340100")
    with app_engine.connect() as conn:
        same = conn.execute(text(
            "SELECT ST_Equals(ST_Multi(geom), ST_GeomFromText(:w, 4326)) FROM admin_city"),
            {"w": whole.wkt}).scalar()
    assert same
    units = sub_units(app_engine, "region:340100")
    assert [(u.id, u.name_zh) for u in units] == [(f"district:{u.adcode}", u.name)
                                                  for u in region.children]
    spec = build_registry().get("air_stations")
    total = region_figures(app_engine, spec, whole.wkt)["count"]
    per_unit = [region_figures(app_engine, spec, u.wkt)["count"] for u in units]
    assert total > 0 and sum(per_unit) >= total and max(per_unit) < total


def test_another_region_code_is_not_found(app_engine):
    with pytest.raises(NotFound):
        resolve_region(app_engine, "region:320100")
    assert sub_units(app_engine, "region:320100") == []
    with pytest.raises(BadRequest):
        resolve_region(app_engine, "region:abc")


def test_the_outline_endpoint_serves_the_whole_region(app_client):
    ok = app_client.get("/api/regions/region:340100")
    assert ok.status_code == 200
    assert ok.get_json()["features"][0]["properties"]["name"] == "合肥市（全域）"
    assert app_client.get("/api/regions/region:320100").status_code == 404
