"""A task made from a drawn region is its (simplified) outline on the task map, not a point;
the outlines of one answer keep within their budget, so the map answer stays under 1 MB."""

from __future__ import annotations

import math

import pytest

from enforcement import tasks

pytestmark = pytest.mark.db


def _ring(lon: float, lat: float, r: float, n: int) -> list[list[float]]:
    pts = [[round(lon + r * math.cos(2 * math.pi * i / n), 6),
            round(lat + r * math.sin(2 * math.pi * i / n), 6)] for i in range(n)]
    return [*pts, pts[0]]


def _bbox(lon: float, lat: float, r: float) -> str:
    return f"{lon - r},{lat - r},{lon + r},{lat + r}"


def test_region_task_is_its_polygon_on_the_map(officer_client, fresh_source):
    lon, lat = 117.2131, 31.8517  # a corner of 蜀山区 no other test draws in
    square = {"type": "Polygon", "coordinates": [[[lon, lat], [lon + 0.004, lat],
                                                  [lon + 0.004, lat + 0.003],
                                                  [lon, lat + 0.003], [lon, lat]]]}
    r = officer_client.post("/api/tasks", json={"type": "inspection", "region": square})
    assert r.status_code == 201, r.get_data(as_text=True)
    tid = r.get_json()["id"]
    point = officer_client.post("/api/tasks", json={"type": "inspection",
                                                    "source_id": fresh_source["id"]})
    geo = officer_client.get(f"/api/tasks/map?bbox={_bbox(lon + 0.002, lat + 0.0015, 0.01)}"
                             ).get_json()
    mine = [f for f in geo["features"] if f["properties"]["id"] == tid]
    assert len(mine) == 1
    feature = mine[0]
    assert feature["geometry"]["type"] == "Polygon" and feature["properties"]["a"] is True
    ring = feature["geometry"]["coordinates"][0]
    assert {(round(x, 4), round(y, 4)) for x, y in ring} == \
        {(round(x, 4), round(y, 4)) for x, y in square["coordinates"][0]}
    # a task of a source stays a point, without the region flag
    sid = point.get_json()["id"]
    src = officer_client.get(f"/api/tasks/map?source_id={fresh_source['id']}").get_json()
    theirs = [f for f in src["features"] if f["properties"]["id"] == sid]
    assert theirs[0]["geometry"]["type"] == "Point" and "a" not in theirs[0]["properties"]


def test_detailed_region_is_simplified_and_budgeted(officer_client, monkeypatch):
    lon, lat, radius = 117.1583, 31.8722, 0.01
    circle = {"type": "Polygon", "coordinates": [_ring(lon, lat, radius, 2000)]}
    ids = []
    for _ in range(2):
        r = officer_client.post("/api/tasks", json={"type": "verification", "region": circle})
        assert r.status_code == 201, r.get_data(as_text=True)
        ids.append(r.get_json()["id"])
    url = f"/api/tasks/map?type=verification&bbox={_bbox(lon, lat, 0.001)}"
    mine = {f["properties"]["id"]: f for f in officer_client.get(url).get_json()["features"]
            if f["properties"]["id"] in ids}
    ring = mine[ids[0]]["geometry"]["coordinates"][0]
    assert mine[ids[0]]["geometry"]["type"] == "Polygon"
    assert 8 < len(ring) < 200  # simplified from 2001 vertices, still a round outline
    # with room for one outline only, the other region comes as its point
    full = len(officer_client.get(url).get_data())
    monkeypatch.setattr(tasks, "MAP_MAX_BYTES", full - 1)
    answer = officer_client.get(url)
    assert len(answer.get_data()) < full
    mine = {f["properties"]["id"]: f for f in answer.get_json()["features"]
            if f["properties"]["id"] in ids}
    kinds = sorted((f["geometry"]["type"], f["properties"]["a"]) for f in mine.values())
    assert kinds == [("Point", False), ("Polygon", True)]
    monkeypatch.setattr(tasks, "MAP_MAX_BYTES", 0)
    geo = officer_client.get(url).get_json()
    assert all(f["geometry"]["type"] == "Point" for f in geo["features"])
