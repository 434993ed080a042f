"""Rolling-origin predictions and validation-based method selection.

For an evaluation window the origins are split into blocks of ``refit_every_days``; the
model used in a block is fitted on the history up to (and including) the block's first
origin, so every forecast uses only data available at its issue date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from decision_models.forecast.constants import DEFAULT_INTERVAL
from decision_models.forecast.errors import ModelInputError
from decision_models.forecast.features import make_features, make_target
from decision_models.forecast.metrics import bias, mae, rmse
from decision_models.forecast.models import CANDIDATES, BlendModel, ResidualInterval, make_model


def rolling_predictions(
    daily: pd.DataFrame,
    pollutant: str,
    lead: int,
    origins: pd.DatetimeIndex,
    methods: tuple[str, ...] = CANDIDATES,
    refit_every_days: int | None = 91,
    seed: int = 0,
    features: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Point forecasts of every method for every origin, refitted block by block.

    Parameters
    ----------
    daily : pandas.DataFrame
        Canonical daily frame covering the origins and their targets [µg/m³; CO mg/m³].
    pollutant : str
        Target pollutant.
    lead : int
        Lead [days].
    origins : pandas.DatetimeIndex
        Sorted origin days.
    methods : tuple of str
        Methods to run (``"blend"`` is the mean of ``"ridge"`` and ``"hgb"``; both are run).
    refit_every_days : int or None
        Block length [days]; ``None`` fits once at the first origin.
    seed : int
        Random seed of the learned models.
    features : pandas.DataFrame, optional
        Pre-computed features of ``daily`` for (pollutant, lead).

    Returns
    -------
    pandas.DataFrame
        Index = origins; one column per method plus ``observed`` (value at origin + lead).
    """
    if len(origins) == 0:
        raise ModelInputError("origins", "no origins in the evaluation window")
    if features is None:
        features = make_features(daily, pollutant, lead)
    run = list(dict.fromkeys(m for name in methods for m in _expand(name)))
    out = pd.DataFrame(index=origins, columns=run, dtype=float)
    step = pd.Timedelta(days=refit_every_days) if refit_every_days else None
    block_start = origins[0]
    while block_start <= origins[-1]:
        block_end = block_start + step if step is not None else origins[-1] + pd.Timedelta(days=1)
        block = origins[(origins >= block_start) & (origins < block_end)]
        history = daily.loc[:block_start]
        for name in run:
            model = make_model(name, seed).fit(history, pollutant, lead, features)
            out.loc[block, name] = model.predict(daily, block, features)
        block_start = block_end
    if "blend" in methods:
        out["blend"] = out[list(BlendModel.parts)].mean(axis=1, skipna=False)
    out = out[list(methods)]
    out["observed"] = make_target(daily, pollutant, lead).reindex(origins).to_numpy()
    return out


def _expand(name: str) -> tuple[str, ...]:
    return BlendModel.parts if name == "blend" else (name,)


@dataclass
class Selection:
    """The method chosen for one pollutant and lead on the validation window.

    Attributes
    ----------
    method : str
        Lowest validation RMSE.
    scores : dict
        ``{method: {"rmse", "mae", "bias", "n"}}`` on the validation window [unit of the pollutant].
    intervals : dict
        ``{method: ResidualInterval}`` calibrated on the validation residuals.
    """

    method: str
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    intervals: dict[str, ResidualInterval] = field(default_factory=dict)


def select_method(predictions: pd.DataFrame, coverage: float = DEFAULT_INTERVAL) -> Selection:
    """Score every method column of :func:`rolling_predictions` and keep the best RMSE.

    Parameters
    ----------
    predictions : pandas.DataFrame
        Validation-window output of :func:`rolling_predictions`.
    coverage : float
        Nominal central interval probability [-].
    """
    observed = predictions["observed"].to_numpy()
    scores: dict[str, dict[str, float]] = {}
    intervals: dict[str, ResidualInterval] = {}
    for name in predictions.columns.drop("observed"):
        pred = predictions[name].to_numpy()
        n = int((np.isfinite(pred) & np.isfinite(observed)).sum())
        scores[name] = {
            "rmse": rmse(observed, pred),
            "mae": mae(observed, pred),
            "bias": bias(observed, pred),
            "n": n,
        }
        if n >= 10:
            intervals[name] = ResidualInterval.calibrate(observed, pred, coverage)
    usable = {k: v["rmse"] for k, v in scores.items() if np.isfinite(v["rmse"]) and k in intervals}
    if not usable:
        raise ModelInputError("validation", "no method could be scored on the validation window")
    return Selection(min(usable, key=usable.get), scores, intervals)
