"""Hourly nowcast (next 1–24 h) at monitoring stations from hourly data.

Methods (all baselines; 14 days of hourly data do not support a learned model):

* ``persistence`` — the value of the issue hour.
* ``seasonal_naive`` — the value 24 h before the target hour.
* ``diurnal`` — mean of the same clock hour over the last 7 days (≥ 3 valid values).
* ``persistence_diurnal`` — persistence plus the diurnal-profile change between the issue
  hour and the target hour (the default).

Gaps are never filled: a pollutant whose inputs are missing (e.g. no valid value at
the issue hour for persistence) gets NaN values, and the AQI of such hours is NaN
(no partial AQI).  An issue hour with no valid value at all raises an error.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from decision_models.forecast.aqi_link import aqi_of_concentrations
from decision_models.forecast.constants import AQI, HOURLY_POLLUTANTS, UNITS
from decision_models.forecast.data import load_station_hourly, station_hourly
from decision_models.forecast.errors import ModelInputError
from decision_models.forecast.service import check_where

NOWCAST_METHODS: tuple[str, ...] = (
    "persistence",
    "seasonal_naive",
    "diurnal",
    "persistence_diurnal",
)
MAX_HOURS = 24


def diurnal_profile(series: pd.Series, origin: pd.Timestamp, days: int = 7) -> pd.Series:
    """Mean by clock hour over the ``days`` days ending at ``origin`` [unit of series].

    Hours with fewer than 3 valid values are NaN.
    """
    window = series.loc[origin - pd.Timedelta(days=days) + pd.Timedelta(hours=1) : origin]
    grouped = window.groupby(window.index.hour)
    return grouped.mean().where(grouped.count() >= 3).reindex(range(24))


def hourly_point(series: pd.Series, origin: pd.Timestamp, hours: int, method: str) -> np.ndarray:
    """Point nowcast of one hourly series for leads 1..``hours`` [unit of series].

    Returns NaN where the method's inputs are missing.
    """
    if method not in NOWCAST_METHODS:
        raise ModelInputError("method", f"unknown nowcast method {method!r}; use {NOWCAST_METHODS}")
    leads = np.arange(1, hours + 1)
    targets = origin + pd.to_timedelta(leads, unit="h")
    now = series.get(origin, np.nan)
    if method == "persistence":
        return np.full(hours, now, dtype=float)
    if method == "seasonal_naive":
        return series.reindex(targets - pd.Timedelta(hours=24)).to_numpy(dtype=float)
    profile = diurnal_profile(series, origin)
    clim = profile.reindex(targets.hour).to_numpy(dtype=float)
    if method == "diurnal":
        return clim
    adjusted = now + clim - profile.get(origin.hour, np.nan)
    return np.maximum(adjusted, 0.0)


def nowcast(
    station: str,
    issued_at,
    hours: int = 24,
    method: str = "persistence_diurnal",
    history: pd.DataFrame | None = None,
    standard: str | None = None,
) -> pd.DataFrame:
    """Hourly nowcast at a station for the next ``hours`` hours.

    Parameters
    ----------
    station : str
        Station code, e.g. ``"1270A"``.
    issued_at : datetime-like
        Issue hour (hour-beginning timestamp of the last known value).
    hours : int
        Horizon [h], 1–24.
    method : str
        One of :data:`NOWCAST_METHODS`.
    history : pandas.DataFrame, optional
        Long hourly frame like :func:`~decision_models.forecast.data.load_station_hourly`
        (default: the Hefei 2020 sample).
    standard : str, optional
        AQI standard; default by date.

    Returns
    -------
    pandas.DataFrame
        ``station, issued_at, target_time, lead_hours, pollutant, value, unit, level,
        method, model_version`` with a real-time ``AQI`` row (1-h report) per hour.

    Raises
    ------
    ModelInputError
        Unknown station, horizon outside 1–24, unknown method, issue hour outside the
        data or without any valid value.
    """
    check_where(station)
    if (
        isinstance(hours, bool)
        or not isinstance(hours, int | np.integer)
        or not 1 <= hours <= MAX_HOURS
    ):
        raise ModelInputError("hours", f"must be an integer in 1–{MAX_HOURS}, got {hours!r}")
    hourly = station_hourly(load_station_hourly() if history is None else history, station)
    origin = pd.Timestamp(issued_at).floor("h")
    if origin < hourly.index[0] or origin > hourly.index[-1]:
        raise ModelInputError(
            "issued_at", f"{origin} outside the hourly data ({hourly.index[0]}..{hourly.index[-1]})"
        )
    targets = origin + pd.to_timedelta(np.arange(1, hours + 1), unit="h")
    if hourly.loc[origin].isna().all():
        raise ModelInputError("history", f"no valid value at the issue hour {origin}")
    values = {p: hourly_point(hourly[p], origin, hours, method) for p in HOURLY_POLLUTANTS}
    wide = pd.DataFrame(values, index=targets)
    res = aqi_of_concentrations(wide, standard, targets, period="1h")
    rows = []
    for lead, t in enumerate(targets, start=1):
        for p in HOURLY_POLLUTANTS:
            rows.append(
                (
                    t,
                    lead,
                    p,
                    wide.at[t, p],
                    UNITS[p],
                    res.at[t, f"level_{p}"] if f"level_{p}" in res.columns else np.nan,
                )
            )
        rows.append((t, lead, AQI, res.at[t, "aqi"], UNITS[AQI], res.at[t, "level"]))
    out = pd.DataFrame(
        rows, columns=["target_time", "lead_hours", "pollutant", "value", "unit", "level"]
    )
    out.insert(0, "issued_at", origin)
    out.insert(0, "station", station)
    out["method"] = method
    out["model_version"] = f"baseline:{method}"
    return out


def nowcast_backtest(history: pd.DataFrame | None = None, hours: int = MAX_HOURS) -> pd.DataFrame:
    """RMSE [µg/m³; CO mg/m³] of each method by lead over every valid origin of every station.

    Returns
    -------
    pandas.DataFrame
        ``pollutant, lead_hours, method, n, rmse``.
    """
    long = load_station_hourly() if history is None else history
    errors: dict[tuple[str, int, str], list[float]] = {}
    for station in sorted(set(long["station"].astype(str))):
        hourly = station_hourly(long, station)
        for origin in hourly.index[24 * 3 :]:
            for p in HOURLY_POLLUTANTS:
                if np.isnan(hourly.at[origin, p]):
                    continue
                obs = hourly[p].reindex(origin + pd.to_timedelta(np.arange(1, hours + 1), unit="h"))
                for method in NOWCAST_METHODS:
                    err = hourly_point(hourly[p], origin, hours, method) - obs.to_numpy()
                    for lead in np.flatnonzero(np.isfinite(err)):
                        errors.setdefault((p, lead + 1, method), []).append(err[lead] ** 2)
    rows = [
        {
            "pollutant": p,
            "lead_hours": lead,
            "method": m,
            "n": len(v),
            "rmse": float(np.sqrt(np.mean(v))),
        }
        for (p, lead, m), v in errors.items()
    ]
    return pd.DataFrame(rows).sort_values(["pollutant", "lead_hours", "method"], ignore_index=True)
