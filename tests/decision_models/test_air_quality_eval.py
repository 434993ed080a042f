"""Tests of decision_models.air_quality_eval (GB 3095 Table 4, HJ 663, warnings air.md §6)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_models.air_quality_eval import (
    WarningCriteria,
    annual_evaluation,
    assess_warning,
    city_ranking,
    daily_from_hourly,
    o3_8h_daily_max,
    warning_level,
)
from decision_models.errors import ModelInputError

DATA = Path(__file__).resolve().parents[2] / "data_samples" / "air"


def _hours(day="2024-06-01", n=24):
    return pd.date_range(day, periods=n, freq="h")


# ------------------------------------------------------------------ daily validity


@pytest.mark.parametrize(("n_valid", "valid"), [(19, False), (20, True), (24, True)])
def test_24h_mean_needs_20_hours(n_valid, valid):
    # GB 3095 Table 4: ≥ 20 hourly means per day
    v = np.arange(24, dtype=float)
    v[n_valid:] = np.nan
    df = pd.DataFrame({"PM2.5": v, "SO2": 5.0}, index=_hours())
    out = daily_from_hourly(df)
    assert out["n_PM2.5"].iloc[0] == n_valid
    if valid:
        assert out["PM2.5"].iloc[0] == pytest.approx(np.nanmean(v))
    else:
        assert np.isnan(out["PM2.5"].iloc[0])
    assert out["SO2"].iloc[0] == 5.0


def test_o3_8h_windows_and_max():
    # hours 00..23 of one day, O3 = hour * 10 -> best window is hours 16..23
    o3 = pd.Series(np.arange(24) * 10.0, index=_hours())
    out = o3_8h_daily_max(o3)
    assert out.iloc[0] == pytest.approx(np.mean(np.arange(16, 24) * 10.0))
    # windows ending before 08:00 are not part of the day: a spike at 00-05 of day 2
    # belongs to day-2 windows only from the window 00-07 onwards
    two = pd.Series(np.r_[np.full(24, 10.0), np.full(24, 10.0)], index=_hours(n=48))
    two.iloc[24:30] = 500.0  # hours 00..05 of day 2
    d = o3_8h_daily_max(two)
    assert d.iloc[0] == pytest.approx(10.0)  # day 1 not affected
    assert d.iloc[1] == pytest.approx((6 * 500 + 2 * 10) / 8)


def test_o3_8h_window_needs_6_hours_and_day_needs_14_windows():
    o3 = pd.Series(50.0, index=_hours())
    o3.iloc[0:3] = np.nan  # window 00-07 has 5 valid hours -> invalid; others fine
    assert o3_8h_daily_max(o3).iloc[0] == 50.0
    few = pd.Series(np.nan, index=_hours())
    few.iloc[:12] = 50.0  # windows ending 07..11 (+ those with ≥ 6 valid) -> < 14 valid
    assert np.isnan(o3_8h_daily_max(few).iloc[0])
    few_high = few * 4  # 200 > 160: kept although fewer than 14 windows
    assert o3_8h_daily_max(few_high).iloc[0] == 200.0


def test_hour_label_end_shifts_one_hour():
    idx = pd.date_range("2024-06-01 01:00", periods=24, freq="h")  # 01:00 … 24:00
    df = pd.DataFrame({"PM2.5": 10.0}, index=idx)
    out = daily_from_hourly(df, hour_label="end")
    assert len(out) == 1 and out["n_PM2.5"].iloc[0] == 24


def test_daily_from_hourly_real_stations():
    h = pd.read_csv(DATA / "hefei_stations_hourly_2020-03-26_2020-04-08.csv")
    h = h.drop(columns=["station_name", "aqi", "aqi_level", "primary_pollutant", "o3_8h"])
    d = daily_from_hourly(h, time_col="time", by="stationcode", hour_label="end")
    assert set(d.index.get_level_values(0)) == set(h["stationcode"])
    full = d[d["n_PM2.5"] >= 20]
    assert full["PM2.5"].notna().all()
    assert d.loc[d["n_PM2.5"] < 20, "PM2.5"].isna().all()


# ------------------------------------------------------------------ annual evaluation


def _year(pm25, **other):
    idx = pd.date_range("2015-01-01", periods=len(pm25), freq="D")
    base = {"SO2": 10.0, "NO2": 30.0, "PM10": 60.0, "CO": 1.0, "O3_8h": 100.0}
    return pd.DataFrame({"PM2.5": pm25, **base, **other}, index=idx)


def test_annual_good_ratio_and_exceedance():
    pm = np.full(365, 30.0)
    pm[:73] = 100.0  # IAQI(100) = 132 under HJ 633-2012 -> 73 exceedance days
    ev = annual_evaluation(_year(pm))
    assert ev.valid_days == 365 and ev.exceedance_days == 73 and ev.good_days == 292
    assert ev.good_ratio == pytest.approx(80.0)
    assert ev.level_days["轻度污染"] == 73
    assert ev.statistics["PM2.5_mean"] == round(np.mean(pm))
    assert ev.data_complete


def test_annual_percentiles_hj663():
    rng = np.random.default_rng(1)
    pm = rng.uniform(10, 120, 365)
    o3 = rng.uniform(50, 220, 365)
    co = rng.uniform(0.3, 3.0, 365)
    ev = annual_evaluation(_year(pm, O3_8h=o3, CO=co))
    # HJ 663: k = 1 + (n-1)p/100 linear == numpy "linear"; then GB/T 8170 rounding
    assert ev.statistics["PM2.5_P95"] == round(np.percentile(pm, 95))
    assert ev.statistics["O3_8h_P90"] == round(np.percentile(o3, 90))
    assert ev.statistics["CO_P95"] == pytest.approx(round(np.percentile(co, 95), 1))


def test_annual_compliance_boundary():
    ok = annual_evaluation(_year(np.full(365, 35.0)))  # PM2.5 annual limit 35: equal passes
    assert ok.compliant and not ok.exceedance_multiple
    bad = annual_evaluation(_year(np.full(365, 42.0)))
    assert not bad.compliant
    assert bad.exceedance_multiple["PM2.5_mean"] == pytest.approx(0.2)
    # GB 3095-2026 transitional class II PM2.5 annual limit 30
    assert not annual_evaluation(_year(np.full(365, 35.0)), standard="GB3095-2026").compliant


def test_annual_data_completeness():
    ev = annual_evaluation(_year(np.full(300, 30.0)))
    assert not ev.data_complete
    with pytest.raises(ModelInputError):
        annual_evaluation(_year(np.full(365, 30.0)), standard="GB3095-1996")


def test_city_ranking():
    evs = {
        "A": annual_evaluation(_year(np.full(365, 50.0))),
        "B": annual_evaluation(_year(np.full(365, 20.0))),
        "C": annual_evaluation(_year(np.full(365, 35.0))),
    }
    r = city_ranking(evs)
    assert list(r.index) == ["B", "C", "A"] and list(r["rank"]) == [1, 2, 3]
    # composite = Σ C_i / S_i
    expected_b = 10 / 60 + 30 / 40 + 60 / 70 + 20 / 35 + 1.0 / 4 + 100 / 160
    assert r.loc["B", "composite_index"] == pytest.approx(expected_b)
    r2 = city_ranking(evs, by="good_ratio")
    assert r2.loc["B", "rank"] == 1


# ------------------------------------------------------------------ warnings


@pytest.mark.parametrize(
    ("series", "level"),
    [
        pytest.param([100, 120, 140], "none", id="clean"),
        pytest.param([200, 200, 200, 200], "orange", id="200x4-is-150x3"),
        pytest.param([151, 100, 151], "none", id="150-not-consecutive"),
        pytest.param([150, 150, 150], "none", id="150-equal-not-above"),
        pytest.param([201], "yellow", id="one-day-200"),
        pytest.param([151, 151], "yellow", id="150x2"),
        pytest.param([151, 151, 151], "orange", id="150x3"),
        pytest.param([201, 201], "orange", id="200x2"),
        pytest.param([201, 201, 201], "orange", id="200x3-no-300"),
        pytest.param([201, 201, 301], "red", id="200x3-with-300"),
        pytest.param([301, 100, 201, 201, 201], "orange", id="300-outside-episode"),
        pytest.param([201, 301, 201, 120], "red", id="red-middle"),
        pytest.param([], "none", id="empty"),
    ],
)
def test_warning_levels(series, level):
    assert warning_level(series) == level
    assert assess_warning(series).level == level


def test_trigger_days_and_labels():
    s = pd.Series([100, 160, 170, 120, 90], index=pd.date_range("2024-01-01", periods=5))
    r = assess_warning(s)
    assert r.level == "yellow"
    assert r.trigger_days == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-03")]
    r2 = assess_warning([100, 250, 260, 330, 100])
    assert r2.level == "red" and r2.trigger_days == [1, 2, 3]


def test_configurable_criteria_and_gap_merge():
    strict = WarningCriteria(heavy=180)
    assert warning_level([190], strict) == "yellow"
    assert warning_level([190]) == "none"  # default: one day > 150 but ≤ 200
    assert warning_level([160, 100, 160]) == "none"
    assert warning_level([160, 100, 160], WarningCriteria(merge_gap_days=1)) == "yellow"


@pytest.mark.parametrize("bad", [[100, float("nan")], [-5], ["x"]])
def test_warning_bad_input(bad):
    with pytest.raises(ModelInputError):
        warning_level(bad)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 500), max_size=10), st.integers(0, 9), st.integers(0, 200))
def test_warning_monotone(series, i, bump):
    order = ["none", "yellow", "orange", "red"]
    if not series:
        return
    worse = list(series)
    worse[i % len(series)] += bump
    assert order.index(warning_level(worse)) >= order.index(warning_level(series))
