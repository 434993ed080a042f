"""Environmental noise against GB 3096-2008 《声环境质量标准》.

Limits of the functional-zone classes (声环境功能区类别) 0, 1, 2, 3, 4a and 4b, the day and
night periods, the night-time sudden-noise rule, and the compliance of an hourly
equivalent-level (L_Aeq) series by day and by night.

References
----------
.. [1] GB 3096-2008 声环境质量标准, Table 1 (环境噪声限值) and its notes on 昼间 / 夜间
   and on 夜间突发噪声.
.. [2] GB/T 15190-2014 声环境功能区划分技术规范 (who sets the zones: local governments).
.. [3] ../shared/reference/noise.md (the 0–4 limits checked against GB 3096-93 table 1;
   the 4a/4b split of the 2008 standard as remembered there).

Verification of the values (2026-11): the six class limits of Table 1 (including 4a 70/55
and 4b 70/60) and the periods 昼间 06:00–22:00 / 夜间 22:00–06:00 agree with two
independent reproductions of GB 3096-2008 Table 1 and §3; so does the scope of 4a
(高速公路、一级公路、二级公路、城市快速路、城市主干路、城市次干路、城市轨道交通（地面段）、
内河航道两侧) and 4b (铁路干线两侧). They were not read from the standard's own text: keep
checking against it before operational use. The 4a strip widths of GB/T 15190-2014 §8.3
(50 / 35 / 20 m, ± 5 m, next to class 1 / 2 / 3), which the sample zones use, agree with a
local implementation (淄博市生态环境局 2023: 55 / 40 / 25 m, the upper ends); the width
of a 4b strip along a railway is set the same way. Not verified against the text either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from decision_models.errors import ModelInputError
from decision_models.validation import finite_array

__all__ = [
    "DAY_START",
    "LIMITS",
    "NIGHT_START",
    "PERIODS",
    "SUDDEN_NOISE_MARGIN",
    "ZONE_CLASSES",
    "DailyCompliance",
    "compliance",
    "energy_mean",
    "exceedance",
    "limit",
    "period_of",
    "sudden_noise_exceedance",
    "sudden_noise_limit",
]

# GB 3096-2008 Table 1 环境噪声限值, L_Aeq [dB(A)]: class → (昼间 day, 夜间 night).
LIMITS: dict[str, tuple[float, float]] = {
    "0": (50.0, 40.0),   # 康复疗养区等特别需要安静的区域
    "1": (55.0, 45.0),   # 以居民住宅、医疗卫生、文化教育、科研设计、行政办公为主
    "2": (60.0, 50.0),   # 商业金融、集市贸易为主, 或居住、商业、工业混杂
    "3": (65.0, 55.0),   # 以工业生产、仓储物流为主
    "4a": (70.0, 55.0),  # 高速公路、一/二级公路、城市快速路/主干路/次干路、城轨地面段、内河航道两侧
    "4b": (70.0, 60.0),  # 铁路干线两侧
}
ZONE_CLASSES: tuple[str, ...] = tuple(LIMITS)
PERIODS: tuple[str, ...] = ("day", "night")
# GB 3096-2008 §3 术语 (昼间 06:00–22:00, 夜间 22:00–次日 06:00); the local government
# above county level may change both, so they are parameters of period_of/compliance.
DAY_START = dt.time(6, 0)
NIGHT_START = dt.time(22, 0)
# GB 3096-2008 Table 1 note (夜间突发噪声): the maximum sound level L_max may exceed the
# class limit by at most 15 dB(A).
SUDDEN_NOISE_MARGIN = 15.0

_PERIOD_ALIASES = {"day": "day", "昼间": "day", "昼": "day",
                   "night": "night", "夜间": "night", "夜": "night"}


def _zone(zone_class: Any) -> str:
    key = str(zone_class).strip().lower()
    key = key.removeprefix("class").removesuffix("类").strip()
    if key not in LIMITS:
        raise ModelInputError(
            "zone_class", f"unknown 声环境功能区 class {zone_class!r}; expected one of "
            f"{', '.join(ZONE_CLASSES)} (GB 3096-2008 Table 1)")
    return key


def _period(period: Any) -> str:
    key = _PERIOD_ALIASES.get(str(period).strip().lower())
    if key is None:
        raise ModelInputError("period", f"unknown period {period!r}; expected 'day' or 'night'")
    return key


def limit(zone_class: str, period: str) -> float:
    """Limit of a functional-zone class in a period.

    Parameters
    ----------
    zone_class : str
        "0", "1", "2", "3", "4a" or "4b" (also "4A", "2类", "class 2").
    period : str
        "day" (昼间) or "night" (夜间).

    Returns
    -------
    float
        The L_Aeq limit [dB(A)].

    Raises
    ------
    ModelInputError
        (a ``ValueError``) for an unknown class or period. Class "4" alone is refused:
        the 2008 standard splits it into 4a and 4b, whose night limits differ.

    Examples
    --------
    >>> limit("4a", "night"), limit("4b", "night")
    (55.0, 60.0)
    """
    day, night = LIMITS[_zone(zone_class)]
    return day if _period(period) == "day" else night


def exceedance(zone_class: str, period: str, leq: Any) -> Any:
    """L_Aeq minus the class limit: ≤ 0 when the period complies.

    Parameters
    ----------
    zone_class, period : str
        As in :func:`limit`.
    leq : float or array_like
        Equivalent continuous A-weighted level of the period [dB(A)].

    Returns
    -------
    float or ndarray
        Exceedance [dB]; a float for a scalar ``leq``.
    """
    lim = limit(zone_class, period)
    values = finite_array(leq, "leq")
    if np.any((values < 0) | (values > 194)):
        raise ModelInputError("leq", "sound level outside 0–194 dB(A)")
    out = values - lim
    return float(out) if out.ndim == 0 else out


def sudden_noise_limit(zone_class: str) -> float:
    """Highest allowed night-time maximum level L_max [dB(A)]: night limit + 15 dB(A)."""
    return limit(zone_class, "night") + SUDDEN_NOISE_MARGIN


def sudden_noise_exceedance(zone_class: str, lmax: Any) -> Any:
    """Night-time L_max minus (night limit + 15 dB(A)) [dB]; ≤ 0 complies.

    Parameters
    ----------
    zone_class : str
        As in :func:`limit`.
    lmax : float or array_like
        Maximum A-weighted sound level of a sudden night-time noise event [dB(A)].
    """
    values = finite_array(lmax, "lmax")
    out = values - sudden_noise_limit(zone_class)
    return float(out) if out.ndim == 0 else out


def _as_time(value: Any) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value) if len(value) <= 8 else \
                dt.datetime.fromisoformat(value).time()
        except ValueError as exc:
            raise ModelInputError("time", f"not a time: {value!r}") from exc
    raise ModelInputError("time", f"not a time: {value!r}")


def period_of(time: Any, *, day_start: dt.time = DAY_START,
              night_start: dt.time = NIGHT_START) -> str:
    """The period ("day" or "night") a time of day falls in.

    Parameters
    ----------
    time : datetime.time, datetime.datetime or str
        Local (Beijing) time; an hourly value is classified by its start time, so the
        hour 21:00–22:00 is day and 22:00–23:00 night.
    day_start, night_start : datetime.time
        06:00 and 22:00 by GB 3096-2008 §3; a local government may set others.

    Returns
    -------
    str
        "day" for ``day_start ≤ t < night_start``, otherwise "night".
    """
    t = _as_time(time)
    if not day_start < night_start:
        raise ModelInputError("day_start", "day_start must be before night_start")
    return "day" if day_start <= t < night_start else "night"


def energy_mean(levels: Iterable[float]) -> float:
    """Energy (logarithmic) mean of levels: 10·lg(mean(10^(L/10))) [dB(A)].

    This is how hourly L_Aeq values combine into a period's L_d or L_n (energy
    averaging, the definition of an equivalent continuous level).
    """
    arr = finite_array(list(levels), "levels")
    if arr.size == 0:
        raise ModelInputError("levels", "no values to average")
    return float(10.0 * np.log10(np.mean(10.0 ** (arr / 10.0))))


@dataclass(frozen=True)
class DailyCompliance:
    """Day and night result of one date.

    ``date`` is the date the day period belongs to; its night runs from ``night_start``
    of that date to ``day_start`` of the next. ``ld``/``ln`` [dB(A)] are energy means of
    the hourly L_Aeq (None without hours), ``*_hours`` the hours used, ``*_exceedance``
    [dB] the level minus the limit, ``*_compliant`` None when the period has fewer than
    the required hours.
    """

    date: dt.date
    zone_class: str
    ld: float | None
    ln: float | None
    day_hours: int
    night_hours: int
    day_limit: float
    night_limit: float
    day_exceedance: float | None
    night_exceedance: float | None
    day_compliant: bool | None
    night_compliant: bool | None


def compliance(zone_class: str, hourly_leq: pd.Series, *, day_start: dt.time = DAY_START,
               night_start: dt.time = NIGHT_START, min_day_hours: int = 1,
               min_night_hours: int = 1) -> list[DailyCompliance]:
    """Day and night compliance of an hourly L_Aeq series, date by date.

    Parameters
    ----------
    zone_class : str
        Functional-zone class of the station, as in :func:`limit`.
    hourly_leq : pandas.Series
        Hourly L_Aeq [dB(A)] indexed by the hour's start (naive Beijing time, whole
        hours). NaN values are missing hours and are skipped.
    day_start, night_start : datetime.time
        Period boundaries (whole hours), as in :func:`period_of`.
    min_day_hours, min_night_hours : int
        Fewest valid hours for a verdict; a period with fewer has ``*_compliant`` None.
        The default 1 judges on whatever hours exist; monitoring practice (HJ 640-2012)
        expects full periods (16 day / 8 night hours).

    Returns
    -------
    list of DailyCompliance
        One per date, in date order. Hours before ``day_start`` belong to the previous
        date's night.
    """
    lim_d, lim_n = limit(zone_class, "day"), limit(zone_class, "night")
    zone = _zone(zone_class)
    if not isinstance(hourly_leq, pd.Series) or not isinstance(hourly_leq.index,
                                                               pd.DatetimeIndex):
        raise ModelInputError("hourly_leq", "must be a pandas Series with a DatetimeIndex")
    if day_start.minute or night_start.minute or not day_start < night_start:
        raise ModelInputError("day_start", "periods must start on whole hours, day first")
    s = hourly_leq.dropna().astype(float)
    if (s < 0).any() or (s > 194).any():
        raise ModelInputError("hourly_leq", "sound level outside 0–194 dB(A)")
    hours = s.index.hour
    is_day = (hours >= day_start.hour) & (hours < night_start.hour)
    dates = s.index.normalize()
    owner = dates.where(is_day | (hours >= night_start.hour), dates - pd.Timedelta(days=1))
    frame = pd.DataFrame({"level": s.to_numpy(), "day": is_day, "date": owner})
    out: list[DailyCompliance] = []
    for date, grp in frame.groupby("date", sort=True):
        d_vals = grp.loc[grp["day"], "level"].to_numpy()
        n_vals = grp.loc[~grp["day"], "level"].to_numpy()
        ld = energy_mean(d_vals) if d_vals.size else None
        ln = energy_mean(n_vals) if n_vals.size else None
        dex = None if ld is None else ld - lim_d
        nex = None if ln is None else ln - lim_n
        out.append(DailyCompliance(
            date=pd.Timestamp(date).date(), zone_class=zone, ld=ld, ln=ln,
            day_hours=int(d_vals.size), night_hours=int(n_vals.size),
            day_limit=lim_d, night_limit=lim_n, day_exceedance=dex, night_exceedance=nex,
            day_compliant=None if d_vals.size < min_day_hours else bool(dex <= 0),
            night_compliant=None if n_vals.size < min_night_hours else bool(nex <= 0)))
    return out

