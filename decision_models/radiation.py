"""Ionising radiation: the ambient gamma investigation level and sealed-source categories.

Two parts:

- **Investigation level (调查水平) of an automatic station** for the ambient gamma
  air-absorbed dose rate (空气吸收剂量率) [nGy/h]. HJ 61-2021 (monitoring practice) and
  HJ 1009-2019 (automatic stations, hourly data) are the basis for the readings and for
  judging them against the station's own background (本底) range; no numeric
  investigation level of an automatic station is taken from them here. **The rule used
  here is a convention, not a figure of a standard**: the level is the mean plus three
  standard deviations of the station's own history (``mean + 3σ``), a common practice of
  monitoring networks (with a Gaussian background about one hourly reading in 740 is
  above it by chance). A fixed multiple of the background mean (e.g. 1.5×, used in
  some early-warning networks) is offered as an alternative, also a convention.
  Rain washes radon progeny out of the air and raises the dose rate by tens of nGy/h for
  a few hours; a history that includes rain gives a wider σ, which is the point of using
  the station's own record.
- **Sealed-source categories I–V (放射源分类)**: by the ratio A/D of the source activity
  to the nuclide's D value (the activity that can cause severe deterministic effects).

References
----------
.. [1] HJ 61-2021 辐射环境监测技术规范 (environmental radiation monitoring; automatic
   stations and their background).
.. [2] HJ 1009-2019 辐射环境空气自动监测站运行技术规范 (hourly air-absorbed dose rate of
   automatic stations, data validity).
.. [3] 放射源分类办法, 国家环境保护总局公告 2005年 第62号 (categories I–V by A/D; the
   bounds are those of IAEA RS-G-1.9 Table 1).
.. [4] IAEA EPR-D-VALUES 2006, Dangerous quantities of radioactive material (D values).
.. [5] GB 18871-2002 电离辐射防护与辐射源安全基本标准 (exemption levels, the lower bound
   of category V; 附录B dose limits).
.. [6] 国家突发环境事件应急预案 (国办函〔2014〕119号) 附件1 (一)5/(二)5/(三)5/(四): the
   radiation criteria of the event grade (:mod:`decision_models.event_grade`), whose
   keywords :func:`event_keywords` derives from what a duty officer knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from decision_models.errors import ModelInputError
from decision_models.validation import finite_array, finite_scalar

__all__ = [
    "ANNUAL_DOSE_LIMIT_MSV",
    "CATEGORIES",
    "D_VALUES_TBQ",
    "EVENT_TYPES",
    "LEAK_EXTENTS",
    "MIN_HISTORY_HOURS",
    "RAIN_WINDOW_HOURS",
    "SIGMA_MULTIPLIER",
    "InvestigationLevel",
    "SourceCategory",
    "a_over_d",
    "classify_readings",
    "event_keywords",
    "exceeds_investigation_level",
    "investigation_level",
    "source_category",
]

# Convention (see the module docstring): k in mean + kσ. Not set by HJ 61 / HJ 1009.
SIGMA_MULTIPLIER = 3.0
# Fewest hourly readings for a background: 30 days of hours, so that the rain
# episodes of a month are in the σ. Also a convention.
MIN_HISTORY_HOURS = 720


@dataclass(frozen=True)
class InvestigationLevel:
    """A station's background and investigation level (all [nGy/h]).

    ``method`` is "sigma" (``mean + k·σ``) or "multiple" (``factor × mean``).
    """

    mean: float
    std: float
    n: int
    level: float
    method: str
    parameter: float


def investigation_level(history: Any, *, k: float = SIGMA_MULTIPLIER,
                        factor: float | None = None,
                        min_hours: int = MIN_HISTORY_HOURS) -> InvestigationLevel:
    """Investigation level of a station from its own hourly history.

    Parameters
    ----------
    history : array_like
        Past hourly air-absorbed dose rates of the station [nGy/h]; NaN values
        (invalid hours) are ignored.
    k : float
        Multiplier of the standard deviation (default 3, a convention).
    factor : float, optional
        When given, the level is ``factor × mean`` instead (e.g. 1.5; a convention).
    min_hours : int
        Fewest valid readings (default 720, 30 days).

    Returns
    -------
    InvestigationLevel

    Examples
    --------
    >>> investigation_level([80.0, 90.0] * 400).level   # mean 85, σ 5 (population)
    100.0
    """
    arr = np.asarray(history, dtype=float).ravel()
    arr = arr[~np.isnan(arr)]
    finite_array(arr, "history", nonneg=True)
    if arr.size < min_hours:
        raise ModelInputError("history", f"{arr.size} valid hours; at least {min_hours} needed")
    mean, std = float(arr.mean()), float(arr.std())
    if factor is not None:
        f = finite_scalar(factor, "factor", positive=True)
        if f <= 1:
            raise ModelInputError("factor", f"must be > 1, got {f}")
        return InvestigationLevel(mean, std, int(arr.size), f * mean, "multiple", f)
    kk = finite_scalar(k, "k", positive=True)
    return InvestigationLevel(mean, std, int(arr.size), mean + kk * std, "sigma", kk)


def exceeds_investigation_level(dose_rate: Any, level: InvestigationLevel | float) -> Any:
    """True where a reading [nGy/h] is above the investigation level (strictly)."""
    lim = level.level if isinstance(level, InvestigationLevel) else finite_scalar(
        level, "level", positive=True)
    arr = finite_array(dose_rate, "dose_rate", nonneg=True)
    out = arr > lim
    return bool(out) if out.ndim == 0 else out


#: Hours after rain during which a rise is attributed to washout (a convention: the
#: washout peak decays within a few hours).
RAIN_WINDOW_HOURS = 6


def classify_readings(dose_rate: Any, level: InvestigationLevel | float,
                      rain_mm: Any = None, *, rain_window_h: int = RAIN_WINDOW_HOURS) -> Any:
    """Each hourly reading as "normal", "rain" or "investigate".

    A reading above the investigation level is "rain" when it rained in that hour or in
    the ``rain_window_h`` hours before (radon-progeny washout, the usual natural cause),
    and "investigate" otherwise. The attribution to rain is a convention of this product.

    Parameters
    ----------
    dose_rate : array_like
        Consecutive hourly air-absorbed dose rates [nGy/h]; NaN (invalid hour) is
        "normal" (nothing to judge).
    level : InvestigationLevel or float
        The station's investigation level [nGy/h].
    rain_mm : array_like, optional
        Rain of each hour [mm], same length; without it no rise is put down to rain.
    rain_window_h : int
        Hours after rain that still count.

    Returns
    -------
    ndarray of str
    """
    arr = np.asarray(dose_rate, dtype=float).ravel()
    lim = level.level if isinstance(level, InvestigationLevel) else finite_scalar(
        level, "level", positive=True)
    over = np.nan_to_num(arr, nan=-np.inf) > lim
    wet = np.zeros(arr.size, dtype=bool)
    if rain_mm is not None:
        rain = finite_array(np.nan_to_num(np.asarray(rain_mm, dtype=float).ravel()),
                            "rain_mm", nonneg=True)
        if rain.size != arr.size:
            raise ModelInputError("rain_mm", "not the same length as dose_rate")
        raining = rain > 0
        for lag in range(int(rain_window_h) + 1):
            wet[lag:] |= raining[: arr.size - lag]
    out = np.full(arr.size, "normal", dtype=object)
    out[over & wet] = "rain"
    out[over & ~wet] = "investigate"
    return out


@dataclass(frozen=True)
class SourceCategory:
    """One category of 放射源分类办法 with its A/D lower bound and typical uses."""

    category: int
    roman: str
    name_zh: str
    name_en: str
    a_over_d_min: float
    examples_zh: str
    examples_en: str


# 放射源分类办法 (2005年 第62号公告) 表: category by A/D (lower bound inclusive); the
# same bounds as IAEA RS-G-1.9 Table 1. Category V runs down to the exemption level of
# GB 18871-2002 (below it a source is not a 放射源 under regulation).
CATEGORIES: dict[int, SourceCategory] = {c.category: c for c in (
    SourceCategory(1, "I", "极高危险源", "extremely dangerous", 1000.0,
                   "辐照装置、远距放射治疗、固定多束远距放射治疗（γ刀）",
                   "irradiators, teletherapy, gamma knife"),
    SourceCategory(2, "II", "高危险源", "very dangerous", 10.0,
                   "工业γ射线探伤、高/中剂量率近距离放射治疗",
                   "industrial gamma radiography, high/medium dose-rate brachytherapy"),
    SourceCategory(3, "III", "危险源", "dangerous", 1.0,
                   "含强源的固定式工业仪表（料位计、密度计）、测井",
                   "fixed industrial gauges with high-activity sources, well logging"),
    SourceCategory(4, "IV", "低危险源", "unlikely to be dangerous", 0.01,
                   "低剂量率近距离治疗、不含强源的工业仪表、骨密度仪、静电消除器",
                   "low dose-rate brachytherapy, gauges without high-activity sources, "
                   "bone densitometers, static eliminators"),
    SourceCategory(5, "V", "极低危险源", "most unlikely to be dangerous", 0.0,
                   "X射线荧光分析仪、电子俘获检测器、穆斯堡尔谱仪、校准源",
                   "X-ray fluorescence analysers, electron-capture detectors, "
                   "Mössbauer spectrometers, check sources"),
)}

# D values [TBq] of common nuclides, IAEA EPR-D-VALUES 2006 Table 8 (the values the
# category table of 放射源分类办法 is built on).
D_VALUES_TBQ: dict[str, float] = {
    "Am-241": 0.06, "Am-241/Be": 0.06, "Ba-133": 0.2, "Cd-109": 20.0, "Cf-252": 0.02,
    "Cm-244": 0.05, "Co-57": 0.7, "Co-60": 0.03, "Cs-137": 0.1, "Fe-55": 800.0,
    "Ge-68": 0.7, "H-3": 2000.0, "I-125": 0.2, "Ir-192": 0.08, "Kr-85": 30.0,
    "Ni-63": 60.0, "Pm-147": 40.0, "Po-210": 0.06, "Pu-238": 0.06, "Pu-239/Be": 0.06,
    "Ra-226": 0.04, "Se-75": 0.2, "Sr-90": 1.0, "Tl-204": 20.0, "Yb-169": 0.3,
}


def a_over_d(nuclide: str, activity_bq: float) -> float:
    """A/D of a source: activity over the nuclide's D value [dimensionless].

    Parameters
    ----------
    nuclide : str
        E.g. "Co-60", "Cs-137", "Ir-192" (a key of :data:`D_VALUES_TBQ`).
    activity_bq : float
        Activity of the source [Bq].
    """
    if nuclide not in D_VALUES_TBQ:
        raise ModelInputError("nuclide", f"no D value for {nuclide!r}")
    a = finite_scalar(activity_bq, "activity_bq", positive=True)
    return a / (D_VALUES_TBQ[nuclide] * 1e12)


def source_category(ratio: float | None = None, *, nuclide: str | None = None,
                    activity_bq: float | None = None) -> SourceCategory:
    """Category I–V of a sealed source, from A/D or from nuclide and activity.

    Parameters
    ----------
    ratio : float, optional
        A/D [dimensionless]; I for ≥ 1000, II for ≥ 10, III for ≥ 1, IV for ≥ 0.01, V
        below (down to the exemption level).
    nuclide, activity_bq : optional
        Alternatively, the nuclide and its activity [Bq] (see :func:`a_over_d`).

    Examples
    --------
    >>> source_category(nuclide="Ir-192", activity_bq=3.7e12).roman   # 100 Ci radiography
    'II'
    """
    if ratio is None:
        if nuclide is None or activity_bq is None:
            raise ModelInputError("ratio", "give A/D or nuclide and activity_bq")
        ratio = a_over_d(nuclide, activity_bq)
    r = finite_scalar(ratio, "ratio", positive=True)
    for cat in sorted(CATEGORIES.values(), key=lambda c: c.category):
        if r >= cat.a_over_d_min:
            return cat
    raise AssertionError("unreachable: category V has no lower bound")



# --------------------------------------------------------------------------- events

#: Kinds of radiation event a duty officer grades (附件1 wording in the comments).
EVENT_TYPES: tuple[str, ...] = (
    "source_lost",            # 放射源丢失、被盗
    "source_out_of_control",  # 放射源失控, with the extent of the contamination it caused
    "leak",                   # 放射性物质泄漏, by the extent of the contamination
    "overexposure",           # 放射线装置失控导致人员受到超过年剂量限值的照射
    "plant_contamination",    # 核设施和铀矿冶炼设施 … 厂区内辐射污染
    "uranium_discharge",      # 铀矿冶、伴生矿超标排放
)
#: Extent of the contamination (附件1: 大范围 / 较大范围 / 小范围; "none" for a lost or
#: uncontrolled source that contaminated nothing).
LEAK_EXTENTS: tuple[str, ...] = ("large", "wider", "small", "none")
#: Annual effective-dose limits [mSv], GB 18871-2002 附录B: B1.1.1.1 职业照射 任何一年中的
#: 有效剂量 50 mSv (the 5-year average of 20 mSv cannot be judged from one event);
#: B1.2.1 公众 年有效剂量 1 mSv.
ANNUAL_DOSE_LIMIT_MSV: dict[str, float] = {"worker": 50.0, "public": 1.0}
_ROMAN = {c.roman: c.category for c in CATEGORIES.values()}


def event_keywords(event_type: str, *, source_category: str | int | None = None,
                   extent: str | None = None, dose_msv: float | None = None,
                   exposed: str = "public") -> list[str]:
    """The radiation keywords of :func:`decision_models.event_grade.grade` for one event.

    Parameters
    ----------
    event_type : str
        One of :data:`EVENT_TYPES`.
    source_category : {"I", "II", "III", "IV", "V"} or 1–5, optional
        Category of the source (required for ``source_lost`` and
        ``source_out_of_control``).
    extent : str, optional
        One of :data:`LEAK_EXTENTS` (required for ``leak``; for an uncontrolled source of
        category I or II, "large" is 大范围严重辐射污染).
    dose_msv : float, optional
        Highest effective dose received [mSv] (required for ``overexposure``).
    exposed : {"public", "worker"}
        Whose limit applies (:data:`ANNUAL_DOSE_LIMIT_MSV`).

    Returns
    -------
    list of str
        Keywords of ``decision_models.standards_tables.event_grading.RADIATION``; empty
        when the event meets none (a dose within the limit).

    Examples
    --------
    >>> event_keywords("source_lost", source_category="III")
    ['source_III_lost']
    >>> event_keywords("source_out_of_control", source_category="II", extent="large")
    ['source_I_II_out_of_control_large_contamination', 'source_I_II_lost']
    >>> event_keywords("overexposure", dose_msv=1.2)
    ['dose_limit_exceeded']
    """
    if event_type not in EVENT_TYPES:
        raise ModelInputError("event_type", f"unknown {event_type!r}; expected one of "
                              f"{', '.join(EVENT_TYPES)}")
    if extent is not None and extent not in LEAK_EXTENTS:
        raise ModelInputError("extent", f"unknown {extent!r}; expected one of "
                              f"{', '.join(LEAK_EXTENTS)}")
    if event_type in ("source_lost", "source_out_of_control"):
        if source_category is None:
            raise ModelInputError("source_category", f"required for {event_type}")
        cat = _ROMAN.get(str(source_category)) if not isinstance(source_category, int) \
            else source_category
        if cat not in CATEGORIES or isinstance(source_category, bool):
            raise ModelInputError("source_category",
                                  f"expected I–V or 1–5, got {source_category!r}")
        # a source out of control is at least a source lost (附件1 names 丢失、被盗、失控
        # together for categories I and II; for III–V it grades as lost)
        lost = "source_I_II_lost" if cat <= 2 else (
            "source_III_lost" if cat == 3 else "source_IV_V_lost")
        if event_type == "source_out_of_control" and cat <= 2 and extent == "large":
            return ["source_I_II_out_of_control_large_contamination", lost]
        return [lost]
    if event_type == "leak":
        if extent is None:
            raise ModelInputError("extent", "required for a leak")
        return [] if extent == "none" else [f"leak_{extent}_contamination"]
    if event_type == "overexposure":
        if exposed not in ANNUAL_DOSE_LIMIT_MSV:
            raise ModelInputError("exposed", f"expected public or worker, got {exposed!r}")
        if dose_msv is None:
            raise ModelInputError("dose_msv", "required for an overexposure")
        dose = finite_scalar(dose_msv, "dose_msv", nonneg=True)
        return ["dose_limit_exceeded"] if dose > ANNUAL_DOSE_LIMIT_MSV[exposed] else []
    if event_type == "plant_contamination":
        return ["plant_contamination"]
    return ["uranium_discharge_over_limit"]
