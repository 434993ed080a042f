"""Loading and validating the air-quality series the forecasters consume.

Canonical daily frame: a ``DatetimeIndex`` with one row per calendar day (``freq="D"``)
and the pollutant columns of :data:`~decision_models.forecast.constants.POLLUTANTS`
(µg/m³, CO in mg/m³).  Missing days are rows of NaN: they are never filled.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from decision_models.air_quality_eval import daily_from_hourly
from decision_models.forecast.constants import (
    HEFEI_STATIONS,
    HOURLY_POLLUTANTS,
    MIN_VALID_DAYS_LAST_WEEK,
    POLLUTANTS,
)
from decision_models.forecast.errors import ModelInputError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: The data folder read when none is given: ``ONEMAP_DATA_DIR`` (the app's setting), else
#: the Hefei sample. Its ``region.toml`` names the files by role.
DEFAULT_DATA_DIR = PROJECT_ROOT / "data_samples"
#: Days of daily history a model is trained on: 12 months of validation and 60 days before
#: them (``registry.train``).
TRAIN_NEED_DAYS = 365 + 60


def data_dir_default() -> Path:
    return Path(os.environ.get("ONEMAP_DATA_DIR") or DEFAULT_DATA_DIR)


def region_file(role: str, data_dir: str | Path | None = None) -> Path | None:
    """The file of ``role`` (``air_city_daily``, ``air_observations`` …) that the data
    folder's ``region.toml`` names, or None when the region's data has none (a region pack
    for another city has no daily history). Read here with the standard library, so the
    models stay free of the app's packages."""
    folder = Path(data_dir) if data_dir is not None else data_dir_default()
    try:
        raw = tomllib.loads((folder / "region.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    rel = (raw.get("files") or {}).get(role)
    return None if not rel else folder / rel


def no_history_message(region: str = "this region") -> str:
    """What is said when a region's data holds no daily city series."""
    return (f"no daily history in {region}'s data; a forecast needs daily city values "
            f"(a trained model needs {TRAIN_NEED_DAYS} days: 12 months of validation and 60 "
            "days before them)")

_CITY_COLUMNS = {
    "pm2_5": "PM2.5",
    "pm10": "PM10",
    "o3_8h_max": "O3_8h",
    "no2": "NO2",
    "so2": "SO2",
    "co": "CO",
}
_HOURLY_COLUMNS = {
    "pm2_5": "PM2.5",
    "pm10": "PM10",
    "o3_1h": "O3",
    "no2": "NO2",
    "so2": "SO2",
    "co": "CO",
}


def load_city_daily(path: str | Path | None = None) -> pd.DataFrame:
    """Read the city daily sample into the canonical daily frame.

    Parameters
    ----------
    path : str or Path, optional
        CSV with columns ``date, pm2_5, pm10, so2, co, no2, o3_8h_max`` (µg/m³, CO mg/m³).
        Defaults to the ``air_city_daily`` file of the data folder's ``region.toml``
        (the Hefei 2013-12..2017-01 sample in ``data_samples``).

    Returns
    -------
    pandas.DataFrame
        Daily frame (see module docstring).
    """
    path = path or region_file("air_city_daily")
    if path is None:
        raise ModelInputError("history", no_history_message())
    raw = pd.read_csv(path, parse_dates=["date"])
    frame = raw.set_index("date")[list(_CITY_COLUMNS)].rename(columns=_CITY_COLUMNS)
    return validate_daily(frame)


def validate_daily(frame: pd.DataFrame, pollutants: tuple[str, ...] = POLLUTANTS) -> pd.DataFrame:
    """Check a daily concentration frame and put it on a regular daily calendar.

    Parameters
    ----------
    frame : pandas.DataFrame
        Indexed by day (or with a ``date`` column) with pollutant columns [µg/m³; CO mg/m³].
    pollutants : tuple of str
        Columns that must be present.

    Returns
    -------
    pandas.DataFrame
        Float copy reindexed to every calendar day; missing days are NaN (not filled).

    Raises
    ------
    ModelInputError
        Missing columns, a non-date index, duplicate days or negative concentrations.
    """
    if "date" in frame.columns:
        frame = frame.set_index("date")
    missing = [p for p in pollutants if p not in frame.columns]
    if missing:
        raise ModelInputError("history", f"missing pollutant column(s) {missing}")
    try:
        index = pd.DatetimeIndex(pd.to_datetime(frame.index))
    except (TypeError, ValueError) as exc:
        raise ModelInputError("history", f"index is not a date index ({exc})") from None
    if index.tz is not None:
        index = index.tz_localize(None)
    if not (index == index.normalize()).all():
        raise ModelInputError(
            "history", "daily history must have midnight timestamps (one per day)"
        )
    if index.has_duplicates:
        raise ModelInputError("history", "duplicate days in the daily history")
    out = pd.DataFrame(
        {p: pd.to_numeric(frame[p], errors="coerce").to_numpy(dtype=float) for p in pollutants},
        index=index,
    ).sort_index()
    values = out.to_numpy()
    if (values < 0).any():
        col = out.columns[np.nonzero((values < 0).any(axis=0))[0][0]]
        raise ModelInputError(col, "negative concentration in the history")
    if len(out) == 0:
        raise ModelInputError("history", "empty daily history")
    full = pd.date_range(out.index[0], out.index[-1], freq="D", name="date")
    return out.reindex(full)


def load_station_hourly(path: str | Path | None = None) -> pd.DataFrame:
    """Read the station hourly sample as a long frame.

    Parameters
    ----------
    path : str or Path, optional
        CSV with ``time, stationcode, pm2_5, pm10, co, no2, o3_1h, so2`` (1-h values,
        µg/m³, CO mg/m³).  Defaults to the Hefei 2020-03-26..04-08 sample.

    Returns
    -------
    pandas.DataFrame
        Columns ``time, station`` and :data:`HOURLY_POLLUTANTS`.
    """
    path = path or region_file("air_observations")
    if path is None:
        raise ModelInputError("history", "no hourly station observations in this region's data")
    raw = pd.read_csv(path, parse_dates=["time"], dtype={"stationcode": str})
    out = raw[["time", "stationcode", *_HOURLY_COLUMNS]].rename(
        columns={"stationcode": "station", **_HOURLY_COLUMNS}
    )
    return out


def station_hourly(long: pd.DataFrame, station: str) -> pd.DataFrame:
    """One station's hourly series on a regular hourly calendar (gaps are NaN rows).

    Parameters
    ----------
    long : pandas.DataFrame
        Output of :func:`load_station_hourly` (or the same shape).
    station : str
        Station code, e.g. ``"1270A"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by hour, columns :data:`HOURLY_POLLUTANTS` [µg/m³; CO mg/m³].
    """
    known = set(long["station"].astype(str))
    if station not in known:
        raise ModelInputError("where", f"unknown station {station!r}; known: {sorted(known)}")
    one = long[long["station"].astype(str) == station].set_index("time").sort_index()
    if one.index.has_duplicates:
        raise ModelInputError("history", f"duplicate hours for station {station}")
    frame = one[list(HOURLY_POLLUTANTS)].astype(float)
    full = pd.date_range(frame.index[0], frame.index[-1], freq="h", name="time")
    return frame.reindex(full)


def hourly_to_daily(hourly: pd.DataFrame) -> pd.DataFrame:
    """Daily values of one station's hourly series, by the one hourly → daily rule.

    Delegates to :func:`decision_models.air_quality_eval.daily_from_hourly` (the GB 3095
    Table 4 / HJ 663 validity rules are stated and cited there once); a timestamp labels the
    start of its hour, as in the hourly sample.

    Parameters
    ----------
    hourly : pandas.DataFrame
        Hourly frame from :func:`station_hourly` [µg/m³; CO mg/m³].

    Returns
    -------
    pandas.DataFrame
        Canonical daily frame with :data:`POLLUTANTS` columns (O3_8h = daily maximum 8-h
        mean); an invalid day is NaN.
    """
    daily = daily_from_hourly(hourly, hour_label="start")
    return validate_daily(daily.reindex(columns=list(POLLUTANTS)))


def known_stations(long: pd.DataFrame | None = None) -> tuple[str, ...]:
    """Station codes known to the forecasters (from the given hourly frame or the sample)."""
    if long is None:
        return HEFEI_STATIONS
    return tuple(sorted(set(long["station"].astype(str))))


def check_origin(daily: pd.DataFrame, origin: pd.Timestamp, pollutant: str) -> None:
    """Enforce the forecast-origin validity rule for one pollutant.

    The origin day must be inside the history and valid, and at least
    :data:`MIN_VALID_DAYS_LAST_WEEK` of the 7 days ending at the origin must be valid.
    Nothing is filled across the gap: the caller gets an error naming it.

    Raises
    ------
    ModelInputError
        With parameter ``"issued_at"`` (outside the history) or ``"history"`` (gap).
    """
    if origin < daily.index[0] or origin > daily.index[-1]:
        raise ModelInputError(
            "issued_at",
            f"{origin.date()} is outside the history ({daily.index[0].date()}.."
            f"{daily.index[-1].date()}); pass a history that covers the issue date",
        )
    week = daily.loc[origin - pd.Timedelta(days=6) : origin, pollutant]
    if np.isnan(daily.at[origin, pollutant]):
        raise ModelInputError(
            "history", f"{pollutant}: no valid daily value on the issue date {origin.date()}"
        )
    if int(week.notna().sum()) < MIN_VALID_DAYS_LAST_WEEK:
        raise ModelInputError(
            "history",
            f"{pollutant}: only {int(week.notna().sum())} valid days in the 7 days ending "
            f"{origin.date()} (need {MIN_VALID_DAYS_LAST_WEEK}); gaps are not filled",
        )
