"""Zones, receptors, resources by road (pgRouting), the downstream board and reports."""

from __future__ import annotations

import io
import itertools

import numpy as np
import pytest
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra
from shapely.geometry import Point, shape
from shapely.ops import unary_union
from sqlalchemy import text

from tests.emergency.conftest import create

TOLERANCE_DEG = 1e-7  # coordinates round-trip through JSON


@pytest.fixture(scope="module")
def air(duty_client):
    return create(duty_client, mass_kg=2000)


def test_zones_name_thresholds_and_carry_wedge_and_warnings(duty_client, air):
    fc = duty_client.get(f"/api/incidents/{air['id']}/zones").get_json()
    assert fc["type"] == "FeatureCollection"
    zones = [f["properties"] for f in fc["features"] if f["properties"]["kind"] == "zone"]
    assert {z["level"] for z in zones} == {"AEGL-1", "AEGL-2", "AEGL-3"}
    assert {z["colour"] for z in zones} == {"red", "orange", "yellow"}
    assert all(z["threshold_mg_m3"] > 0 and z["threshold_ppm"] > 0 for z in zones)
    assert any(f["properties"]["kind"] == "wedge" for f in fc["features"])
    props = fc["properties"]
    assert props["weather"]["wind_speed_m_s"] == 3.0 and props["stability"] in "ABCDEF"
    assert "dense_gas" in {w["code"] for w in props["warnings"]}  # chlorine is heavier


def test_no_weather_uses_the_screening_weather_and_says_so(duty_client):
    inc = create(duty_client, weather=None)
    fc = duty_client.get(f"/api/incidents/{inc['id']}/zones").get_json()
    codes = [w["code"] for w in fc["properties"]["warnings"]]
    assert codes[0] == "assumed_weather"
    assert fc["properties"]["stability"] == "F"


def test_receptors_lie_inside_the_zones_and_none_outside(duty_client, app_engine, air):
    fc = duty_client.get(f"/api/incidents/{air['id']}/zones").get_json()
    areas = {f["properties"].get("colour", "wedge"): shape(f["geometry"])
             for f in fc["features"] if f["properties"]["kind"] in ("zone", "wedge")}
    covered = unary_union(list(areas.values())).buffer(TOLERANCE_DEG)
    got = duty_client.get(f"/api/incidents/{air['id']}/receptors").get_json()["receptors"]
    assert got, "the sample region should have receptors in a 2 t chlorine cloud"
    assert set(got[0]) >= {"id", "name", "type", "zone", "distance_m", "bearing_deg",
                           "population", "contact", "lon", "lat"}
    returned = {r["id"] for r in got}
    with app_engine.connect() as conn:
        every = conn.execute(text("SELECT id, ST_X(geom), ST_Y(geom) FROM receptors")).all()
    inside = {i for i, x, y in every if covered.contains(Point(x, y))}
    edge = {i for i, x, y in every
            if covered.buffer(1e-6).contains(Point(x, y)) != covered.contains(Point(x, y))}
    assert returned - edge == inside - edge
    for r in got:  # each in the most severe zone that holds it
        p = Point(r["lon"], r["lat"])
        holding = [z for z in ("red", "orange", "yellow", "wedge")
                   if z in areas and areas[z].buffer(TOLERANCE_DEG).contains(p)]
        assert r["zone"] == holding[0]
    distances = [r["distance_m"] for r in got]
    assert distances == sorted(distances)


def test_receptor_csv_is_the_notify_list(duty_client, air):
    r = duty_client.get(f"/api/incidents/{air['id']}/receptors?f=csv")
    assert r.status_code == 200 and r.content_type.startswith("text/csv")
    lines = r.get_data(as_text=True).lstrip("\ufeff").splitlines()
    n = len(duty_client.get(f"/api/incidents/{air['id']}/receptors").get_json()["receptors"])
    assert lines[0].startswith("id,name,type,zone,distance_m") and len(lines) == n + 1


