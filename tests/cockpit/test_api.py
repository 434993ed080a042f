"""REST of the cockpit: report schemes (roles, versions, audit, import/export), alarms,
the panel snapshot. Real PostGIS, Flask test client."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import text

from cockpit.alarms import AlarmService
from cockpit.schemes import SchemeService
from store.db import connection
from tests.conftest import client_as

pytestmark = pytest.mark.db

SCHEME = {"name": "测试方案", "description": "tests",
          "screens": [{"title": "一", "dwell": 10, "panels": ["air"],
                       "map": {"center": [31.8, 117.3], "zoom": 9, "layers": ["air_stations"]}},
                      {"title": "二", "dwell": 12, "panels": ["water", "operations"]}]}


@pytest.fixture(scope="module")
def clients(onemap_app, make_user):
    return {role: client_as(onemap_app, make_user(f"cockpit-{role}", role))
            for role in ("leader", "display", "analyst", "duty", "admin")}


def _audit(engine, action: str, object_id) -> list[dict]:
    with connection(engine) as conn:
        return [dict(r) for r in conn.execute(text(
            "SELECT actor, action, before, after FROM audit_log WHERE action = :a "
            "AND object_id = :o ORDER BY id"), {"a": action, "o": str(object_id)}).mappings()]


def test_sample_schemes_are_there_for_every_reader(clients):
    body = clients["display"].get("/api/cockpit/schemes").get_json()
    names = {s["name"] for s in body["schemes"]}
    assert {"大气环境", "水环境与应急"} <= names
    assert all(s["screens"] >= 2 for s in body["schemes"] if s["sample"])


def test_seeding_happens_once(app_engine, clients):
    clients["admin"].get("/api/cockpit/schemes")
    assert SchemeService(app_engine).seed_samples() == 0
    with connection(app_engine) as conn:
        n = conn.execute(text("SELECT count(*) FROM cockpit_schemes WHERE sample")).scalar()
    assert n == 2


def test_leader_creates_updates_and_deletes_with_versions_and_audit(clients, app_engine):
    leader = clients["leader"]
    made = leader.post("/api/cockpit/schemes", json=SCHEME)
    assert made.status_code == 201, made.get_json()
    scheme = made.get_json()["scheme"]
    sid, version = scheme["id"], scheme["version"]
    assert scheme["screens"][1]["dwell"] == 12 and scheme["created_by"] == "cockpit-leader"
    assert _audit(app_engine, "scheme.create", sid)[0]["actor"] == "cockpit-leader"

    changed = dict(SCHEME, description="changed", version=version)
    ok = leader.put(f"/api/cockpit/schemes/{sid}", json=changed)
    assert ok.status_code == 200 and ok.get_json()["scheme"]["version"] == version + 1
    row = _audit(app_engine, "scheme.update", sid)[0]
    assert row["before"]["description"] == "tests" and row["after"]["description"] == "changed"

    stale = clients["admin"].put(f"/api/cockpit/schemes/{sid}", json=changed)  # old version
    assert stale.status_code == 409 and stale.get_json()["code"] == "conflict"
    assert leader.delete(f"/api/cockpit/schemes/{sid}?version={version}").status_code == 409
    gone = leader.delete(f"/api/cockpit/schemes/{sid}?version={version + 1}")
    assert gone.status_code == 204
    assert leader.get(f"/api/cockpit/schemes/{sid}").status_code == 404
    assert _audit(app_engine, "scheme.delete", sid)[0]["before"]["name"] == SCHEME["name"]


@pytest.mark.parametrize("role", ["display", "analyst", "duty"])
def test_only_leaders_and_admins_write_schemes(clients, role):
    resp = clients[role].post("/api/cockpit/schemes", json=dict(SCHEME, name=f"x-{role}"))
    assert resp.status_code == 403


@pytest.mark.parametrize(("patch", "field"), [
    pytest.param({"screens": []}, "screens", id="no-screens"),
    pytest.param({"screens": [{"title": "a", "dwell": 1}]}, "dwell", id="dwell-too-short"),
    pytest.param({"screens": [{"title": "a", "panels": ["nope"]}]}, "panels", id="panel"),
    pytest.param({"screens": [{"title": "a", "map": {"zoom": 30}}]}, "zoom", id="zoom"),
    pytest.param({"screens": [{"title": "a", "asof": "2016-13-01"}]}, "asof", id="asof"),
    pytest.param({"name": ""}, "name", id="no-name"),
    pytest.param({"format": "other/9"}, "format", id="format"),
])
def test_bad_schemes_are_422_naming_the_field(clients, patch, field):
    resp = clients["admin"].post("/api/cockpit/schemes", json=dict(SCHEME, **patch))
    assert resp.status_code == 422
    assert field in resp.get_json()["description"]


def test_export_then_import_round_trips_and_names_are_unique(clients):
    admin = clients["admin"]
    sid = admin.post("/api/cockpit/schemes", json=dict(SCHEME, name="导出")).get_json()[
        "scheme"]["id"]
    exported = admin.get(f"/api/cockpit/schemes/{sid}/export")
    assert "attachment" in exported.headers["Content-Disposition"]
    doc = exported.get_json()
    assert doc["format"] == "onemap-cockpit-scheme/1" and "version" not in doc
    assert admin.post("/api/cockpit/schemes", json=doc).status_code == 409  # same name
    copy = admin.post("/api/cockpit/schemes", json=dict(doc, name="导入")).get_json()["scheme"]
    assert copy["screens"] == doc["screens"]


def test_snapshot_endpoint(clients):
    body = clients["display"].get("/api/cockpit/snapshot?asof=2016-10-17").get_json()
    assert body["air"]["data_time"] == "2016-10-17" and body["air"]["replay"]
    assert len(body["forecast"]["days"]) == 7
    bad = clients["display"].get("/api/cockpit/snapshot?asof=yesterday")
    assert bad.status_code == 400 and bad.get_json()["code"] == "bad_request"


def test_alarm_is_acknowledged_by_duty_not_by_a_leader(clients, app_engine):
    with connection(app_engine) as conn, conn.begin():
        aid = AlarmService.raise_alarm(
            conn, key=f"test:{time.time_ns()}", kind="station", priority=99,
            title_zh="测试报警", title_en="Test alarm", facts={"aqi": 260})
    listed = clients["display"].get("/api/cockpit/alarms").get_json()["alarms"]
    assert listed[0]["id"] == aid  # highest priority first
    assert clients["leader"].post(f"/api/cockpit/alarms/{aid}/ack",
                                  json={"version": 1}).status_code == 403
    ok = clients["duty"].post(f"/api/cockpit/alarms/{aid}/ack", json={"version": 1})
    assert ok.status_code == 200 and ok.get_json()["alarm"]["acknowledged_by"] == "cockpit-duty"
    again = clients["admin"].post(f"/api/cockpit/alarms/{aid}/ack", json={"version": 1})
    assert again.status_code == 409
    ids = [a["id"] for a in clients["display"].get("/api/cockpit/alarms").get_json()["alarms"]]
    assert aid not in ids
    assert _audit(app_engine, "alarm.ack", aid)[0]["actor"] == "cockpit-duty"


def test_alarm_times_out_and_is_raised_once(app_engine):
    key = f"test-timeout:{time.time_ns()}"
    with connection(app_engine) as conn, conn.begin():
        aid = AlarmService.raise_alarm(conn, key=key, kind="station", priority=1,
                                       title_zh="短", title_en="short", facts={},
                                       timeout=dt.timedelta(seconds=1))
        assert AlarmService.raise_alarm(conn, key=key, kind="station", priority=1,
                                        title_zh="短", title_en="short", facts={}) is None
    service = AlarmService(app_engine)
    assert aid in [a["id"] for a in service.active()]
    time.sleep(1.2)
    assert aid not in [a["id"] for a in service.active()]


def test_scan_raises_a_station_alarm_above_the_configured_level(app_engine):
    from cockpit.alarms import station_readings

    now = dt.datetime(2026, 11, 26, 9, 0)
    with connection(app_engine) as conn:
        readings = [r for r in station_readings(conn, app_engine, now) if r["aqi"] is not None]
    assert readings, "the replay clock finds observations for every hour"
    top = max(readings, key=lambda r: r["aqi"])
    with connection(app_engine) as conn, conn.begin():  # lower the level below that reading
        conn.execute(text("UPDATE cockpit_targets SET value = :v WHERE key = 'alarm.station_aqi'"),
                     {"v": top["aqi"] - 1})
    try:
        service = AlarmService(app_engine)
        made = service.scan(now)
        assert made and service.scan(now) == []  # idempotent
        keys = [a["key"] for a in service.active()]
        assert f"station:{top['code']}:2026112609" in keys
    finally:
        with connection(app_engine) as conn, conn.begin():
            conn.execute(text("UPDATE cockpit_targets SET value = 200 "
                              "WHERE key = 'alarm.station_aqi'"))
            conn.execute(text("UPDATE cockpit_alarms SET expires_at = now() "
                              "WHERE key LIKE 'station:%'"))


@pytest.mark.parametrize(("replay", "raised"), [(False, True), (True, False)])
def test_forecast_warning_alarm_only_for_a_current_forecast(app_engine, monkeypatch,
                                                            replay, raised):
    from cockpit import alarms

    issued = f"2030-01-{1 + int(replay):02d}"
    panel = {"empty": False, "replay": replay, "warning": "orange", "issued": issued,
             "days": [{"date": issued, "aqi": 230}]}
    monkeypatch.setattr(alarms.kpis, "forecast_panel", lambda *_a, **_k: panel)
    service = AlarmService(app_engine)
    service.scan(dt.datetime(2030, 1, 1, 8, 0))
    keys = {a["key"]: a for a in service.active()}
    assert (f"warning:{issued}:orange" in keys) is raised
    if raised:
        alarm = keys[f"warning:{issued}:orange"]
        assert alarm["priority"] == 30 and "橙色" in alarm["title_zh"]
        assert "orange" in alarm["title_en"]
        with connection(app_engine) as conn, conn.begin():
            conn.execute(text("UPDATE cockpit_alarms SET expires_at = now() WHERE id = :i"),
                         {"i": alarm["id"]})
