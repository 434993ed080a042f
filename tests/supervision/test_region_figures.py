"""Region figures of each supervision system on a drawn polygon, against PostGIS counts
and the standards modules computed independently."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import shapely
from sqlalchemy import text

from decision_models import biodiversity as bio
from decision_models import noise as gb3096
from layers import build_registry
from layers.query import region_figures
from layers.regions import parse_polygon

pytestmark = pytest.mark.db

# a drawn polygon over the city centre and the north-west shore of the lake
DRAWN = parse_polygon("117.05 31.62,117.45 31.62,117.52 31.98,117.10 32.00,117.05 31.62")
T = dt.datetime(2026, 10, 22, 15)
REGISTRY = build_registry()


def figures(engine, layer_id: str) -> tuple[int, dict[str, object]]:
    got = region_figures(engine, REGISTRY.get(layer_id), DRAWN.wkt, T)
    return got["count"], {fig.en: value for fig, value in got["figures"]}


def inside(engine, sql: str) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(text(
            sql + (" AND " if " WHERE " in sql else " WHERE ") +
            "ST_Intersects(geom, ST_GeomFromText(:w, 4326))"), {"w": DRAWN.wkt}).mappings()]


def test_waste_tonnes_by_code(app_engine):
    count, figs = figures(app_engine, "hw_generators")
    rows = inside(app_engine, "SELECT generated_t_by_code FROM hw_generators")
    assert count == len(rows) > 0
    for code in ("HW08", "HW17", "HW18", "HW49"):
        want = sum(r["generated_t_by_code"].get(code, 0.0) for r in rows)
        got = next(v for k, v in figs.items() if k.startswith(code))
        assert got == pytest.approx(want, abs=0.051), code
    assert any(v for k, v in figs.items() if k.startswith("HW"))


def test_sources_by_category(app_engine):
    count, figs = figures(app_engine, "radiation_source_users")
    rows = inside(app_engine, "SELECT category FROM radiation_source_users")
    assert count == len(rows) > 0
    for roman, n in zip(("I", "II", "III", "IV", "V"), range(1, 6), strict=True):
        assert figs[f"Category {roman} users"] == sum(r["category"] == n for r in rows)


def test_co2_by_sector_over_the_districts_it_touches(app_engine):
    count, figs = figures(app_engine, "co2_districts")
    with app_engine.connect() as conn:
        by_sector = dict(conn.execute(text(
            "SELECT c.sector, sum(c.co2_t) FROM co2_inventory c JOIN admin_districts d "
            "ON d.adcode = c.adcode WHERE ST_Intersects(d.geom, ST_GeomFromText(:w, 4326)) "
            "GROUP BY c.sector"), {"w": DRAWN.wkt}).all())
        districts = conn.execute(text(
            "SELECT count(*) FROM admin_districts WHERE ST_Intersects(geom, "
            "ST_GeomFromText(:w, 4326))"), {"w": DRAWN.wkt}).scalar_one()
    assert count == districts > 1
    assert figs["Industry"] == pytest.approx(by_sector["industry"] / 1e4, abs=0.1 * districts)
    assert figs["Transport"] == pytest.approx(by_sector["transport"] / 1e4,
                                              abs=0.1 * districts)
    total = sum(v for k, v in figs.items() if k.startswith(("Power", "Industry", "Transport",
                                                             "Commercial", "Residential",
                                                             "Agriculture")))
    assert total == pytest.approx(sum(by_sector.values()) / 1e4, rel=1e-3)


def test_protected_species_inside_the_region(app_engine):
    _count, figs = figures(app_engine, "bio_observations")
    with app_engine.connect() as conn:
        obs = pd.read_sql(text("SELECT species, ST_X(geom) AS lon, ST_Y(geom) AS lat "
                               "FROM bio_observations"), conn)
    protected = bio.protected_in_region(obs, DRAWN)
    assert len(protected) > 0
    assert figs["Protected species"] == len(protected)
    assert figs["Class I species"] == int((protected["protection"] == "一级").sum())
    assert figs["Records of protected species"] == int(protected["observations"].sum())


def test_noise_compliance_share(app_engine):
    count, figs = figures(app_engine, "noise_stations")
    stations = inside(app_engine, "SELECT code, zone_class FROM noise_stations")
    assert count == len(stations) > 2
    with app_engine.connect() as conn:
        hourly = pd.read_sql(text("SELECT station_code, time, leq_dba FROM noise_hourly "
                                  "WHERE time <= :t"), conn, params={"t": T})
    day_ok = night_ok = 0
    for s in stations:
        series = hourly[hourly.station_code == s["code"]].set_index("time")["leq_dba"]
        whole = [d for d in gb3096.compliance(s["zone_class"], series)
                 if d.day_hours == 16 and d.night_hours == 8]
        last = whole[-1]
        day_ok += gb3096.exceedance(s["zone_class"], "day", round(last.ld, 1)) <= 0
        night_ok += gb3096.exceedance(s["zone_class"], "night", round(last.ln, 1)) <= 0
    assert figs["Day compliance"] == pytest.approx(100 * day_ok / len(stations), abs=0.051)
    assert figs["Night compliance"] == pytest.approx(100 * night_ok / len(stations), abs=0.051)


def test_remote_sensing_and_machinery(app_engine):
    count, figs = figures(app_engine, "rs_points")
    rows = inside(app_engine, "SELECT valid_passes, failed FROM rs_points")
    assert count == len(rows) > 0
    assert figs["Failed passes"] == sum(r["failed"] for r in rows)
    count, figs = figures(app_engine, "nonroad_sites")
    rows = inside(app_engine, "SELECT machines, unregistered FROM nonroad_sites")
    assert count == len(rows) > 0
    assert figs["Machines"] == sum(r["machines"] for r in rows)
    assert figs["Not registered"] == sum(r["unregistered"] for r in rows)
    assert shapely.is_valid(DRAWN)
