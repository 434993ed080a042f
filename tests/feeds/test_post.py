"""POST /api/observations/air|water: counts, idempotency, the audit, 422s, CSV, roles."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from tests.feeds.conftest import STATIONS, day, reading

pytestmark = pytest.mark.db

HOUR = dt.timedelta(hours=1)


def post(client, rows, kind="air"):
    return client.post(f"/api/observations/{kind}", json=rows)


def stored(engine, station, t):
    with engine.connect() as conn:
        return conn.execute(text(
            "SELECT * FROM air_observations WHERE station_code = :s AND time = :t"),
            {"s": station, "t": t}).mappings().first()


def test_same_message_twice_changes_nothing(feed_client, app_engine):
    rows = [reading(s, day(1) + i * HOUR) for s in STATIONS[:3] for i in range(4)]
    first = post(feed_client, rows)
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert (body["rows"], body["inserted"], body["updated"], body["unchanged"]) == (12, 12, 0, 0)
    before = stored(app_engine, "1270A", day(1))
    again = post(feed_client, rows).get_json()
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 12)
    after = stored(app_engine, "1270A", day(1))
    assert after["received_at"] == before["received_at"]  # not rewritten
    assert after["source"] == "feed" and after["pm2_5"] == 30.0
    assert after["aqi"] is not None


def test_changed_value_keeps_the_previous_one_in_the_audit(feed_client, app_engine):
    t = day(2)
    post(feed_client, [reading("1271A", t, pm2_5=41.0)])
    answer = post(feed_client, [reading("1271A", t, pm2_5=44.0),
                                reading("1272A", t)]).get_json()
    assert (answer["inserted"], answer["updated"], answer["unchanged"]) == (1, 1, 0)
    assert stored(app_engine, "1271A", t)["pm2_5"] == 44.0
    with app_engine.connect() as conn:
        entry = conn.execute(text(
            "SELECT actor, before, after FROM audit_log WHERE action = 'observation.update' "
            "AND object_id = :o ORDER BY id DESC LIMIT 1"),
            {"o": f"1271A@{t:%Y-%m-%dT%H:%M}"}).mappings().first()
    assert entry["actor"] == "test-feed"
    assert entry["before"]["pm2_5"] == 41.0 and entry["after"]["pm2_5"] == 44.0


def test_unknown_station_is_422_naming_it_and_stores_nothing(feed_client, app_engine):
    t = day(3)
    answer = post(feed_client, [reading("1273A", t), reading("9999Z", t),
                                reading("X1", t)])
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["stations"] == ["9999Z", "X1"]
    assert "9999Z" in body["description"] and "X1" in body["description"]
    assert stored(app_engine, "1273A", t) is None


def test_malformed_rows_are_422_with_row_numbers(feed_client, app_engine):
    t = day(4)
    rows = [reading("1274A", t), reading("1274A", t + HOUR, pm2_5="high"),
            {"station": "1274A", "time": "26/11/2026 10:00", "pm2_5": 3},
            reading("1274A", t + 2 * HOUR, pm25=3.0), reading("1274A", t)]
    answer = post(feed_client, rows)
    assert answer.status_code == 422
    body = answer.get_json()
    assert [r["row"] for r in body["rows"]] == [2, 3, 4, 5]
    assert "row 2" in body["description"]
    assert stored(app_engine, "1274A", t) is None  # the good row 1 is not stored either


def test_too_many_rows(feed_client, onemap_app):
    from core.context import EXTENSION_KEY

    limit = onemap_app.server.extensions[EXTENSION_KEY].settings.feed_max_rows
    rows = [{"station": "1275A", "time": "2025-01-01T00:00:00"}] * (limit + 1)
    answer = post(feed_client, rows)
    assert answer.status_code == 413
    assert str(limit) in answer.get_json()["description"]


def test_csv_with_the_same_columns(feed_client, app_engine):
    t = day(5)
    body = ("station,time,pm2_5,pm10,so2,no2,co,o3\n"
            f"1276A,{t:%Y-%m-%dT%H:%M:%S},35,70,9,40,0.7,\n"
            f"1276A,{t + HOUR:%Y-%m-%dT%H:%M:%S}+08:00,80,60,9,40,0.7,50\n")
    answer = feed_client.post("/api/observations/air", data=body.encode("utf-8"),
                              content_type="text/csv")
    assert answer.status_code == 200, answer.get_json()
    got = answer.get_json()
    assert (got["inserted"], got["flagged"]) == (2, 1)
    assert got["flagged_rows"][0]["row"] == 2
    assert got["flagged_rows"][0]["flags"] == {"pm2_5": ["pm25_gt_pm10"],
                                               "pm10": ["pm25_gt_pm10"]}
    row = stored(app_engine, "1276A", t)
    assert row["o3_1h"] is None and row["co"] == 0.7


def test_times_with_an_offset_are_stored_in_beijing_time(feed_client, app_engine):
    t = day(6)
    utc = (t - dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%SZ")
    answer = post(feed_client, [{**reading("1277A", t), "time": utc}])
    assert answer.status_code == 200
    assert stored(app_engine, "1277A", t) is not None


def test_feed_role_posts_but_reads_nothing(feed_client, app_client):
    assert feed_client.get("/api/observations/arrival").status_code == 403
    assert feed_client.get("/api/incidents").status_code == 403
    page = feed_client.get("/")
    assert page.status_code in (302, 403)
    if page.status_code == 302:
        assert page.headers["Location"] != "/"
    assert feed_client.get("/ogc/collections").status_code == 403  # no data:read
    deps = app_client.get("/_dash-dependencies").get_json()
    region = next(d for d in deps if "onemap" in d["output"] and d["inputs"]
                  and not d.get("clientside_function"))
    body = {"output": region["output"], "outputs": {"id": "x", "property": "y"},
            "inputs": [{"id": i["id"], "property": i["property"], "value": None}
                       for i in region["inputs"]], "state": [], "changedPropIds": []}
    assert feed_client.post("/_dash-update-component", json=body).status_code == 403
    assert app_client.get("/api/observations/arrival").status_code == 200


def test_reader_cannot_post(onemap_app, make_user):
    from tests.conftest import client_as

    reader = client_as(onemap_app, make_user("test-feed-reader", "analyst"))
    assert post(reader, [reading("1278A", day(7))]).status_code == 403


def test_water_section_readings(feed_client, app_engine):
    with app_engine.connect() as conn:
        section = conn.execute(text("SELECT code FROM water_sections ORDER BY code LIMIT 1")
                               ).scalar_one()
    t = day(8)
    rows = [{"section": section, "time": (t + i * 4 * HOUR).isoformat(), "pH": 7.4,
             "do": 8.1, "NH3-N": 0.3 + i / 10, "tn": 1.2, "codmn": 3.5} for i in range(3)]
    rows.append({"section": section, "time": (t + 12 * HOUR).isoformat(), "ph": 15.0,
                 "nh3_n": 2.0, "tn": 1.0})
    answer = post(feed_client, rows, "water")
    assert answer.status_code == 200, answer.get_json()
    got = answer.get_json()
    assert (got["inserted"], got["flagged"]) == (4, 1)
    assert got["flags"] == {"out_of_bounds": 1, "nh3n_gt_tn": 2}
    again = post(feed_client, rows, "water").get_json()
    assert again["unchanged"] == 4
    unknown = post(feed_client, [{"section": "NOPE1", "time": t.isoformat(), "ph": 7}],
                   "water")
    assert unknown.status_code == 422 and unknown.get_json()["stations"] == ["NOPE1"]
