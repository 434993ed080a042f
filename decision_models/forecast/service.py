"""Operational entry points: trained forecast, labelled baseline fallback, warning.

Issue-date convention
---------------------
``issued_at`` is the **forecast origin**: the last day whose daily value is known.
Lead ``h`` targets ``issued_at + h`` days.  The history must cover the issue date and
pass the origin-validity rule (:func:`~decision_models.forecast.data.check_origin`);
an ``issued_at`` after the end of the data raises :class:`ModelInputError` — callers
replaying a demo pass the series they have as ``history``.  Nothing is filled across gaps.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from decision_models.forecast.aqi_link import aqi_of_concentrations
from decision_models.forecast.baselines import BASELINES
from decision_models.forecast.constants import (
    AQI,
    DEFAULT_INTERVAL,
    HEFEI_CODE,
    HEFEI_STATIONS,
    MAX_LEAD_DAYS,
    POLLUTANTS,
    UNITS,
)
from decision_models.forecast.data import (
    check_origin,
    hourly_to_daily,
    load_city_daily,
    load_station_hourly,
    station_hourly,
    validate_daily,
)
from decision_models.forecast.errors import ModelInputError
from decision_models.forecast.features import base_features, lead_rows
from decision_models.forecast.models import (
    ResidualInterval,
    interval_bounds,
    make_model,
    predict_one_origin,
)
from decision_models.forecast.registry import DEFAULT_MAX_AGE_DAYS, DEFAULT_MODELS_DIR, load_current

COLUMNS = [
    "where",
    "issued_at",
    "target_date",
    "lead_days",
    "pollutant",
    "value",
    "lower",
    "upper",
    "unit",
    "level",
    "primary",
    "method",
    "model_version",
    "in_sample",
]
#: Columns of the per-pollutant rows before the AQI engine adds ``level`` and ``primary``.
_ROW_COLUMNS = [c for c in COLUMNS if c not in ("level", "primary", "model_version", "in_sample")]
#: History the daily features need before the origin [days] (≥ the longest window).
FEATURE_MEMORY_DAYS = 45
_CITY = re.compile(r"\d{6}")
_STATION = re.compile(r"\d{4}A")


def check_where(where: str) -> str:
    """Classify ``where`` as ``"city"`` (GB/T 2260 code) or ``"station"``.

    Raises
    ------
    ModelInputError
        Not a 6-digit code nor a station code, or a station not in :data:`HEFEI_STATIONS`.
    """
    where = str(where).strip()
    if _CITY.fullmatch(where):
        return "city"
    if _STATION.fullmatch(where):
        if where not in HEFEI_STATIONS:
            raise ModelInputError("where", f"unknown station {where!r}; known: {HEFEI_STATIONS}")
        return "station"
    raise ModelInputError(
        "where", f"{where!r} is neither a GB/T 2260 city code (6 digits) nor a station code"
    )


def check_horizon(horizon_days: int) -> int:
    """Validate the horizon [days]: an integer in 1–7."""
    if isinstance(horizon_days, bool) or not isinstance(horizon_days, int | np.integer):
        raise ModelInputError("horizon_days", f"must be an integer, got {horizon_days!r}")
    if not 1 <= horizon_days <= MAX_LEAD_DAYS:
        raise ModelInputError("horizon_days", f"must be in 1–{MAX_LEAD_DAYS}, got {horizon_days}")
    return int(horizon_days)


def check_pollutants(pollutants: Iterable[str] | None) -> tuple[str, ...]:
    """Validate a pollutant selection (None → all six)."""
    if pollutants is None:
        return POLLUTANTS
    if isinstance(pollutants, str):
        pollutants = [pollutants]
    chosen = tuple(pollutants)
    unknown = [p for p in chosen if p not in POLLUTANTS]
    if unknown or not chosen:
        raise ModelInputError("pollutants", f"unknown {unknown}; use some of {POLLUTANTS}")
    return chosen


def default_history(where: str, kind: str) -> pd.DataFrame:
    """Built-in daily history: the Hefei city sample or a station's hourly sample."""
    return _default_history(where, kind).copy()


