"""Air-quality evaluation: daily values from hourly data, annual evaluation, city
ranking and the heavy-pollution-weather warning level.

Thresholds live in :mod:`decision_models.standards_tables.gb3095`; the AQI comes from
:mod:`decision_models.aqi`.

References
----------
.. [1] GB 3095—2012 / GB 3095—2026 环境空气质量标准, Table 1 (limits), Table 4 (validity).
.. [2] HJ 663—2013 环境空气质量评价技术规范（试行） (annual statistics, O3 8-h).
.. [3] 环办大气函〔2018〕875号 关于推进重污染天气应急预案修订工作的指导意见 (warnings).
.. [4] ../shared/reference/air.md §4-6.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from decision_models import aqi as aqi_mod
from decision_models.errors import ModelInputError
from decision_models.rounding import round_gbt8170
from decision_models.standards_tables import gb3095 as g

__all__ = [
    "AnnualEvaluation",
    "WarningCriteria",
    "WarningResult",
    "annual_evaluation",
    "assess_warning",
    "city_ranking",
    "daily_from_hourly",
    "o3_8h_daily_max",
    "warning_level",
]

_DAILY_MEAN_POLLUTANTS = ("SO2", "NO2", "PM10", "PM2.5", "CO")


# --------------------------------------------------------------------------- hourly -> daily


def _hourly_index(obj: pd.Series | pd.DataFrame, time_col: str | None, hour_label: str):
    if hour_label not in ("start", "end"):
        raise ModelInputError("hour_label", f"use 'start' or 'end', got {hour_label!r}")
    if time_col is not None:
        if time_col not in obj.columns:  # type: ignore[union-attr]
            raise ModelInputError("time_col", f"no column {time_col!r}")
        idx = pd.DatetimeIndex(pd.to_datetime(obj[time_col], errors="raise"))
        obj = obj.drop(columns=[time_col]).set_axis(idx, axis=0)  # type: ignore[union-attr]
    if not isinstance(obj.index, pd.DatetimeIndex):
        raise ModelInputError("hourly", "needs a DatetimeIndex or time_col")
    if obj.index.tz is not None:
        obj = obj.tz_localize(None)
    if hour_label == "end":  # 01:00 labels the hour 00:00-01:00
        obj = obj.set_axis(obj.index - pd.Timedelta(hours=1), axis=0)
    if len(obj) == 0:
        return obj
    obj = obj.set_axis(obj.index.floor("h"), axis=0)
    if obj.index.has_duplicates:
        raise ModelInputError("hourly", "duplicate hours (one station per call, or use by=)")
    start = obj.index.min().floor("D")
    full = pd.date_range(start, obj.index.max().floor("D") + pd.Timedelta(hours=23), freq="h")
    return obj.reindex(full)


def _values(series: pd.Series, name: str) -> pd.Series:
    try:
        v = pd.to_numeric(series, errors="raise").astype(float)
    except (ValueError, TypeError) as exc:
        raise ModelInputError(name, "non-numeric values") from exc
    if (v < 0).any() or np.isinf(v).any():
        raise ModelInputError(name, "negative or infinite concentration")
    return v


def o3_8h_daily_max(
    o3: pd.Series,
    hour_label: Literal["start", "end"] = "start",
    limit: float = g.LIMITS["GB3095-2012"][2]["O3_8h"],
) -> pd.Series:
    """O3 daily maximum 8-h sliding mean (日最大8小时平均).

    Parameters
    ----------
    o3 : pandas.Series
        Hourly O3 [µg/m³] on a DatetimeIndex (gaps and NaN allowed).
    hour_label : {"start", "end"}
        Whether a timestamp labels the start (00:00 = hour 00–01) or the end of its hour.
    limit : float
        Limit [µg/m³] for the validity exception: a day with fewer than 14 valid windows
        is still valid when its maximum exceeds the limit (default GB 3095 Class II, 160).

    Returns
    -------
    pandas.Series
        One value per calendar day (NaN if invalid), indexed by day.

    Notes
    -----
    Each 8-h window needs ≥ 6 valid hours; the day's maximum is over the 17 windows
    ending 08:00 … 24:00 (hours 00–07 … 16–23); valid with ≥ 14 valid windows.

    References
    ----------
    .. [1] GB 3095 Table 4; HJ 663-2013 (air.md §5 †).
    """
    s = _hourly_index(_values(o3, "O3"), None, hour_label)
    means = s.rolling(8, min_periods=g.MIN_HOURS_PER_8H).mean()
    # window ending at hour-start label h covers h-7 … h; keep h = 7 … 23 of each day
    means = means[means.index.hour >= g.O3_8H_FIRST_WINDOW_END - 1]
    by_day = means.groupby(means.index.floor("D"))
    daily_max = by_day.max()
    n_valid = by_day.count()
    valid = (n_valid >= g.O3_8H_MIN_WINDOWS) | (daily_max > limit)
    out = daily_max.where(valid)
    out.index.name = "date"
    out.name = "O3_8h"
    return out


def daily_from_hourly(
    hourly: pd.DataFrame,
    time_col: str | None = None,
    hour_label: Literal["start", "end"] = "start",
    by: str | None = None,
) -> pd.DataFrame:
    """Daily values from hourly data with the GB 3095 Table 4 validity rules.

    Parameters
    ----------
    hourly : pandas.DataFrame
        Hourly concentrations [µg/m³; CO mg/m³] of one station (or one city mean), on a
        DatetimeIndex or with ``time_col``. Columns recognised as in
        :func:`decision_models.aqi.aqi` for ``period="1h"`` (``PM2.5``/``pm2_5``,
        ``O3``/``o3_1h`` …); others are ignored.
    time_col : str, optional
        Name of the timestamp column.
    hour_label : {"start", "end"}
        Whether a timestamp labels the start or the end of its hour.
    by : str, optional
        Group column (e.g. station code): daily values per group (MultiIndex group, date).

    Returns
    -------
    pandas.DataFrame
        Per day: ``SO2``, ``NO2``, ``PM10``, ``PM2.5``, ``CO`` 24-h means (NaN unless
        ≥ 20 valid hours), ``O3_8h`` (daily max 8-h, :func:`o3_8h_daily_max`), ``O3_1h``
        (daily max of the valid hours), and ``n_<pollutant>`` valid-hour counts.

    References
    ----------
    .. [1] GB 3095-2012/2026 Table 4; HJ 663-2013 (air.md §4.3, §5).
    """
    if not isinstance(hourly, pd.DataFrame):
        raise ModelInputError("hourly", "expected a pandas DataFrame")
    if by is not None:
        if by not in hourly.columns:
            raise ModelInputError("by", f"no column {by!r}")
        parts = {
            key: daily_from_hourly(grp.drop(columns=[by]), time_col, hour_label)
            for key, grp in hourly.groupby(by, sort=True)
        }
        return pd.concat(parts, names=[by, "date"])
    cols: dict[str, pd.Series] = {}
    for name in hourly.columns:
        if name == time_col:
            continue
        canon = aqi_mod._canonical_key(name, "1h")
        if canon in (*_DAILY_MEAN_POLLUTANTS, "O3"):
            if canon in cols:
                raise ModelInputError(str(name), f"pollutant {canon} given by two columns")
            cols[canon] = hourly[name]
    frame = pd.DataFrame(cols)
    if time_col is not None:
        frame[time_col] = hourly[time_col]
    else:
        frame.index = hourly.index
    for c in cols:
        frame[c] = _values(frame[c], c)
    frame = _hourly_index(frame, time_col, hour_label)
    day = frame.index.floor("D")
    out = pd.DataFrame(index=pd.DatetimeIndex(sorted(set(day)), name="date"))
    for p in _DAILY_MEAN_POLLUTANTS:
        if p not in frame:
            continue
        grp = frame[p].groupby(day)
        n = grp.count()
        out[p] = grp.mean().where(n >= g.MIN_HOURS_PER_DAY)
        out[f"n_{p}"] = n
    if "O3" in frame:
        grp = frame["O3"].groupby(day)
        out["O3_8h"] = o3_8h_daily_max(frame["O3"], "start")
        out["O3_1h"] = grp.max()
        out["n_O3"] = grp.count()
    return out


# --------------------------------------------------------------------------- annual


def _percentile(x: np.ndarray, p: float) -> float:
    """HJ 663 percentile: k = 1 + (n−1)·p/100, linear between order statistics."""
    x = np.sort(x)
    n = len(x)
    k = 1 + (n - 1) * p / 100
    s = math.floor(k)
    if s >= n:
        return float(x[-1])
    return float(x[s - 1] + (x[s] - x[s - 1]) * (k - s))


@dataclass(frozen=True)
class AnnualEvaluation:
    """Result of :func:`annual_evaluation`.

    Attributes
    ----------
    valid_days : int
        Days whose daily AQI can be computed.
    good_days, exceedance_days : int
        Days with AQI ≤ 100 (优良) and AQI > 100.
    good_ratio : float
        优良天数比例 [%] = good_days / valid_days × 100.
    level_days : dict
        Days per AQI category (优 … 严重污染).
    statistics : dict
        Annual statistics (means, P98/P95/P90) [µg/m³; CO mg/m³], rounded per GB/T 8170
        (integer; CO 1 decimal).
    limits : dict
        Limit per statistic.
    exceedance_multiple : dict
        (C − S)/S for statistics above their limit.
    compliant : bool
        All of annual means + CO-P95 + O3-8h-P90 within limits (air.md §5).
    data_complete : bool
        ≥ 324 valid days and ≥ 27 per month (February ≥ 25) for every pollutant mean.
    standard : str
        Limit set applied.
    """

    valid_days: int
    good_days: int
    exceedance_days: int
    good_ratio: float | None
    level_days: dict[str, int]
    statistics: dict[str, float]
    limits: dict[str, float]
    exceedance_multiple: dict[str, float]
    compliant: bool
    data_complete: bool
    standard: str
    area_class: int = 2
    notes: list[str] = field(default_factory=list)


def annual_evaluation(
    daily: pd.DataFrame,
    standard: str = "GB3095-2012",
    area_class: int = 2,
    aqi_standard: str | None = None,
) -> AnnualEvaluation:
    """Annual evaluation of a city or station from daily values (HJ 663).

    Parameters
    ----------
    daily : pandas.DataFrame
        One row per day, on a DatetimeIndex or with a ``date`` column; columns ``SO2``,
        ``NO2``, ``PM10``, ``PM2.5`` [µg/m³], ``CO`` [mg/m³] (24-h means), ``O3_8h``
        [µg/m³] (daily max 8-h) — aliases as in :func:`decision_models.aqi.aqi_frame`.
    standard : {"GB3095-2012", "GB3095-2026", "GB3095-2026-final"}
        Limit set (2026: transitional limits to 2030-12-31; "-final" from 2031).
    area_class : {1, 2}
        Area class (一类区 / 二类区).
    aqi_standard : str, optional
        HJ 633 version for the daily AQI; default per date (before 2026-03-01 → 2012).

    Returns
    -------
    AnnualEvaluation

    References
    ----------
    .. [1] HJ 663-2013 (air.md §5); GB 3095 Tables 1 and 4.
    """
    if standard not in g.LIMITS:
        raise ModelInputError("standard", f"unknown standard {standard!r}; use {list(g.LIMITS)}")
    if area_class not in (1, 2):
        raise ModelInputError("area_class", f"must be 1 or 2, got {area_class!r}")
    if not isinstance(daily, pd.DataFrame) or daily.empty:
        raise ModelInputError("daily", "expected a non-empty DataFrame")
    df = daily.copy()
    if "date" in df.columns:
        df = df.set_index(pd.DatetimeIndex(pd.to_datetime(df["date"]))).drop(columns=["date"])
    if not isinstance(df.index, pd.DatetimeIndex):
        raise ModelInputError("daily", "needs a DatetimeIndex or a 'date' column")
    conc: dict[str, np.ndarray] = {}
    for name in df.columns:
        canon = aqi_mod._canonical_key(name, "24h")
        if canon in (*_DAILY_MEAN_POLLUTANTS, "O3_8h"):
            conc[canon] = _values(df[name], str(name)).to_numpy()
    aqi_df = pd.DataFrame({k: v for k, v in conc.items()}, index=df.index)
    res = aqi_mod.aqi_frame(
        aqi_df, period="24h", standard=aqi_standard, when=None if aqi_standard else df.index
    )
    aqi_vals = res["aqi"].to_numpy(dtype=float, na_value=np.nan)
    valid = ~np.isnan(aqi_vals)
    valid_days = int(valid.sum())
    good = int((aqi_vals[valid] <= 100).sum())
    levels = aqi_mod.level_of_array(aqi_vals[valid])
    level_days = {row.category: int((levels == row.level).sum()) for row in aqi_mod.LEVELS}

    limits_all = g.LIMITS[standard][area_class]
    stats: dict[str, float] = {}
    limits: dict[str, float] = {}
    for stat, (pol, pct, limit_key) in g.ANNUAL_STATISTICS.items():
        if pol not in conc:
            continue
        x = conc[pol][~np.isnan(conc[pol])]
        if len(x) == 0:
            continue
        raw = float(np.mean(x)) if pct is None else _percentile(x, pct)
        stats[stat] = round_gbt8170(raw, 1 if pol == "CO" else 0)
        limits[stat] = float(limits_all[limit_key])
    multiples = {k: (v - limits[k]) / limits[k] for k, v in stats.items() if v > limits[k]}
    decisive = [k for k in g.COMPLIANCE_STATISTICS if k in stats]
    notes = []
    missing = [k for k in g.COMPLIANCE_STATISTICS if k not in stats]
    if missing:
        notes.append(f"no data for {', '.join(missing)}: compliance not fully determined")
    compliant = not missing and all(stats[k] <= limits[k] for k in decisive)

    complete = True
    for pol in ("SO2", "NO2", "PM10", "PM2.5"):
        if pol not in conc:
            complete = False
            continue
        ok = pd.Series(~np.isnan(conc[pol]), index=df.index)
        if ok.sum() < g.MIN_DAYS_PER_YEAR:
            complete = False
        per_month = ok.groupby(df.index.month).sum()
        for month in range(1, 13):
            need = g.MIN_DAYS_FEBRUARY if month == 2 else g.MIN_DAYS_PER_MONTH
            if per_month.get(month, 0) < need:
                complete = False
    return AnnualEvaluation(
        valid_days=valid_days,
        good_days=good,
        exceedance_days=valid_days - good,
        good_ratio=None if valid_days == 0 else 100.0 * good / valid_days,
        level_days=level_days,
        statistics=stats,
        limits=limits,
        exceedance_multiple=multiples,
        compliant=compliant,
        data_complete=complete,
        standard=standard,
        area_class=area_class,
        notes=notes,
    )


def city_ranking(
    evaluations: Mapping[str, AnnualEvaluation],
    by: Literal["composite", "good_ratio"] = "composite",
) -> pd.DataFrame:
    """Rank cities by their annual evaluation.

    Parameters
    ----------
    evaluations : mapping of city to AnnualEvaluation
        Results of :func:`annual_evaluation` (same standard for all).
    by : {"composite", "good_ratio"}
        ``"composite"``: comprehensive index I = Σ C_i/S_i over SO2, NO2, PM10, PM2.5
        annual means, CO-P95 and O3-8h-P90 with their limits (lower is better; the
        national 城市环境空气质量排名 method, from domain knowledge — not in air.md).
        ``"good_ratio"``: 优良天数比例 (higher is better).

    Returns
    -------
    pandas.DataFrame
        Indexed by city, sorted best first: ``rank`` (ties share the lower rank),
        ``composite_index``, ``good_ratio``, ``compliant``.

    References
    ----------
    .. [1] HJ 663-2013; air.md §5.
    """
    if by not in ("composite", "good_ratio"):
        raise ModelInputError("by", f"unknown ranking {by!r}")
    if not evaluations:
        raise ModelInputError("evaluations", "no city")
    rows = []
    for city, ev in evaluations.items():
        if not isinstance(ev, AnnualEvaluation):
            raise ModelInputError(str(city), "not an AnnualEvaluation")
        parts = [
            ev.statistics[k] / ev.limits[k] for k in g.COMPLIANCE_STATISTICS if k in ev.statistics
        ]
        complete = len(parts) == len(g.COMPLIANCE_STATISTICS)
        rows.append(
            {
                "city": city,
                "composite_index": math.fsum(parts) if complete else np.nan,
                "good_ratio": ev.good_ratio,
                "compliant": ev.compliant,
            }
        )
    out = pd.DataFrame(rows).set_index("city")
    key = out["composite_index"] if by == "composite" else -out["good_ratio"].astype(float)
    out["rank"] = key.rank(method="min", na_option="bottom").astype(int)
    return out.sort_values(["rank"]).loc[:, ["rank", "composite_index", "good_ratio", "compliant"]]


# --------------------------------------------------------------------------- warnings


@dataclass(frozen=True)
class WarningCriteria:
    """Configurable warning thresholds (AQI) and durations (days of 24 h).

    Defaults: 环办大气函〔2018〕875号 (air.md §6). ``merge_gap_days``: two episodes
    separated by at most this many days are counted as one (only the qualifying days
    count towards a duration); 0 = no merging.
    """

    elevated: float = g.WARNING_ELEVATED
    heavy: float = g.WARNING_HEAVY
    severe: float = g.WARNING_SEVERE
    yellow_heavy_days: int = g.YELLOW_HEAVY_DAYS
    yellow_elevated_days: int = g.YELLOW_ELEVATED_DAYS
    orange_heavy_days: int = g.ORANGE_HEAVY_DAYS
    orange_elevated_days: int = g.ORANGE_ELEVATED_DAYS
    red_heavy_days: int = g.RED_HEAVY_DAYS
    red_severe_days: int = g.RED_SEVERE_DAYS
    merge_gap_days: int = 0


@dataclass(frozen=True)
class WarningResult:
    """Result of :func:`assess_warning`.

    ``level``: "none" | "yellow" | "orange" | "red"; ``trigger_days``: the labels (index
    labels of a Series, else positions) of the days of the episode(s) that trigger it;
    ``reasons``: the conditions met.
    """

    level: str
    trigger_days: list[Hashable]
    reasons: list[str] = field(default_factory=list)


def _runs(mask: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """(start, end-exclusive) of True runs, merging runs separated by ≤ gap False days."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(mask)
    while i < n:
        if mask[i]:
            j = i
            while j < n and mask[j]:
                j += 1
            if runs and gap > 0 and i - runs[-1][1] <= gap:
                runs[-1] = (runs[-1][0], j)
            else:
                runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def assess_warning(
    forecast_daily_aqi: Sequence[float] | np.ndarray | pd.Series,
    criteria: WarningCriteria | None = None,
) -> WarningResult:
    """Heavy-pollution-weather warning level from a forecast daily AQI series.

    Parameters
    ----------
    forecast_daily_aqi : sequence, array or pandas.Series
        Consecutive forecast daily (24-h) AQI values [dimensionless], in time order. A
        Series' index labels (e.g. dates) are used for ``trigger_days``.
    criteria : WarningCriteria, optional
        Thresholds and durations; default the 2018 national guidance.

    Returns
    -------
    WarningResult
        Yellow: AQI > 200 on any day, or AQI > 150 for ≥ 2 consecutive days. Orange:
        AQI > 200 for ≥ 2 days, or > 150 for ≥ 3 days. Red: AQI > 200 for ≥ 3 days
        with, within that episode, AQI > 300 for ≥ 1 day. The highest level met wins.

    Raises
    ------
    ModelInputError
        NaN, negative or non-numeric values.

    References
    ----------
    .. [1] 环办大气函〔2018〕875号 (air.md §6).
    """
    c = criteria or WarningCriteria()
    if isinstance(forecast_daily_aqi, pd.Series):
        labels: list[Hashable] = list(forecast_daily_aqi.index)
        raw: Any = forecast_daily_aqi.to_numpy()
    else:
        raw = forecast_daily_aqi
        labels = list(range(len(raw)))
    try:
        a = np.asarray(raw, dtype=float)
    except (ValueError, TypeError) as exc:
        raise ModelInputError("forecast_daily_aqi", "non-numeric values") from exc
    if a.ndim != 1:
        raise ModelInputError("forecast_daily_aqi", "expected a 1-D series")
    if np.isnan(a).any():
        raise ModelInputError("forecast_daily_aqi", "NaN in the forecast")
    if (a < 0).any() or np.isinf(a).any():
        raise ModelInputError("forecast_daily_aqi", "negative or infinite AQI")

    def qualifying(mask: np.ndarray, min_days: int) -> list[tuple[int, int]]:
        return [(s, e) for s, e in _runs(mask, c.merge_gap_days) if mask[s:e].sum() >= min_days]

    heavy, elevated, severe = a > c.heavy, a > c.elevated, a > c.severe
    red = []
    for s, e in qualifying(heavy, c.red_heavy_days):
        within = severe[s:e]
        if any(within[a:b].sum() >= c.red_severe_days for a, b in _runs(within, c.merge_gap_days)):
            red.append((s, e))
    levels = [
        ("red", [(red, f"AQI > {c.heavy:g} for ≥ {c.red_heavy_days} d and > {c.severe:g} "
                       f"for ≥ {c.red_severe_days} d")]),
        ("orange", [(qualifying(heavy, c.orange_heavy_days),
                     f"AQI > {c.heavy:g} for ≥ {c.orange_heavy_days} d"),
                    (qualifying(elevated, c.orange_elevated_days),
                     f"AQI > {c.elevated:g} for ≥ {c.orange_elevated_days} d")]),
        ("yellow", [(qualifying(heavy, c.yellow_heavy_days),
                     f"AQI > {c.heavy:g} for ≥ {c.yellow_heavy_days} d"),
                    (qualifying(elevated, c.yellow_elevated_days),
                     f"AQI > {c.elevated:g} for ≥ {c.yellow_elevated_days} d")]),
    ]  # fmt: skip
    for name, conditions in levels:
        met = [(runs, text) for runs, text in conditions if runs]
        if met:
            days = sorted({i for runs, _ in met for s, e in runs for i in range(s, e)})
            return WarningResult(
                level=name,
                trigger_days=[labels[i] for i in days],
                reasons=[text for _, text in met],
            )
    return WarningResult(level="none", trigger_days=[], reasons=[])


def warning_level(
    forecast_daily_aqi: Sequence[float] | np.ndarray | pd.Series,
    criteria: WarningCriteria | None = None,
) -> str:
    """Warning level "none" | "yellow" | "orange" | "red" (see :func:`assess_warning`).

    References
    ----------
    .. [1] 环办大气函〔2018〕875号 (air.md §6).
    """
    return assess_warning(forecast_daily_aqi, criteria).level
