import numpy as np
import pandas as pd
import pytest

from decision_models.forecast import ModelInputError, run_backtest, water_backtest, water_forecast
from decision_models.forecast.water import DATA_NOTE
from tests.decision_models.forecast.synth import daily_series, water_samples

FAST = ("persistence", "climatology", "seasonal_naive", "ridge")


@pytest.fixture(scope="module")
def daily():
    return daily_series(400, start="2015-01-01")


@pytest.fixture(scope="module")
def result(daily):
    return run_backtest(
        daily, leads=(1, 3), methods=FAST, test_months=2, val_months=3, refit_every_days=None
    )


def test_backtest_tables(result, daily):
    m = result.metrics
    assert set(m["pollutant"]) == {"PM2.5", "PM10", "O3_8h", "NO2", "SO2", "CO", "AQI"}
    assert set(m["method"]) == {*FAST, "selected"}
    pers = m[(m["method"] == "persistence")]
    assert np.allclose(pers["skill_vs_persistence"], 0.0)
    # the test window is the last 2 months; every forecast target lies inside it
    p = result.predictions
    assert p["target_date"].min() >= pd.Timestamp(result.config["test_start"])
    assert p["target_date"].max() == daily.index[-1]
    assert (p["origin"] < p["target_date"]).all()
    # scores recomputed by hand for one cell
    g = p[(p["pollutant"] == "NO2") & (p["lead"] == 3) & (p["method"] == "ridge")]
    cell = m[(m["pollutant"] == "NO2") & (m["lead"] == 3) & (m["method"] == "ridge")].iloc[0]
    assert cell["rmse"] == pytest.approx(np.sqrt(np.mean((g["value"] - g["observed"]) ** 2)))
    assert 0 <= cell["hit_rate"] <= 1


def test_selection_does_not_look_at_the_test_window(result, daily):
    changed = daily.copy()
    changed.loc[result.config["test_start"] :] *= 5.0
    again = run_backtest(
        changed, leads=(1, 3), methods=FAST, test_months=2, val_months=3, refit_every_days=None
    )
    pd.testing.assert_frame_equal(result.selection, again.selection)
    assert not again.metrics["rmse"].equals(result.metrics["rmse"])


def test_backtest_needs_enough_history(daily):
    with pytest.raises(ModelInputError):
        run_backtest(daily.iloc[:200], methods=FAST, test_months=3, val_months=3)


def test_water_forecast_and_class():
    samples = water_samples()
    out = water_forecast(samples, "S1", "2024-06-15", horizon_months=2)
    assert set(out["item"]) == {"CODMn", "NH3-N", "TP", "CLASS"}
    assert (out["data_note"] == DATA_NOTE).all()
    cls = out[out["item"] == "CLASS"]
    assert cls["grade"].isin(["I", "II", "III", "IV", "V", "劣V"]).all()
    items = out[out["item"] != "CLASS"]
    assert (items["lower"] <= items["value"]).all() and (items["value"] <= items["upper"]).all()
    with pytest.raises(ModelInputError):
        water_forecast(samples, "S1", "2024-06-15", horizon_months=9)
    with pytest.raises(ModelInputError):
        water_forecast(samples, "S9", "2024-06-15")


def test_water_backtest_beats_persistence_on_a_seasonal_series():
    metrics, selection = water_backtest(water_samples(), leads=(1,))
    sel = metrics[(metrics["method"] == "selected") & (metrics["item"] == "NH3-N")].iloc[0]
    assert sel["skill_vs_persistence"] > 0
    assert set(selection["item"]) == {"CODMn", "NH3-N", "TP"}
    assert 0 <= metrics.loc[metrics["item"] == "CLASS", "hit_rate"].max() <= 1


def test_water_gap_is_not_filled():
    samples = water_samples()
    samples = samples[~((samples.section_code == "S1") & (samples.sampled_on.str[:7] == "2024-06"))]
    with pytest.raises(ModelInputError, match="no sample in the issue month"):
        water_forecast(samples, "S1", "2024-06-01")