def _road_times(engine) -> tuple[dict[int, int], np.ndarray]:
    """Shortest road times [min] between all nodes, by scipy (an independent check)."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT from_node, to_node, length_m / (speed_kmh / 3.6) / 60 FROM roads")).all()
    nodes = sorted({r[0] for r in rows} | {r[1] for r in rows})
    index = {n: i for i, n in enumerate(nodes)}
    a = [index[r[0]] for r in rows]
    b = [index[r[1]] for r in rows]
    w = [r[2] for r in rows]
    graph = coo_matrix((w, (a, b)), shape=(len(nodes), len(nodes))).tocsr()
    return index, dijkstra(graph, directed=False)


def test_resources_by_road_time_grow_along_each_route(duty_client, app_engine, air):
    got = duty_client.get(f"/api/incidents/{air['id']}/resources").get_json()["resources"]
    assert {r["kind"] for r in got} == {"depot", "team"}
    times = [r["travel_time_min"] for r in got]
    assert times == sorted(times)
    index, table = _road_times(app_engine)
    with app_engine.connect() as conn:
        node_at = {(round(x, 6), round(y, 6)): n for n, x, y in conn.execute(text(
            "SELECT from_node, ST_X(ST_StartPoint(geom)), ST_Y(ST_StartPoint(geom)) FROM roads "
            "UNION SELECT to_node, ST_X(ST_EndPoint(geom)), ST_Y(ST_EndPoint(geom)) FROM roads"))}
    for r in got:
        assert r["route"]["type"] == "LineString" and len(r["route"]["coordinates"]) >= 2
        wp = [w["time_min"] for w in r["waypoints"]]
        assert all(b >= a for a, b in itertools.pairwise(wp)), r["name"]
        assert wp[-1] == pytest.approx(r["travel_time_min"], abs=0.06)
        # the road part agrees with an independent shortest-path computation
        start = node_at[(round(r["waypoints"][1]["lon"], 6), round(r["waypoints"][1]["lat"], 6))]
        end = node_at[(round(r["waypoints"][-2]["lon"], 6), round(r["waypoints"][-2]["lat"], 6))]
        road = r["waypoints"][-2]["time_min"] - r["waypoints"][1]["time_min"]
        assert road == pytest.approx(table[index[start], index[end]], abs=0.02)
        # and no faster than the fastest road allows
        assert r["travel_time_min"] >= r["distance_km"] / 100.0 * 60.0 - 0.1


@pytest.fixture(scope="module")
def spill(duty_client, nanfei_point):
    return create(duty_client, kind="water_spill", lon=nanfei_point[0], lat=nanfei_point[1],
                  substance="benzene", mass_kg=2000, weather=None,
                  started_at="2026-11-26T06:00:00")


def test_arrival_times_grow_downstream(duty_client, spill):
    r = duty_client.get(f"/api/incidents/{spill['id']}/downstream")
    assert r.status_code == 200, r.get_data(as_text=True)
    board = r.get_json()
    targets = board["targets"]
    assert len(targets) >= 2 and board["river"] == "南淝河"
    assert set(targets[0]) >= {"id", "name", "kind", "distance_km", "arrival_h", "peak_h",
                               "peak_mg_l", "hours_above_limit", "close_at", "reopen_at"}
    distances = [t["distance_km"] for t in targets]
    assert distances == sorted(distances) and distances[0] > 0
    arrivals = [t["arrival_h"] for t in targets]
    assert all(b > a for a, b in itertools.pairwise(arrivals))
    peaks = [t["peak_mg_l"] for t in targets]
    assert all(b <= a for a, b in itertools.pairwise(peaks))  # dilution, spread
    for t in targets:
        assert t["peak_h"] >= t["arrival_h"]
        if t["close_at"]:
            assert t["close_at"] < t["reopen_at"] and t["close_at"].startswith("2026-11-")
    assert board["limit_mg_l"] == 0.01 and "GB 3838" in board["limit_source"]
    assert board["profile"] and all(p["mg_l"] >= 0 for p in board["profile"])


def test_spill_zones_give_the_reach_and_receptors_the_intakes(duty_client, spill):
    fc = duty_client.get(f"/api/incidents/{spill['id']}/zones").get_json()
    kinds = {f["properties"]["kind"] for f in fc["features"]}
    assert {"reach", "target", "source"} <= kinds
    got = duty_client.get(f"/api/incidents/{spill['id']}/receptors").get_json()["receptors"]
    assert all(r["type"] == "water_intake" and r["zone"] == "downstream" for r in got)


def test_downstream_is_for_water_spills_only(duty_client, air):
    r = duty_client.get(f"/api/incidents/{air['id']}/downstream")
    assert r.status_code == 422 and r.get_json()["description"].startswith("kind:")


@pytest.mark.parametrize("kind", ["initial", "followup", "final"])
def test_docx_report_holds_substance_time_grade_and_receptor_count(duty_client, air, kind):
    from docx import Document

    r = duty_client.get(f"/api/incidents/{air['id']}/report?kind={kind}&format=docx")
    assert r.status_code == 200, r.get_data(as_text=True)
    doc = Document(io.BytesIO(r.data))
    body = "\n".join([p.text for p in doc.paragraphs] + [
        c.text for t in doc.tables for row in t.rows for c in row.cells])
    inc = duty_client.get(f"/api/incidents/{air['id']}").get_json()["incident"]
    n = len(duty_client.get(f"/api/incidents/{air['id']}/receptors").get_json()["receptors"])
    started = inc["started_at"][:16].replace("-", "年", 1).replace("-", "月", 1)
    assert "氯气" in body and started.replace("T", "日 ") in body
    assert inc["grade"]["level"] in body
    assert f"{n} 处" in body
    assert {"初报": "initial", "续报": "followup", "处理结果报告": "final"}[
        doc.paragraphs[0].text.removeprefix("突发环境事件")] == kind
    assert doc.inline_shapes, "the sketch map of the receptors is missing"


def test_html_report_and_bad_report_parameters(duty_client, air):
    r = duty_client.get(f"/api/incidents/{air['id']}/report?kind=initial&format=html")
    assert r.status_code == 200 and "突发环境事件初报" in r.get_data(as_text=True)
    grade = duty_client.get(f"/api/incidents/{air['id']}").get_json()["incident"]["grade"]
    assert grade["decided_by"] not in r.get_data(as_text=True)  # the Chinese criteria instead
    assert "附件1" in r.get_data(as_text=True)
    bad = duty_client.get(f"/api/incidents/{air['id']}/report?kind=weekly")
    assert bad.status_code == 422 and bad.get_json()["description"].startswith("kind:")
    bad = duty_client.get(f"/api/incidents/{air['id']}/report?format=odt")
    assert bad.status_code == 422 and bad.get_json()["description"].startswith("format:")
