"""Reference forecasters: persistence, smoothed day-of-year climatology, seasonal naive.

All share the small interface of :class:`PointModel`: ``fit`` on a daily history ending
at the training cut-off, ``predict`` point values for a set of origin days.
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
import pandas as pd


class PointModel:
    """Interface of a point forecaster for one pollutant and one lead.

    Attributes
    ----------
    name : str
        Method name used in reports and model versions.
    """

    name: ClassVar[str] = "base"
    learned: ClassVar[bool] = False

    def fit(
        self,
        daily: pd.DataFrame,
        pollutant: str,
        lead: int,
        features: pd.DataFrame | None = None,
    ) -> PointModel:
        """Fit on ``daily`` (only targets on days ≤ its last day are used).

        Parameters
        ----------
        daily : pandas.DataFrame
            Canonical daily history up to the training cut-off [µg/m³; CO mg/m³].
        pollutant : str
            Target pollutant.
        lead : int
            Lead [days].
        features : pandas.DataFrame, optional
            Pre-computed :func:`~decision_models.forecast.features.make_features` for a
            frame that *starts* like ``daily`` (it may extend beyond it; only rows whose
            target lies inside ``daily`` are used).
        """
        self.pollutant = pollutant
        self.lead = lead
        return self

    def predict(
        self,
        daily: pd.DataFrame,
        origins: pd.DatetimeIndex,
        features: pd.DataFrame | None = None,
    ) -> np.ndarray:
        """Point forecasts [µg/m³; CO mg/m³] for ``origins`` (NaN where inputs are missing)."""
        raise NotImplementedError


def _at(series: pd.Series, days: pd.DatetimeIndex) -> np.ndarray:
    return series.reindex(days).to_numpy(dtype=float)


class Persistence(PointModel):
    """Tomorrow (and every lead) equals the value on the origin day."""

    name = "persistence"

    def predict(self, daily, origins, features=None):
        return _at(daily[self.pollutant], origins)


class SeasonalNaive(PointModel):
    """The value one season earlier: ``y(t + h − m·ceil(h/m))``.

    Parameters
    ----------
    period : int
        Season length [days] (default 7: same weekday of the last observed week).
    """

    name = "seasonal_naive"

    def __init__(self, period: int = 7) -> None:
        self.period = period

    def predict(self, daily, origins, features=None):
        back = self.period * math.ceil(self.lead / self.period) - self.lead
        return _at(daily[self.pollutant], origins - pd.Timedelta(days=back))


class Climatology(PointModel):
    """Smoothed day-of-year mean of the training history.

    The mean for day-of-year ``d`` weights every training day by a circular Gaussian
    kernel of its day-of-year distance to ``d``.

    Parameters
    ----------
    sigma_days : float
        Kernel standard deviation [days].
    """

    name = "climatology"

    def __init__(self, sigma_days: float = 10.0) -> None:
        self.sigma_days = sigma_days

    def fit(self, daily, pollutant, lead, features=None):
        super().fit(daily, pollutant, lead)
        series = daily[pollutant].dropna()
        if series.empty:
            self.table = np.full(367, np.nan)
            return self
        doy = series.index.day_of_year.to_numpy()
        days = np.arange(1, 367)
        dist = np.abs(days[:, None] - doy[None, :])
        dist = np.minimum(dist, 366 - dist)
        weights = np.exp(-0.5 * (dist / self.sigma_days) ** 2)
        table = weights @ series.to_numpy() / weights.sum(axis=1)
        self.table = np.concatenate([[np.nan], table])  # index by day-of-year
        return self

    def predict(self, daily, origins, features=None):
        target = origins + pd.Timedelta(days=self.lead)
        return self.table[target.day_of_year.to_numpy()]


BASELINES: dict[str, type[PointModel]] = {
    Persistence.name: Persistence,
    Climatology.name: Climatology,
    SeasonalNaive.name: SeasonalNaive,
}
