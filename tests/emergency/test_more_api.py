"""Replay, reporting addressees (办法 第三条/第四条), closed intakes in the grade, observed
wind from the store, and the server-sent events of an incident."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text

from core.clock import beijing_now
from decision_models.event_grade import grade
from emergency import met, rules
from tests.emergency.conftest import CITY, FAR, create

pytestmark = pytest.mark.db


def _patch(client, inc, body):
    r = client.patch(f"/api/incidents/{inc['id']}", json=body,
                     headers={"If-Match": str(inc["version"])})
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()["incident"]


def test_replay_steps_answer_the_state_after_each_entry(duty_client):
    inc = create(duty_client, mass_kg=200, weather={"wind_speed_m_s": 3.0,
                                                    "wind_from_deg": 0.0})
    inc2 = _patch(duty_client, inc, {"weather": {"wind_speed_m_s": 3.0, "wind_from_deg": 180.0}})
    first, second = inc2["log"][0]["id"], inc2["log"][1]["id"]
    base = f"/api/incidents/{inc['id']}/zones"
    then = duty_client.get(f"{base}?step={first}").get_json()["properties"]["weather"]
    now = duty_client.get(f"{base}?step={second}").get_json()["properties"]["weather"]
    assert then["wind_from_deg"] == 0.0 and now["wind_from_deg"] == 180.0
    assert duty_client.get(f"{base}?step=99999999").status_code == 404
    assert duty_client.get(f"{base}?step=x").status_code == 422


def test_far_from_receptors_a_general_event_reports_in_4_h_one_level_up(duty_client):
    inc = create(duty_client, lon=FAR[0], lat=FAR[1], mass_kg=1,
                 weather={"wind_speed_m_s": 5.0, "wind_from_deg": 90.0})
    assert inc["summary"]["by_type"] == {}
    d = inc["deadlines"]
    assert d["hours"] == 4.0 and d["article_4"] == [] and "第四条" not in d["article"]
    assert d["report_to"] == ["local_government", "authority_one_up"]
    known = dt.datetime.fromisoformat(inc["known_at"])
    assert d["initial_due"] == (known + dt.timedelta(hours=4)).isoformat(timespec="minutes")
    # a cross-province impact is an item of 第四条 (and 较大 by 附件1 cross_boundary.city no)
    inc = _patch(duty_client, inc, {"casualties": {"cross_boundary": "province"}})
    assert inc["grade"]["level_index"] == 2
    assert "cross_border" in inc["deadlines"]["article_4"]
    assert inc["deadlines"]["report_to"][-1] == "national_authority"


def test_closing_a_city_intake_makes_the_grade_and_reopening_undoes_it(duty_client, app_engine):
    with app_engine.connect() as conn:
        code, adcode = conn.execute(text(
            "SELECT code, adcode FROM receptors WHERE type = 'water_intake' "
            "ORDER BY code LIMIT 1")).one()
    serves = rules.intake_serves(adcode)
    inc = create(duty_client, lon=FAR[0], lat=FAR[1], mass_kg=1)
    url = f"/api/incidents/{inc['id']}/log"
    r = duty_client.post(url, json={"kind": "intake_closed", "target": code})
    assert r.status_code == 201, r.get_data(as_text=True)
    assert r.get_json()["entry"]["data"]["intake"]["serves"] == serves
    got = duty_client.get(f"/api/incidents/{inc['id']}").get_json()["incident"]
    assert got["version"] == inc["version"] + 1
    assert got["grade"]["level_index"] == grade(water_source_interrupted=serves).level_index
    assert any(c["code"] == f"water_source.{serves}" for c in got["grade"]["criteria"])
    assert "drinking_water" in got["deadlines"]["article_4"]
    assert [i["code"] for i in got["summary"]["closed_intakes"]] == [code]
    # a change keeps the intake closed (the grade is recomputed with it)
    got = _patch(duty_client, got, {"casualties": {"evacuated": 100}})
    assert got["grade"]["level_index"] == grade(water_source_interrupted=serves).level_index
    r = duty_client.post(url, json={"kind": "intake_reopened", "target": code})
    assert r.status_code == 201
    got = duty_client.get(f"/api/incidents/{inc['id']}").get_json()["incident"]
    assert got["summary"]["closed_intakes"] == [] and got["grade"]["level"] == "一般"


@pytest.mark.parametrize("body, field", [
    ({"kind": "intake_closed"}, "target"),
    ({"kind": "intake_closed", "target": "no such intake"}, "target"),
    ({"kind": "intake_closed", "target": "x", "serves": "village"}, "serves"),
    ({"kind": "note", "text": "a", "serves": "city"}, "serves"),
])
def test_bad_intake_entries_get_422_and_change_nothing(duty_client, body, field):
    inc = create(duty_client, lon=FAR[0], lat=FAR[1], mass_kg=1)
    r = duty_client.post(f"/api/incidents/{inc['id']}/log", json=body)
    assert r.status_code == 422 and r.get_json()["description"].startswith(field)
    got = duty_client.get(f"/api/incidents/{inc['id']}").get_json()["incident"]
    assert got["version"] == inc["version"] and len(got["log"]) == 1


@pytest.fixture
def station(app_engine):
    """A synthetic met station 2 km east of the city point, observed an hour ago."""
    code = f"T{beijing_now():%H%M%S%f}"[:16]
    now = beijing_now().replace(second=0, microsecond=0)
    rows = [{"station_code": code, "station_name": "测试站", "lon": CITY[0] + 0.02,
             "lat": CITY[1], "time": now - dt.timedelta(hours=h), "wind_speed_m_s": 4.0,
             "wind_from_deg": 270.0 - 10 * h, "cloud_cover": 2.0, "source": "test",
             "synthetic": True} for h in (1, 5)]
    with app_engine.begin() as conn:
        met.store(conn, rows)
    yield code
    with app_engine.begin() as conn:
        conn.execute(text("DELETE FROM met_observations WHERE station_code = :c"), {"c": code})


def test_observed_wind_is_used_when_none_is_entered_and_manual_overrides(duty_client,
                                                                        station):
    inc = create(duty_client, weather=None)
    w = duty_client.get(f"/api/incidents/{inc['id']}/weather").get_json()["weather"]
    assert w["source"] == "observed" and w["station"] == station
    assert w["wind_from_deg"] == 260.0 and 55 <= w["age_min"] <= 65  # the 1 h one, not 5 h
    assert w["stability"] in "ABCDEF" and w["distance_km"] < 3
    zones = duty_client.get(f"/api/incidents/{inc['id']}/zones").get_json()
    assert zones["properties"]["weather"]["station"] == station
    assert "assumed_weather" not in {x["code"] for x in zones["properties"]["warnings"]}
    inc = _patch(duty_client, inc, {"weather": {"wind_speed_m_s": 2.0, "wind_from_deg": 90.0}})
    w = duty_client.get(f"/api/incidents/{inc['id']}/weather").get_json()["weather"]
    assert w["source"] == "manual" and w["wind_from_deg"] == 90.0
    inc = _patch(duty_client, inc, {"weather": None})  # back to the observation
    assert inc["summary"]["weather"]["source"] == "observed"


def test_no_station_near_gives_the_screening_weather(duty_client):
    inc = create(duty_client, lon=FAR[0], lat=FAR[1], mass_kg=1, weather=None)
    w = duty_client.get(f"/api/incidents/{inc['id']}/weather").get_json()["weather"]
    assert w["source"] == "screening" and w["assumed"] is True


def test_events_stream_sends_the_incident_marker(duty_client):
    inc = create(duty_client, lon=FAR[0], lat=FAR[1], mass_kg=1)
    r = duty_client.get(f"/api/incidents/{inc['id']}/events", buffered=False,
                        headers={"Accept": "text/event-stream"})
    assert r.status_code == 200 and r.mimetype == "text/event-stream"
    chunks = iter(r.response)
    assert next(chunks).decode().startswith("retry:")
    event = next(chunks).decode()
    r.close()
    assert event.startswith("event: change\ndata: ")
    mark = json.loads(event.split("data: ", 1)[1])
    assert mark["version"] == inc["version"] and mark["log_id"] == inc["log"][-1]["id"]
    assert duty_client.get("/api/incidents/99999999/events").status_code == 404
    # without asking for a stream: the marker once, then the end
    once = duty_client.get(f"/api/incidents/{inc['id']}/events").get_data(as_text=True)
    assert once.count("event: change") == 1 and ": idle" not in once


def test_pdf_report_prints_the_same_content_in_chinese(duty_client):
    inc = create(duty_client)
    r = duty_client.get(f"/api/incidents/{inc['id']}/report?kind=initial&format=pdf")
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.mimetype == "application/pdf" and r.data.startswith(b"%PDF-")
    assert b"NotoSansCJK" in r.data  # the CJK face is embedded
    pypdf = pytest.importorskip("pypdf")  # reading it back needs the test extra
    import io

    reader = pypdf.PdfReader(io.BytesIO(r.data))
    # pypdf reads the two-byte CID codes with a NUL before each character: drop them
    body = "".join(page.extract_text() for page in reader.pages).replace("\x00", "")
    n = len(duty_client.get(f"/api/incidents/{inc['id']}/receptors").get_json()["receptors"])
    assert "突发环境事件初报" in body and "氯气" in body and f"{n} 处" in body
    assert "报送对象" in body and "生态环境部" in body and "第四条" in body
    assert len(reader.pages[0].images) + sum(len(p.images) for p in reader.pages[1:]) >= 1


def test_report_lists_addressees_and_closed_intakes(duty_client, app_engine):
    with app_engine.connect() as conn:
        code, name = conn.execute(text(
            "SELECT code, name FROM receptors WHERE type = 'water_intake' "
            "ORDER BY code LIMIT 1")).one()
    inc = create(duty_client, lon=FAR[0], lat=FAR[1], mass_kg=1)
    assert duty_client.post(f"/api/incidents/{inc['id']}/log", json={
        "kind": "intake_closed", "target": code}).status_code == 201
    html = duty_client.get(f"/api/incidents/{inc['id']}/report?format=html") \
        .get_data(as_text=True)
    assert "报送对象" in html and name in html and "对饮用水水源造成或可能造成影响" in html
