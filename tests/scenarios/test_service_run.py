"""Scenario services on the test store: a scenario and its job are written together, and a
run answered in the request reads (fingerprints) the store's inputs once."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text

from auth.audit import Actor
from jobs.models import JOBS
from scenarios import inputs as inp
from scenarios import service
from scenarios.models import SCENARIOS
from tests.scenarios.conftest import DISTRICT, unique

pytestmark = pytest.mark.db
ACTOR = Actor("test-sc-service", "token")
CUT = {"select": {"district": DISTRICT}, "pollutant": "PM2_5", "fraction": 0.2}


def test_a_scenario_and_its_job_are_one_transaction(app_engine, app_settings):
    name = unique("tx")
    with pytest.raises(Exception):  # noqa: B017  (the store refuses the job row)
        service._record(app_engine, app_settings, ACTOR, {"name": name, "cuts": [CUT]},
                        backend="x" * 40, inputs=None)
    with app_engine.connect() as conn:
        left = conn.execute(select(SCENARIOS.c.id).where(SCENARIOS.c.name == name)).all()
    assert left == []  # no queued scenario without its job

    s = service.create(app_engine, app_settings, ACTOR, {"name": unique("tx"), "cuts": [CUT]},
                       start=False)
    assert s["status"] == "queued" and s["job_id"]
    with app_engine.connect() as conn:
        job = conn.execute(select(JOBS).where(JOBS.c.id == s["job_id"])).mappings().one()
        audited = conn.execute(text(
            "SELECT after FROM audit_log WHERE action = 'scenario.create' AND object_id = :i"),
            {"i": str(s["id"])}).scalar_one()
    assert job["result_ref"] == f"scenario:{s['id']}" and job["status"] == "queued"
    assert audited["job"] == s["job_id"]


def test_a_quick_run_fingerprints_the_inputs_once(app_engine, app_settings):
    inputs = inp.load_inputs(app_engine)
    inp.ensure_matrix(app_settings.var_dir, inputs)  # the matrix is cached
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if "md5(coalesce(string_agg" in statement:
            seen.append(statement)

    event.listen(app_engine, "before_cursor_execute", count)
    try:
        s, ran = service.create_and_run(app_engine, app_settings, ACTOR,
                                        {"name": unique("quick"), "cuts": [CUT]})
    finally:
        event.remove(app_engine, "before_cursor_execute", count)
    assert ran and s["status"] == "done", s.get("error")
    assert len(seen) == 1
    assert s["tiles"]["layers"]["scenario"]["url"]
    assert min(r["delta"] for r in s["stations"] if r["pollutant"] == "PM2_5") < 0


def test_a_water_run_is_answered_in_the_request(app_engine, app_settings):
    s, ran = service.create_and_run(app_engine, app_settings, ACTOR, {
        "kind": "water", "name": unique("w"),
        "cuts": [{"select": {"all": True}, "pollutant": "TP", "fraction": 0.3}]})
    assert ran and s["status"] == "done" and s["sections"]


def test_the_pm25_target_is_the_cockpits(app_engine):
    from cockpit.kpis import targets

    with app_engine.connect() as conn:
        own = targets(conn, 2016)["air.pm25_mean"]
    got = inp.pm25_target(app_engine, 2016)
    assert got == {"year": 2016, "value": float(own["value"]), "unit": own["unit"],
                   "source": own["source"]}
    assert inp.pm25_target(app_engine, None) is None
