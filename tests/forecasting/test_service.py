"""The forecast service on the real store: model, missing model, retraining job."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import text

from auth.audit import Actor
from core.errors import Conflict, Unprocessable
from forecasting import jobs, service

pytestmark = pytest.mark.db


def test_the_shipped_sample_model_answers_when_var_has_none(app_engine, tmp_path):
    result = service.forecast(app_engine, tmp_path, "340100", dt.date(2016, 12, 20))
    assert result.source == "sample"
    assert not result.baseline and result.notice is None
    assert result.model_version.startswith("v")
    assert result.in_sample  # 2016-12 lies inside the sample model's training period
    aqi = [r for r in result.rows if r["pollutant"] == "AQI"]
    assert [r["lead"] for r in aqi] == list(range(1, 8))
    assert all(r["standard"] == "HJ633-2012" for r in aqi)
    recent = [r for r in result.extras["recent"] if r["pollutant"] == "AQI"]
    # HJ 633-2012 from the city's PM2.5 129.8 µg/m³: 150 + (129.8 − 115)/35 × 50 = 171.1 → 172
    # (the published 170 aggregates stations, air.md §1.3)
    assert recent[-1]["date"] == "2016-12-20" and recent[-1]["value"] == 172


def test_a_missing_model_gives_a_notice_and_a_labelled_baseline(app_engine, tmp_path,
                                                                monkeypatch):
    monkeypatch.setattr(service, "SAMPLE_MODELS_DIR", tmp_path / "none")
    result = service.forecast(app_engine, tmp_path, "340100", dt.date(2016, 12, 20), 3)
    assert result.baseline
    assert result.model_version == "baseline:persistence"
    assert result.notice["code"] == "no_model"
    # persistence: every lead repeats the issue day's concentrations (PM2.5 129.8 µg/m³)
    pm25 = [r["value"] for r in result.rows if r["pollutant"] == "PM2.5"]
    assert pm25 == [129.8, 129.8, 129.8]
    card = service.model_card(app_engine, tmp_path, "340100")
    assert card["model"] is None and card["notice"]["code"] == "no_model"
    assert card["skill"] is not None  # the stored backtest still shows


def test_an_issue_day_on_a_gap_is_refused(app_engine, tmp_path):
    with pytest.raises(Unprocessable, match="outside the data"):
        service.forecast(app_engine, tmp_path, "340100", dt.date(2013, 1, 1))


def _wait(engine, job_id: str, seconds: float = 120) -> tuple[dict, set]:
    seen = set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        now = jobs.get(engine, job_id)
        seen.add(now["done"])
        if now["status"] not in jobs.OPEN:
            break
        time.sleep(0.2)
    return now, seen


def test_retraining_runs_in_the_background_with_progress(app_engine, app_settings, tmp_path):
    settings = app_settings.model_copy(update={"var_dir": tmp_path})
    actor = Actor.system("test:forecast-retrain")
    state = jobs.start(app_engine, settings, actor, "340100", ["persistence", "climatology"])
    assert state["status"] in jobs.OPEN and state["total"] == 42
    with pytest.raises(Conflict, match="already running"):
        jobs.start(app_engine, settings, actor, "340100", ["persistence"])
    now, seen = _wait(app_engine, state["id"])
    assert now["status"] == "done", now
    assert now["progress"] == 1.0 and now["done"] == 42
    assert len(seen) > 2  # progress was reported along the way
    result = service.forecast(app_engine, tmp_path, "340100", dt.date(2016, 12, 20))
    assert result.source == "trained" and result.model_version == now["version"]
    card = service.model_card(app_engine, tmp_path, "340100")
    assert card["model"]["methods"] == ["persistence", "climatology"]
    with app_engine.connect() as conn:
        row = conn.execute(text("SELECT actor, object_id, after FROM audit_log WHERE action = "
                                "'forecast.retrain' AND after->>'job' = :j"),
                           {"j": state["id"]}).one()
    assert row.actor == actor.name and row.object_id == "340100"


def test_a_retraining_can_be_cancelled(app_engine, app_settings, tmp_path):
    settings = app_settings.model_copy(update={"var_dir": tmp_path})
    actor = Actor.system("test:forecast-cancel")
    state = jobs.start(app_engine, settings, actor, "340100")  # every method: ~1 min
    jobs.cancel(app_engine, actor, state["id"])
    now, _ = _wait(app_engine, state["id"])
    assert now["status"] == "cancelled", now
    assert now["done"] < 42
    assert not (tmp_path / "models" / "340100").exists()  # nothing half-trained is saved


def test_a_long_span_with_few_days_is_still_too_short_to_train():
    """Two weeks of 2020 and one fed day of 2026 span years but hold 15 days."""
    import pandas as pd

    from forecasting.service import training_need

    days = [*pd.date_range("2020-03-26", periods=14, freq="D"), pd.Timestamp("2026-11-26")]
    index = pd.DatetimeIndex(pd.date_range(days[0], days[-1], freq="D"))
    daily = pd.DataFrame({"pm2_5": float("nan")}, index=index)
    daily.loc[days, "pm2_5"] = 35.0
    need = training_need(daily)
    assert need["have_days"] == 15 and need["short"]
