"""The REST contract of /api/forecast: shape, 422 on bad input, permissions, retraining."""

from __future__ import annotations

import datetime as dt
import shutil
import time

import pytest

from tests.conftest import client_as

pytestmark = pytest.mark.db

ROW_KEYS = {"date", "pollutant", "value", "lower", "upper", "level"}
POLLUTANTS = {"AQI", "PM2.5", "PM10", "O3_8h", "NO2", "SO2", "CO"}


def test_the_forecast_has_exactly_the_contract_shape(app_client):
    r = app_client.get("/api/forecast?where=340100&issued_at=2016-12-20&horizon_days=7")
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert set(body) == {"where", "issued_at", "model_version", "rows", "warning"}
    assert body["where"] == "340100"
    assert body["issued_at"] == "2016-12-20"
    assert len(body["rows"]) == 7 * len(POLLUTANTS)
    assert {r["pollutant"] for r in body["rows"]} == POLLUTANTS
    for row in body["rows"]:
        assert set(row) == ROW_KEYS
    dates = sorted({r["date"] for r in body["rows"]})
    assert dates[0] == "2016-12-21" and dates[-1] == "2016-12-27"
    for row in body["rows"]:  # the median lies inside its interval
        assert row["lower"] <= row["value"] <= row["upper"], row
        assert 1 <= row["level"] <= 6
    assert body["warning"]["level"] in ("none", "yellow", "orange", "red")


def test_the_default_issue_day_is_the_latest_day_in_the_store(app_client, app_engine):
    from sqlalchemy import text

    with app_engine.connect() as conn:
        latest = conn.execute(text("SELECT max(date) FROM air_city_daily WHERE pm2_5 IS NOT "
                                   "NULL AND pm10 IS NOT NULL AND so2 IS NOT NULL AND no2 IS "
                                   "NOT NULL AND co IS NOT NULL AND o3_8h_max IS NOT NULL"
                                   )).scalar()
    body = app_client.get("/api/forecast?where=340100").get_json()
    assert body["issued_at"] == latest.isoformat()
    first = min(r["date"] for r in body["rows"])
    assert first == (latest + dt.timedelta(days=1)).isoformat()


def test_the_horizon_limits_the_days(app_client):
    body = app_client.get("/api/forecast?where=340100&issued_at=2016-06-01&horizon_days=3"
                          ).get_json()
    assert len({r["date"] for r in body["rows"]}) == 3
    assert len(body["rows"]) == 3 * len(POLLUTANTS)


@pytest.mark.parametrize("query, word", [
    pytest.param("where=999999", "where", id="unknown-city"),
    pytest.param("where=abc", "where", id="not-a-code"),
    pytest.param("", "where", id="missing-where"),
    pytest.param("where=340100&issued_at=2016-13-45", "issued_at", id="bad-date"),
    pytest.param("where=340100&issued_at=2030-01-01", "issued_at", id="after-the-data"),
    pytest.param("where=340100&horizon_days=8", "horizon_days", id="horizon-8"),
    pytest.param("where=340100&horizon_days=0", "horizon_days", id="horizon-0"),
    pytest.param("where=340100&horizon_days=x", "horizon_days", id="horizon-text"),
])
def test_bad_input_is_422_naming_the_parameter(app_client, query, word):
    r = app_client.get(f"/api/forecast?{query}")
    assert r.status_code == 422
    body = r.get_json()
    assert body["code"] == "unprocessable"
    assert body["description"].startswith(word)


def test_a_station_says_why_it_has_no_daily_forecast(app_client):
    r = app_client.get("/api/forecast?where=1270A")
    assert r.status_code == 422
    description = r.get_json()["description"]
    assert description.startswith("where: station 1270A has no daily forecast")
    assert "GB 3095 Table 4" in description
    card = app_client.get("/api/forecast/model?where=1270A").get_json()
    assert card["model"] is None
    assert card["notice"]["code"] == "station_short"
    assert card["notice"]["have_days"] < card["notice"]["need_days"]
    assert card["skill"] is None


