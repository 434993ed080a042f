"""Air-quality and water-quality forecasting engines (pure: no Dash, no database).

Public API
----------
* :func:`forecast` — daily forecast (1–7 days) with intervals from the registry model.
* :func:`baseline_forecast` — same table from a labelled baseline (fallback).
* :func:`warning_from_forecast` — heavy-pollution warning via ``assess_warning``.
* :func:`nowcast` — hourly station nowcast (1–24 h).
* :func:`water_forecast`, :func:`water_backtest` — monthly section forecasts.
* :func:`run_backtest`, :func:`train`, :func:`save`, :func:`load_current`.

CLI: ``python -m decision_models.forecast {backtest,train,forecast}``.
"""

from decision_models.forecast.backtest import BacktestResult, run_backtest
from decision_models.forecast.errors import ModelInputError, ModelNotAvailable, ModelStale
from decision_models.forecast.nowcast import nowcast
from decision_models.forecast.registry import load_current, save, train
from decision_models.forecast.service import baseline_forecast, forecast
from decision_models.forecast.warning import warning_from_forecast
from decision_models.forecast.water import water_backtest, water_forecast

__all__ = [
    "BacktestResult",
    "ModelInputError",
    "ModelNotAvailable",
    "ModelStale",
    "baseline_forecast",
    "forecast",
    "load_current",
    "nowcast",
    "run_backtest",
    "save",
    "train",
    "warning_from_forecast",
    "water_backtest",
    "water_forecast",
]
