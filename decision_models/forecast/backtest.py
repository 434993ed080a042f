"""Rolling-origin backtest of the daily forecasters on the last months of a series.

Discipline
----------
* **Test window** = the last ``test_months`` of the series; **validation window** = the
  ``val_months`` before it.  Each lead's method (per pollutant) is chosen by validation
  RMSE only; the test window is scored afterwards, for every method and for the
  selected one.
* Every forecast is made by a model fitted on data up to its block's first origin
  (blocks of ``refit_every_days``); intervals are calibrated on validation residuals.
* AQI forecasts are computed from the forecast concentrations with the standards engine;
  the observed AQI is computed the same way from the observed concentrations (the
  published city AQI aggregates stations and is not a reference, air.md §1.3).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pandas.tseries.offsets import DateOffset

from decision_models.forecast.aqi_link import aqi_of_concentrations
from decision_models.forecast.constants import (
    AQI,
    DEFAULT_INTERVAL,
    HISTORICAL_STANDARD,
    LEADS,
    POLLUTANTS,
)
from decision_models.forecast.errors import ModelInputError
from decision_models.forecast.features import make_features
from decision_models.forecast.metrics import bias, coverage, hit_rate, mae, rmse, skill
from decision_models.forecast.models import CANDIDATES
from decision_models.forecast.rolling import Selection, rolling_predictions, select_method

SELECTED = "selected"


@dataclass
class BacktestResult:
    """Everything a backtest produced.

    Attributes
    ----------
    predictions : pandas.DataFrame
        Long test-window table: ``pollutant, lead, origin, target_date, method, value,
        lower, upper, observed, level, observed_level`` (AQI rows included).
    selection : pandas.DataFrame
        ``pollutant, lead, selected`` and the validation RMSE of every method.
    metrics : pandas.DataFrame
        Per ``pollutant, lead, method``: ``n, rmse, mae, bias, hit_rate, coverage,
        skill_vs_persistence, skill_vs_climatology`` on the test window.
    config : dict
        Windows, methods, refit interval, seed, standard, run time [s].
    """

    predictions: pd.DataFrame
    selection: pd.DataFrame
    metrics: pd.DataFrame
    config: dict = field(default_factory=dict)


def windows(
    index: pd.DatetimeIndex, test_months: int, val_months: int
) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]:
    """``(val_start, test_start, end)`` days of the two evaluation windows."""
    end = index[-1]
    test_start = end - DateOffset(months=test_months) + pd.Timedelta(days=1)
    val_start = test_start - DateOffset(months=val_months)
    if val_start - pd.Timedelta(days=60) < index[0]:
        raise ModelInputError(
            "history", "too short: need ≥ 60 training days before the validation window"
        )
    return pd.Timestamp(val_start), pd.Timestamp(test_start), end


def run_backtest(
    daily: pd.DataFrame,
    pollutants: tuple[str, ...] = POLLUTANTS,
    leads: tuple[int, ...] = LEADS,
    methods: tuple[str, ...] = CANDIDATES,
    test_months: int = 12,
    val_months: int = 12,
    refit_every_days: int | None = 91,
    interval: float = DEFAULT_INTERVAL,
    seed: int = 0,
    standard: str | None = HISTORICAL_STANDARD,
) -> BacktestResult:
    """Rolling-origin backtest (see module docstring).

    Parameters
    ----------
    daily : pandas.DataFrame
        Canonical daily frame [µg/m³; CO mg/m³].
    pollutants, leads, methods
        What to evaluate (leads in days).  AQI is added when all six pollutants are run.
    test_months, val_months : int
        Window lengths [months].
    refit_every_days : int or None
        Refit interval inside each window [days].
    interval : float
        Nominal central prediction-interval probability [-].
    seed : int
        Seed of the learned models.
    standard : str or None
        AQI standard; None chooses it per target date.
    """
    if "persistence" not in methods or "climatology" not in methods:
        raise ModelInputError("methods", "persistence and climatology are needed as references")
    t0 = time.perf_counter()
    val_start, test_start, end = windows(daily.index, test_months, val_months)
    one = pd.Timedelta(days=1)
    rows, sel_rows = [], []
    for pollutant in pollutants:
        for lead in leads:
            step = pd.Timedelta(days=lead)
            features = make_features(daily, pollutant, lead)
            val_origins = pd.date_range(val_start - one, test_start - one - step, freq="D")
            test_origins = pd.date_range(test_start - one, end - step, freq="D")
            val = rolling_predictions(
                daily, pollutant, lead, val_origins, methods, refit_every_days, seed, features
            )
            sel = select_method(val, interval)
            sel_rows.append(_selection_row(pollutant, lead, sel))
            test = rolling_predictions(
                daily, pollutant, lead, test_origins, methods, refit_every_days, seed, features
            )
            rows.append(_long(test, pollutant, lead, sel))
    predictions = pd.concat(rows, ignore_index=True)
    if set(POLLUTANTS) <= set(pollutants):
        predictions = pd.concat([predictions, _aqi_rows(predictions, standard)], ignore_index=True)
    predictions = _add_levels(predictions, standard)
    metrics = score(predictions)
    config = {
        "series_start": str(daily.index[0].date()),
        "val_start": str(val_start.date()),
        "test_start": str(test_start.date()),
        "end": str(end.date()),
        "methods": list(methods),
        "refit_every_days": refit_every_days,
        "interval": interval,
        "seed": seed,
        "standard": standard,
        "runtime_s": round(time.perf_counter() - t0, 1),
    }
    return BacktestResult(predictions, pd.DataFrame(sel_rows), metrics, config)


def _selection_row(pollutant: str, lead: int, sel: Selection) -> dict:
    row: dict = {"pollutant": pollutant, "lead": lead, "selected": sel.method}
    for name, s in sel.scores.items():
        row[f"val_rmse_{name}"] = s["rmse"]
    return row


def _long(test: pd.DataFrame, pollutant: str, lead: int, sel: Selection) -> pd.DataFrame:
    frames = []
    methods = [c for c in test.columns if c != "observed"]
    for name in [*methods, SELECTED]:
        source = sel.method if name == SELECTED else name
        value = test[source].to_numpy()
        lower = upper = np.full(len(value), np.nan)
        if source in sel.intervals:
            lower, upper = sel.intervals[source].bounds(value)
        frames.append(
            pd.DataFrame(
                {
                    "pollutant": pollutant,
                    "lead": lead,
                    "origin": test.index,
                    "target_date": test.index + pd.Timedelta(days=lead),
                    "method": name,
                    "source_method": source,
                    "value": value,
                    "lower": lower,
                    "upper": upper,
                    "observed": test["observed"].to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _aqi_rows(pred: pd.DataFrame, standard: str | None) -> pd.DataFrame:
    """AQI rows per (method, lead, origin) from the six forecast concentrations."""
    frames = []
    for (method, lead), grp in pred.groupby(["method", "lead"], sort=False):
        wide = {
            col: grp.pivot(index="origin", columns="pollutant", values=col)[list(POLLUTANTS)]
            for col in ("value", "lower", "upper", "observed")
        }
        target = wide["value"].index + pd.Timedelta(days=int(lead))
        res = {
            col: aqi_of_concentrations(w.set_axis(target), standard=standard, when=target)[
                "aqi"
            ].to_numpy()
            for col, w in wide.items()
        }
        sources = grp.drop_duplicates("pollutant").set_index("pollutant")["source_method"]
        frames.append(
            pd.DataFrame(
                {
                    "pollutant": AQI,
                    "lead": lead,
                    "origin": wide["value"].index,
                    "target_date": target,
                    "method": method,
                    "source_method": "+".join(sorted(set(sources))),
                    **res,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _add_levels(pred: pd.DataFrame, standard: str | None) -> pd.DataFrame:
    """Forecast and observed levels: AQI level for AQI rows, IAQI level otherwise."""
    from decision_models.aqi import level_of_array

    pred = pred.copy()
    pred["level"] = np.nan
    pred["observed_level"] = np.nan
    is_aqi = (pred["pollutant"] == AQI).to_numpy()
    for col, out in (("value", "level"), ("observed", "observed_level")):
        lv = level_of_array(pred.loc[is_aqi, col].to_numpy(dtype=float)).astype(float)
        lv[lv == 0] = np.nan
        pred.loc[is_aqi, out] = lv
        for pollutant in pred.loc[~is_aqi, "pollutant"].unique():
            mask = (pred["pollutant"] == pollutant).to_numpy()
            conc = pd.DataFrame({pollutant: pred.loc[mask, col].to_numpy(dtype=float)})
            when = pd.DatetimeIndex(pred.loc[mask, "target_date"])
            res = aqi_of_concentrations(conc, standard=standard, when=when)
            pred.loc[mask, out] = res[f"level_{pollutant}"].to_numpy()
    return pred


def score(predictions: pd.DataFrame) -> pd.DataFrame:
    """Test-window scores per pollutant, lead and method (see :class:`BacktestResult`)."""
    rows = []
    for (pollutant, lead, method), g in predictions.groupby(
        ["pollutant", "lead", "method"], sort=False
    ):
        obs, val = g["observed"].to_numpy(float), g["value"].to_numpy(float)
        rows.append(
            {
                "pollutant": pollutant,
                "lead": lead,
                "method": method,
                "source_method": g["source_method"].iloc[0],
                "n": int((np.isfinite(obs) & np.isfinite(val)).sum()),
                "rmse": rmse(obs, val),
                "mae": mae(obs, val),
                "bias": bias(obs, val),
                "hit_rate": hit_rate(g["observed_level"], g["level"]),
                "coverage": coverage(obs, g["lower"], g["upper"]),
            }
        )
    out = pd.DataFrame(rows)
    ref = out.set_index(["pollutant", "lead", "method"])["rmse"]
    for base in ("persistence", "climatology"):
        refs = [
            ref.get((p, ld, base), np.nan)
            for p, ld in zip(out["pollutant"], out["lead"], strict=False)
        ]
        out[f"skill_vs_{base}"] = [skill(s, r) for s, r in zip(out["rmse"], refs, strict=False)]
    return out