def test_the_model_card_names_where_the_model_does_not_beat_persistence(app_client):
    card = app_client.get("/api/forecast/model?where=340100").get_json()
    assert card["model"]["version"]
    assert card["model"]["training_period"][0] == "2013-12-02"
    assert card["model"]["features"]["PM2.5"]
    leads = {r["lead"] for r in card["skill"]["rows"] if r["pollutant"] == "AQI"}
    assert leads == set(range(1, 8))
    findings = {(f["pollutant"], f["finding"]): f["leads"] for f in card["skill"]["not_better"]}
    assert findings[("CO", "baseline")] == [3, 4, 5, 6, 7]
    assert 2 in findings[("PM2.5", "hit_rate")]


def test_history_returns_past_forecasts_against_observations(app_client):
    body = app_client.get("/api/forecast/history?where=340100&weeks=2").get_json()
    start, end = (dt.date.fromisoformat(d) for d in body["period"])
    assert (end - start).days == 13
    assert body["rows"] and all(r["observed"] is not None or r["value"] is not None
                                for r in body["rows"])
    assert {s["pollutant"] for s in body["summary"]} == POLLUTANTS
    assert app_client.get("/api/forecast/history?where=340100&weeks=0").status_code == 422
    one = app_client.get("/api/forecast/history?where=340100&weeks=2&pollutant=AQI&lead=3"
                         ).get_json()
    assert len(one["rows"]) == 14
    assert {(r["pollutant"], r["lead"]) for r in one["rows"]} == {("AQI", 3)}
    for bad in ("pollutant=NOx", "lead=8", "lead=x"):
        r = app_client.get(f"/api/forecast/history?where=340100&{bad}")
        assert r.status_code == 422, bad
        assert r.get_json()["description"].startswith(bad.split("=")[0])
    assert app_client.get("/api/forecast/history?where=340100&weeks=99").status_code == 422


def test_reads_need_sign_in_and_retraining_needs_forecast_run(onemap_app, anon_client,
                                                            make_user):
    assert anon_client.get("/api/forecast?where=340100").status_code == 401
    reader = client_as(onemap_app, make_user("fc-reader", "leader"))
    assert reader.get("/api/forecast?where=340100&issued_at=2016-12-20").status_code == 200
    r = reader.post("/api/forecast/retrain", json={"where": "340100"})
    assert r.status_code == 403


def test_retraining_a_station_with_two_weeks_of_data_is_refused(app_client):
    r = app_client.post("/api/forecast/retrain", json={"where": "1270A"})
    assert r.status_code == 422
    assert "training needs" in r.get_json()["description"]
    r = app_client.post("/api/forecast/retrain", json={"where": "340100", "methods": ["nope"]})
    assert r.status_code == 422
    assert app_client.get("/api/forecast/retrain/" + "0" * 32).status_code == 404
    assert app_client.delete(f"/api/forecast/retrain/{'0' * 32}").status_code == 404
    assert app_client.get("/api/forecast/retrain/xyz").status_code == 404


def test_retraining_is_a_job_with_a_status_url(app_client, app_settings):
    models = app_settings.var_dir / "models" / "340100"
    try:
        r = app_client.post("/api/forecast/retrain",
                            json={"where": "340100", "methods": ["persistence", "climatology"]})
        assert r.status_code == 202, r.get_json()
        job = r.get_json()
        assert job["status"] in ("queued", "running") and job["by"] == "test-admin"
        assert r.headers["Location"] == job["status_url"]
        deadline = time.monotonic() + 120
        while job["status"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.3)
            job = app_client.get(job["status_url"]).get_json()
        assert job["status"] == "done", job
        body = app_client.get("/api/forecast?where=340100&issued_at=2016-12-20").get_json()
        assert body["model_version"] == job["version"]
        card = app_client.get("/api/forecast/model?where=340100").get_json()
        assert card["model"]["source"] == "trained"
    finally:  # the other tests of this session read the shipped sample model
        shutil.rmtree(models, ignore_errors=True)
