"""Automatic quality control of monitoring data: one set of flags per value, never a drop.

The checks follow the data-validity and audit practice of the automatic monitoring networks
(HJ 817-2018 / HJ 818-2018 §7 "数据有效性判断" for ambient air, HJ 630-2011 for the
monitoring quality system, HJ 915-2017 for automatic surface-water stations): a value that
fails a check is *kept* with the codes of the checks it failed, and the consumers (AQI,
KPIs, forecasts, surfaces) leave flagged values out.

Flags (``FLAGS``):

``negative``
    A concentration below zero.
``above_range``
    Above the upper end of the instrument's measuring range (:data:`AIR_RANGE`).
``constant``
    The same value for ``constant_hours`` or more consecutive hours (a stuck analyser or
    a repeated transmission), only well above the reporting resolution (:data:`AIR_FLOOR`):
    at a few resolution steps, real readings repeat for many hours (the Hefei sample has
    SO2 = 5 µg/m³ for 16 h and CO = 0.7 mg/m³ for 14 h).
``pm25_gt_pm10``
    PM2.5 above PM10 at the same station and hour (PM2.5 is a fraction of PM10): both
    values are flagged.
``spike``
    A jump against the station's previous hours that its neighbours (the other stations
    of the network at the same hour) do not share.
``out_of_bounds``
    A water value outside its physical bounds (:data:`WATER_BOUNDS`).
``nh3n_gt_tn``
    Ammonia nitrogen above total nitrogen (NH3-N is part of TN): both values are flagged.

The thresholds are data (module constants) so that a bureau can tighten them; the
standards give the instrument ranges, the rest are the network's audit practice and are
marked as such. The shared reference tables (``reference/air.md``, ``water.md``) hold no
QC table; the sources are named at each constant.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from decision_models.errors import ModelInputError

#: Every flag code, in the order they are reported.
FLAGS: tuple[str, ...] = ("negative", "above_range", "constant", "pm25_gt_pm10", "spike",
                          "out_of_bounds", "nh3n_gt_tn")

#: The six hourly air items of a feed message [µg/m³; CO mg/m³]; ``o3`` is the 1-h value.
AIR_ITEMS: tuple[str, ...] = ("pm2_5", "pm10", "so2", "no2", "co", "o3")

# Molar volume at the reference state of GB 3095-2012 (2018 amendment) / GB 3095-2026:
# 298.15 K, 1013.25 hPa → 24.465 L/mol; mass = ppb × M / 24.465 [µg/m³].
MOLAR_VOLUME_L = 24.465
_MOLAR_MASS = {"so2": 64.066, "no2": 46.0055, "o3": 47.998, "co": 28.010}

#: Upper end of the measuring range [µg/m³; CO mg/m³].
#: PM10, PM2.5: 0–1000 µg/m³ (HJ 653-2013, Table 1 "测量范围").
#: SO2, NO2, O3: 0–500 nmol/mol; CO: 0–50 µmol/mol (HJ 654-2013, Table 1 "测量范围"),
#: converted at the reference state above.
AIR_RANGE: dict[str, float] = {
    "pm2_5": 1000.0,
    "pm10": 1000.0,
    "so2": round(500 * _MOLAR_MASS["so2"] / MOLAR_VOLUME_L, 1),  # 1309.3
    "no2": round(500 * _MOLAR_MASS["no2"] / MOLAR_VOLUME_L, 1),  # 940.2
    "o3": round(500 * _MOLAR_MASS["o3"] / MOLAR_VOLUME_L, 1),  # 981.0
    "co": round(50 * _MOLAR_MASS["co"] / MOLAR_VOLUME_L, 2),  # 57.25 mg/m³
}

#: Reporting resolution: µg/m³ to an integer, CO to 0.1 mg/m³ (HJ 633-2026 §4.2.2, GB/T 8170).
AIR_RESOLUTION: dict[str, float] = {**{k: 1.0 for k in AIR_ITEMS}, "co": 0.1}
#: Runs of one value are checked only at or above 20 resolution steps (network practice;
#: calibrated on the real Hefei sample, which it leaves unflagged).
AIR_FLOOR: dict[str, float] = {k: 20 * r for k, r in AIR_RESOLUTION.items()}
#: Consecutive hours of one value that flag it (network practice: 6 h).
CONSTANT_HOURS = 6

#: A spike: at least SPIKE_RATIO × the reference and SPIKE_JUMP above it (network practice).
SPIKE_RATIO = 3.0
SPIKE_JUMP: dict[str, float] = {"pm2_5": 75.0, "pm10": 150.0, "so2": 50.0, "no2": 80.0,
                                "co": 2.0, "o3": 100.0}
#: The reference of the time check: the mean of the station's valid values in the
#: previous SPIKE_HOURS hours.
SPIKE_HOURS = 3
#: The neighbour check needs this many other stations at the hour; with fewer, the time
#: check alone decides.
MIN_NEIGHBOURS = 2

#: Water items (the columns of ``water_samples``) with physical bounds [lower, upper]:
#: pH 0–14 (dimensionless); DO 0–20 mg/L (saturation is 14.6 mg/L at 0 °C; strong algal
#: supersaturation stays below about 20); water temperature 0–40 °C. Every other item is a
#: concentration or count: ≥ 0, no upper bound.
WATER_BOUNDS: dict[str, tuple[float, float]] = {
    "ph": (0.0, 14.0),
    "do": (0.0, 20.0),
    "temperature": (0.0, 40.0),
}
#: Readings of automatic water stations (every 4 h, HJ 915-2017) repeated this many times
#: are flagged (network practice: one day).
WATER_CONSTANT_READINGS = 6


def _check_frame(frame: pd.DataFrame, items: Sequence[str], key: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ModelInputError("frame", "expected a pandas DataFrame")
    missing = {key, "time"} - set(frame.columns)
    if missing:
        raise ModelInputError("frame", f"missing column(s) {sorted(missing)}")
    out = frame.copy()
    for col in items:
        if col not in out.columns:
            out[col] = np.nan
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    out["time"] = pd.to_datetime(out["time"])
    if out.duplicated([key, "time"]).any():
        first = out[out.duplicated([key, "time"])].iloc[0]
        raise ModelInputError("frame", f"duplicate {key}/time: {first[key]} {first['time']}")
    return out


def _constant(frame: pd.DataFrame, col: str, key: str, step: pd.Timedelta | None,
              readings: int, floor: float) -> pd.Series:
    """True where the value is the ``readings``-th or later of a run of equal values."""
    ordered = frame.sort_values([key, "time"])
    v = ordered[col]
    same = (v == v.groupby(ordered[key]).shift()) & v.notna()
    if step is not None:  # a gap in time breaks the run
        same &= ordered["time"] - ordered.groupby(key)["time"].shift() == step
    run_id = (~same).cumsum()
    length = same.groupby(run_id).cumsum() + 1
    flagged = (length >= readings) & (v >= floor)
    return flagged.reindex(frame.index)


def _spike(frame: pd.DataFrame, col: str, valid: pd.Series) -> pd.Series:
    """Jump against the previous hours of the station, not shared by its neighbours."""
    jump, ratio = SPIKE_JUMP[col], SPIKE_RATIO
    v = frame[col].where(valid)
    wide = v.set_axis(pd.MultiIndex.from_frame(frame[["station", "time"]])).unstack("station")
    wide = wide.sort_index()
    full = pd.date_range(wide.index.min(), wide.index.max(), freq="h")
    wide = wide.reindex(full)
    previous = wide.shift(1).rolling(SPIKE_HOURS, min_periods=1).mean()
    in_time = (wide >= ratio * previous) & (wide - previous >= jump)
    count = wide.notna().sum(axis=1)
    # the neighbours' median: the other stations at the same hour
    values = wide.to_numpy(dtype="float64")
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an hour with no other station
        others = pd.DataFrame(
            np.column_stack([np.nanmedian(np.delete(values, i, axis=1), axis=1)
                             if values.shape[1] > 1 else np.full(len(values), np.nan)
                             for i in range(values.shape[1])]),
            index=wide.index, columns=wide.columns)
    n_others = pd.DataFrame({s: count - wide[s].notna() for s in wide.columns})
    in_space = (wide >= ratio * others) & (wide - others >= jump)
    alone = n_others < MIN_NEIGHBOURS
    spike = in_time & (in_space | alone)
    flat = spike.stack()
    flat.index = flat.index.set_names(["time", "station"])
    keys = pd.MultiIndex.from_arrays([frame["time"], frame["station"]])
    return pd.Series(flat.reindex(keys).fillna(False).to_numpy(dtype=bool), index=frame.index)


def _collect(frame: pd.DataFrame, marks: dict[str, dict[str, pd.Series]]
             ) -> pd.Series:
    """Per row ``{item: [codes]}`` (only items with a flag) from ``{code: {item: mask}}``."""
    out: list[dict[str, list[str]]] = [{} for _ in range(len(frame))]
    for code in FLAGS:
        for item, mask in marks.get(code, {}).items():
            for pos in np.flatnonzero(mask.to_numpy(dtype=bool)):
                out[pos].setdefault(item, []).append(code)
    return pd.Series(out, index=frame.index, dtype=object)


def air_flags(
    frame: pd.DataFrame,
    constant_hours: int = CONSTANT_HOURS,
) -> pd.Series:
    """QC flags of hourly air observations.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per station and hour: ``station``, ``time`` (naive Beijing time, on the
        hour) and any of :data:`AIR_ITEMS` [µg/m³; CO mg/m³]; NaN is "not measured". Give
        the previous hours and the other stations too: the constant and spike checks read
        them (the caller keeps only the flags of the rows it asks about).
    constant_hours : int
        Hours of one value that flag it [h].

    Returns
    -------
    pandas.Series
        Same index as ``frame``; each entry ``{item: [flag codes]}`` (empty: clean).

    Raises
    ------
    ModelInputError
        Not a frame, no ``station``/``time`` column, a station and hour twice.

    References
    ----------
    .. [1] HJ 818-2018 / HJ 817-2018 §7 数据有效性判断; HJ 653-2013 and HJ 654-2013
       Table 1 (measuring ranges).

    Examples
    --------
    >>> f = pd.DataFrame({"station": ["A"], "time": ["2026-11-26 10:00"],
    ...                   "pm2_5": [80.0], "pm10": [60.0], "so2": [-1.0]})
    >>> air_flags(f).iloc[0]
    {'so2': ['negative'], 'pm2_5': ['pm25_gt_pm10'], 'pm10': ['pm25_gt_pm10']}
    """
    if constant_hours < 2:
        raise ModelInputError("constant_hours", f"must be ≥ 2, got {constant_hours}")
    df = _check_frame(frame, AIR_ITEMS, "station").reset_index(drop=True)
    marks: dict[str, dict[str, pd.Series]] = {c: {} for c in FLAGS}
    for col in AIR_ITEMS:
        v = df[col]
        marks["negative"][col] = v < 0
        marks["above_range"][col] = v > AIR_RANGE[col]
        marks["constant"][col] = _constant(df, col, "station", pd.Timedelta(hours=1),
                                           constant_hours, AIR_FLOOR[col])
    both = df["pm2_5"].notna() & df["pm10"].notna() & (df["pm2_5"] > df["pm10"])
    marks["pm25_gt_pm10"] = {"pm2_5": both, "pm10": both}
    if len(df):
        for col in AIR_ITEMS:
            valid = df[col].notna() & ~marks["negative"][col] & ~marks["above_range"][col]
            marks["spike"][col] = _spike(df, col, valid)
    flags = _collect(df, marks)
    flags.index = frame.index
    return flags


def water_flags(
    frame: pd.DataFrame,
    items: Sequence[str],
    constant_readings: int = WATER_CONSTANT_READINGS,
) -> pd.Series:
    """QC flags of automatic surface-water observations.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per section and time: ``section``, ``time`` and the ``items`` (columns of
        ``water_samples``: ``ph`` [-], ``do`` [mg/L], ``temperature`` [°C], ``nh3_n``,
        ``tn`` … [mg/L]); NaN is "not measured".
    items : sequence of str
        The item columns to check.
    constant_readings : int
        Consecutive equal readings of a section that flag the value [-].

    Returns
    -------
    pandas.Series
        Same index as ``frame``; each entry ``{item: [flag codes]}``.

    References
    ----------
    .. [1] HJ 915-2017 (automatic surface-water stations); GB 3838-2002 Table 1.

    Examples
    --------
    >>> f = pd.DataFrame({"section": ["W1"], "time": ["2026-11-26 08:00"],
    ...                   "ph": [15.2], "nh3_n": [2.0], "tn": [1.5]})
    >>> water_flags(f, ["ph", "nh3_n", "tn"]).iloc[0]
    {'ph': ['out_of_bounds'], 'nh3_n': ['nh3n_gt_tn'], 'tn': ['nh3n_gt_tn']}
    """
    if constant_readings < 2:
        raise ModelInputError("constant_readings", f"must be ≥ 2, got {constant_readings}")
    df = _check_frame(frame, items, "section").reset_index(drop=True)
    marks: dict[str, dict[str, pd.Series]] = {c: {} for c in FLAGS}
    for col in items:
        v = df[col]
        if col in WATER_BOUNDS:
            lo, hi = WATER_BOUNDS[col]
            marks["out_of_bounds"][col] = (v < lo) | (v > hi)
        else:
            marks["negative"][col] = v < 0
        # readings are not hourly: a run is counted over consecutive readings
        floor = 0.0 if col not in WATER_BOUNDS else -np.inf
        marks["constant"][col] = _constant(df, col, "section", None, constant_readings,
                                           floor) & (v > 0)
    if "nh3_n" in items and "tn" in items:
        both = df["nh3_n"].notna() & df["tn"].notna() & (df["nh3_n"] > df["tn"])
        marks["nh3n_gt_tn"] = {"nh3_n": both, "tn": both}
    flags = _collect(df, marks)
    flags.index = frame.index
    return flags


def valid_values(values: Mapping[str, Any], flags: Mapping[str, Sequence[str]]
                 ) -> dict[str, Any]:
    """``values`` with every flagged item set to ``None`` (what AQI, KPIs and forecasts use).

    Examples
    --------
    >>> valid_values({"pm2_5": 80, "pm10": 60, "so2": 5}, {"pm2_5": ["pm25_gt_pm10"]})
    {'pm2_5': None, 'pm10': 60, 'so2': 5}
    """
    return {k: (None if flags.get(k) else v) for k, v in values.items()}
