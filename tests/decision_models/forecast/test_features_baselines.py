import math

import numpy as np
import pandas as pd
import pytest

from decision_models.forecast.baselines import Climatology, Persistence, SeasonalNaive
from decision_models.forecast.constants import POLLUTANTS
from decision_models.forecast.features import feature_names, make_features, make_target
from tests.decision_models.forecast.synth import daily_series


@pytest.mark.parametrize("pollutant", POLLUTANTS)
@pytest.mark.parametrize("lead", [1, 7])
def test_features_do_not_see_the_future(pollutant, lead):
    daily = daily_series(200)
    t = daily.index[120]
    perturbed = daily.copy()
    perturbed.loc[t + pd.Timedelta(days=1) :] *= 3.7  # change every value after t
    before = make_features(daily, pollutant, lead).loc[:t]
    after = make_features(perturbed, pollutant, lead).loc[:t]
    pd.testing.assert_frame_equal(before, after)
    # and the check would notice a change at t itself
    perturbed.loc[t, pollutant] *= 2
    changed = make_features(perturbed, pollutant, lead).loc[t]
    assert not np.allclose(changed.to_numpy(), before.loc[t].to_numpy(), equal_nan=True)


def test_feature_layout_and_values():
    daily = daily_series(60)
    f = make_features(daily, "PM2.5", 2)
    assert list(f.columns) == feature_names("PM2.5")
    t = daily.index[40]
    assert f.at[t, "lag0"] == pytest.approx(np.log1p(daily.at[t, "PM2.5"]))
    assert f.at[t, "lag3"] == pytest.approx(np.log1p(daily.at[t - pd.Timedelta(days=3), "PM2.5"]))
    window = np.log1p(daily["PM2.5"].loc[t - pd.Timedelta(days=6) : t])
    assert f.at[t, "mean7"] == pytest.approx(window.mean())
    target_doy = (t + pd.Timedelta(days=2)).day_of_year
    assert f.at[t, "doy_sin"] == pytest.approx(math.sin(2 * math.pi * (target_doy - 1) / 365.25))
    assert make_target(daily, "PM2.5", 2).at[t] == daily.at[t + pd.Timedelta(days=2), "PM2.5"]


def test_rolling_features_need_enough_valid_days():
    daily = daily_series(60)
    t = daily.index[40]
    daily.loc[t - pd.Timedelta(days=2) : t - pd.Timedelta(days=1), "PM2.5"] = np.nan
    f = make_features(daily, "PM2.5", 1)
    assert np.isnan(f.at[t, "mean3"])  # 1 of 3 days valid < 75 %
    assert np.isnan(f.at[t, "mean7"])  # 5 of 7 < 75 %
    assert np.isfinite(f.at[t, "mean14"])  # 12 of 14 ≥ 75 %
    assert np.isnan(f.at[t, "lag1"])  # never filled


def test_persistence_and_seasonal_naive():
    daily = daily_series(40)
    origins = daily.index[20:25]
    pers = Persistence().fit(daily, "NO2", 3).predict(daily, origins)
    np.testing.assert_array_equal(pers, daily.loc[origins, "NO2"].to_numpy())
    sn = SeasonalNaive(7).fit(daily, "NO2", 3).predict(daily, origins)
    np.testing.assert_array_equal(sn, daily["NO2"].reindex(origins - pd.Timedelta(days=4)))
    sn7 = SeasonalNaive(7).fit(daily, "NO2", 7).predict(daily, origins)
    np.testing.assert_array_equal(sn7, daily.loc[origins, "NO2"].to_numpy())


def test_climatology_is_smoothed_day_of_year_mean():
    index = pd.date_range("2014-01-01", "2016-12-31", freq="D")
    value = 50 + 30 * np.cos(2 * np.pi * (index.day_of_year.to_numpy() - 1) / 366)
    daily = pd.DataFrame({p: value for p in POLLUTANTS}, index=index)
    clim = Climatology(sigma_days=5).fit(daily, "PM2.5", 1)
    origins = pd.DatetimeIndex(["2017-01-10", "2017-07-01"])
    pred = clim.predict(daily, origins)
    assert pred[0] == pytest.approx(80, abs=1.5)  # winter maximum
    assert pred[1] == pytest.approx(20, abs=1.5)  # summer minimum
    # the kernel wraps around the year end
    assert clim.table[1] == pytest.approx(clim.table[366], abs=1.0)
