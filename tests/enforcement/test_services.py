"""Enforcement services on the real PostGIS store: codes for all sources, clues from
synthetic exceedance runs (and their deduplication), the status flow by role, overdue on the
app's clock, the closed loop and the wall summary."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from auth.audit import Actor
from auth.roles import permissions_of
from core.errors import Conflict, NotFound, Unprocessable
from enforcement import rules, service

pytestmark = pytest.mark.db

OFFICER = Actor("test-officer", "token")
REVIEWER = Actor("test-reviewer", "token")
P_OFFICER = permissions_of(["enforcement"])
P_ADMIN = permissions_of(["admin"])
H = dt.timedelta(hours=1)


def audit_rows(engine, action: str, object_id) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(text(
            "SELECT actor, action, before, after FROM audit_log WHERE action = :a "
            "AND object_id = :o ORDER BY id"), {"a": action, "o": str(object_id)}).mappings()]


def test_refresh_makes_sample_events_codes_and_clues(app_engine, refreshed, enf_now):
    assert refreshed["codes"]["sources"] >= 2200
    by_code = refreshed["codes"]["by_code"]
    assert sum(by_code.values()) == refreshed["codes"]["sources"]
    assert by_code["red"] > 0 and by_code["yellow"] > 0 and by_code["green"] > 0
    assert refreshed["codes"]["seconds"] < 2.0
    with app_engine.connect() as conn:
        exceeding = conn.execute(text(
            "SELECT count(*) FROM pollution_sources WHERE synthetic "
            "AND online_status = 'exceeding'")).scalar()
        with_runs = conn.execute(text(
            "SELECT count(DISTINCT source_id) FROM online_events WHERE synthetic "
            "AND kind = 'exceedance'")).scalar()
        causes = dict(conn.execute(text(
            "SELECT cause, count(*) FROM clues WHERE status = 'open' GROUP BY cause")).all())
    assert with_runs == exceeding  # every exceeding source has at least one run
    assert set(causes) == {"exceedance", "complaint_cluster", "redline_change", "hw_anomaly"}


def test_refresh_again_adds_no_duplicate_clues(app_engine, refreshed, enf_now):
    # back to the sample's present first: a test of the same worker may have refreshed at
    # the app's clock (POST /api/sources/codes/refresh), whose 30-day window differs
    service.refresh(app_engine, enf_now)
    again = service.refresh(app_engine, enf_now)
    assert again["sample_events"] == 0
    assert again["clues"] == {"created": 0, "updated": 0}


def test_a_red_source_is_explained(app_engine, refreshed, enf_now):
    with app_engine.connect() as conn:
        sid = conn.execute(text(
            "SELECT source_id FROM source_codes WHERE code = 'red' ORDER BY source_id "
            "LIMIT 1")).scalar()
    code = service.source_code(app_engine, sid, enf_now)
    assert code["code"] == "red" and code["score"] >= rules.ruleset().red
    assert sum(r["points"] for r in code["reasons"]) == code["score"]
    for reason in code["reasons"]:
        assert reason["evidence"], reason
        assert all(e["at"] and e["ref"] for e in reason["evidence"])


def test_fresh_source_is_green_then_exceedance_makes_a_clue_once(app_engine, fresh_source,
                                                                   enf_now):
    sid = fresh_source["id"]
    assert service.source_code(app_engine, sid, enf_now)["code"] == "green"
    start = enf_now - dt.timedelta(hours=30)
    times = [start + i * H for i in range(24)]
    values = [40.0] * 24
    values[5:9] = [120.0, 130.0, 150.0, 110.0]  # a 4-hour run over 100 mg/L
    values[15] = 105.0  # a 1-hour run: an event, too short for a clue
    out = service.record_online_hours(app_engine, OFFICER, sid, "COD", 100.0, "mg/L", times,
                                      values, now=enf_now)
    assert [r["hours"] for r in out["runs"]] == [4, 1]
    clues = [c for c in service.list_clues(app_engine, "open", "exceedance", 500)["clues"]
             if c["source_id"] == sid]
    assert len(clues) == 1
    assert len(clues[0]["evidence"]) == 1 and "150" in clues[0]["evidence"][0]["detail"]
    code = service.source_code(app_engine, sid, enf_now)
    assert code["code"] == "yellow"
    # two runs in 30 days: the run rule (3 points), not yet the repeat rule (three runs)
    assert [r["rule"] for r in code["reasons"]] == ["exceedance_run"]
    assert [e["ref"][:2] for e in code["reasons"][0]["evidence"]] == ["OE", "OE"]
    # a second run joins the open clue instead of making another
    times2 = [enf_now - dt.timedelta(hours=4) + i * H for i in range(3)]
    service.record_online_hours(app_engine, OFFICER, sid, "COD", 100.0, "mg/L", times2,
                                [120.0, 125.0, 90.0], now=enf_now)
    clues = [c for c in service.list_clues(app_engine, "open", "exceedance", 500)["clues"]
             if c["source_id"] == sid]
    assert len(clues) == 1 and len(clues[0]["evidence"]) == 2
    # dismissed: the same runs never come back; a later run makes a new clue
    service.dismiss_clue(app_engine, OFFICER, clues[0]["id"], "设备校准期间数据，已核实",
                         now=enf_now)
    assert service.detect_clues(app_engine, enf_now)["created"] == 0
    later = enf_now + 3 * H
    service.record_online_hours(app_engine, OFFICER, sid, "COD", 100.0, "mg/L",
                                [enf_now + H, enf_now + 2 * H], [140.0, 150.0], now=later)
    mine = [c for c in service.list_clues(app_engine, None, "exceedance", 500)["clues"]
            if c["source_id"] == sid]
    assert sorted(c["status"] for c in mine) == ["dismissed", "open"]
    assert audit_rows(app_engine, "clue.dismiss", clues[0]["id"])[0]["actor"] == OFFICER.name


def test_dismiss_needs_a_reason_and_an_open_clue(app_engine, refreshed, enf_now):
    clue = service.list_clues(app_engine, "open", "redline_change", 1)["clues"][0]
    with pytest.raises(Unprocessable, match="reason"):
        service.dismiss_clue(app_engine, OFFICER, clue["id"], "  ")
    with pytest.raises(NotFound):
        service.dismiss_clue(app_engine, OFFICER, 2**31 - 2, "x")


def test_clue_becomes_a_task_once(app_engine, refreshed, enf_now):
    clue = service.list_clues(app_engine, "open", "complaint_cluster", 1)["clues"][0]
    task = service.clue_to_task(app_engine, OFFICER, clue["id"], {"description": "核查"},
                                now=enf_now)
    assert task["clue_id"] == clue["id"] and task["type"] == "inspection"
    assert task["source_id"] == clue["source_id"] and task["status"] == "派发"
    with pytest.raises(Conflict, match="tasked"):
        service.clue_to_task(app_engine, OFFICER, clue["id"], {}, now=enf_now)


def walk(engine, task_id, steps, perms=P_ADMIN, actor=REVIEWER, now=None):
    task = None
    for to in steps:
        task = service.transition(engine, actor, perms, task_id, {"to": to, "note": to},
                                  now=now)
    return task


FLOW = ["签收", "处置", "反馈", "审核", "办结"]


def test_the_closed_loop_changes_the_code(app_engine, fresh_source, enf_now):
    sid = fresh_source["id"]
    start = enf_now - dt.timedelta(hours=10)
    service.record_online_hours(app_engine, OFFICER, sid, "COD", 100.0, "mg/L",
                                [start + i * H for i in range(3)], [150.0, 160.0, 170.0],
                                now=enf_now)
    assert service.source_code(app_engine, sid, enf_now)["code"] == "yellow"
    task = service.create_task(app_engine, OFFICER, {"type": "rectification", "source_id": sid,
                                                     "description": "整改超标排放"},
                               now=enf_now)
    assert task["due_at"] == (enf_now + dt.timedelta(hours=360)).isoformat()
    assert task["team"] == rules.team_of("340104")
    # an open rectification adds its points: 3 + 2 = 5, still yellow
    code = service.source_code(app_engine, sid, enf_now)
    assert code["score"] == 5 and {r["rule"] for r in code["reasons"]} == {
        "exceedance_run", "open_rectification"}
    done = walk(app_engine, task["id"], FLOW, now=enf_now + dt.timedelta(days=2))
    assert done["status"] == "办结" and done["on_time"] is True
    assert [s["to_status"] for s in done["timeline"]] == ["派发", *FLOW]
    after = service.source_code(app_engine, sid, enf_now + dt.timedelta(days=2))
    assert (after["code"], after["score"], after["reasons"]) == ("green", 0, [])
    with app_engine.connect() as conn:
        result = conn.execute(text("SELECT result FROM source_results WHERE task_id = :t"),
                              {"t": task["id"]}).scalar()
    assert result == "办结"
    assert audit_rows(app_engine, "source.result", sid)


LEGAL = list(rules.TRANSITIONS)


@pytest.mark.parametrize(("src", "dst"), LEGAL, ids=[f"{a}-{b}" for a, b in LEGAL])
@pytest.mark.parametrize("role", ["enforcement", "admin"])
def test_every_legal_transition_by_role(app_engine, fresh_source, enf_now, src, dst, role):
    task = service.create_task(app_engine, OFFICER, {"type": "inspection",
                                                     "source_id": fresh_source["id"]},
                               now=enf_now)
    path = {"派发": [], "签收": ["签收"], "处置": ["签收", "处置"],
            "反馈": ["签收", "处置", "反馈"], "审核": ["签收", "处置", "反馈", "审核"]}[src]
    walk(app_engine, task["id"], path, now=enf_now)
    perms = permissions_of([role])
    need = rules.TRANSITIONS[(src, dst)]
    actor = Actor(f"test-{role}", "token")
    if need in perms:
        after = service.transition(app_engine, actor, perms, task["id"],
                                   {"to": dst, "note": "ok"}, now=enf_now)
        assert after["status"] == dst
        assert after["timeline"][-1]["actor"] == actor.name
        rows = audit_rows(app_engine, "task.transition", task["id"])
        assert rows[-1]["before"]["status"] == src and rows[-1]["after"]["status"] == dst
        if (src, dst) == rules.RETURN:
            assert after["returned"] == 1
    else:
        with pytest.raises(Conflict, match=f"needs the permission {need}") as info:
            service.transition(app_engine, actor, perms, task["id"], {"to": dst},
                               now=enf_now)
        assert "allowed for you" in str(info.value)
        assert service.get_task(app_engine, task["id"])["status"] == src


ILLEGAL = [(a, b) for a in rules.STATUSES for b in rules.STATUSES
           if (a, b) not in rules.TRANSITIONS]


def test_every_illegal_transition_is_409_naming_the_allowed(app_engine, fresh_source, enf_now):
    task = service.create_task(app_engine, OFFICER, {"type": "verification",
                                                     "source_id": fresh_source["id"]},
                               now=enf_now)
    order = ["派发", *FLOW]
    checked = 0
    for status in order:
        for a, b in ILLEGAL:
            if a != status:
                continue
            with pytest.raises(Conflict) as info:
                service.transition(app_engine, REVIEWER, P_ADMIN, task["id"], {"to": b},
                                   now=enf_now)
            message = str(info.value)
            assert f"cannot go to {b}" in message
            for allowed in rules.next_statuses(a):
                assert allowed in message
            checked += 1
        if status != "办结":
            walk(app_engine, task["id"], [order[order.index(status) + 1]], now=enf_now)
    assert checked == len(ILLEGAL)


def test_stale_version_is_refused(app_engine, fresh_source, enf_now):
    task = service.create_task(app_engine, OFFICER, {"type": "inspection",
                                                     "source_id": fresh_source["id"]},
                               now=enf_now)
    service.transition(app_engine, OFFICER, P_OFFICER, task["id"], {"to": "签收"},
                       version=1, now=enf_now)
    with pytest.raises(Conflict, match="version 2, not 1"):
        service.transition(app_engine, OFFICER, P_OFFICER, task["id"], {"to": "处置"},
                           version=1, now=enf_now)


def test_overdue_follows_the_app_clock(app_engine, fresh_source, enf_now, monkeypatch):
    from core import clock

    monkeypatch.setattr(clock, "beijing_now", lambda: enf_now)
    task = service.create_task(app_engine, OFFICER, {"type": "inspection",
                                                     "source_id": fresh_source["id"]})
    assert task["created_at"] == enf_now.isoformat() and task["overdue"] is False
    due = enf_now + dt.timedelta(hours=72)
    monkeypatch.setattr(clock, "beijing_now", lambda: due - dt.timedelta(seconds=1))
    assert service.get_task(app_engine, task["id"])["overdue"] is False
    monkeypatch.setattr(clock, "beijing_now", lambda: due + dt.timedelta(seconds=1))
    assert service.get_task(app_engine, task["id"])["overdue"] is True
    listed = service.list_tasks(app_engine, {"overdue": "true",
                                             "source_id": str(fresh_source["id"])})
    assert [t["id"] for t in listed["tasks"]] == [task["id"]]
    walk(app_engine, task["id"], FLOW)
    closed = service.get_task(app_engine, task["id"])
    assert closed["overdue"] is False and closed["on_time"] is False


def test_create_from_feature_and_region(app_engine, enf_now):
    with app_engine.connect() as conn:
        patch = conn.execute(text("SELECT id FROM change_patches ORDER BY id LIMIT 1")).scalar()
    task = service.create_task(app_engine, OFFICER, {
        "type": "verification", "feature": {"collection": "change_patches", "id": patch}},
        now=enf_now)
    assert task["feature"] == {"collection": "change_patches", "id": patch}
    assert task["adcode"] and task["lon"] and task["due_at"]
    square = {"type": "Polygon", "coordinates": [[[117.25, 31.85], [117.26, 31.85],
                                                  [117.26, 31.86], [117.25, 31.86],
                                                  [117.25, 31.85]]]}
    region = service.create_task(app_engine, OFFICER, {"type": "inspection", "region": square,
                                                       "team": rules.teams()[0]}, now=enf_now)
    assert region["region"] == square and region["team"] == rules.teams()[0]
    assert region["district"]


@pytest.mark.parametrize(("body", "match"), [
    ({"type": "patrol", "source_id": 1}, "type: must be one of"),
    ({"type": "inspection"}, "exactly one of"),
    ({"type": "inspection", "source_id": 1, "region": {}}, "exactly one of"),
    ({"type": "inspection", "source_id": 2**31 - 5}, "no pollution source"),
    ({"type": "inspection", "feature": {"collection": "roads", "id": 1}}, "collection"),
    ({"type": "inspection", "region": {"type": "Point", "coordinates": [1, 2]}}, "Polygon"),
    ({"type": "inspection", "region": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1],
                                                                           [1, 0], [0, 1],
                                                                           [0, 0]]]}},
     "not valid"),
    ({"type": "inspection", "source_id": 1, "team": "第九十九中队"}, "unknown team"),
    ({"type": "inspection", "source_id": 1, "colour": "red"}, "unknown fields"),
])
def test_bad_new_tasks_are_422(app_engine, body, match):
    with pytest.raises(Unprocessable, match=match):
        service.create_task(app_engine, OFFICER, body)


def test_stats_and_wall_summary(app_engine, fresh_source, enf_now):
    now = enf_now + dt.timedelta(days=400)  # a quiet future: only the tasks made here
    before = service.wall_summary(app_engine, now)
    a = service.create_task(app_engine, OFFICER, {"type": "inspection",
                                                  "source_id": fresh_source["id"]}, now=now)
    b = service.create_task(app_engine, OFFICER, {"type": "inspection",
                                                  "source_id": fresh_source["id"]}, now=now)
    walk(app_engine, a["id"], ["签收", "处置", "反馈", "审核", "处置", "反馈", "审核", "办结"],
         now=now + dt.timedelta(hours=10))
    later = now + dt.timedelta(hours=100)  # b is overdue (72 h)
    wall = service.wall_summary(app_engine, later)
    assert wall["open"] == before["open"] + 1
    assert wall["overdue"] == before["overdue"] + 1 + 0
    assert wall["closed_30d"] >= 1 and wall["on_time_rate"] is not None
    stats = service.stats(app_engine, "team", later, since=now)
    row = next(r for r in stats["rows"] if r["key"] == rules.team_of("340104"))
    assert (row["tasks"], row["closed"], row["on_time"], row["reopened"], row["overdue"]) == (
        2, 1, 1, 1, 1)
    assert row["on_time_rate"] == 1.0 and row["avg_handling_h"] == 10.0
    district = service.stats(app_engine, "district", later, since=now)["rows"]
    assert any(r["key"] == "蜀山区" and r["tasks"] == 2 for r in district)
    assert b["id"]
