"""Administrators edit the code rules and the deadlines (validated, 422; If-Match, 409;
audited; new rules recompute the codes), and a task's team and description are edited with
PATCH /api/tasks/{id} (If-Match, 409/422, audited)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from sqlalchemy import text

from auth.audit import Actor
from enforcement import codes, config, creation, rules, service

pytestmark = pytest.mark.db

OFFICER = Actor("test-officer", "token")
ADMIN = Actor("test-admin-rules", "token")
H = dt.timedelta(hours=1)


def audit_actions(engine, action: str, object_id) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(text(
            "SELECT actor, before, after FROM audit_log WHERE action = :a AND object_id = :o "
            "ORDER BY id"), {"a": action, "o": str(object_id)}).mappings()]


# -- the code rules ----------------------------------------------------------------------------
@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d["rules"][0].update(counts="rumours"), "counts"),
    (lambda d: d["cutoffs"].update(yellow=9, red=3), "yellow"),
    (lambda d: d["cutoffs"].update(red="six"), "cutoffs.red"),
    (lambda d: d["rules"][1].update(id=d["rules"][0]["id"]), "duplicate"),
    (lambda d: d["rules"][0].update(points=-1), "points"),
    (lambda d: d["rules"][0].update(threshold=0), "threshold"),
    (lambda d: d.update(colour="blue"), "unknown fields"),
    (lambda d: d.update(rules=[]), "rules"),
])
def test_bad_rule_documents_are_422(app_client, change, field):
    current = app_client.get("/api/sources/code-rules")
    doc = {k: v for k, v in current.get_json().items()
           if k in ("name", "note", "example", "cutoffs", "rules")}
    change(doc)
    r = app_client.put("/api/sources/code-rules", json=doc,
                       headers={"If-Match": current.headers["ETag"]})
    assert r.status_code == 422, r.get_data(as_text=True)
    assert field in r.get_json()["description"]


def test_rules_edit_contract(app_client, officer_client, app_engine):
    current = app_client.get("/api/sources/code-rules")
    body = current.get_json()
    assert current.headers["ETag"] == f'"{body["version"]}"' and body["rules"]
    doc = {k: body[k] for k in ("name", "note", "example", "cutoffs", "rules")}
    url = "/api/sources/code-rules"
    assert app_client.put(url, json=doc).status_code == 422  # If-Match required
    assert officer_client.put(url, json=doc, headers={"If-Match": current.headers["ETag"]}
                              ).status_code == 403
    stale = app_client.put(url, json=doc, headers={"If-Match": f'"{body["version"] - 1}"'})
    assert stale.status_code == 409 and "version" in stale.get_json()["description"]
    renamed = {**doc, "name": doc["name"].split(" (edited")[0] + " (edited by tests)"}
    r = app_client.put(url, json=renamed, headers={"If-Match": current.headers["ETag"]})
    assert r.status_code == 200, r.get_data(as_text=True)
    out = r.get_json()
    assert out["version"] == body["version"] + 1 and r.headers["ETag"] == \
        f'"{out["version"]}"'
    assert out["name"] == renamed["name"] and out["updated_by"]
    assert out["codes"]["sources"] > 0  # every code recomputed in the same transaction
    with app_engine.connect() as conn:
        newest = conn.execute(text("SELECT max(computed_at) FROM source_codes")).scalar()
    assert newest.isoformat(timespec="seconds") == out["codes"]["computed_at"][:19]
    entry = audit_actions(app_engine, "code_rules.update", "code_rules")[-1]
    assert entry["before"]["version"] == body["version"]
    assert entry["after"]["document"]["name"] == renamed["name"]
    again = app_client.get(url).get_json()
    assert again["version"] == out["version"] and again["name"] == renamed["name"]


def test_new_rules_change_the_codes(app_engine, fresh_source, enf_now):
    """Doubling the exceedance rule's points turns a yellow source red (in a transaction
    that is rolled back, so that other tests keep the sample rules)."""
    sid = fresh_source["id"]
    start = enf_now - 10 * H
    service.record_online_hours(app_engine, OFFICER, sid, "COD", 100.0, "mg/L",
                                [start + i * H for i in range(3)], [150.0, 160.0, 170.0],
                                now=enf_now)
    assert service.source_code(app_engine, sid, enf_now)["code"] == "yellow"
    with app_engine.connect() as conn:
        tx = conn.begin()
        try:
            doc = copy.deepcopy(config.document(conn, config.RULES))
            body = doc["document"]
            next(r for r in body["rules"] if r["id"] == "exceedance_run")["points"] = 6
            config.replace(conn, ADMIN, config.RULES, body, doc["version"], enf_now)
            assert config.ruleset(conn).by_id("exceedance_run").points == 6
            row = codes.compute(conn, [sid], enf_now)[sid]
            assert (row["code"], row["score"]) == ("red", 6)
        finally:
            tx.rollback()
    with app_engine.connect() as conn:
        assert config.ruleset(conn).by_id("exceedance_run").points == \
            rules.ruleset().by_id("exceedance_run").points


# -- the deadlines -----------------------------------------------------------------------------
def test_sla_edit_contract(app_client, officer_client, app_engine):
    current = app_client.get("/api/tasks/sla")
    body = current.get_json()
    assert set(body["types"]) == set(rules.TYPES) and body["version"] >= 1
    url, tag = "/api/tasks/sla", {"If-Match": current.headers["ETag"]}
    types = {k: {"hours": v["hours"]} for k, v in body["types"].items()}
    for bad, field in (({"types": {**types, "inspection": {"hours": 0}}}, "hours"),
                       ({"types": {**types, "inspection": {"hours": "3"}}}, "hours"),
                       ({"types": {"inspection": {"hours": 5}}}, "types"),
                       ({"types": types, "x": 1}, "unknown"),
                       ({"types": {**types, "inspection": {"hours": 1, "d": 2}}}, "unknown")):
        r = app_client.put(url, json=bad, headers=tag)
        assert r.status_code == 422 and field in r.get_json()["description"], bad
    assert officer_client.put(url, json={"types": types}, headers=tag).status_code == 403
    assert app_client.put(url, json={"types": types}).status_code == 422
    r = app_client.put(url, json={"types": types, "note": "tests"}, headers=tag)
    assert r.status_code == 200 and r.get_json()["version"] == body["version"] + 1
    assert r.get_json()["types"]["inspection"]["title_zh"] == "现场检查"  # kept
    assert app_client.put(url, json={"types": types}, headers=tag).status_code == 409
    assert audit_actions(app_engine, "sla.update", "sla")[-1]["after"]["version"] == \
        body["version"] + 1


def test_new_deadlines_apply_to_new_tasks(app_engine, fresh_source, enf_now):
    with app_engine.connect() as conn:
        tx = conn.begin()
        try:
            doc = copy.deepcopy(config.document(conn, config.SLA))
            doc["document"]["types"]["inspection"]["hours"] = 5
            config.replace(conn, ADMIN, config.SLA, {"types": doc["document"]["types"]},
                           doc["version"], enf_now)
            tid = creation.create(conn, OFFICER, {"type": "inspection",
                                                  "source_id": fresh_source["id"]}, enf_now)
            due = conn.execute(text("SELECT due_at FROM enforcement_tasks WHERE id = :i"),
                               {"i": tid}).scalar()
            assert due == enf_now + 5 * H
        finally:
            tx.rollback()


# -- PATCH /api/tasks/{id} ---------------------------------------------------------------------
def test_patch_task_team_and_description(officer_client, leader_client, app_client,
                                         app_engine, fresh_source):
    made = officer_client.post("/api/tasks", json={"type": "inspection",
                                                    "source_id": fresh_source["id"]})
    tid, version = made.get_json()["id"], made.get_json()["version"]
    url = f"/api/tasks/{tid}"
    other = next(x for x in rules.teams() if x != rules.team_of("340104"))
    assert officer_client.patch(url, json={"team": other}).status_code == 422  # If-Match
    tag = {"If-Match": f'"{version}"'}
    for bad, field in (({"team": "no such team"}, "team"), ({"status": "办结"}, "unknown"),
                       ({}, "nothing"), ({"description": 5}, "description")):
        r = officer_client.patch(url, json=bad, headers=tag)
        assert r.status_code == 422 and field in r.get_json()["description"], bad
    assert leader_client.patch(url, json={"team": other}, headers=tag).status_code == 403
    r = officer_client.patch(url, json={"team": other, "description": "带上采样设备"},
                             headers=tag)
    assert r.status_code == 200, r.get_data(as_text=True)
    task = r.get_json()["task"]
    assert (task["team"], task["description"], task["version"]) == (other, "带上采样设备",
                                                                    version + 1)
    assert r.headers["ETag"] == f'"{version + 1}"'
    stale = officer_client.patch(url, json={"description": "x"}, headers=tag)
    assert stale.status_code == 409
    entry = audit_actions(app_engine, "task.update", tid)[-1]
    assert entry["before"]["team"] == rules.team_of("340104") and entry["after"]["team"] == \
        other
    for to in ("签收", "处置", "反馈", "审核", "办结"):
        task = app_client.post(f"{url}/transitions", json={"to": to}).get_json()["task"]
    closed = app_client.patch(url, json={"description": "y"},
                              headers={"If-Match": f'"{task["version"]}"'})
    assert closed.status_code == 409 and "办结" in closed.get_json()["description"]


# -- the page ----------------------------------------------------------------------------------
def test_admin_panel_and_edited_documents(app_engine):
    from pages.tasks import components as c
    from tests.enforcement.test_page import _find, _text

    sla = service.rule_document(app_engine, config.SLA)
    code_rules = service.rule_document(app_engine, config.RULES)
    panel = c.admin_panel(sla, code_rules, True, "zh")
    assert "办理期限" in _text(panel) and "红码分数线" in _text(panel)
    inputs = _find(panel, "tk-num")
    assert len(inputs) == len(rules.TYPES) + 2 + 3 * len(code_rules["rules"])
    assert not any(i.disabled for i in inputs)
    read_only = c.admin_panel(sla, code_rules, False, "en")
    assert all(i.disabled for i in _find(read_only, "tk-num"))
    assert "Only administrators" in _text(read_only)
    body = c.edited_sla(sla, {"inspection": 48})
    assert config.validate_sla(body)["types"]["inspection"]["hours"] == 48
    first = code_rules["rules"][0]["id"]
    edited = c.edited_rules(code_rules, {"yellow": 4}, {f"{first}|points": 5,
                                                        f"{first}|window_days": None})
    valid = config.validate_rules(edited)
    assert valid["cutoffs"] == {"yellow": 4.0, "red": code_rules["cutoffs"]["red"]}
    assert valid["rules"][0]["points"] == 5 and valid["rules"][0]["window_days"] is None


def test_task_view_edit_box_for_writers(app_engine, fresh_source, enf_now):
    from pages.tasks import components as c
    from tests.enforcement.test_page import _find

    task = service.create_task(app_engine, OFFICER, {"type": "inspection",
                                                     "source_id": fresh_source["id"],
                                                     "description": "原说明"}, now=enf_now)
    view = c.task_view(task, ["签收"], "zh", None, can_edit=True)
    box = _find(view, "tk-edit")[0]
    assert _find(box, "tk-e-save")[0].id == {"type": "tk-e-save", "id": task["id"]}
    assert not _find(c.task_view(task, ["签收"], "zh", None, can_edit=False), "tk-edit")
