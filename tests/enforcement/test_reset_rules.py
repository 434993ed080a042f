"""Administrators restore the sample code rules and deadlines: DELETE /api/sources/code-rules
and DELETE /api/tasks/sla (task:review; If-Match, 409 when stale; audited as a reset; a new
version; restored rules recompute every code, as an edit does)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from enforcement import codes, rules
from tests.enforcement.test_admin_edits import audit_actions

pytestmark = pytest.mark.db

RULES_URL, SLA_URL = "/api/sources/code-rules", "/api/tasks/sla"
RULE_FIELDS = ("name", "note", "example", "cutoffs", "rules")


def _codes(engine) -> dict[int, str]:
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT source_id, code FROM source_codes")).all())


def test_reset_code_rules(app_client, officer_client, app_engine, refreshed):
    sample = rules.rules_document()
    before = _codes(app_engine)
    assert "red" in before.values()  # the sample's codes (some sources red)
    current = app_client.get(RULES_URL)
    doc = {k: current.get_json()[k] for k in RULE_FIELDS}
    doc["cutoffs"] = {"yellow": 900.0, "red": 1000.0}  # every source green
    edited = app_client.put(RULES_URL, json=doc, headers={"If-Match": current.headers["ETag"]})
    assert edited.status_code == 200, edited.get_data(as_text=True)
    assert set(_codes(app_engine).values()) == {"green"}
    tag = edited.headers["ETag"]
    # who may, and at which version
    assert officer_client.delete(RULES_URL, headers={"If-Match": tag}).status_code == 403
    assert app_client.delete(RULES_URL).status_code == 422  # If-Match required
    stale = app_client.delete(RULES_URL, headers={"If-Match": current.headers["ETag"]})
    assert stale.status_code == 409 and "version" in stale.get_json()["description"]
    assert set(_codes(app_engine).values()) == {"green"}  # nothing done
    r = app_client.delete(RULES_URL, headers={"If-Match": tag})
    assert r.status_code == 200, r.get_data(as_text=True)
    out = r.get_json()
    version = edited.get_json()["version"]
    assert out["version"] == version + 1 and r.headers["ETag"] == f'"{version + 1}"'
    assert {k: out[k] for k in ("cutoffs", "rules", "name")} == \
        {k: sample[k] for k in ("cutoffs", "rules", "name")}
    assert out["example"] is True and out["updated_by"]
    # the codes are recomputed with the sample rules, in the same transaction
    after = _codes(app_engine)
    assert out["codes"]["sources"] == len(after) >= len(before)
    assert "red" in after.values()
    with app_engine.connect() as conn:  # the sample rules at that instant, rolled back
        tx = conn.begin()
        try:
            codes.compute_all(conn, dt.datetime.fromisoformat(out["codes"]["computed_at"]))
            expected = dict(conn.execute(text("SELECT source_id, code FROM source_codes")
                                         ).all())
        finally:
            tx.rollback()
    assert after == expected
    entry = audit_actions(app_engine, "code_rules.reset", "code_rules")[-1]
    assert entry["before"]["version"] == version
    assert entry["before"]["document"]["cutoffs"] == {"yellow": 900.0, "red": 1000.0}
    assert entry["after"]["version"] == version + 1
    assert entry["after"]["document"]["cutoffs"] == sample["cutoffs"]
    assert app_client.get(RULES_URL).get_json()["version"] == version + 1


def test_reset_task_sla(app_client, officer_client, app_engine, fresh_source):
    sample = rules.sla_document()["types"]
    current = app_client.get(SLA_URL)
    body = current.get_json()
    types = {k: {"hours": v["hours"]} for k, v in body["types"].items()}
    types["inspection"]["hours"] = 5.0
    edited = app_client.put(SLA_URL, json={"types": types},
                            headers={"If-Match": current.headers["ETag"]})
    assert edited.status_code == 200, edited.get_data(as_text=True)
    tag = edited.headers["ETag"]
    assert officer_client.delete(SLA_URL, headers={"If-Match": tag}).status_code == 403
    assert app_client.delete(SLA_URL, headers={"If-Match": current.headers["ETag"]}
                             ).status_code == 409
    assert app_client.get(SLA_URL).get_json()["types"]["inspection"]["hours"] == 5.0
    r = app_client.delete(SLA_URL, headers={"If-Match": tag})
    assert r.status_code == 200, r.get_data(as_text=True)
    out = r.get_json()
    assert out["version"] == edited.get_json()["version"] + 1
    assert {k: v["hours"] for k, v in out["types"].items()} == \
        {k: v["hours"] for k, v in sample.items()}
    entry = audit_actions(app_engine, "sla.reset", "sla")[-1]
    assert entry["before"]["document"]["types"]["inspection"]["hours"] == 5.0
    assert entry["after"]["version"] == out["version"]
    # new tasks get the sample deadline again
    task = app_client.post("/api/tasks", json={"type": "inspection",
                                               "source_id": fresh_source["id"]}).get_json()
    created = app_client.get(f"/api/tasks/{task['id']}").get_json()["task"]
    hours = (dt.datetime.fromisoformat(created["due_at"])
             - dt.datetime.fromisoformat(created["created_at"])) / dt.timedelta(hours=1)
    assert hours == pytest.approx(sample["inspection"]["hours"])
