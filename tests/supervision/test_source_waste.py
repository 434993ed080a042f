"""The hazardous-waste section of 一源一档: a generating unit on a source's site brings its
ledger, manifests and anomalies into the source's record (real PostGIS)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from layers.enforcement import source_file

pytestmark = pytest.mark.db
UNIT = "HWT901"


@pytest.fixture()
def unit_on_a_site(app_engine):
    """A test generating unit 40 m from a pollution source, with one ledger line whose
    manifests cover 10 t of 100 t (out of balance) and one manifest."""
    with app_engine.begin() as conn:
        src = conn.execute(text(
            "SELECT code, name, ST_X(geom) AS x, ST_Y(geom) AS y FROM pollution_sources "
            "WHERE code NOT IN (SELECT p.code FROM pollution_sources p JOIN hw_generators g "
            "ON ST_DWithin(g.geom::geography, p.geom::geography, 300)) ORDER BY code LIMIT 1")
        ).mappings().one()
        fac = conn.execute(text("SELECT code, name FROM hw_facilities "
                                "WHERE capacity_t_by_code ? 'HW08' ORDER BY code LIMIT 1")
                           ).mappings().one()
        conn.execute(text(
            "INSERT INTO hw_generators (code, name, industry, industry_zh, industry_en, year, "
            "codes, generated_t_by_code, generated_t, synthetic, geom) VALUES (:u, '测试产废单位', "
            "'auto_repair', '汽车维修', 'Vehicle repair', 2025, '[\"HW08\"]', "
            "'{\"HW08\": 100}', 100, true, "
            "ST_Project(ST_SetSRID(ST_MakePoint(:x, :y), 4326)::geography, 40, 0)::geometry)"),
            {"u": UNIT, "x": src["x"], "y": src["y"]})
        conn.execute(text(
            "INSERT INTO hw_ledgers (unit_code, code, waste_code, year, generated_t, "
            "utilised_on_site_t, storage_start_t, storage_end_t, synthetic) VALUES "
            "(:u, 'HW08', '900-214-08', 2025, 100, 0, 0, 5, true)"), {"u": UNIT})
        conn.execute(text(
            "INSERT INTO hw_manifests (code, origin_code, origin_name, facility_code, "
            "facility_name, hw_code, code_zh, code_en, waste_code, tonnes, date, synthetic, "
            "geom) VALUES ('MT901', :u, '测试产废单位', :f, :fn, 'HW08', '废矿物油', 'Waste oil', "
            "'900-214-08', 10, '2025-06-01', true, "
            "ST_GeomFromText('LINESTRING(117.2 31.8, 117.3 31.9)', 4326))"),
            {"u": UNIT, "f": fac["code"], "fn": fac["name"]})
    yield src["code"]
    with app_engine.begin() as conn:
        conn.execute(text("DELETE FROM hw_manifests WHERE code = 'MT901'"))
        conn.execute(text("DELETE FROM hw_ledgers WHERE unit_code = :u"), {"u": UNIT})
        conn.execute(text("DELETE FROM hw_generators WHERE code = :u"), {"u": UNIT})


def test_a_unit_on_the_site_brings_its_ledger_manifests_and_balance_anomaly(
        app_engine, unit_on_a_site):
    record = source_file(app_engine, unit_on_a_site)
    w = record["waste"]
    assert [u["code"] for u in w["units"]] == [UNIT] and 35 <= w["units"][0]["distance_m"] <= 45
    assert w["year"] == 2025 and len(w["ledgers"]) == 1
    assert w["ledgers"][0]["generated_t"] == 100
    assert [m["code"] for m in w["manifests"]] == ["MT901"] and w["out_by_code"] == {"HW08": 10}
    # 100 generated − 10 transferred − 0 utilised − 5 into storage = 85 t unaccounted
    assert [a["rule"] for a in w["anomalies"]] == ["hw.balance"]
    assert w["anomalies"][0]["subject"] == UNIT

    from pages.onemap.waste_section import waste_section

    for lang, words in (("zh", ("危险废物（2025 年度）", "MT901", "不平衡", "示例数据")),
                        ("en", ("Hazardous waste (2025)", "Ledger by waste code", "MT901"))):
        out = json.dumps(waste_section(record, lang).to_plotly_json(), ensure_ascii=False,
                         default=lambda o: o.to_plotly_json())
        assert all(w in out for w in words), (lang, out[:300])

    from pages.onemap.feature_panel import source_file_section

    panel = json.dumps(source_file_section(record, "zh").to_plotly_json(), ensure_ascii=False,
                       default=lambda o: o.to_plotly_json())
    assert "MT901" in panel  # the 一源一档 panel carries the waste section


def test_a_source_without_a_unit_on_its_site_has_no_waste_section(app_engine):
    with app_engine.connect() as conn:
        code = conn.execute(text(
            "SELECT p.code FROM pollution_sources p WHERE NOT EXISTS (SELECT 1 FROM "
            "hw_generators g WHERE g.name = p.name OR ST_DWithin(g.geom::geography, "
            "p.geom::geography, 150)) ORDER BY p.code LIMIT 1")).scalar_one()
    record = source_file(app_engine, code)
    assert record["waste"] is None

    from pages.onemap.waste_section import waste_section

    assert waste_section(record, "zh").hidden is True
    json.dumps(record, default=str)  # the record stays JSON-able
