"""The cockpit's panel numbers from the loaded sample store (real PostGIS)."""

from __future__ import annotations

import datetime as dt

import pytest

from cockpit import kpis
from store.db import connection

pytestmark = pytest.mark.db
NOW = dt.datetime(2026, 11, 26, 10, 0)


@pytest.fixture(scope="module")
def conn(app_engine):
    with connection(app_engine) as c:
        yield c


def test_air_panel_as_of_a_past_day_is_a_replay_with_targets(conn):
    panel = kpis.air_panel(conn, NOW, dt.date(2016, 10, 17))
    # 17 Oct 2016 is day 291 of a leap year: 75 days remain
    assert (panel["elapsed_days"], panel["remaining_days"]) == (291, 75)
    assert panel["replay"] and not panel["stale"]
    assert panel["data_time"] == "2016-10-17"
    keys = {o["key"]: o for o in panel["outlooks"]}
    assert set(keys) == {"air.good_ratio", "air.pm25_mean", "air.heavy_days"}
    assert keys["air.pm25_mean"]["target"] == 58 and panel["targets_example"]
    # the outlook follows the year-to-date sums: required = (58·366 − sum) / 75
    pm = keys["air.pm25_mean"]
    if pm["status"] == "open":
        total = panel["pm25_mean"] * panel["valid_days"]
        assert pm["required"] == pytest.approx((58 * 366 - total) / 75, rel=1e-6)


def test_air_panel_whole_year_2016_matches_the_sample_file(conn):
    panel = kpis.air_panel(conn, NOW, dt.date(2016, 12, 31))
    assert panel["valid_days"] == 366 and panel["remaining_days"] == 0
    assert panel["pm25_reported"] == 57  # the bulletin's 57 µg/m³
    assert {o["status"] for o in panel["outlooks"]} <= {"achieved", "missed"}


def test_air_panel_defaults_to_the_latest_day_in_the_store(conn):
    panel = kpis.air_panel(conn, NOW)
    assert panel["data_time"] == "2017-01-31"
    assert panel["replay"]  # years old: a replay, not a live-but-stale number


def test_air_panel_is_stale_when_presented_as_current():
    # data of yesterday morning at noon today: fresh; three days old: stale, not a replay
    day = dt.date(2026, 11, 22)
    assert kpis._age_flags("air_daily", kpis._midnight(day), NOW, None) == {
        "stale": True, "replay": False}
    fresh = kpis._age_flags("air_daily", kpis._midnight(dt.date(2026, 11, 25)), NOW, None)
    assert fresh == {"stale": False, "replay": False}


def test_water_panel(conn):
    panel = kpis.water_panel(conn, NOW)
    assert panel["month"] == "2026-10" and panel["synthetic"]
    assert panel["sections"] > 0 and 0 <= panel["compliance_ratio"] <= 100
    assert panel["compliant"] + len(panel["failing"]) == panel["sections"]
    assert panel["target_compliance"] == 90
    assert panel["tli"] is None or 0 < panel["tli"]["value"] < 100


def test_forecast_panel_gives_seven_days_after_the_issue_day(conn):
    panel = kpis.forecast_panel(conn, NOW, dt.date(2016, 10, 17))
    dates = [d["date"] for d in panel["days"]]
    assert dates[0] == "2016-10-18" and len(dates) == 7
    assert panel["warning"] in ("none", "yellow", "orange", "red")
    assert panel["model_version"]


def test_forecast_panel_uses_the_shipped_model_on_a_fresh_install(conn, tmp_path):
    """No model retrained under var/: the sample model shipped with the app, not a baseline."""
    from forecasting.service import SAMPLE_MODELS_DIR

    shipped = (SAMPLE_MODELS_DIR / "340100" / "CURRENT").read_text(encoding="utf-8").strip()
    panel = kpis.forecast_panel(conn, NOW, dt.date(2016, 10, 17), var_dir=tmp_path)
    assert not panel["model_version"].startswith("baseline")
    assert panel["model_version"] == shipped


def test_operations_panel_counts_complaints(conn):
    day = dt.datetime(2026, 10, 28, 23, 0)  # the last day of the sample complaints
    panel = kpis.operations_panel(conn, day)
    assert panel["today"] >= 1 and panel["week"] >= panel["today"]
    assert not panel["stale"]
    late = kpis.operations_panel(conn, NOW)
    assert late["today"] == 0 and late["stale"]
