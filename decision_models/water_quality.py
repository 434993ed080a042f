"""Surface-water quality class (GB 3838—2002), section/river status and lake TLI.

Single-factor classification of a sample per GB 3838-2002 Table 1 with the
2011 evaluation method (环办〔2011〕22号): 21 evaluation indicators, TN (lakes) and
fecal coliform graded separately, exceedance multiples over class III, river status by
the class-proportion method, and the comprehensive trophic level index TLI(Σ).

All limits live in :mod:`decision_models.standards_tables.gb3838`.

References
----------
.. [1] GB 3838—2002 地表水环境质量标准, Table 1.
.. [2] 地表水环境质量评价办法（试行）, 环办〔2011〕22号.
.. [3] 中国环境监测总站, 湖泊（水库）富营养化评价方法及分级技术规定, 2001.
.. [4] ../shared/reference/water.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

from decision_models.errors import ModelInputError
from decision_models.standards_tables import gb3838
from decision_models.standards_tables.gb3838 import (
    EVALUATED_ITEMS,
    GRADE_COLORS,
    GRADES,
    PH_RANGE,
    SEPARATE_ITEMS,
    STATUS,
    STATUS_COLORS,
    TABLE1,
    TP_LAKE,
    ItemLimits,
)
from decision_models.validation import plain_number

__all__ = [
    "GRADES",
    "GRADE_COLORS",
    "ITEMS",
    "STATUS_COLORS",
    "TLIResult",
    "WaterClassResult",
    "classify",
    "classify_frame",
    "evaluate_sections",
    "grade_color",
    "tli",
]

Waterbody = Literal["river", "lake"]

#: Canonical item keys accepted in a sample.
ITEMS: tuple[str, ...] = (
    "pH", "DO", "CODMn", "COD", "BOD5", "NH3-N", "TP", "TN", "Cu", "Zn", "F", "Se", "As",
    "Hg", "Cd", "Cr6", "Pb", "CN", "phenol", "petroleum", "LAS", "sulfide",
    "fecal_coliform", "temperature", "chla", "SD",
)  # fmt: skip

_ALIASES: dict[str, str] = {k.upper(): k for k in ITEMS}
_ALIASES.update(
    {
        "NH3_N": "NH3-N", "NH3N": "NH3-N", "NH4-N": "NH3-N", "AMMONIA": "NH3-N", "氨氮": "NH3-N",
        "PH值": "pH", "溶解氧": "DO", "高锰酸盐指数": "CODMn", "COD_MN": "CODMn",
        "CODCR": "COD", "化学需氧量": "COD", "BOD": "BOD5", "五日生化需氧量": "BOD5",
        "总磷": "TP", "总氮": "TN", "CR6+": "Cr6", "CRVI": "Cr6", "CR(VI)": "Cr6",
        "F-": "F", "FLUORIDE": "F", "氟化物": "F", "挥发酚": "phenol", "VOLATILE_PHENOL": "phenol",
        "石油类": "petroleum", "OIL": "petroleum", "阴离子表面活性剂": "LAS", "硫化物": "sulfide",
        "粪大肠菌群": "fecal_coliform", "FECAL_COLIFORMS": "fecal_coliform", "水温": "temperature",
        "WATER_TEMPERATURE": "temperature", "CHL_A": "chla", "CHL-A": "chla", "叶绿素A": "chla",
        "透明度": "SD", "氰化物": "CN", "CYANIDE": "CN",
    }
)  # fmt: skip

#: Largest plausible value per item (unit mistakes such as µg/L for mg/L, °F for °C).
_MAX_PLAUSIBLE: dict[str, float] = {"DO": 30.0, "temperature": 50.0}


def _canonical(key: Any) -> str | None:
    if not isinstance(key, str):
        return None
    return _ALIASES.get(key.strip().upper())


def _check_waterbody(waterbody: str) -> Waterbody:
    wb = {"river": "river", "lake": "lake", "reservoir": "lake"}.get(str(waterbody).lower())
    if wb is None:
        raise ModelInputError(
            "waterbody", f"unknown waterbody {waterbody!r}; use 'river' or 'lake'"
        )
    return wb  # type: ignore[return-value]


def _check_value(item: str, value: Any, label: str) -> float:
    v = plain_number(label, value)
    if item == "pH":
        if not 0 <= v <= 14:
            raise ModelInputError(label, f"pH {v} outside 0-14")
    elif item == "temperature":
        if not -5 <= v <= _MAX_PLAUSIBLE["temperature"]:
            raise ModelInputError(label, f"implausible water temperature {v} °C")
    elif v < 0:
        raise ModelInputError(label, f"negative value {v}")
    if item in _MAX_PLAUSIBLE and item != "temperature" and v > _MAX_PLAUSIBLE[item]:
        raise ModelInputError(label, f"implausible value {v} mg/L (wrong unit?)")
    return v


def _limits(item: str, waterbody: str) -> ItemLimits:
    return TP_LAKE if item == "TP" and waterbody == "lake" else TABLE1[item]


def _item_class(item: str, value: float, waterbody: str) -> int:
    """Class index 1..6 of one item (best class whose limit the value meets)."""
    if item == "pH":
        return 1 if PH_RANGE[0] <= value <= PH_RANGE[1] else 6
    lim = _limits(item, waterbody)
    for k, limit in enumerate(lim.limits, start=1):
        if (value <= limit) if lim.direction == "le" else (value >= limit):
            return k
    return 6


def _exceedance(item: str, value: float, waterbody: str) -> float | None:
    """(C − S_III)/S_III when C > S_III (exact decimal arithmetic), else None."""
    if item in gb3838.NO_EXCEEDANCE or item not in TABLE1:
        return None
    s3 = _limits(item, waterbody).limits[2]
    if value <= s3:
        return None
    c, s = Decimal(repr(value)), Decimal(repr(float(s3)))
    return float((c - s) / s)


def grade_color(grade: str) -> str:
    """Map colour of a water class ``"I"`` … ``"劣V"`` (see :data:`GRADE_COLORS`)."""
    if grade not in GRADE_COLORS:
        raise ModelInputError("grade", f"unknown water class {grade!r}")
    return GRADE_COLORS[grade]


@dataclass(frozen=True)
class WaterClassResult:
    """Result of :func:`classify`.

    Attributes
    ----------
    grade : str
        "I" … "V" or "劣V" (single-factor method over the evaluation indicators).
    grade_index : int
        1 … 6.
    status : str
        优 / 良好 / 轻度污染 / 中度污染 / 重度污染.
    color : str
        Map colour of the grade.
    limiting : list of str
        Indicators at the worst class (they set the grade).
    exceedance : dict
        Indicator → multiple over class III, (C − S_III)/S_III, for C > S_III; never
        for DO, pH or temperature.
    item_grades : dict
        Class of each evaluated indicator.
    separate_grades : dict
        Classes of the indicators evaluated separately (TN for lakes, fecal coliform).
    main_pollutants : list of str
        2011 method main pollutants when worse than class III.
    sample : dict
        The canonicalised input values.
    waterbody : str
        "river" or "lake".
    """

    grade: str
    grade_index: int
    status: str
    color: str
    limiting: list[str]
    exceedance: dict[str, float]
    item_grades: dict[str, str] = field(default_factory=dict)
    separate_grades: dict[str, str] = field(default_factory=dict)
    main_pollutants: list[str] = field(default_factory=list)
    sample: dict[str, float] = field(default_factory=dict)
    waterbody: str = "river"


def _canonical_sample(sample: Mapping[str, Any]) -> dict[str, float]:
    if not isinstance(sample, Mapping):
        raise ModelInputError("sample", "expected a mapping of item name to value")
    values: dict[str, float] = {}
    for key, raw in sample.items():
        item = _canonical(key)
        if item is None:
            raise ModelInputError(str(key), "unknown water-quality item")
        if raw is None:
            continue
        v = _check_value(item, raw, str(key))
        if item in values and values[item] != v:
            raise ModelInputError(str(key), f"given twice with different values as {item}")
        values[item] = v
    return values


def classify(
    sample: Mapping[str, float | None], waterbody: Waterbody = "river"
) -> WaterClassResult:
    """Water-quality class of one sample (single-factor method).

    Parameters
    ----------
    sample : mapping of str to float
        Item → value, keys from :data:`ITEMS` (or aliases). Units [mg/L]; pH
        [dimensionless]; fecal_coliform [个/L]; temperature [°C]; chla [mg/m³]; SD [m].
        ``None`` values are skipped. Temperature, chla and SD are accepted but not graded;
        TN grades separately (lakes) or is ignored (rivers, "河流总氮除外").
    waterbody : {"river", "lake"}
        "lake" (also "reservoir") uses the lake TP limits and grades TN separately.

    Returns
    -------
    WaterClassResult

    Raises
    ------
    ModelInputError
        Unknown item, NaN, negative value, pH outside 0–14, no evaluation indicator.

    References
    ----------
    .. [1] GB 3838-2002 Table 1; 环办〔2011〕22号 §2 (water.md §1-2).
    """
    wb = _check_waterbody(waterbody)
    values = _canonical_sample(sample)
    item_classes = {i: _item_class(i, values[i], wb) for i in EVALUATED_ITEMS if i in values}
    if not item_classes:
        raise ModelInputError("sample", "no evaluation indicator (of the 21 in the 2011 method)")
    worst = max(item_classes.values())
    grade = GRADES[worst - 1]
    limiting = [i for i, c in item_classes.items() if c == worst]
    exceedance = {
        i: e for i in item_classes if (e := _exceedance(i, values[i], wb)) is not None
    }
    separate = {
        i: GRADES[_item_class(i, values[i], wb) - 1] for i in SEPARATE_ITEMS[wb] if i in values
    }
    main: list[str] = []
    if worst > 3:
        over = [i for i, c in item_classes.items() if c > 3]
        over.sort(key=lambda i: (-item_classes[i], -exceedance.get(i, 0.0)))
        main = over[:3]
        main += [
            i
            for i in over[3:]
            if i in gb3838.ALWAYS_LISTED_IF_OVER_III and i in exceedance and i not in main
        ]
    return WaterClassResult(
        grade=grade,
        grade_index=worst,
        status=STATUS[grade],
        color=GRADE_COLORS[grade],
        limiting=limiting,
        exceedance=exceedance,
        item_grades={i: GRADES[c - 1] for i, c in item_classes.items()},
        separate_grades=separate,
        main_pollutants=main,
        sample=values,
        waterbody=wb,
    )


def classify_frame(df: pd.DataFrame, waterbody: Waterbody = "river") -> pd.DataFrame:
    """Vectorised :func:`classify`: the class of every row.

    Parameters
    ----------
    df : pandas.DataFrame
        One sample per row; item columns are recognised by the keys of :func:`classify`
        (aliases too), other columns are ignored. NaN = not measured.
    waterbody : {"river", "lake"}
        As in :func:`classify`.

    Returns
    -------
    pandas.DataFrame
        Same index; columns ``grade`` ("I" … "劣V", None if no indicator),
        ``grade_index`` (Int64), ``status`` and ``color``.

    Raises
    ------
    ModelInputError
        Negative / infinite values or pH outside 0–14 (naming column and row).

    References
    ----------
    .. [1] As :func:`classify`.
    """
    wb = _check_waterbody(waterbody)
    if not isinstance(df, pd.DataFrame):
        raise ModelInputError("df", "expected a pandas DataFrame")
    n = len(df)
    worst = np.zeros(n, dtype=np.int64)
    seen: set[str] = set()
    for name in df.columns:
        item = _canonical(name)
        if item is None:
            continue
        if item in seen:
            raise ModelInputError(str(name), f"item {item} given by two columns")
        seen.add(item)
        try:
            v = pd.to_numeric(df[name], errors="raise").to_numpy(dtype=float, na_value=np.nan)
        except (ValueError, TypeError) as exc:
            raise ModelInputError(str(name), "non-numeric values") from exc
        if item == "pH":
            bad = (v < 0) | (v > 14)
        elif item == "temperature":
            bad = (v < -5) | (v > _MAX_PLAUSIBLE["temperature"])
        else:
            bad = (v < 0) | (v > _MAX_PLAUSIBLE.get(item, np.inf))
        bad |= np.isinf(v)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ModelInputError(str(name), f"invalid value {v[i]} at row {df.index[i]!r}")
        if item not in EVALUATED_ITEMS:
            continue
        valid = ~np.isnan(v)
        if item == "pH":
            cls = np.where((v >= PH_RANGE[0]) & (v <= PH_RANGE[1]), 1, 6)
        else:
            lim = _limits(item, wb)
            limits = np.array(lim.limits, dtype=float)
            if lim.direction == "le":
                cls = np.searchsorted(limits, v, side="left") + 1
            else:
                cls = np.searchsorted(-limits, -v, side="left") + 1
        worst = np.maximum(worst, np.where(valid, cls, 0))
    grades = np.array([None, *GRADES], dtype=object)[worst]
    status = np.array([None, *(STATUS[g] for g in GRADES)], dtype=object)[worst]
    colors = np.array([None, *(GRADE_COLORS[g] for g in GRADES)], dtype=object)[worst]
    return pd.DataFrame(
        {
            "grade": grades,
            "grade_index": pd.array(np.where(worst == 0, np.nan, worst), dtype="Int64"),
            "status": status,
            "color": colors,
        },
        index=df.index,
    )


def _grade_index(r: Any) -> int:
    if isinstance(r, WaterClassResult):
        return r.grade_index
    if isinstance(r, str) and r in GRADES:
        return GRADES.index(r) + 1
    if isinstance(r, int | np.integer) and not isinstance(r, bool) and 1 <= r <= 6:
        return int(r)
    raise ModelInputError("results", f"not a water class: {r!r}")


def evaluate_sections(results: Iterable[WaterClassResult | str | int]) -> str:
    """Water-quality status of a river, basin or water system from its sections.

    Parameters
    ----------
    results : iterable
        One entry per section: a :class:`WaterClassResult`, a class ("I" … "劣V") or a
        class index 1–6. With ≥ 5 sections the class-proportion method applies; with
        fewer, the indicators are averaged over the sections and classified (this needs
        :class:`WaterClassResult` entries, which carry their samples).

    Returns
    -------
    str
        优 / 良好 / 轻度污染 / 中度污染 / 重度污染.

    Raises
    ------
    ModelInputError
        No section, an entry that is not a class, or fewer than 5 sections given as bare
        classes.

    References
    ----------
    .. [1] 环办〔2011〕22号 §2.3 (water.md §2.3, order of checks as recommended there).
    """
    items = list(results)
    if not items:
        raise ModelInputError("results", "no section")
    if len(items) < gb3838.RIVER_MIN_SECTIONS:
        if not all(isinstance(r, WaterClassResult) for r in items):
            raise ModelInputError(
                "results",
                "fewer than 5 sections: the 2011 method averages the indicators, "
                "so pass WaterClassResult objects (from classify)",
            )
        wbs = {r.waterbody for r in items}  # type: ignore[union-attr]
        if len(wbs) > 1:
            raise ModelInputError("results", "sections of rivers and lakes mixed")
        sums: dict[str, list[float]] = {}
        for r in items:
            for k, v in r.sample.items():  # type: ignore[union-attr]
                sums.setdefault(k, []).append(v)
        mean = {k: math.fsum(v) / len(v) for k, v in sums.items()}
        return classify(mean, waterbody=wbs.pop()).status  # type: ignore[arg-type]
    idx = [_grade_index(r) for r in items]
    n = len(idx)
    share_good = Fraction(sum(1 for i in idx if i <= 3) * 100, n)
    share_worst = Fraction(sum(1 for i in idx if i == 6) * 100, n)
    if share_good >= gb3838.SHARE_I_III_EXCELLENT:
        return "优"
    if share_good >= gb3838.SHARE_I_III_GOOD:
        return "良好"
    if share_worst >= gb3838.SHARE_WORST_HEAVY:
        return "重度污染"
    if share_worst >= gb3838.SHARE_WORST_MODERATE:
        return "中度污染"
    return "轻度污染"


@dataclass(frozen=True)
class TLIResult:
    """Result of :func:`tli`: ``value`` (TLI(Σ)), ``grade`` and per-parameter parts."""

    value: float
    grade: str
    components: dict[str, float]
    weights: dict[str, float]


def _tli_grade(value: float) -> str:
    first_bound, first_name = gb3838.TLI_GRADES[0]
    if first_bound is not None and value < first_bound:
        return first_name
    for bound, name in gb3838.TLI_GRADES[1:]:
        if bound is None or value <= bound:
            return name
    raise AssertionError("unreachable")  # pragma: no cover


def tli(chla: float, tp: float, tn: float, sd: float, codmn: float) -> TLIResult:
    """Comprehensive trophic level index TLI(Σ) of a lake or reservoir.

    Parameters
    ----------
    chla : float
        Chlorophyll a [mg/m³] (= µg/L).
    tp : float
        Total phosphorus [mg/L].
    tn : float
        Total nitrogen [mg/L].
    sd : float
        Secchi depth (transparency) [m].
    codmn : float
        Permanganate index [mg/L].

    Returns
    -------
    TLIResult
        ``value`` = Σ W_j·TLI(j) with W_j = r_ij²/Σr_ij²; ``grade`` 贫营养 (< 30),
        中营养 (30–50), 轻度 (50–60], 中度 (60–70], 重度富营养 (> 70).

    Raises
    ------
    ModelInputError
        A value that is not a positive finite number.

    References
    ----------
    .. [1] 中国环境监测总站 (2001), water.md §2.4-2.5 (worked example: 48.02, 中营养).
    """
    inputs = {"chla": chla, "tp": tp, "tn": tn, "sd": sd, "codmn": codmn}
    r2 = {k: r * r for k, r in gb3838.TLI_CORRELATION.items()}
    total = math.fsum(r2.values())
    weights = {k: v / total for k, v in r2.items()}
    comps: dict[str, float] = {}
    for k, raw in inputs.items():
        if isinstance(raw, bool) or not isinstance(raw, int | float | np.integer | np.floating):
            raise ModelInputError(k, f"not a number: {raw!r}")
        x = float(raw)
        if not math.isfinite(x) or x <= 0:
            raise ModelInputError(k, f"must be a positive finite number, got {raw!r}")
        a, b = gb3838.TLI_COEFFICIENTS[k]
        comps[k] = 10.0 * (a + b * math.log(x))
    value = math.fsum(weights[k] * comps[k] for k in comps)
    return TLIResult(value=value, grade=_tli_grade(value), components=comps, weights=weights)