@functools.lru_cache(maxsize=16)
def _default_history(where: str, kind: str) -> pd.DataFrame:
    if kind == "city":
        if where != HEFEI_CODE:
            raise ModelInputError("history", f"no built-in series for city {where}; pass history=")
        return load_city_daily()
    return hourly_to_daily(station_hourly(load_station_hourly(), where))


def _prepare(where, issued_at, horizon_days, pollutants, history):
    kind = check_where(where)
    horizon = check_horizon(horizon_days)
    chosen = check_pollutants(pollutants)
    daily = default_history(where, kind) if history is None else validate_daily(history)
    try:
        origin = pd.Timestamp(issued_at)
    except (TypeError, ValueError) as exc:
        raise ModelInputError("issued_at", f"not a date: {exc}") from None
    if origin.tz is not None:
        origin = origin.tz_localize(None)
    origin = origin.normalize()
    for p in POLLUTANTS:
        check_origin(daily, origin, p)
    return horizon, chosen, daily, origin


def forecast(
    where: str,
    issued_at,
    horizon_days: int = 7,
    pollutants: Iterable[str] | None = None,
    models_dir: str | Path = DEFAULT_MODELS_DIR,
    history: pd.DataFrame | None = None,
    standard: str | None = None,
    max_age_days: int | None = DEFAULT_MAX_AGE_DAYS,
) -> pd.DataFrame:
    """Daily forecast with intervals from the current trained model of ``where``.

    Parameters
    ----------
    where : str
        GB/T 2260 city code (``"340100"``) or station code (``"1270A"``).
    issued_at : date-like
        Forecast origin: the last day with known data (see module docstring).
    horizon_days : int
        Number of lead days, 1–7.
    pollutants : iterable of str, optional
        Subset of :data:`POLLUTANTS` to return (all six are always forecast internally
        because the AQI row needs them).  Default all.
    models_dir : str or Path
        Registry root (default ``var/models``).
    history : pandas.DataFrame, optional
        Daily concentrations [µg/m³; CO mg/m³] covering ``issued_at``; default the
        built-in sample of ``where``.
    standard : str, optional
        AQI standard (``"HJ633-2012"``/``"HJ633-2026"``); default by target date.
    max_age_days : int or None
        Staleness limit [days] between the end of the training data and ``issued_at``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`: one row per lead day and pollutant plus an ``AQI`` row
        (computed from the forecast concentrations; its bounds are the AQI of the lower
        and upper concentrations).  ``in_sample`` is True where the target day lies inside
        the model's training period (a replay, not a genuine forecast).

    Raises
    ------
    ModelNotAvailable, ModelStale
        No usable model: fall back to :func:`baseline_forecast`.
    ModelInputError
        Bad ``where``, horizon, pollutant, ``issued_at`` or a gap at the origin.
    """
    horizon, chosen, daily, origin = _prepare(where, issued_at, horizon_days, pollutants, history)
    bundle = load_current(str(where), models_dir, origin, max_age_days)
    trained_to = pd.Timestamp(bundle.metadata["training_period"][1])
    # features at the origin use at most the last 30 days (see features.WINDOWS)
    recent = daily.loc[origin - pd.Timedelta(days=FEATURE_MEMORY_DAYS) : origin]
    leads = list(range(1, horizon + 1))
    keys, fitted, rows = [], [], []
    for p in POLLUTANTS:
        lead_features, names = lead_rows(base_features(recent, p), origin, leads)
        column = {name: k for k, name in enumerate(names)}
        for lead, features in zip(leads, lead_features, strict=True):
            series = bundle.series.get((p, lead))
            if series is None:
                raise ModelInputError(
                    "pollutants", f"model {bundle.version} has no {p} lead {lead}"
                )
            order = [column[n] for n in getattr(series.model, "feature_names", names)]
            keys.append((p, lead))
            fitted.append(series)
            rows.append(features[order])
    # all 6 × horizon forecasters at once: one stacked ridge evaluation instead of one
    # pipeline call per series (see models.predict_one_origin)
    values = predict_one_origin([s.model for s in fitted], np.vstack(rows), recent, origin)
    low, high = interval_bounds([s.interval for s in fitted], values)
    preds = {
        key: (values[k], low[k], high[k], fitted[k].method) for k, key in enumerate(keys)
    }
    frame = _assemble(str(where), origin, horizon, preds, chosen, bundle.version, standard)
    frame["in_sample"] = frame["target_date"] <= trained_to
    return frame


