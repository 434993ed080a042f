"""Learned point forecasters (ridge regression, gradient boosting) and residual intervals.

Both learned models predict ``log1p`` of the target concentration from the features of
:mod:`decision_models.forecast.features` and are back-transformed with a smearing factor
(Duan) estimated on their training residuals.  Prediction intervals of *every* method
(learned or baseline) come from empirical quantiles of out-of-sample ``log1p`` residuals
(:class:`ResidualInterval`), i.e. a split-conformal style residual bootstrap.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import ThreadpoolController

from decision_models.forecast.baselines import BASELINES, PointModel
from decision_models.forecast.errors import ModelInputError
from decision_models.forecast.features import make_features, make_target


@functools.cache
def _controller() -> ThreadpoolController:
    """One thread-pool controller per process (library discovery is slow)."""
    return ThreadpoolController()


def one_thread():
    """Context manager limiting BLAS/OpenMP pools to one thread (shared, busy hosts)."""
    return _controller().limit(limits=1)


class _LearnedModel(PointModel):
    learned = True

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def _estimator(self):
        raise NotImplementedError

    def fit(self, daily, pollutant, lead, features=None):
        super().fit(daily, pollutant, lead)
        if features is None:
            features = make_features(daily, pollutant, lead)
        cutoff = daily.index[-1] - pd.Timedelta(days=lead)
        X = features.loc[daily.index[0] : cutoff]
        y = make_target(daily, pollutant, lead).reindex(X.index)
        keep = y.notna().to_numpy() & X["lag0"].notna().to_numpy()
        if keep.sum() < 30:
            raise ModelInputError("history", f"{pollutant}: fewer than 30 training rows")
        self.feature_names = list(X.columns)
        y_log = np.log1p(y.to_numpy()[keep].clip(min=0))
        with one_thread():
            self.estimator = self._estimator().fit(X.to_numpy()[keep], y_log)
            fitted = self.estimator.predict(X.to_numpy()[keep])
        self.smearing = float(np.mean(np.exp(y_log - fitted)))
        self.train_start = X.index[keep][0]
        self.train_end = X.index[keep][-1] + pd.Timedelta(days=lead)
        self.n_train = int(keep.sum())
        return self

    def predict(self, daily, origins, features=None):
        if features is None:
            features = make_features(daily, self.pollutant, self.lead)
        X = features.reindex(origins)[self.feature_names].to_numpy()
        out = np.full(len(origins), np.nan)
        ok = ~np.isnan(X[:, 0])  # lag0: the origin value must be known
        if ok.any():
            with one_thread():
                pred = self.estimator.predict(X[ok])
            out[ok] = np.maximum(np.exp(pred) * self.smearing - 1.0, 0.0)
        return out


class RidgeModel(_LearnedModel):
    """Ridge regression on standardised features (median-imputed inside the pipeline)."""

    name = "ridge"

    def __init__(self, seed: int = 0, alpha: float = 3.0) -> None:
        super().__init__(seed)
        self.alpha = alpha

    def _estimator(self):
        return make_pipeline(
            SimpleImputer(strategy="median", keep_empty_features=True),
            StandardScaler(),
            Ridge(alpha=self.alpha),
        )


class GradientBoostingModel(_LearnedModel):
    """``HistGradientBoostingRegressor`` (native NaN handling, one thread, fixed seed)."""

    name = "hgb"

    def __init__(self, seed: int = 0, max_iter: int = 150) -> None:
        super().__init__(seed)
        self.max_iter = max_iter

    def _estimator(self):
        return HistGradientBoostingRegressor(
            max_iter=self.max_iter,
            learning_rate=0.05,
            max_leaf_nodes=15,
            min_samples_leaf=20,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=self.seed,
        )


class BlendModel(PointModel):
    """Equal-weight average of :class:`RidgeModel` and :class:`GradientBoostingModel`."""

    name = "blend"
    learned = True
    parts: tuple[str, ...] = ("ridge", "hgb")

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def fit(self, daily, pollutant, lead, features=None):
        super().fit(daily, pollutant, lead)
        self.members = [
            RidgeModel(self.seed).fit(daily, pollutant, lead, features),
            GradientBoostingModel(self.seed).fit(daily, pollutant, lead, features),
        ]
        self.feature_names = self.members[0].feature_names
        self.train_start = self.members[0].train_start
        self.train_end = self.members[0].train_end
        self.n_train = self.members[0].n_train
        return self

    def predict(self, daily, origins, features=None):
        return np.mean([m.predict(daily, origins, features) for m in self.members], axis=0)


def _affine(model: _LearnedModel) -> tuple[np.ndarray, ...] | None:
    """``(fill, mean, scale, coef, intercept)`` of an impute → standardise → ridge pipeline.

    The pipeline's ``log1p`` prediction of a row ``x`` is
    ``((where(isnan(x), fill, x) − mean) / scale) · coef + intercept``. None for any other
    estimator (it is then predicted by its own ``predict``).
    """
    estimator = getattr(model, "estimator", None)
    steps = getattr(estimator, "steps", None)
    if not steps or [type(step) for _n, step in steps] != [SimpleImputer, StandardScaler, Ridge]:
        return None
    imputer, scaler, ridge = (step for _n, step in steps)
    fill = np.asarray(imputer.statistics_, dtype=float).copy()
    if np.isnan(fill).any():
        if not imputer.keep_empty_features:
            return None  # empty columns would be dropped: not a plain affine map
        fill[np.isnan(fill)] = 0.0  # sklearn imputes kept empty features with 0
    if np.ndim(ridge.coef_) != 1 or not (scaler.with_mean and scaler.with_std):
        return None
    return fill, scaler.mean_, scaler.scale_, ridge.coef_, np.float64(ridge.intercept_)


def _tree_tables(model: _LearnedModel) -> list[np.ndarray] | None:
    """The node tables of a plain numeric least-squares gradient-boosting model, else None.

    Reads scikit-learn's fitted predictors (``_predictors[i][0].nodes``); anything else
    (categorical splits, several trees per iteration, another loss, another version's
    layout) returns None and the model is predicted by its own ``predict``.
    """
    estimator = getattr(model, "estimator", None)
    if not isinstance(estimator, HistGradientBoostingRegressor):
        return None
    try:
        if estimator.n_trees_per_iteration_ != 1 or estimator.loss != "squared_error" or \
                estimator.is_categorical_ is not None:
            return None
        tables = [predictors[0].nodes for predictors in estimator._predictors]
    except AttributeError:
        return None
    fields = {"value", "feature_idx", "num_threshold", "missing_go_to_left", "left", "right",
              "is_leaf", "is_categorical"}
    if not tables or any(not fields <= set(t.dtype.names or ()) or t["is_categorical"].any()
                         for t in tables):
        return None
    return tables


def _walk_trees(members: list[_LearnedModel], rows: np.ndarray) -> np.ndarray:
    """Raw (``log1p``) predictions of gradient-boosting models, one row each, with every
    tree of every model walked together (one numpy step per tree level).

    Same decisions as scikit-learn's predictor (``x <= threshold`` goes left, NaN follows
    ``missing_go_to_left``) and the same sum: the baseline, then each tree's leaf value
    added in tree order (a cumulative sum, not a pairwise one).
    """
    tables, owner, offsets = [], [], []
    start = 0
    for m, member in enumerate(members):
        for table in _tree_tables(member) or []:
            tables.append(table)
            owner.append(m)
            offsets.append(start)
            start += len(table)
    nodes = np.empty(start, dtype=tables[0].dtype)  # (np.concatenate of records is slow)
    for table, first in zip(tables, offsets, strict=True):
        nodes[first : first + len(table)] = table
    offset = np.asarray(offsets, dtype=np.int64)
    x = rows[owner]  # the feature row of each tree's model
    at = offset.copy()  # current node of each tree (global index)
    line = np.arange(len(at))
    for _ in range(len(nodes)):
        inner = nodes["is_leaf"][at] == 0
        if not inner.any():
            break
        node = nodes[at[inner]]
        value = x[line[inner], node["feature_idx"]]
        left = np.where(np.isnan(value), node["missing_go_to_left"] == 1,
                        value <= node["num_threshold"])
        child = np.where(left, node["left"], node["right"]).astype(np.int64)
        at[inner] = offset[inner] + child
    leaves = nodes["value"][at]
    owner_arr = np.asarray(owner)
    out = np.empty(len(members))
    for m, member in enumerate(members):
        baseline = np.asarray(member.estimator._baseline_prediction, dtype=float).ravel()
        out[m] = np.cumsum(np.concatenate([baseline, leaves[owner_arr == m]]))[-1]
    return out


def predict_one_origin(
    models: list[PointModel], rows: np.ndarray, daily: pd.DataFrame, origin: pd.Timestamp
) -> np.ndarray:
    """Point forecasts of several fitted forecasters at one origin, in few batched calls.

    Equal to ``[m.predict(daily, [origin], features_i)[0] for m in models]`` up to float
    rounding of the ridge dot products (relative 1e-12; ``tests/decision_models/forecast``
    checks it). The ridge pipelines are evaluated together as one stacked affine map
    (impute → standardise → dot); the trees of all gradient-boosting members are walked
    together (:func:`_walk_trees`); baselines use ``daily``.

    Parameters
    ----------
    models : list of PointModel
        Fitted forecasters (any of :data:`CANDIDATES`).
    rows : numpy.ndarray
        Shape ``(len(models), n_features)``: row ``i`` is the feature row of ``models[i]``
        at ``origin`` in the order of its ``feature_names`` (ignored for baselines).
    daily : pandas.DataFrame
        Daily history up to ``origin`` [µg/m³; CO mg/m³] (for the baselines).
    origin : pandas.Timestamp
        Forecast origin.

    Returns
    -------
    numpy.ndarray
        One point forecast per model [µg/m³; CO mg/m³]; NaN where the origin value is
        missing.
    """
    rows = np.asarray(rows, dtype=float)
    out = np.full(len(models), np.nan)
    parts: list[tuple[int, _LearnedModel]] = []
    for i, model in enumerate(models):
        if isinstance(model, BlendModel):
            parts += [(i, member) for member in model.members]
        elif isinstance(model, _LearnedModel):
            parts.append((i, model))
        else:
            out[i] = model.predict(daily, pd.DatetimeIndex([origin]))[0]
    log_pred = np.full(len(parts), np.nan)
    affine = [(k, _affine(member)) for k, (_i, member) in enumerate(parts)]
    linear = [(k, a) for k, a in affine if a is not None]
    if linear:
        index = [k for k, _a in linear]
        x = rows[[parts[k][0] for k in index]]
        fill, mean, scale, coef = (np.vstack([a[j] for _k, a in linear]) for j in range(4))
        intercept = np.array([a[4] for _k, a in linear])
        z = (np.where(np.isnan(x), fill, x) - mean) / scale
        log_pred[index] = np.einsum("ij,ij->i", z, coef) + intercept
    others = [k for k, a in affine if a is None]
    trees = [k for k in others if _tree_tables(parts[k][1]) is not None]
    if trees:
        log_pred[trees] = _walk_trees([parts[k][1] for k in trees],
                                      rows[[parts[k][0] for k in trees]])
    rest = [k for k in others if k not in trees]
    if rest:
        with one_thread():
            for k in rest:
                i, member = parts[k]
                log_pred[k] = member.estimator.predict(rows[i : i + 1])[0]
    values = np.maximum(np.exp(log_pred) * np.array([m.smearing for _i, m in parts]) - 1.0, 0.0)
    values[np.isnan(rows[[i for i, _m in parts], 0])] = np.nan  # lag0 unknown: no forecast
    by_model: dict[int, list[float]] = {}
    for (i, _member), value in zip(parts, values, strict=True):
        by_model.setdefault(i, []).append(value)
    for i, member_values in by_model.items():
        out[i] = np.mean(np.array(member_values)) if isinstance(models[i], BlendModel) \
            else member_values[0]
    return out


LEARNED: dict[str, type[PointModel]] = {
    RidgeModel.name: RidgeModel,
    GradientBoostingModel.name: GradientBoostingModel,
    BlendModel.name: BlendModel,
}
CANDIDATES: tuple[str, ...] = (*BASELINES, *LEARNED)


def make_model(name: str, seed: int = 0) -> PointModel:
    """A fresh, unfitted forecaster by method name (see :data:`CANDIDATES`)."""
    if name in LEARNED:
        return LEARNED[name](seed=seed)
    if name in BASELINES:
        return BASELINES[name]()
    raise ModelInputError("method", f"unknown method {name!r}; known: {list(CANDIDATES)}")


@dataclass(frozen=True)
class ResidualInterval:
    """Central prediction interval from out-of-sample ``log1p`` residual quantiles.

    Attributes
    ----------
    low, high : float
        Residual quantiles [log1p units] added to ``log1p(point)``.
    coverage : float
        Nominal central probability [-].
    n : int
        Number of calibration residuals.
    """

    low: float
    high: float
    coverage: float
    n: int

    @classmethod
    def calibrate(
        cls, observed: np.ndarray, predicted: np.ndarray, coverage: float
    ) -> ResidualInterval:
        """Quantiles of ``log1p(observed) − log1p(predicted)`` over finite pairs."""
        if not 0 < coverage < 1:
            raise ModelInputError("interval", f"coverage must be in (0, 1), got {coverage}")
        ok = np.isfinite(observed) & np.isfinite(predicted)
        if ok.sum() < 10:
            raise ModelInputError("calibration", "fewer than 10 residuals to calibrate intervals")
        resid = np.log1p(observed[ok].clip(min=0)) - np.log1p(predicted[ok].clip(min=0))
        alpha = (1 - coverage) / 2
        low, high = np.quantile(resid, [alpha, 1 - alpha])
        return cls(float(low), float(high), coverage, int(ok.sum()))

    def bounds(self, point: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds [same unit as ``point``]."""
        base = np.log1p(np.asarray(point, dtype=float).clip(min=0))
        return np.expm1(base + self.low).clip(min=0), np.expm1(base + self.high)


def interval_bounds(
    intervals: list[ResidualInterval], points: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:meth:`ResidualInterval.bounds` of many series at once (``points[i]`` with
    ``intervals[i]``); element for element the same arithmetic [unit of ``points``]."""
    low = np.array([iv.low for iv in intervals])
    high = np.array([iv.high for iv in intervals])
    base = np.log1p(np.asarray(points, dtype=float).clip(min=0))
    return np.expm1(base + low).clip(min=0), np.expm1(base + high)
