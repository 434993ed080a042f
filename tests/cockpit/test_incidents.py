"""Open incidents of the emergency workspace on the wall: the operations panel and the
incident alarm. Incidents are made and closed through the REST API (real PostGIS)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from cockpit.alarms import INCIDENT_PRIORITY
from store.db import connection
from tests.conftest import client_as

pytestmark = pytest.mark.db

CITY = (117.27, 31.86)


@pytest.fixture(scope="module")
def clients(onemap_app, make_user):
    return {role: client_as(onemap_app, make_user(f"wall-inc-{role}", role))
            for role in ("display", "duty", "leader")}


def _create(client) -> dict:
    r = client.post("/api/incidents", json={
        "kind": "air_release", "lon": CITY[0], "lat": CITY[1], "substance": "chlorine",
        "mass_kg": 500, "weather": {"wind_speed_m_s": 3.0, "wind_from_deg": 45.0}})
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.get_json()["incident"]


def _patch(client, inc: dict, body: dict) -> dict:
    r = client.patch(f"/api/incidents/{inc['id']}", json=body,
                     headers={"If-Match": str(inc["version"])})
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()["incident"]


def _alarms(client) -> dict[str, dict]:
    r = client.get("/api/cockpit/alarms")
    assert r.status_code == 200
    return {a["key"]: a for a in r.get_json()["alarms"]}


def _on_wall(client) -> list[dict]:
    r = client.get("/api/cockpit/snapshot")
    assert r.status_code == 200
    return r.get_json()["operations"]["incidents"]


def test_new_incident_is_an_alarm_and_on_the_panel_until_closed(clients):
    wall, duty = clients["display"], clients["duty"]
    inc = _create(duty)
    key = f"incident:{inc['id']}:4"

    alarm = _alarms(wall)[key]
    assert alarm["kind"] == "incident" and alarm["priority"] == INCIDENT_PRIORITY[4]
    assert (alarm["lon"], alarm["lat"]) == (inc["lon"], inc["lat"])  # the map zooms there
    assert alarm["facts"]["grade"]["criteria"][0]["code"] == "catch_all"
    assert f"#{inc['id']}" in alarm["title_zh"] and "氯气" in alarm["title_zh"]

    entry = {e["id"]: e for e in _on_wall(wall)}[inc["id"]]
    assert entry["grade"]["roman"] == "Ⅳ" and entry["grade"]["level"] == "一般"
    assert entry["due"] == inc["deadlines"]["initial_due"]
    assert 0 < entry["minutes_left"] <= 4 * 60  # 一般: 4 h from the time it is known

    closed = _patch(duty, inc, {"status": "closed"})
    assert closed["status"] == "closed"
    assert inc["id"] not in {e["id"] for e in _on_wall(wall)}
    assert key not in _alarms(wall)


def test_higher_grade_first_and_an_escalation_raises_again(clients):
    wall, duty = clients["display"], clients["duty"]
    minor = _create(duty)
    major = _create(duty)
    _alarms(wall)  # both raised at grade Ⅳ
    major = _patch(duty, major, {"casualties": {"deaths": 12}})  # 重大 (Ⅱ)
    alarms = _alarms(wall)
    assert f"incident:{major['id']}:4" not in alarms  # retired: its grade changed
    order = list(alarms)
    assert order.index(f"incident:{major['id']}:2") < order.index(f"incident:{minor['id']}:4")
    assert alarms[f"incident:{major['id']}:2"]["priority"] > INCIDENT_PRIORITY[4]

    listed = [e["id"] for e in _on_wall(wall)]
    assert listed.index(major["id"]) < listed.index(minor["id"])
    entry = {e["id"]: e for e in _on_wall(wall)}[major["id"]]
    assert entry["grade"]["criteria"][0]["code"] == "deaths.at_least"
    assert entry["minutes_left"] <= 2 * 60  # 重大: 2 h
    for inc in (minor, major):
        _patch(duty, inc, {"status": "closed"})


def test_incident_alarm_is_acknowledged_by_duty_and_stays_acknowledged(clients, app_engine):
    wall, duty = clients["display"], clients["duty"]
    inc = _create(duty)
    key = f"incident:{inc['id']}:4"
    alarm = _alarms(wall)[key]
    assert clients["leader"].post(f"/api/cockpit/alarms/{alarm['id']}/ack",
                                  json={"version": alarm["version"]}).status_code == 403
    ok = duty.post(f"/api/cockpit/alarms/{alarm['id']}/ack",
                   json={"version": alarm["version"]})
    assert ok.status_code == 200
    assert key not in _alarms(wall)  # a later poll does not raise it again
    assert inc["id"] in {e["id"] for e in _on_wall(wall)}  # still open on the panel
    with connection(app_engine) as conn:
        n = conn.execute(text("SELECT count(*) FROM cockpit_alarms WHERE key = :k"),
                         {"k": key}).scalar()
    assert n == 1
    _patch(duty, inc, {"status": "closed"})


def test_contained_incident_stays_on_the_panel_without_an_alarm(clients):
    wall, duty = clients["display"], clients["duty"]
    inc = _create(duty)
    assert f"incident:{inc['id']}:4" in _alarms(wall)
    inc = _patch(duty, inc, {"status": "contained"})
    assert f"incident:{inc['id']}:4" not in _alarms(wall)
    entry = {e["id"]: e for e in _on_wall(wall)}[inc["id"]]
    assert entry["status"] == "contained"
    _patch(duty, inc, {"status": "closed"})


def test_operations_panel_renders_grade_reason_and_countdown_in_the_page_language():
    from decision_models.event_grade import grade
    from pages.cockpit.components import operations_body

    g = grade(deaths=12)
    entry = {"id": 7, "status": "open", "substance_name": "氯气", "due": "2026-11-26T12:00",
             "minutes_left": 83, "article": "第三条",
             "grade": {"roman": "Ⅱ", "level": g.level, "level_index": g.level_index,
                       "response": g.response,
                       "criteria": [c.as_dict() for c in g.criteria]}}
    panel = {"incidents": [entry], "today": 0, "week": 0, "open": 0,
             "source": "cockpit.src.complaints", "data_time": None,
             "incidents_time": dt.datetime(2026, 11, 26, 10, 37).isoformat(sep=" ")}
    zh = str([c.to_plotly_json() for c in operations_body(panel, "zh")])
    assert "剩余 1:23" in zh and "因环境污染直接导致死亡 12 人" in zh
    assert "deaths" not in zh and g.reasons[0] not in zh
    en = str([c.to_plotly_json() for c in operations_body(panel, "en")])
    assert "left 1:23" in en and "12 deaths" in en
    overdue = str(operations_body(dict(panel, incidents=[dict(entry, minutes_left=-5)]),
                                  "zh")[1].to_plotly_json())
    assert "已超时 0:05" in overdue
