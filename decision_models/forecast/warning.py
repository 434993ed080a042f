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


def warning_conditions(result, criteria=None) -> list[dict]:
    """The conditions that fired a warning, as data (for a page to word in its language).

    Parameters
    ----------
    result : WarningResult
        From :func:`warning_from_forecast` / ``assess_warning`` with the same ``criteria``.
    criteria : WarningCriteria, optional
        The thresholds used (default: the 2018 national guidance, 环办大气函〔2018〕875号,
        air.md §6).

    Returns
    -------
    list of dict
        One dict per condition met at ``result.level``: ``{"level", "above" [AQI],
        "days" [d], "and_above" [AQI] or None, "and_days" [d] or None, "text"}`` where
        ``text`` is the reason as ``assess_warning`` words it. Empty for level "none".
    """
    from decision_models.air_quality_eval import WarningCriteria

    c = criteria or WarningCriteria()
    candidates = {
        "red": [(c.heavy, c.red_heavy_days, c.severe, c.red_severe_days)],
        "orange": [(c.heavy, c.orange_heavy_days, None, None),
                   (c.elevated, c.orange_elevated_days, None, None)],
        "yellow": [(c.heavy, c.yellow_heavy_days, None, None),
                   (c.elevated, c.yellow_elevated_days, None, None)],
    }
    out = []
    for above, days, and_above, and_days in candidates.get(result.level, []):
        text = f"AQI > {above:g} for ≥ {days} d"
        if and_above is not None:
            text += f" and > {and_above:g} for ≥ {and_days} d"
        if text in result.reasons:
            out.append({"level": result.level, "above": float(above), "days": int(days),
                        "and_above": None if and_above is None else float(and_above),
                        "and_days": None if and_days is None else int(and_days),
                        "text": text})
    if result.level != "none" and not out:
        raise ModelInputError("warning", f"unrecognised reasons {result.reasons!r}")
    return out
