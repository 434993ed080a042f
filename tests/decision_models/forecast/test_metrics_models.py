import numpy as np
import pytest

from decision_models.forecast.errors import ModelInputError
from decision_models.forecast.metrics import bias, coverage, hit_rate, mae, rmse, skill
from decision_models.forecast.models import GradientBoostingModel, ResidualInterval, RidgeModel
from tests.decision_models.forecast.synth import daily_series


def test_scores_on_hand_values():
    obs = np.array([10.0, 20.0, np.nan, 40.0])
    pred = np.array([12.0, 16.0, 5.0, 40.0])
    assert rmse(obs, pred) == pytest.approx(np.sqrt((4 + 16 + 0) / 3))
    assert mae(obs, pred) == pytest.approx(2.0)
    assert bias(obs, pred) == pytest.approx(-2 / 3)
    assert hit_rate([1, 2, 3, np.nan], [1, 3, 3, 2]) == pytest.approx(2 / 3)
    assert skill(8.0, 10.0) == pytest.approx(0.2)
    assert np.isnan(skill(1.0, 0.0))


def test_coverage_counts_inclusive_bounds_and_skips_nan():
    obs = np.array([1.0, 2.0, 3.0, 4.0, np.nan])
    low = np.array([1.0, 2.5, 0.0, np.nan, 0.0])
    high = np.array([1.0, 3.0, 2.0, 5.0, 9.0])
    # pair 1 inside (equal bounds), 2 below, 3 above; 4 and 5 skipped
    assert coverage(obs, low, high) == pytest.approx(1 / 3)


def test_residual_interval_quantiles_and_nominal_coverage():
    rng = np.random.default_rng(0)
    pred = rng.uniform(20, 80, 4000)
    obs = np.expm1(np.log1p(pred) + rng.normal(0, 0.3, pred.size))
    iv = ResidualInterval.calibrate(obs[:2000], pred[:2000], 0.8)
    assert iv.low == pytest.approx(-0.3 * 1.2816, abs=0.03)
    assert iv.high == pytest.approx(0.3 * 1.2816, abs=0.03)
    low, high = iv.bounds(pred[2000:])
    assert coverage(obs[2000:], low, high) == pytest.approx(0.8, abs=0.03)
    with pytest.raises(ModelInputError):
        ResidualInterval.calibrate(obs[:5], pred[:5], 0.8)
    with pytest.raises(ModelInputError):
        ResidualInterval.calibrate(obs, pred, 1.5)


@pytest.mark.parametrize("cls", [RidgeModel, GradientBoostingModel])
def test_learned_models_are_reproducible_with_a_seed(cls):
    daily = daily_series(260)
    train = daily.iloc[:200]
    origins = daily.index[200:240]
    a = cls(seed=7).fit(train, "PM2.5", 2).predict(daily, origins)
    b = cls(seed=7).fit(train, "PM2.5", 2).predict(daily, origins)
    np.testing.assert_array_equal(a, b)
    assert np.isfinite(a).all() and (a >= 0).all()


def test_learned_model_uses_only_targets_inside_the_training_history():
    daily = daily_series(200)
    model = RidgeModel().fit(daily.iloc[:150], "SO2", 5)
    assert model.train_end <= daily.index[149]
    assert model.n_train == 150 - 5 - 0  # origins 0..144 (lag0 known from day 0)
