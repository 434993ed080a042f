"""The enforcement REST contracts: codes, tasks (201 shape, filters, 409/422), evidence
limits by content and size, clue triage, statistics and the wall."""

from __future__ import annotations

import hashlib
import io

import pytest
from sqlalchemy import text

pytestmark = pytest.mark.db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n" + b"1 0 obj\n<<>>\nendobj\n" * 4


def create(client, **body):
    r = client.post("/api/tasks", json={"type": "inspection", **body})
    assert r.status_code == 201, r.get_data(as_text=True)
    return r


def test_source_code_contract(app_client, refreshed, app_engine):
    with app_engine.connect() as conn:
        sid = conn.execute(text("SELECT source_id FROM source_codes WHERE code = 'red' "
                                "ORDER BY source_id LIMIT 1")).scalar()
    r = app_client.get(f"/api/sources/{sid}/code")
    assert r.status_code == 200
    body = r.get_json()
    assert body["code"] in ("green", "yellow", "red") and body["code"] == "red"
    assert {"code", "score", "reasons", "computed_at"} <= set(body)
    assert all({"rule", "points", "evidence"} <= set(x) for x in body["reasons"])
    assert app_client.get("/api/sources/2147483600/code").status_code == 404
    rules = app_client.get("/api/sources/code-rules").get_json()
    assert rules["example"] is True and rules["rules"]


def test_create_task_contract(officer_client, fresh_source):
    r = create(officer_client, source_id=fresh_source["id"], description="现场检查")
    body = r.get_json()
    assert set(body) == {"id", "status", "due_at", "version"}
    assert body["status"] == "派发" and body["version"] == 1
    assert r.headers["ETag"] == '"1"' and r.headers["Location"] == f"/api/tasks/{body['id']}"
    task = officer_client.get(f"/api/tasks/{body['id']}").get_json()["task"]
    assert task["team"] == "合肥生态环境执法大队第3中队"  # 蜀山区's team (teams.json)
    assert task["allowed"] == ["签收"]
    assert [s["to_status"] for s in task["timeline"]] == ["派发"]


@pytest.mark.parametrize(("body", "field"), [
    ({"type": "x", "source_id": 1}, "type"),
    ({"type": "inspection"}, "exactly one of"),
    ({"type": "inspection", "source_id": "abc"}, "source_id"),
    ({"type": "inspection", "feature": {"collection": "complaints"}}, "feature"),
    ({"type": "inspection", "region": {"type": "Polygon", "coordinates": "no"}}, "region"),
    ({"type": "inspection", "source_id": 1, "description": 5}, "description"),
])
def test_bad_task_bodies_are_422_naming_the_field(officer_client, body, field):
    r = officer_client.post("/api/tasks", json=body)
    assert r.status_code == 422, r.get_data(as_text=True)
    assert field in r.get_json()["description"]


def test_roles_write_and_read(leader_client, analyst_client, fresh_source):
    assert leader_client.post("/api/tasks", json={"type": "inspection",
                                                   "source_id": fresh_source["id"]}
                              ).status_code == 403
    assert leader_client.get("/api/tasks").status_code == 200
    assert analyst_client.get("/api/tasks").status_code == 403
    assert analyst_client.get(f"/api/sources/{fresh_source['id']}/code").status_code == 200


