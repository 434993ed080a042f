"""Lag, rolling and calendar features for the daily learned models.

Every feature at origin ``t`` is computed from observations on days ``≤ t`` only
(trailing windows, non-negative shifts); the calendar features describe the *target*
day ``t + lead``, which is known in advance.  Missing days stay NaN: rolling windows
need :data:`ROLLING_MIN_FRACTION` valid days, otherwise the feature is NaN.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from decision_models.forecast.constants import POLLUTANTS, ROLLING_MIN_FRACTION

LAGS: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
WINDOWS: tuple[int, ...] = (3, 7, 14, 30)
CALENDAR: tuple[str, ...] = ("doy_sin", "doy_cos", "doy_sin2", "doy_cos2", "weekday")


def _log(series: pd.Series) -> pd.Series:
    values = series.to_numpy(dtype=float)
    # NaN stays NaN (np.maximum propagates it): missing days are never filled
    return pd.Series(np.log1p(np.maximum(values, 0.0)), index=series.index)


def _rolling_mean(series: pd.Series, window: int) -> pd.Series:
    min_periods = math.ceil(ROLLING_MIN_FRACTION * window)
    return series.rolling(window, min_periods=min_periods).mean()


def make_features(daily: pd.DataFrame, pollutant: str, lead: int) -> pd.DataFrame:
    """Feature matrix for predicting ``pollutant`` at ``t + lead`` from origin ``t``.

    Parameters
    ----------
    daily : pandas.DataFrame
        Canonical daily frame (regular daily index; concentrations [µg/m³; CO mg/m³]).
    pollutant : str
        Target pollutant, one of :data:`POLLUTANTS`.
    lead : int
        Lead [days], ≥ 1.

    Returns
    -------
    pandas.DataFrame
        One row per origin day (same index as ``daily``); columns in a fixed order
        (see :func:`feature_names`).  Concentration features are ``log1p`` values.
    """
    return with_calendar(base_features(daily, pollutant), lead)


def base_features(daily: pd.DataFrame, pollutant: str) -> pd.DataFrame:
    """The lead-independent part of :func:`make_features` (lags and rolling statistics)."""
    target = _log(daily[pollutant])
    cols: dict[str, pd.Series] = {}
    for k in LAGS:
        cols[f"lag{k}"] = target.shift(k)
    for w in WINDOWS:
        cols[f"mean{w}"] = _rolling_mean(target, w)
    cols["std7"] = target.rolling(7, min_periods=math.ceil(ROLLING_MIN_FRACTION * 7)).std()
    cols["diff1"] = target - target.shift(1)
    for other in POLLUTANTS:
        if other == pollutant or other not in daily.columns:
            continue
        series = _log(daily[other])
        cols[f"{other}_lag0"] = series
        cols[f"{other}_mean3"] = _rolling_mean(series, 3)
    return pd.DataFrame(cols, index=daily.index)


def _calendar(target_day: pd.DatetimeIndex) -> np.ndarray:
    """The :data:`CALENDAR` columns of the target days (one row per day) [-]."""
    doy = 2 * np.pi * (target_day.day_of_year.to_numpy() - 1) / 365.25
    return np.column_stack(
        [
            np.sin(doy),
            np.cos(doy),
            np.sin(2 * doy),
            np.cos(2 * doy),
            target_day.day_of_week.to_numpy(dtype=float),
        ]
    )


def with_calendar(base: pd.DataFrame, lead: int) -> pd.DataFrame:
    """Append the target-day calendar features for ``lead`` [days] to :func:`base_features`."""
    calendar = _calendar(base.index + pd.Timedelta(days=lead))
    return pd.DataFrame(
        np.hstack([base.to_numpy(dtype=float), calendar]),
        index=base.index,
        columns=[*base.columns, *CALENDAR],
    )


def lead_rows(
    base: pd.DataFrame, origin: pd.Timestamp, leads: tuple[int, ...] | list[int]
) -> tuple[np.ndarray, list[str]]:
    """Feature rows at one origin for several leads, as one array.

    Row ``k`` equals ``with_calendar(base, leads[k]).loc[origin]`` value for value.

    Parameters
    ----------
    base : pandas.DataFrame
        :func:`base_features` holding the row of ``origin``.
    origin : pandas.Timestamp
        Forecast origin [day].
    leads : sequence of int
        Leads [days].

    Returns
    -------
    rows : numpy.ndarray
        Shape ``(len(leads), n_features)``.
    names : list of str
        Column names, in the order of :func:`with_calendar`.
    """
    targets = pd.DatetimeIndex([origin + pd.Timedelta(days=lead) for lead in leads])
    values = base.loc[[origin]].to_numpy(dtype=float)
    rows = np.hstack([np.repeat(values, len(targets), axis=0), _calendar(targets)])
    return rows, [*base.columns, *CALENDAR]


def feature_names(pollutant: str, pollutants: tuple[str, ...] = POLLUTANTS) -> list[str]:
    """Column names :func:`make_features` returns for ``pollutant`` [-]."""
    names = [f"lag{k}" for k in LAGS] + [f"mean{w}" for w in WINDOWS] + ["std7", "diff1"]
    for other in pollutants:
        if other != pollutant:
            names += [f"{other}_lag0", f"{other}_mean3"]
    return [*names, "doy_sin", "doy_cos", "doy_sin2", "doy_cos2", "weekday"]


def make_target(daily: pd.DataFrame, pollutant: str, lead: int) -> pd.Series:
    """Observed value at ``t + lead`` indexed by origin ``t`` [µg/m³; CO mg/m³]."""
    return daily[pollutant].shift(-lead)
