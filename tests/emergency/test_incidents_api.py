"""The incident register: create, read, change with If-Match, log, roles, audit, 422s."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from decision_models.event_grade import grade
from tests.emergency.conftest import CITY, FAR, create


def _counts(engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        return tuple(conn.execute(text(
            "SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM incident_log), "
            "(SELECT count(*) FROM audit_log WHERE action LIKE 'incident.%')")).one())


def test_create_returns_the_incident_with_version_grade_and_deadline(duty_client, app_engine):
    before = _counts(app_engine)
    inc = create(duty_client, description="储罐阀门泄漏")
    assert inc["id"] > 0 and inc["version"] == 1 and inc["status"] == "open"
    assert inc["grade"]["level"] == grade().level == "一般"
    # 一般, but schools and homes lie in the zones: 办法 第四条 → the 2 h procedure
    assert inc["summary"]["by_type"] and "sensitive_receptors" in inc["deadlines"]["article_4"]
    assert inc["deadlines"]["hours"] == 2.0 and "第三条" in inc["deadlines"]["article"]
    assert "第四条" in inc["deadlines"]["article"]
    assert [e["kind"] for e in inc["log"]] == ["created"]
    assert inc["log"][0]["actor"] == "test-duty"
    assert inc["summary"]["receptors"] > 0
    assert _counts(app_engine) == (before[0] + 1, before[1] + 1, before[2] + 1)
    got = duty_client.get(f"/api/incidents/{inc['id']}").get_json()["incident"]
    assert got["substance"] == "chlorine" and got["version"] == 1


def test_list_filters_open_and_puts_open_first(duty_client):
    a = create(duty_client)
    b = create(duty_client)
    r = duty_client.patch(f"/api/incidents/{b['id']}", json={"status": "closed"},
                          headers={"If-Match": str(b["version"])})
    assert r.status_code == 200, r.get_data(as_text=True)
    open_ids = [i["id"] for i in duty_client.get("/api/incidents?status=open")
                .get_json()["incidents"]]
    assert a["id"] in open_ids and b["id"] not in open_ids
    statuses = [i["status"] for i in duty_client.get("/api/incidents").get_json()["incidents"]]
    assert statuses == sorted(statuses, key=["open", "contained", "closed"].index)


def test_stale_if_match_gets_409_and_changes_nothing(duty_client, app_engine):
    inc = create(duty_client)
    url = f"/api/incidents/{inc['id']}"
    first = duty_client.patch(url, json={"weather": {"wind_speed_m_s": 5, "wind_from_deg": 90}},
                              headers={"If-Match": "1"})
    assert first.status_code == 200
    assert first.get_json()["incident"]["version"] == 2
    before = _counts(app_engine)
    stale = duty_client.patch(url, json={"mass_kg": 9000}, headers={"If-Match": "1"})
    assert stale.status_code == 409
    assert stale.get_json()["code"] == "conflict"
    assert _counts(app_engine) == before
    now = duty_client.get(url).get_json()["incident"]
    assert now["mass_kg"] == 500 and now["version"] == 2
    assert now["weather"]["wind_from_deg"] == 90
    missing = duty_client.patch(url, json={"mass_kg": 9000})
    assert missing.status_code == 422 and "If-Match" in missing.get_json()["description"]


def test_a_weather_change_moves_the_zones(duty_client):
    inc = create(duty_client)
    url = f"/api/incidents/{inc['id']}"
    east = duty_client.get(f"{url}/zones").get_json()
    duty_client.patch(url, json={"weather": {"wind_speed_m_s": 3, "wind_from_deg": 225}},
                      headers={"If-Match": "1"})
    west = duty_client.get(f"{url}/zones").get_json()

    def centre_lon(fc):
        from shapely.geometry import shape
        zone = next(f for f in fc["features"] if f["properties"]["kind"] == "zone")
        return shape(zone["geometry"]).centroid.x

    # wind from the north-east blows the cloud south-west, and from the south-west, north-east
    assert centre_lon(east) < CITY[0] < centre_lon(west)
    log = duty_client.get(url).get_json()["incident"]["log"]
    assert [e["kind"] for e in log] == ["created", "changed"]


@pytest.mark.parametrize(("casualties", "expected_hours"), [
    pytest.param({"deaths": 3}, 4.0, id="3-deaths-larger"),
    pytest.param({"deaths": 12}, 2.0, id="12-deaths-major"),
    pytest.param({"poisoned": 120, "evacuated": 60000}, 2.0, id="mass-evacuation"),
    pytest.param({"evacuated": 4000}, 4.0, id="4000-evacuated"),
])
def test_grade_follows_event_grade(duty_client, casualties, expected_hours):
    inc = create(duty_client, lon=FAR[0], lat=FAR[1], mass_kg=1)  # no 第四条 item
    r = duty_client.patch(f"/api/incidents/{inc['id']}", json={"casualties": casualties},
                          headers={"If-Match": str(inc["version"])})
    assert r.status_code == 200, r.get_data(as_text=True)
    got = r.get_json()["incident"]
    want = grade(**casualties)
    assert got["grade"]["level"] == want.level
    assert got["grade"]["level_index"] == want.level_index
    assert got["grade"]["reasons"] == want.reasons
    assert got["deadlines"]["hours"] == expected_hours


BAD_CREATE = [
    ({"kind": "fire"}, "kind"),
    ({"lon": 200}, "lon"),
    ({"lat": "north"}, "lat"),
    ({"substance": "unobtainium"}, "substance"),
    ({"mass_kg": -5}, "mass_kg"),
    ({"mass_kg": None, "rate_g_s": 0}, "rate_g_s"),
    ({"rate_g_s": 10}, "rate_g_s"),  # both mass and rate
    ({"duration_min": "long"}, "duration_min"),
    ({"started_at": "yesterday"}, "started_at"),
    ({"started_at": "2099-01-01T00:00:00"}, "started_at"),
    ({"risk_source_id": 999999}, "risk_source_id"),
    ({"risk_source_id": "FX001"}, "risk_source_id"),
    ({"description": 42}, "description"),
    ({"weather": {"wind_speed_m_s": 0, "wind_from_deg": 10}}, "weather.wind_speed_m_s"),
    ({"weather": {"wind_speed_m_s": 2, "wind_from_deg": 400}}, "weather.wind_from_deg"),
    ({"weather": {"wind_speed_m_s": 2, "wind_from_deg": 10, "stability": "G"}},
     "weather.stability"),
    ({"weather": {"wind_speed_m_s": 2, "wind_from_deg": 10, "cloud_cover": 9}},
     "weather.cloud_cover"),
    ({"weather": "windy"}, "weather"),
    ({"colour": "red"}, "colour"),
    ({"kind": "water_spill", "substance": "benzene", "lon": 116.0, "lat": 33.0}, "lon"),
]


@pytest.mark.parametrize(("patch", "field"), BAD_CREATE,
                         ids=[f"{f}-{i}" for i, (_, f) in enumerate(BAD_CREATE)])
def test_bad_create_field_gets_422_naming_it_and_writes_nothing(duty_client, app_engine,
                                                                patch, field):
    body = {"kind": "air_release", "lon": 117.27, "lat": 31.86, "substance": "chlorine",
            "mass_kg": 500, **patch}
    body = {k: v for k, v in body.items() if v is not None or k != "mass_kg"}
    before = _counts(app_engine)
    r = duty_client.post("/api/incidents", json=body)
    assert r.status_code == 422, r.get_data(as_text=True)
    assert r.get_json()["code"] == "unprocessable"
    assert r.get_json()["description"].startswith(f"{field}:")
    assert _counts(app_engine) == before


BAD_PATCH = [
    ({"status": "solved"}, "status"),
    ({"mass_kg": 0}, "mass_kg"),
    ({"casualties": {"deaths": -1}}, "casualties.deaths"),
    ({"casualties": {"deaths": 1.5}}, "casualties.deaths"),
    ({"casualties": {"water_source_interrupted": "village"}},
     "casualties.water_source_interrupted"),
    ({"casualties": {"heroes": 1}}, "casualties.heroes"),
    ({"weather": {"wind_speed_m_s": 2}}, "weather.wind_from_deg"),
    ({"version": 3}, "version"),
    ({}, "body"),
]


@pytest.mark.parametrize(("patch", "field"), BAD_PATCH,
                         ids=[f"{f}-{i}" for i, (_, f) in enumerate(BAD_PATCH)])
def test_bad_patch_field_gets_422_and_writes_nothing(duty_client, app_engine, patch, field):
    inc = create(duty_client)
    before = _counts(app_engine)
    r = duty_client.patch(f"/api/incidents/{inc['id']}", json=patch,
                          headers={"If-Match": str(inc["version"])})
    assert r.status_code == 422, r.get_data(as_text=True)
    assert r.get_json()["description"].startswith(f"{field}:")
    assert _counts(app_engine) == before
    assert duty_client.get(f"/api/incidents/{inc['id']}").get_json()["incident"]["version"] == 1


def test_closed_is_final(duty_client):
    inc = create(duty_client)
    url = f"/api/incidents/{inc['id']}"
    r = duty_client.patch(url, json={"status": "closed"}, headers={"If-Match": "1"})
    assert r.get_json()["incident"]["closed_at"]
    r = duty_client.patch(url, json={"status": "open"}, headers={"If-Match": "2"})
    assert r.status_code == 422 and r.get_json()["description"].startswith("status:")


def test_log_entries_record_who_and_when(duty_client, app_engine):
    inc = create(duty_client)
    url = f"/api/incidents/{inc['id']}/log"
    r = duty_client.post(url, json={"kind": "sample_taken", "value": 0.8, "unit": "mg/m³",
                                    "target": "下风向 500 m", "text": "便携式检测仪"})
    assert r.status_code == 201, r.get_data(as_text=True)
    entry = r.get_json()["entry"]
    assert entry["actor"] == "test-duty" and entry["at"] and entry["data"]["value"] == 0.8
    bad = duty_client.post(url, json={"kind": "sample_taken", "text": "no value"})
    assert bad.status_code == 422 and bad.get_json()["description"].startswith("value:")
    with app_engine.connect() as conn:
        actions = conn.execute(text(
            "SELECT action, actor FROM audit_log WHERE object_type = 'incident' "
            "AND object_id = :i ORDER BY id"), {"i": str(inc["id"])}).all()
    assert [tuple(a) for a in actions] == [("incident.create", "test-duty"),
                                           ("incident.log", "test-duty")]


def test_leader_reads_but_may_not_write(duty_client, leader_client):
    inc = create(duty_client)
    assert leader_client.get(f"/api/incidents/{inc['id']}").status_code == 200
    assert leader_client.get(f"/api/incidents/{inc['id']}/receptors").status_code == 200
    r = leader_client.post("/api/incidents", json={"kind": "air_release"})
    assert r.status_code == 403
    r = leader_client.patch(f"/api/incidents/{inc['id']}", json={"status": "closed"},
                            headers={"If-Match": "1"})
    assert r.status_code == 403
    assert leader_client.post(f"/api/incidents/{inc['id']}/log",
                              json={"text": "x"}).status_code == 403


def test_risk_source_prefills_place_substance_and_inventory(duty_client, app_engine):
    with app_engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT id, ST_X(geom), ST_Y(geom), chemicals FROM risk_sources")).all()
    cas = {"7782-50-5": "chlorine", "7664-41-7": "ammonia"}
    rs = next(((r, c) for r in rows for c in r[3] if c.get("cas") in cas), None)
    if rs is None:
        pytest.skip("the sample has no risk source storing chlorine or ammonia")
    (rs_id, lon, lat, _), chem = rs
    r = duty_client.post("/api/incidents", json={
        "kind": "air_release", "risk_source_id": rs_id,
        "weather": {"wind_speed_m_s": 2, "wind_from_deg": 0}})
    assert r.status_code == 201, r.get_data(as_text=True)
    inc = r.get_json()["incident"]
    assert (inc["lon"], inc["lat"]) == pytest.approx((lon, lat))
    assert inc["substance"] == cas[chem["cas"]]
    assert inc["mass_kg"] == pytest.approx(chem["storage_t"] * 1000)


def test_unknown_incident_is_404(duty_client):
    r = duty_client.get("/api/incidents/987654")
    assert r.status_code == 404 and r.get_json()["code"] == "not_found"


def test_replay_step_gives_the_zones_as_they_were(duty_client):
    inc = create(duty_client)
    url = f"/api/incidents/{inc['id']}"
    first_step = inc["log"][0]["id"]
    duty_client.patch(url, json={"weather": {"wind_speed_m_s": 3, "wind_from_deg": 225}},
                      headers={"If-Match": "1"})
    then = duty_client.get(f"{url}/zones?step={first_step}").get_json()
    now = duty_client.get(f"{url}/zones").get_json()
    assert then["properties"]["weather"]["wind_from_deg"] == 45
    assert now["properties"]["weather"]["wind_from_deg"] == 225
    assert duty_client.get(f"{url}/zones?step=99999999").status_code == 404
    assert duty_client.get(f"{url}/zones?step=x").status_code == 422