def baseline_forecast(
    where: str,
    issued_at,
    horizon_days: int = 7,
    pollutants: Iterable[str] | None = None,
    method: str = "persistence",
    history: pd.DataFrame | None = None,
    standard: str | None = None,
    interval: float = DEFAULT_INTERVAL,
) -> pd.DataFrame:
    """Same output as :func:`forecast` from a reference method (no trained model needed).

    Parameters
    ----------
    method : {"persistence", "climatology", "seasonal_naive"}
        Baseline; rows carry ``model_version="baseline:<method>"``.
    interval : float
        Nominal central interval probability [-]; the interval is calibrated on the
        method's own errors over the year of history before ``issued_at`` (NaN bounds
        when fewer than 10 past pairs exist, e.g. a short station series).

    Other parameters, returns and errors as :func:`forecast`.  ``climatology`` needs at
    least 365 days of history.
    """
    if method not in BASELINES:
        raise ModelInputError(
            "method", f"unknown baseline {method!r}; use one of {list(BASELINES)}"
        )
    horizon, chosen, daily, origin = _prepare(where, issued_at, horizon_days, pollutants, history)
    past = daily.loc[:origin]
    if method == "climatology" and past.notna().any(axis=1).sum() < 365:
        raise ModelInputError("method", "climatology needs at least 365 days of history")
    preds = {}
    for p in POLLUTANTS:
        for lead in range(1, horizon + 1):
            model = make_model(method).fit(past, p, lead)
            value = model.predict(past, pd.DatetimeIndex([origin]))
            calib_origins = past.index[-365:][: -lead or None]
            observed = past[p].shift(-lead).reindex(calib_origins).to_numpy()
            try:
                iv = ResidualInterval.calibrate(
                    observed, model.predict(past, calib_origins), interval
                )
                low, high = iv.bounds(value)
            except ModelInputError:
                low = high = np.array([np.nan])
            preds[(p, lead)] = (value[0], low[0], high[0], method)
    frame = _assemble(str(where), origin, horizon, preds, chosen, f"baseline:{method}", standard)
    frame["in_sample"] = False
    return frame


def _assemble(where, origin, horizon, preds, chosen, version, standard) -> pd.DataFrame:
    rows = []
    for lead in range(1, horizon + 1):
        target = origin + pd.Timedelta(days=lead)
        for p in POLLUTANTS:
            value, low, high, method = preds[(p, lead)]
            rows.append((where, origin, target, lead, p, value, low, high, UNITS[p], method))
    frame = pd.DataFrame(rows, columns=_ROW_COLUMNS)
    wide = {
        col: frame.pivot(index="target_date", columns="pollutant", values=col)[list(POLLUTANTS)]
        for col in ("value", "lower", "upper")
    }
    targets = pd.DatetimeIndex(wide["value"].index)
    res = {k: aqi_of_concentrations(w, standard, targets) for k, w in wide.items()}
    frame["level"] = [
        res["value"].at[t, f"level_{p}"]
        for t, p in zip(frame["target_date"], frame["pollutant"], strict=False)
    ]
    frame["primary"] = ""
    frame = frame[frame["pollutant"].isin(chosen)]
    aqi_rows = pd.DataFrame(
        {
            "where": where,
            "issued_at": origin,
            "target_date": targets,
            "lead_days": (targets - origin).days,
            "pollutant": AQI,
            "value": res["value"]["aqi"].to_numpy(),
            "lower": res["lower"]["aqi"].to_numpy(),
            "upper": res["upper"]["aqi"].to_numpy(),
            "unit": UNITS[AQI],
            "level": res["value"]["level"].to_numpy(),
            "primary": res["value"]["primary"].to_numpy(),
            "method": "aqi_engine",
        }
    )
    out = pd.concat([frame, aqi_rows], ignore_index=True)
    out["model_version"] = version
    return out.sort_values(["lead_days", "pollutant"], kind="stable").reset_index(drop=True)[
        COLUMNS[:-1]
    ]
