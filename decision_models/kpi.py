"""Year-to-date KPIs against annual targets, and what the rest of the year must look like.

The leader cockpit asks three questions of every annual target: where do we stand today,
can the target still be met, and what must the remaining days of the year look like for
it to be met. This module answers them from daily values, with the validity rules of
HJ 663 / GB 3095 (through :mod:`decision_models.air_quality_eval`) and the AQI of HJ 633
(through :mod:`decision_models.aqi`); no threshold is repeated here.

Assumptions, stated once:

- A *valid day* is a day whose daily AQI can be computed (HJ 663 §5: 有效监测天数).
  Missing days so far simply do not count; every remaining day of the year is assumed to
  become a valid day. For day-count targets this is the safe side (see
  :func:`ratio_target_outlook`); for the mean target it is the usual planning assumption.
- A mean target is met when the *unrounded* mean does not exceed it (conservative: the
  reported integer, rounded per GB/T 8170, may still equal the target when the mean is up
  to half a unit above).

References
----------
.. [1] HJ 663—2013 环境空气质量评价技术规范（试行）, §4-5 (valid days, annual statistics).
.. [2] GB 3095—2012 环境空气质量标准, Table 4 (data validity).
.. [3] HJ 633—2012 / 2026 环境空气质量指数（AQI）技术规定, Table 2 / Table 1 (levels).
.. [4] GB 3838—2002 地表水环境质量标准; 环办〔2011〕22号 地表水环境质量评价办法 (classes,
   劣V, section evaluation).
.. [5] ../shared/reference/hefei_region.md (Hefei bulletins: 2016 优良率 69.1 % = 55 优 +
   198 良 of 366 days; PM2.5 57 µg/m³).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

from decision_models import air_quality_eval as aqe
from decision_models import aqi as aqi_mod
from decision_models.errors import ModelInputError
from decision_models.standards_tables import gb3095 as g
from decision_models.water_quality import GRADES

__all__ = [
    "HEAVY_CATEGORIES",
    "AirYearToDate",
    "SectionCompliance",
    "TargetOutlook",
    "air_year_to_date",
    "class_changes",
    "count_target_outlook",
    "mean_target_outlook",
    "ratio_target_outlook",
    "section_compliance",
]

#: AQI categories counted as 重污染 (heavy pollution): HJ 633 levels 5 and 6.
HEAVY_CATEGORIES: tuple[str, ...] = tuple(row.category for row in aqi_mod.LEVELS[4:])

Status = Literal["achieved", "open", "missed"]


# --------------------------------------------------------------------------- air, YTD


@dataclass(frozen=True)
class AirYearToDate:
    """Result of :func:`air_year_to_date`.

    Attributes
    ----------
    year : int
        Calendar year.
    asof : datetime.date
        Last day included.
    days_in_year : int
        365 or 366.
    elapsed_days : int
        Calendar days 1 January … ``asof``.
    valid_days, missing_days : int
        Days with a daily AQI, and elapsed days without one.
    remaining_days : int
        Calendar days after ``asof`` to 31 December.
    good_days : int
        Valid days with AQI ≤ 100 (优良).
    good_ratio : float or None
        优良天数比例 [%] = good_days / valid_days × 100.
    heavy_days : int
        Valid days in :data:`HEAVY_CATEGORIES` (AQI > 200).
    level_days : dict
        Valid days per AQI category (优 … 严重污染).
    primary_days : dict
        Days per primary pollutant (``"PM2.5"``, ``"O3_8h"``, …). A day with tied
        pollutants counts once for each; days with AQI ≤ 50 have none.
    pm25_sum : float
        Sum of the valid daily PM2.5 means [µg/m³·d] (for :func:`mean_target_outlook`).
    pm25_days : int
        Days with a valid PM2.5 24-h mean.
    pm25_mean : float or None
        Unrounded mean of the valid daily PM2.5 means [µg/m³].
    pm25_reported : float or None
        The same, rounded per GB/T 8170 as published (integer) [µg/m³].
    months_complete : bool
        Every *finished* month has enough valid PM2.5 days (GB 3095 Table 4: ≥ 27, February
        ≥ 25); the running month is not judged.
    """

    year: int
    asof: dt.date
    days_in_year: int
    elapsed_days: int
    valid_days: int
    missing_days: int
    remaining_days: int
    good_days: int
    good_ratio: float | None
    heavy_days: int
    level_days: dict[str, int]
    primary_days: dict[str, int]
    pm25_sum: float
    pm25_days: int
    pm25_mean: float | None
    pm25_reported: float | None
    months_complete: bool


def _as_date(value: Any, name: str) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ModelInputError(name, f"expected a date, got {value!r}")


def _daily_frame(daily: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(daily, pd.DataFrame):
        raise ModelInputError("daily", "expected a pandas DataFrame")
    df = daily
    if "date" in df.columns:
        df = df.set_index(pd.DatetimeIndex(pd.to_datetime(df["date"]))).drop(columns=["date"])
    if not isinstance(df.index, pd.DatetimeIndex):
        raise ModelInputError("daily", "needs a DatetimeIndex or a 'date' column")
    if df.index.has_duplicates:
        raise ModelInputError("daily", "duplicate days")
    return df.sort_index()


def air_year_to_date(
    daily: pd.DataFrame,
    asof: dt.date | str,
    aqi_standard: str | None = None,
) -> AirYearToDate:
    """Year-to-date air quality of a city (or station) up to and including ``asof``.

    Parameters
    ----------
    daily : pandas.DataFrame
        One row per day (DatetimeIndex or ``date`` column); 24-h means ``SO2``, ``NO2``,
        ``PM10``, ``PM2.5`` [µg/m³], ``CO`` [mg/m³] and the daily max 8-h ``O3_8h``
        [µg/m³], aliases as in :func:`decision_models.aqi.aqi_frame` (``pm2_5``,
        ``o3_8h_max`` …). Rows outside the year of ``asof`` or after it are ignored; days
        absent or without a computable AQI are missing days.
    asof : datetime.date or ISO date str
        The last day counted (Beijing calendar day).
    aqi_standard : str, optional
        HJ 633 version for the daily AQI; default per date.

    Returns
    -------
    AirYearToDate

    Raises
    ------
    ModelInputError
        Not a frame, no date index, duplicate days, bad concentrations, bad ``asof``.

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.date_range("2024-01-01", periods=3)
    >>> frame = pd.DataFrame({"PM2.5": [30.0, 70.0, 160.0], "PM10": [40.0] * 3}, index=days)
    >>> ytd = air_year_to_date(frame, "2024-01-03")
    >>> ytd.good_days, ytd.valid_days, ytd.remaining_days, ytd.heavy_days
    (2, 3, 363, 1)

    References
    ----------
    .. [1] HJ 663-2013 §4-5; GB 3095 Table 4; HJ 633 Table 2 / Table 1.
    """
    day = _as_date(asof, "asof")
    df = _daily_frame(daily)
    start = pd.Timestamp(day.year, 1, 1)
    df = df[(df.index >= start) & (df.index <= pd.Timestamp(day))]
    days_in_year = 366 if calendar.isleap(day.year) else 365
    elapsed = day.timetuple().tm_yday
    remaining = days_in_year - elapsed

    level_days = {row.category: 0 for row in aqi_mod.LEVELS}
    primary: dict[str, int] = {}
    valid = good = 0
    pm_sum, pm_days, pm_mean, pm_reported = 0.0, 0, None, None
    pm_ok = pd.Series(False, index=df.index)
    if not df.empty:
        ev = aqe.annual_evaluation(df, aqi_standard=aqi_standard)
        valid, good = ev.valid_days, ev.good_days
        level_days = dict(ev.level_days)
        pm_reported = ev.statistics.get("PM2.5_mean")
        res = aqi_mod.aqi_frame(df, period="24h", standard=aqi_standard,
                                when=None if aqi_standard else df.index)
        for names in res["primary"]:
            for name in filter(None, str(names).split(",")):
                primary[name] = primary.get(name, 0) + 1
        pm_col = next((c for c in df.columns
                       if aqi_mod._canonical_key(c, "24h") == "PM2.5"), None)
        if pm_col is not None:
            pm = pd.to_numeric(df[pm_col], errors="coerce")
            pm_ok = pm.notna()
            pm_days = int(pm_ok.sum())
            pm_sum = math.fsum(pm[pm_ok].to_numpy(dtype=float))
            pm_mean = pm_sum / pm_days if pm_days else None
    per_month = pm_ok.groupby(df.index.month).sum()
    month_ended = day.day == calendar.monthrange(day.year, day.month)[1]
    last_full = day.month if month_ended else day.month - 1
    months_complete = all(
        per_month.get(m, 0) >= (g.MIN_DAYS_FEBRUARY if m == 2 else g.MIN_DAYS_PER_MONTH)
        for m in range(1, last_full + 1))
    return AirYearToDate(
        year=day.year, asof=day, days_in_year=days_in_year, elapsed_days=elapsed,
        valid_days=valid, missing_days=elapsed - valid, remaining_days=remaining,
        good_days=good, good_ratio=None if valid == 0 else 100.0 * good / valid,
        heavy_days=sum(level_days.get(c, 0) for c in HEAVY_CATEGORIES),
        level_days=level_days, primary_days=dict(sorted(primary.items(), key=lambda kv: -kv[1])),
        pm25_sum=pm_sum, pm25_days=pm_days, pm25_mean=pm_mean, pm25_reported=pm_reported,
        months_complete=months_complete)


# --------------------------------------------------------------------------- what it takes


@dataclass(frozen=True)
class TargetOutlook:
    """Where a target stands and what the remaining days must do.

    Attributes
    ----------
    kind : {"mean_max", "ratio_min", "count_max"}
        An annual mean not above the target, a day share not below it, a day count not
        above it.
    target : float
        The target [unit of the quantity; % for ratios; days for counts].
    current : float or None
        The value so far (mean, ratio [%], or count).
    remaining_days : int
        Calendar days left in the year.
    status : {"achieved", "open", "missed"}
        ``achieved``: met whatever the remaining days bring; ``missed``: out of reach even
        if every remaining day is as good as allowed; ``open``: depends on ``required``.
    required : float or None
        ``mean_max``: the average the remaining days must not exceed [unit];
        ``ratio_min``: how many of the remaining days must be good [days];
        ``count_max``: how many more such days the year can still take [days].
        None when ``status`` is not ``open``.
    on_track : bool
        The value so far already satisfies the target.
    """

    kind: str
    target: float
    current: float | None
    remaining_days: int
    status: Status
    required: float | None
    on_track: bool
    notes: list[str] = field(default_factory=list)


def _nonneg_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise ModelInputError(name, f"must be a non-negative integer, got {value!r}")
    return int(value)


def _finite(name: str, value: Any, lo: float | None = None, hi: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ModelInputError(name, f"not a number: {value!r}")
    x = float(value)
    if not math.isfinite(x) or (lo is not None and x < lo) or (hi is not None and x > hi):
        raise ModelInputError(name, f"out of range: {value!r}")
    return x


def mean_target_outlook(
    total: float,
    days: int,
    remaining_days: int,
    target: float,
    floor: float = 0.0,
) -> TargetOutlook:
    """What the remaining days must average for an annual mean to stay ≤ ``target``.

    Parameters
    ----------
    total : float
        Sum of the valid daily values so far [unit·d] (e.g. PM2.5 [µg/m³·d]).
    days : int
        Number of valid days so far.
    remaining_days : int
        Calendar days left in the year, all assumed valid.
    target : float
        Annual mean not to exceed [unit].
    floor : float
        The lowest daily average the remaining days can plausibly reach [unit]; the target
        is out of reach when the required average is below it. Default 0.

    Returns
    -------
    TargetOutlook
        ``required`` x solves (total + r·x) / (days + r) = target:
        x = (target·(days + r) − total) / r.

    Examples
    --------
    The year so far: 289 valid days averaging 45 µg/m³; 76 days left; target 44:

    >>> o = mean_target_outlook(45.0 * 289, 289, 76, 44.0)
    >>> o.status, round(o.required, 2)
    ('open', 40.2)

    References
    ----------
    .. [1] HJ 663-2013 §5 (annual mean of the valid daily means).
    """
    total = _finite("total", total, 0.0)
    days = _nonneg_int("days", days)
    r = _nonneg_int("remaining_days", remaining_days)
    target = _finite("target", target, 0.0)
    floor = _finite("floor", floor, 0.0)
    current = total / days if days else None
    on_track = current is not None and current <= target
    if r == 0:
        if current is None:
            return TargetOutlook("mean_max", target, None, 0, "missed", None, False,
                                 ["no valid day in the year"])
        return TargetOutlook("mean_max", target, current, 0,
                             "achieved" if on_track else "missed", None, on_track)
    required = (target * (days + r) - total) / r
    if required < floor:
        return TargetOutlook("mean_max", target, current, r, "missed", None, on_track,
                             [f"the remaining days would have to average {required:.1f}, "
                              f"below the floor {floor:g}"])
    return TargetOutlook("mean_max", target, current, r, "open", required, on_track)


def ratio_target_outlook(
    good_days: int,
    valid_days: int,
    remaining_days: int,
    target_percent: float,
) -> TargetOutlook:
    """How many remaining days must be good for a day share to reach ``target_percent``.

    Parameters
    ----------
    good_days : int
        Good days so far (e.g. AQI ≤ 100).
    valid_days : int
        Valid days so far (≥ ``good_days``).
    remaining_days : int
        Calendar days left in the year.
    target_percent : float
        Share of good days to reach [%], 0–100.

    Returns
    -------
    TargetOutlook
        With N = valid_days + remaining_days, the year needs ⌈target·N/100⌉ good days
        (exact rational arithmetic); ``required`` = that minus ``good_days``. ``achieved``
        when no more good day is needed, ``missed`` when more are needed than days remain.
        Both verdicts hold even if some remaining days turn out invalid: fewer valid days
        never lower a share already secured, nor raise one already lost.

    Examples
    --------
    >>> o = ratio_target_outlook(230, 289, 76, 80.0)
    >>> o.status, o.required
    ('open', 62.0)

    References
    ----------
    .. [1] HJ 663-2013 §5 (优良天数比例 = good days / valid days).
    """
    good = _nonneg_int("good_days", good_days)
    valid = _nonneg_int("valid_days", valid_days)
    if good > valid:
        raise ModelInputError("good_days", f"{good} good days of {valid} valid days")
    r = _nonneg_int("remaining_days", remaining_days)
    target = _finite("target_percent", target_percent, 0.0, 100.0)
    n = valid + r
    current = 100.0 * good / valid if valid else None
    on_track = current is not None and current >= target
    if n == 0:
        return TargetOutlook("ratio_min", target, None, r, "missed", None, False,
                             ["no valid day in the year"])
    need = math.ceil(Fraction(str(target)) * n / 100)
    still = need - good
    if still <= 0:
        return TargetOutlook("ratio_min", target, current, r, "achieved", None, on_track)
    if still > r:
        return TargetOutlook("ratio_min", target, current, r, "missed", None, on_track,
                             [f"{still} more good days needed, {r} left"])
    return TargetOutlook("ratio_min", target, current, r, "open", float(still), on_track)


def count_target_outlook(count: int, remaining_days: int, target_max: int) -> TargetOutlook:
    """How many more days of a kind (e.g. 重污染) the year can take and stay ≤ ``target_max``.

    Parameters
    ----------
    count : int
        Such days so far.
    remaining_days : int
        Calendar days left in the year.
    target_max : int
        The most such days allowed in the year.

    Returns
    -------
    TargetOutlook
        ``required`` = target_max − count (the allowance left); ``missed`` when negative,
        ``achieved`` when the allowance covers every remaining day.

    Examples
    --------
    >>> count_target_outlook(3, 76, 5).required
    2.0

    References
    ----------
    .. [1] HJ 633 levels 5-6 (AQI > 200) as 重污染天.
    """
    c = _nonneg_int("count", count)
    r = _nonneg_int("remaining_days", remaining_days)
    t = _nonneg_int("target_max", target_max)
    allowance = t - c
    on_track = c <= t
    if allowance < 0:
        return TargetOutlook("count_max", t, c, r, "missed", None, False,
                             [f"{c} days so far, {t} allowed"])
    if allowance >= r:
        return TargetOutlook("count_max", t, c, r, "achieved", None, on_track)
    return TargetOutlook("count_max", t, c, r, "open", float(allowance), on_track)


# --------------------------------------------------------------------------- water


@dataclass(frozen=True)
class SectionCompliance:
    """Result of :func:`section_compliance`.

    Attributes
    ----------
    sections : int
        Sections evaluated.
    compliant : int
        Sections at or better than their target class.
    compliance_ratio : float or None
        断面达标率 [%].
    good_share : float or None
        Share of sections in classes I–III (水质优良比例) [%].
    worst_share : float or None
        Share of 劣V sections [%].
    failing : list of str
        Keys (or positions) of the sections that miss their target.
    """

    sections: int
    compliant: int
    compliance_ratio: float | None
    good_share: float | None
    worst_share: float | None
    failing: list[Any]


def _grade_index(name: str, value: Any) -> int:
    if isinstance(value, str) and value in GRADES:
        return GRADES.index(value) + 1
    if isinstance(value, int | np.integer) and not isinstance(value, bool) and 1 <= value <= 6:
        return int(value)
    raise ModelInputError(name, f"not a water class (I … 劣V or 1-6): {value!r}")


def section_compliance(
    classes: Mapping[Any, Any] | Sequence[Any],
    targets: Mapping[Any, Any] | Sequence[Any],
) -> SectionCompliance:
    """Section compliance (断面达标率), share of I–III and share of 劣V.

    Parameters
    ----------
    classes : mapping or sequence
        The evaluated class of each section ("I" … "V", "劣V", or 1–6). A mapping is keyed
        by section code; a sequence is matched with ``targets`` by position.
    targets : mapping or sequence
        The target class of each section (same keys or length). Sections absent from
        ``classes`` (no sample) are not evaluated.

    Returns
    -------
    SectionCompliance
        A section complies when its class index ≤ its target's.

    Examples
    --------
    >>> r = section_compliance({"a": "II", "b": "IV", "c": "劣V"}, {"a": "III", "b": "III",
    ...                        "c": "IV"})
    >>> r.compliant, round(r.worst_share, 1)
    (1, 33.3)

    References
    ----------
    .. [1] GB 3838-2002; 环办〔2011〕22号 §2 (water.md §2.3).
    """
    if isinstance(classes, Mapping):
        if not isinstance(targets, Mapping):
            raise ModelInputError("targets", "a mapping, like classes")
        missing = [k for k in classes if k not in targets]
        if missing:
            raise ModelInputError("targets", f"no target for {missing[:5]}")
        pairs = [(k, classes[k], targets[k]) for k in classes]
    else:
        cl, tg = list(classes), list(targets)  # type: ignore[arg-type]
        if len(cl) != len(tg):
            raise ModelInputError("targets", f"{len(tg)} targets for {len(cl)} sections")
        pairs = [(i, c, t) for i, (c, t) in enumerate(zip(cl, tg, strict=True))]
    n = len(pairs)
    idx = [(k, _grade_index(f"classes[{k!r}]", c), _grade_index(f"targets[{k!r}]", t))
           for k, c, t in pairs]
    failing = [k for k, c, t in idx if c > t]
    ok = n - len(failing)

    def share(count: int) -> float | None:
        return None if n == 0 else 100.0 * count / n

    return SectionCompliance(
        sections=n, compliant=ok, compliance_ratio=share(ok),
        good_share=share(sum(1 for _, c, _ in idx if c <= 3)),
        worst_share=share(sum(1 for _, c, _ in idx if c == 6)), failing=failing)


def class_changes(
    previous: Mapping[Any, Any], current: Mapping[Any, Any]
) -> list[tuple[Any, str, str, int]]:
    """Sections whose class changed between two evaluations (e.g. last month and this).

    Parameters
    ----------
    previous, current : mapping
        Section key → class ("I" … "劣V" or 1–6). Only keys in both are compared.

    Returns
    -------
    list of (key, previous class, current class, change)
        ``change`` > 0 means worse by that many classes; worst changes first.

    Examples
    --------
    >>> class_changes({"a": "II", "b": "III"}, {"a": "IV", "b": "III"})
    [('a', 'II', 'IV', 2)]

    References
    ----------
    .. [1] GB 3838-2002 classes (water.md §2).
    """
    out = []
    for key in previous:
        if key not in current:
            continue
        a = _grade_index(f"previous[{key!r}]", previous[key])
        b = _grade_index(f"current[{key!r}]", current[key])
        if a != b:
            out.append((key, GRADES[a - 1], GRADES[b - 1], b - a))
    return sorted(out, key=lambda row: (-row[3], str(row[0])))
