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