def test_transitions_by_role_and_version(officer_client, app_client, fresh_source):
    tid = create(officer_client, source_id=fresh_source["id"]).get_json()["id"]
    url = f"/api/tasks/{tid}/transitions"
    r = officer_client.post(url, json={"to": "办结"})
    assert r.status_code == 409
    assert "allowed next: 签收" in r.get_json()["description"]
    r = officer_client.post(url, json={"to": "签收", "note": "已到达"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"2"'
    assert r.get_json()["task"]["timeline"][-1]["note"] == "已到达"
    stale = officer_client.post(url, json={"to": "处置"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 409 and "version 2" in stale.get_json()["description"]
    for to in ("处置", "反馈"):
        assert officer_client.post(url, json={"to": to}).status_code == 200
    r = officer_client.post(url, json={"to": "审核"})
    assert r.status_code == 409
    assert "task:review" in r.get_json()["description"]
    assert app_client.post(url, json={"to": "审核"}).status_code == 200
    r = app_client.post(url, json={"to": "处置", "note": "证据不足，退回"})
    assert r.get_json()["task"]["returned"] == 1
    bad = officer_client.post(url, json={"to": "done"})
    assert bad.status_code == 422 and "to:" in bad.get_json()["description"]
    assert officer_client.post(url, json={"to": "签收", "colour": 1}).status_code == 422
    assert officer_client.post("/api/tasks/2147483000/transitions",
                               json={"to": "签收"}).status_code == 404


def test_list_filters_and_paging(officer_client, fresh_source):
    ids = [create(officer_client, source_id=fresh_source["id"],
                  type=t).get_json()["id"] for t in ("inspection", "verification")]
    r = officer_client.get(f"/api/tasks?source_id={fresh_source['id']}&type=verification")
    body = r.get_json()
    assert [t["id"] for t in body["tasks"]] == [ids[1]] and body["total"] == 1
    r = officer_client.get(f"/api/tasks?source_id={fresh_source['id']}&status=派发"
                           "&district=蜀山区&overdue=false&limit=1")
    body = r.get_json()
    assert body["total"] == 2 and len(body["tasks"]) == 1 and body["limit"] == 1
    team = body["tasks"][0]["team"]
    assert officer_client.get(f"/api/tasks?team={team}&source_id={fresh_source['id']}"
                              ).get_json()["total"] == 2
    for bad in ("status=closed", "overdue=yes", "type=patrol", "bbox=1,2"):
        r = officer_client.get(f"/api/tasks?{bad}")
        assert r.status_code == 422, bad
    assert officer_client.get("/api/tasks?limit=0").status_code == 400
    geo = officer_client.get(f"/api/tasks/map?source_id={fresh_source['id']}").get_json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 2
    assert set(geo["features"][0]["properties"]) == {"id", "s", "t", "o"}


def _upload(client, tid, data, name="photo.jpg", note="现场照片"):
    return client.post(f"/api/tasks/{tid}/evidence",
                       data={"file": (io.BytesIO(data), name), "note": note},
                       content_type="multipart/form-data")


def test_evidence_is_checked_by_content_and_checksummed(officer_client, fresh_source,
                                                        app_settings, app_engine):
    tid = create(officer_client, source_id=fresh_source["id"]).get_json()["id"]
    r = _upload(officer_client, tid, JPEG)
    assert r.status_code == 201
    ev = r.get_json()["evidence"]
    assert ev["sha256"] == hashlib.sha256(JPEG).hexdigest()
    assert ev["content_type"] == "image/jpeg" and ev["size_bytes"] == len(JPEG)
    stored = app_settings.var_dir / "evidence" / str(tid)
    assert [p.name for p in stored.iterdir()] == [f"{ev['sha256']}.jpg"]
    again = _upload(officer_client, tid, JPEG)  # a retried upload: no second copy
    assert again.status_code == 200 and again.get_json()["evidence"]["id"] == ev["id"]
    got = officer_client.get(ev["url"])
    assert got.status_code == 200 and got.data == JPEG
    assert got.headers["X-Checksum-SHA256"] == ev["sha256"]
    assert _upload(officer_client, tid, PDF, "report.pdf").get_json()["evidence"][
        "content_type"] == "application/pdf"
    assert _upload(officer_client, tid, PNG, "x.png").status_code == 201
    # a script named .jpg is refused: the content decides
    bad = _upload(officer_client, tid, b"#!/bin/sh\necho hi\n", "evil.jpg")
    assert bad.status_code == 422 and "by content" in bad.get_json()["description"]
    assert _upload(officer_client, tid, b"", "empty.jpg").status_code == 422
    none = officer_client.post(f"/api/tasks/{tid}/evidence", data={"note": "x"},
                               content_type="multipart/form-data")
    assert none.status_code == 422 and "file" in none.get_json()["description"]
    task = officer_client.get(f"/api/tasks/{tid}").get_json()["task"]
    assert len(task["evidence"]) == 3
    with app_engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'task.evidence' "
                              "AND object_id = :t"), {"t": str(tid)}).scalar()
    assert n == 3


def test_evidence_over_the_size_limit_is_refused(officer_client, fresh_source, app_settings):
    tid = create(officer_client, source_id=fresh_source["id"]).get_json()["id"]
    limit = app_settings.evidence_max_mb * 2**20
    just = JPEG + b"\x00" * (limit - len(JPEG))
    assert _upload(officer_client, tid, just).status_code == 201
    over = JPEG + b"\x00" * (limit - len(JPEG) + 1)
    r = _upload(officer_client, tid, over)
    assert r.status_code == 422
    assert f"limit of {app_settings.evidence_max_mb} MB" in r.get_json()["description"]
    huge = JPEG + b"\x00" * (limit + 200_000)
    r = _upload(officer_client, tid, huge)
    assert r.status_code == 422


def test_clue_triage_over_http(officer_client, leader_client, refreshed):
    clues = officer_client.get("/api/clues?status=open&cause=redline_change&limit=2").get_json()
    assert clues["total"] >= 2
    first, second = clues["clues"][:2]
    assert first["evidence"] and first["evidence"][0]["ref"].startswith("BH")
    r = officer_client.post(f"/api/clues/{first['id']}/dismiss", json={})
    assert r.status_code == 422 and "reason" in r.get_json()["description"]
    assert leader_client.post(f"/api/clues/{first['id']}/dismiss",
                              json={"reason": "x"}).status_code == 403
    r = officer_client.post(f"/api/clues/{first['id']}/dismiss", json={"reason": "已整改"})
    assert r.status_code == 200 and r.get_json()["clue"]["status"] == "dismissed"
    assert officer_client.post(f"/api/clues/{first['id']}/dismiss",
                               json={"reason": "x"}).status_code == 409
    r = officer_client.post(f"/api/clues/{second['id']}/task", json={"description": "核查图斑"})
    assert r.status_code == 201 and r.get_json()["status"] == "派发"
    task = officer_client.get(f"/api/tasks/{r.get_json()['id']}").get_json()["task"]
    assert task["type"] == "verification" and task["clue_id"] == second["id"]
    assert task["feature"]["collection"] == "change_patches"
    assert officer_client.get("/api/clues?status=nope").status_code == 422


def test_stats_and_wall(leader_client, officer_client):
    r = leader_client.get("/api/tasks/stats?by=team")
    assert r.status_code == 200 and r.get_json()["by"] == "team"
    assert leader_client.get("/api/tasks/stats?by=colour").status_code == 422
    wall = leader_client.get("/api/enforcement/wall").get_json()
    assert {"open", "overdue", "closure_rate", "on_time_rate"} <= set(wall)
    assert wall["open"] >= 1


def test_evidence_as_json_base64(officer_client, fresh_source):
    import base64

    tid = create(officer_client, source_id=fresh_source["id"]).get_json()["id"]
    r = officer_client.post(f"/api/tasks/{tid}/evidence", json={
        "filename": "scan.pdf", "content_base64": base64.b64encode(PDF).decode(),
        "note": "检查笔录"})
    assert r.status_code == 201
    assert r.get_json()["evidence"]["sha256"] == hashlib.sha256(PDF).hexdigest()
    r = officer_client.post(f"/api/tasks/{tid}/evidence", json={"content_base64": "!!"})
    assert r.status_code == 422 and "base64" in r.get_json()["description"]


def test_refresh_needs_review(app_client, officer_client, refreshed):
    assert officer_client.post("/api/sources/codes/refresh", json={}).status_code == 403
    r = app_client.post("/api/sources/codes/refresh", json={})
    assert r.status_code == 200
    body = r.get_json()
    assert body["codes"]["sources"] >= 2200 and body["clues"]["created"] >= 0
    assert app_client.post("/api/sources/codes/refresh", data="x",
                           content_type="application/json").status_code == 400


def test_a_non_ascii_digit_id_is_422_not_500(officer_client):
    r = officer_client.get("/api/tasks?source_id=²")
    assert r.status_code == 422 and r.get_json()["code"]
