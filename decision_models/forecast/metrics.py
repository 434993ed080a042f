"""Verification scores: RMSE, MAE, bias, level hit rate, skill, interval coverage."""

from __future__ import annotations

import numpy as np


def _pairs(observed, predicted) -> tuple[np.ndarray, np.ndarray]:
    obs = np.asarray(observed, dtype=float)
    pred = np.asarray(predicted, dtype=float)
    if obs.shape != pred.shape:
        raise ValueError(f"shape mismatch {obs.shape} vs {pred.shape}")
    ok = np.isfinite(obs) & np.isfinite(pred)
    return obs[ok], pred[ok]


def rmse(observed, predicted) -> float:
    """Root-mean-square error over finite pairs [unit of the inputs]; NaN if none."""
    obs, pred = _pairs(observed, predicted)
    return float(np.sqrt(np.mean((pred - obs) ** 2))) if obs.size else float("nan")


def mae(observed, predicted) -> float:
    """Mean absolute error over finite pairs [unit of the inputs]."""
    obs, pred = _pairs(observed, predicted)
    return float(np.mean(np.abs(pred - obs))) if obs.size else float("nan")


def bias(observed, predicted) -> float:
    """Mean error ``predicted − observed`` [unit of the inputs]; > 0 means over-forecast."""
    obs, pred = _pairs(observed, predicted)
    return float(np.mean(pred - obs)) if obs.size else float("nan")


def hit_rate(observed_levels, predicted_levels) -> float:
    """Fraction [-] of pairs whose level (integer 1–6) is exactly the same."""
    obs, pred = _pairs(observed_levels, predicted_levels)
    return float(np.mean(obs == pred)) if obs.size else float("nan")


def skill(score: float, reference: float) -> float:
    """Skill score ``1 − score / reference`` [-] (RMSE-based: > 0 beats the reference)."""
    if not np.isfinite(reference) or reference == 0:
        return float("nan")
    return float(1.0 - score / reference)


def coverage(observed, lower, upper) -> float:
    """Fraction [-] of finite observations with ``lower ≤ observed ≤ upper``."""
    obs = np.asarray(observed, dtype=float)
    low = np.asarray(lower, dtype=float)
    high = np.asarray(upper, dtype=float)
    ok = np.isfinite(obs) & np.isfinite(low) & np.isfinite(high)
    if not ok.any():
        return float("nan")
    return float(np.mean((obs[ok] >= low[ok]) & (obs[ok] <= high[ok])))
