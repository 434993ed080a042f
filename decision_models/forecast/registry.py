"""Training the per-place forecasters and the versioned model registry.

Layout under ``models_dir``::

    <where>/<version>/model.joblib     the fitted TrainedBundle
    <where>/<version>/metadata.json    training period, features, metrics, code version
    <where>/CURRENT                    the version forecasts load

A version is ``v<UTC timestamp>-<source hash>``.  Training chooses one method per
pollutant and lead on the validation window (the last ``val_months`` of the history),
calibrates its interval on the validation residuals, then refits it on all the history.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import sklearn
from pandas.tseries.offsets import DateOffset

from decision_models.forecast.constants import (
    DEFAULT_INTERVAL,
    FEATURE_SCHEMA_VERSION,
    LEADS,
    POLLUTANTS,
)
from decision_models.forecast.errors import ModelInputError, ModelNotAvailable, ModelStale
from decision_models.forecast.features import feature_names, make_features
from decision_models.forecast.models import CANDIDATES, PointModel, ResidualInterval, make_model
from decision_models.forecast.rolling import rolling_predictions, select_method

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_MODELS_DIR = PACKAGE_DIR.parents[1] / "var" / "models"
#: A model whose training data ends more than this before the issue date is stale [days].
DEFAULT_MAX_AGE_DAYS = 400


@dataclass
class FittedSeries:
    """The chosen forecaster of one pollutant and lead.

    Attributes
    ----------
    method : str
        Method name (a baseline or a learned model).
    model : PointModel
        Fitted on the whole training history.
    interval : ResidualInterval
        Calibrated on the validation window.
    validation : dict
        Validation scores of every candidate ``{method: {"rmse", "mae", "bias", "n"}}``.
    """

    method: str
    model: PointModel
    interval: ResidualInterval
    validation: dict[str, dict[str, float]]


@dataclass
class TrainedBundle:
    """All forecasters of one place plus their metadata."""

    where: str
    series: dict[tuple[str, int], FittedSeries]
    metadata: dict = field(default_factory=dict)

    @property
    def version(self) -> str:
        """Registry version string."""
        return self.metadata["version"]


def source_hash() -> str:
    """SHA-256 (first 12 hex digits) of the package's ``.py`` sources."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def code_version() -> str:
    """``git describe --always --dirty`` of the repository, else ``src:<source hash>``."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=PACKAGE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
        return out.stdout.strip() or f"src:{source_hash()}"
    except (OSError, subprocess.SubprocessError):
        return f"src:{source_hash()}"


def train(
    daily: pd.DataFrame,
    where: str,
    pollutants: tuple[str, ...] = POLLUTANTS,
    leads: tuple[int, ...] = LEADS,
    methods: tuple[str, ...] = CANDIDATES,
    val_months: int = 12,
    refit_every_days: int | None = 91,
    interval: float = DEFAULT_INTERVAL,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> TrainedBundle:
    """Select, calibrate and fit one forecaster per pollutant and lead.

    Parameters
    ----------
    daily : pandas.DataFrame
        Canonical daily history [µg/m³; CO mg/m³]; its last ``val_months`` are the
        validation window.
    where : str
        Place code (GB/T 2260 city code or station code).
    pollutants, leads, methods
        What to train (leads in days) and the candidate methods.
    val_months : int
        Validation window [months].
    refit_every_days : int or None
        Refit interval inside the validation window [days].
    interval : float
        Nominal central interval probability [-].
    seed : int
        Seed of the learned models (same seed and data → same model).
    progress : callable, optional
        Called as ``progress(done, total)`` after each pollutant and lead is fitted
        (``total`` = pollutants × leads); it may raise to stop the training.

    Returns
    -------
    TrainedBundle
    """
    t0 = time.perf_counter()
    end = daily.index[-1]
    val_start = pd.Timestamp(end - DateOffset(months=val_months) + pd.Timedelta(days=1))
    if val_start - pd.Timedelta(days=60) < daily.index[0]:
        raise ModelInputError("history", "too short: need ≥ 60 days before the validation window")
    series: dict[tuple[str, int], FittedSeries] = {}
    metrics: dict[str, dict] = {}
    total = len(pollutants) * len(leads)
    for pollutant in pollutants:
        for lead in leads:
            features = make_features(daily, pollutant, lead)
            origins = pd.date_range(
                val_start - pd.Timedelta(days=1), end - pd.Timedelta(days=lead), freq="D"
            )
            val = rolling_predictions(
                daily, pollutant, lead, origins, methods, refit_every_days, seed, features
            )
            sel = select_method(val, interval)
            model = make_model(sel.method, seed).fit(daily, pollutant, lead, features)
            series[(pollutant, lead)] = FittedSeries(
                sel.method, model, sel.intervals[sel.method], sel.scores
            )
            metrics[f"{pollutant}|{lead}"] = {
                "selected": sel.method,
                "validation": {
                    k: {m: _num(v) for m, v in s.items()} for k, s in sel.scores.items()
                },
                "interval": vars(sel.intervals[sel.method]),
            }
            if progress is not None:
                progress(len(series), total)
    metadata = {
        "where": where,
        "version": "v" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + source_hash(),
        "created_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "code_version": code_version(),
        "source_hash": source_hash(),
        "sklearn_version": sklearn.__version__,
        "feature_schema_version": FEATURE_SCHEMA_VERSION,
        "training_period": [str(daily.index[0].date()), str(end.date())],
        "validation_period": [str(val_start.date()), str(end.date())],
        "pollutants": list(pollutants),
        "leads": list(leads),
        "methods": list(methods),
        "features": {p: feature_names(p, tuple(daily.columns)) for p in pollutants},
        "interval": interval,
        "seed": seed,
        "refit_every_days": refit_every_days,
        "metrics": metrics,
        "train_seconds": round(time.perf_counter() - t0, 2),
    }
    return TrainedBundle(where, series, metadata)


def _num(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def save(bundle: TrainedBundle, models_dir: str | Path = DEFAULT_MODELS_DIR) -> Path:
    """Write ``model.joblib`` + ``metadata.json`` and point ``CURRENT`` at the new version.

    Returns
    -------
    Path
        The version directory.
    """
    root = Path(models_dir) / bundle.where
    target = root / bundle.version
    target.mkdir(parents=True, exist_ok=True)
    joblib.dump(bundle, target / "model.joblib")
    (target / "metadata.json").write_text(
        json.dumps(bundle.metadata, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (root / "CURRENT").write_text(bundle.version + "\n", encoding="utf-8")
    return target


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> TrainedBundle:
    """Unpickle a bundle once per file version (the mtime is part of the cache key)."""
    return joblib.load(path)


def load_current(
    where: str,
    models_dir: str | Path = DEFAULT_MODELS_DIR,
    issued_at: pd.Timestamp | None = None,
    max_age_days: int | None = DEFAULT_MAX_AGE_DAYS,
) -> TrainedBundle:
    """Load the current version for ``where`` and check it may be used.

    Raises
    ------
    ModelNotAvailable
        No ``CURRENT`` pointer or an unreadable model file.
    ModelStale
        Another feature-schema version, or training data ending more than
        ``max_age_days`` before ``issued_at``.
    """
    root = Path(models_dir) / where
    pointer = root / "CURRENT"
    if not pointer.is_file():
        raise ModelNotAvailable(
            "where",
            f"no trained model for {where!r} in {models_dir} "
            "(run `python -m decision_models.forecast train` or use baseline_forecast)",
        )
    version = pointer.read_text(encoding="utf-8").strip()
    path = root / version / "model.joblib"
    try:
        bundle = _load_cached(str(path), path.stat().st_mtime_ns)
    except (OSError, EOFError, ValueError, AttributeError, ImportError) as exc:
        raise ModelNotAvailable("where", f"model {where}/{version} unreadable: {exc}") from None
    meta = bundle.metadata
    if meta.get("feature_schema_version") != FEATURE_SCHEMA_VERSION:
        raise ModelStale(
            "model",
            f"{where}/{version} uses feature schema {meta.get('feature_schema_version')}, "
            f"this code expects {FEATURE_SCHEMA_VERSION}; retrain",
        )
    if issued_at is not None and max_age_days is not None:
        trained_to = pd.Timestamp(meta["training_period"][1])
        age = (pd.Timestamp(issued_at).normalize() - trained_to).days
        if age > max_age_days:
            raise ModelStale(
                "issued_at",
                f"model {where}/{version} was trained on data up to {trained_to.date()}, "
                f"{age} days before the issue date (limit {max_age_days}); retrain",
            )
    return bundle
