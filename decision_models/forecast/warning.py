"""Heavy-pollution warning from a forecast AQI series.

The thresholds live once, in :func:`decision_models.air_quality_eval.assess_warning`;
this module only extracts the daily AQI series from a forecast table.
"""

from __future__ import annotations

import pandas as pd

from decision_models.forecast.constants import AQI
from decision_models.forecast.errors import ModelInputError


def forecast_aqi_series(frame: pd.DataFrame) -> pd.Series:
    """Daily forecast AQI [-] indexed by target day, from :func:`forecast`-shaped output.

    Raises
    ------
    ModelInputError
        No AQI rows, several issue times or places mixed, or a NaN AQI.
    """
    rows = frame[frame["pollutant"] == AQI]
    if rows.empty:
        raise ModelInputError("forecast", "no AQI rows in the forecast table")
    for col in ("where", "issued_at"):
        if col in rows.columns and rows[col].nunique() > 1:
            raise ModelInputError("forecast", f"mixed {col} values; pass one forecast run")
    series = rows.set_index("target_date")["value"].sort_index().astype(float)
    series.index = pd.DatetimeIndex(series.index)
    if series.isna().any():
        raise ModelInputError("forecast", "AQI missing on " + str(series[series.isna()].index[0]))
    return series


def warning_from_forecast(frame: pd.DataFrame, criteria=None):
    """Heavy-pollution warning of a daily forecast via ``assess_warning``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Output of :func:`~decision_models.forecast.forecast` or
        :func:`~decision_models.forecast.baseline_forecast` (one run).
    criteria : WarningCriteria, optional
        Local thresholds (default: the 2018 national guidance), passed through.

    Returns
    -------
    WarningResult
        From :mod:`decision_models.air_quality_eval`: ``.level`` in
        none/yellow/orange/red and ``.trigger_days``.
    """
    from decision_models.air_quality_eval import assess_warning

    return assess_warning(forecast_aqi_series(frame), criteria)
