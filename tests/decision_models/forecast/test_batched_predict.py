"""Batched prediction at one origin equals the per-series predict calls it replaces.

Tolerance: baselines and gradient-boosting trees are bitwise equal (same comparisons, same
summation order). The ridge pipelines are evaluated as one stacked affine map whose dot
products may sum in another order than scikit-learn's BLAS call: relative 1e-12 (the
values are about 1–500, so that is far below any printed digit).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.pipeline import Pipeline

from decision_models.forecast import forecast, load_current, save, train
from decision_models.forecast.constants import POLLUTANTS
from decision_models.forecast.features import base_features, lead_rows, with_calendar
from decision_models.forecast.models import (
    CANDIDATES,
    _walk_trees,
    interval_bounds,
    make_model,
    predict_one_origin,
)
from tests.decision_models.forecast.synth import daily_series

ORIGIN = pd.Timestamp("2016-02-20")
LEADS = (1, 2, 3)
RIDGE_RTOL = 1e-12


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    daily = daily_series(430, start="2015-01-01")
    daily.loc[ORIGIN, "SO2"] = np.nan  # no origin value: every SO2 forecast must be NaN
    return daily


@pytest.fixture(scope="module")
def fitted(history):
    """Every candidate method, spread over pollutants × leads (hgb small to stay fast)."""
    past = history.loc[: ORIGIN - pd.Timedelta(days=10)]
    out = []
    for k, (p, lead) in enumerate((p, lead) for p in POLLUTANTS for lead in LEADS):
        method = CANDIDATES[k % len(CANDIDATES)]
        model = make_model(method)
        if method == "hgb":
            model.max_iter = 40
        out.append((p, lead, model.fit(past, p, lead)))
    return out


def _per_call(history, p, lead, model) -> float:
    """What the forecast did before: one predict call per series."""
    recent = history.loc[ORIGIN - pd.Timedelta(days=45) : ORIGIN]
    features = with_calendar(base_features(recent, p).loc[[ORIGIN]], lead)
    return model.predict(recent, pd.DatetimeIndex([ORIGIN]), features)[0]


def _rows(history, fitted):
    recent = history.loc[ORIGIN - pd.Timedelta(days=45) : ORIGIN]
    rows = []
    for p, lead, model in fitted:
        lead_features, names = lead_rows(base_features(recent, p), ORIGIN, [lead])
        order = [names.index(n) for n in getattr(model, "feature_names", names)]
        rows.append(lead_features[0][order])
    return recent, np.vstack(rows)


def test_lead_rows_equal_with_calendar(history):
    base = base_features(history, "PM2.5")
    rows, names = lead_rows(base, ORIGIN, list(LEADS))
    for k, lead in enumerate(LEADS):
        expected = with_calendar(base, lead).loc[ORIGIN]
        assert names == list(expected.index)
        np.testing.assert_array_equal(rows[k], expected.to_numpy())


def test_batched_equals_per_call(history, fitted):
    assert {type(m).__name__ for _p, _l, m in fitted} >= {
        "RidgeModel", "GradientBoostingModel", "BlendModel", "Persistence", "Climatology",
        "SeasonalNaive"}
    recent, rows = _rows(history, fitted)
    batched = predict_one_origin([m for _p, _l, m in fitted], rows, recent, ORIGIN)
    missing = 0
    for k, (p, lead, model) in enumerate(fitted):
        expected = _per_call(history, p, lead, model)
        if np.isnan(expected):  # SO2 without its origin value (climatology still answers)
            missing += 1
            assert np.isnan(batched[k]), (p, lead, model.name)
        elif model.name in ("ridge", "blend"):
            assert batched[k] == pytest.approx(expected, rel=RIDGE_RTOL, abs=0), (p, lead)
        else:
            assert batched[k] == expected, (p, lead, model.name)
    assert missing >= 1


def test_tree_walk_is_bitwise_equal_with_missing_values(history, fitted):
    members = [m for _p, _l, m in fitted if m.name == "hgb"]
    members += [m.members[1] for _p, _l, m in fitted if m.name == "blend"]
    rng = np.random.default_rng(7)
    rows = rng.normal(3.0, 1.0, size=(len(members), len(members[0].feature_names)))
    rows[rng.random(rows.shape) < 0.2] = np.nan  # NaN follows missing_go_to_left
    walked = _walk_trees(members, rows)
    expected = [m.estimator.predict(rows[i : i + 1])[0] for i, m in enumerate(members)]
    np.testing.assert_array_equal(walked, expected)


def test_interval_bounds_equal_per_series(history):
    from decision_models.forecast.models import ResidualInterval

    intervals = [ResidualInterval(-0.3 - k / 10, 0.2 + k / 7, 0.9, 50) for k in range(5)]
    points = np.array([0.0, 3.5, 48.2, 310.0, np.nan])
    low, high = interval_bounds(intervals, points)
    for k, iv in enumerate(intervals):
        lo, hi = iv.bounds(points[k : k + 1])
        np.testing.assert_array_equal([low[k], high[k]], [lo[0], hi[0]])


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory, history):
    root = tmp_path_factory.mktemp("models")
    clean = history.copy()
    clean.loc[ORIGIN, "SO2"] = 12.0
    bundle = train(clean, "340100", leads=LEADS, val_months=3, refit_every_days=None,
                   methods=("persistence", "ridge", "blend"))
    save(bundle, root)
    return root, clean


def test_forecast_makes_no_per_series_predict_call(models_dir, monkeypatch):
    """The forecast evaluates learned models in batch: no scikit-learn predict per series,
    and its values and bounds are the per-call ones."""
    root, clean = models_dir
    calls = []
    for cls in (Pipeline, HistGradientBoostingRegressor):
        original = cls.predict

        def spy(self, X, *args, _original=original, **kwargs):
            calls.append(type(self).__name__)
            return _original(self, X, *args, **kwargs)

        monkeypatch.setattr(cls, "predict", spy)
    out = forecast("340100", ORIGIN, horizon_days=3, models_dir=root, history=clean)
    assert calls == []
    monkeypatch.undo()
    bundle = load_current("340100", root)
    learned = 0
    for p in POLLUTANTS:
        for lead in LEADS:
            series = bundle.series[(p, lead)]
            learned += series.method != "persistence"
            value = _per_call(clean, p, lead, series.model)
            low, high = series.interval.bounds(np.array([value]))
            row = out[(out["pollutant"] == p) & (out["lead_days"] == lead)].iloc[0]
            assert row["value"] == pytest.approx(value, rel=RIDGE_RTOL, abs=0)
            assert row["lower"] == pytest.approx(low[0], rel=RIDGE_RTOL, abs=0)
            assert row["upper"] == pytest.approx(high[0], rel=RIDGE_RTOL, abs=0)
    assert learned > 0  # the spy saw a forecast that had learned models to call
