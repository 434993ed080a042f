"""The CO₂ path to the peak in the region figures, and the electromagnetic facilities
layer (legend, record, region figures, OGC), against PostGIS."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tests.supervision.test_region_figures import DRAWN, figures

pytestmark = pytest.mark.db


def test_co2_region_figures_carry_the_city_trajectory_and_the_regions_share(app_engine):
    _count, figs = figures(app_engine, "co2_districts")
    with app_engine.connect() as conn:
        hist = dict(conn.execute(text("SELECT year, co2_t FROM co2_trajectory "
                                      "WHERE kind = 'history'")).all())
        peak_year, cap = conn.execute(text("SELECT year, co2_t FROM co2_trajectory "
                                           "WHERE kind = 'peak_cap'")).one()
        region = conn.execute(text(
            "SELECT sum(c.co2_t) FROM co2_inventory c JOIN admin_districts d "
            "ON d.adcode = c.adcode WHERE ST_Intersects(d.geom, ST_GeomFromText(:w, 4326))"),
            {"w": DRAWN.wkt}).scalar_one()
        city = conn.execute(text("SELECT sum(co2_t) FROM co2_inventory")).scalar_one()
    last = hist[max(hist)]
    assert last == pytest.approx(city, rel=1e-6)  # the path ends at the inventory
    assert figs["Peak target year"] == peak_year == 2030
    assert figs["City CO2 (latest year)"] == pytest.approx(last / 1e6, abs=0.006)
    assert figs["City peak cap (illustrative)"] == pytest.approx(cap / 1e6, abs=0.006)
    assert figs["Headroom to the cap (city)"] == pytest.approx((cap - last) / 1e6, abs=0.02)
    assert figs["Share of the city's CO2"] == pytest.approx(100 * region / city, abs=0.3)
    assert 0 < figs["Share of the city's CO2"] < 100


def test_em_sites_layer_record_legend_and_figures(app_client, app_engine):
    doc = app_client.get("/ogc/collections/em_sites").get_json()
    assert doc["theme"] == "emergency"
    body = app_client.get("/ogc/collections/em_sites/items?limit=500&kind=substation")
    features = body.get_json()["features"]
    with app_engine.connect() as conn:
        n_sub = conn.execute(text("SELECT count(*) FROM em_sites WHERE kind = 'substation'")
                             ).scalar_one()
        by_band = dict(conn.execute(text(
            "SELECT band, count(*) FROM em_sites WHERE kind = 'base_station' GROUP BY band")
        ).all())
    assert len(features) == n_sub == 20
    colours = {f["properties"]["voltage_kv"]: f["properties"]["_color"] for f in features}
    assert colours == {110: "#ffb74d", 220: "#f57c00", 500: "#bf360c"}
    assert all(f["properties"]["district"] for f in features)
    assert set(by_band) <= {"4G", "5G", "4G/5G"} and sum(by_band.values()) == 120
    shared = app_client.get("/ogc/collections/em_sites/items?limit=500&band=4G/5G")
    assert {f["properties"]["_color"] for f in shared.get_json()["features"]} == \
        ({"#00838f"} if by_band.get("4G/5G") else set())
    # region figures on the drawn polygon against PostGIS
    count, figs = figures(app_engine, "em_sites")
    with app_engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT kind, band, voltage_kv FROM em_sites "
            "WHERE ST_Intersects(geom, ST_GeomFromText(:w, 4326))"), {"w": DRAWN.wkt}).all()
    assert count == len(rows) > 0
    assert figs["Mobile base stations"] == sum(r.kind == "base_station" for r in rows)
    assert figs["of which with 5G"] == sum(r.band in ("5G", "4G/5G") for r in rows)
    assert figs["Substations"] == sum(r.kind == "substation" for r in rows)
    assert figs["Substations of 220 kV and above"] == sum(
        r.kind == "substation" and r.voltage_kv >= 220 for r in rows)
    assert json.dumps(doc, ensure_ascii=False).count("变电站") >= 3  # the legend
