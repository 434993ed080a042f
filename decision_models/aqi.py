"""Air quality index (AQI) per HJ 633—2012 and HJ 633—2026.

All arithmetic is exact: a concentration is first quantised to
:data:`decision_models.rounding.QUANTUM` of its unit (1e-9 µg/m³ or mg/m³, far below any
instrument resolution), after which the GB/T 8170 rounding of HJ 633-2026
(:mod:`decision_models.rounding`) and the IAQI interpolation (HJ 633 formula 1) are done in
integers (scalar path: ``fractions.Fraction``; vectorised path: ``int64``).
So an exact breakpoint gives an exact IAQI (PM2.5 = 75 µg/m³ → 100 under HJ 633-2012),
and the ceiling ("全部进位取整数") never sees a floating-point artefact.

The breakpoint tables, special rules, levels and colours live in
:mod:`decision_models.standards_tables.hj633`.

References
----------
.. [1] HJ 633—2012 环境空气质量指数（AQI）技术规定（试行）, Tables 1-2, §5-6, Appendix A.
.. [2] HJ 633—2026 环境空气质量指数（AQI）技术规定, Tables 1 and 3, §4.2, §5.3.
.. [3] GB/T 8170—2008 数值修约规则与极限数值的表示和判定 (round half to even).
.. [4] ../shared/reference/air.md §1-3 (transcription and the published real-time
   practice, §1.3).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

from decision_models.errors import ModelInputError
from decision_models.rounding import QUANTUM, quantise, round_half_even
from decision_models.standards_tables import gb3095, hj633
from decision_models.standards_tables.hj633 import (
    ABOVE_TOP_RULE,
    BREAKPOINTS,
    HJ633_2012,
    HJ633_2026,
    IAQI_ROWS,
    LEVELS,
    ROUNDING_DECIMALS,
    AQILevel,
)
from decision_models.validation import plain_number

__all__ = [
    "HJ633_2012",
    "HJ633_2026",
    "LEVELS",
    "POLLUTANTS",
    "AQILevel",
    "AQIResult",
    "aqi",
    "aqi_frame",
    "category_of",
    "color_of",
    "iaqi",
    "level_of",
    "level_of_array",
    "standard_for",
]

Period = Literal["24h", "1h", "8h"]
RealtimeRule = Literal["published", "letter"]

#: The six basic pollutants (HJ 633 §5.1).
POLLUTANTS: tuple[str, ...] = ("SO2", "NO2", "PM10", "PM2.5", "CO", "O3")
#: Unit of each pollutant (GB 3095 Table 1).
UNITS: dict[str, str] = {p: gb3095.UNITS[p] for p in POLLUTANTS}
#: Largest plausible concentration [unit of the pollutant]. Larger values almost always
#: mean a unit mistake (CO in µg/m³, ng/m³ for µg/m³, ...).
MAX_PLAUSIBLE: dict[str, float] = {p: (150.0 if p == "CO" else 100_000.0) for p in POLLUTANTS}

_SCALED: dict[str, dict[str, tuple[int, ...]]] = {
    std: {col: tuple(int(Fraction(bp) * QUANTUM) for bp in bps) for col, bps in cols.items()}
    for std, cols in BREAKPOINTS.items()
}

_STANDARD_ALIASES: dict[str, str] = {
    "HJ633-2012": HJ633_2012,
    "2012": HJ633_2012,
    "HJ633-2026": HJ633_2026,
    "2026": HJ633_2026,
}


# --------------------------------------------------------------------------- levels


def level_of(aqi_value: float) -> int:
    """AQI level (1–6) of an AQI value.

    Parameters
    ----------
    aqi_value : float
        AQI [dimensionless], ≥ 0. Non-integers are compared as is (50.2 → level 2,
        which is what its ceiling, 51, gives).

    Returns
    -------
    int
        1 (优) … 6 (严重污染).

    References
    ----------
    .. [1] HJ 633-2012 Table 2; HJ 633-2026 Table 1.
    """
    v = plain_number("aqi", aqi_value)
    if v < 0:
        raise ModelInputError("aqi", f"negative AQI {aqi_value}")
    for row in LEVELS[:-1]:
        if v <= row.upper:
            return row.level
    return LEVELS[-1].level


def level_of_array(aqi_values: Any) -> np.ndarray:
    """Vectorised :func:`level_of`; NaN gives level 0 (no data).

    Parameters
    ----------
    aqi_values : array_like
        AQI values [dimensionless].

    Returns
    -------
    numpy.ndarray
        int8 array of levels 1–6 (0 where the input is NaN).

    References
    ----------
    .. [1] HJ 633-2012 Table 2; HJ 633-2026 Table 1.
    """
    a = np.asarray(aqi_values, dtype=float)
    if np.any(a < 0):
        raise ModelInputError("aqi", "negative AQI")
    uppers = np.array([row.upper for row in LEVELS[:-1]], dtype=float)
    out = (np.searchsorted(uppers, a, side="left") + 1).astype(np.int8)
    out[np.isnan(a)] = 0
    return out


def _level_row(level: int) -> AQILevel:
    if isinstance(level, bool) or not isinstance(level, int | np.integer) or not 1 <= level <= 6:
        raise ModelInputError("level", f"AQI level must be an integer 1-6, got {level!r}")
    return LEVELS[int(level) - 1]


def category_of(level: int) -> str:
    """Chinese category (优 … 严重污染) of an AQI level 1–6 (HJ 633 Table 2 / Table 1)."""
    return _level_row(level).category


def color_of(level: int) -> str:
    """Hex colour of an AQI level 1–6 (HJ 633-2012/2026 Appendix A), e.g. ``"#00E400"``."""
    return _level_row(level).color


# --------------------------------------------------------------------------- standard


def _normalize_standard(standard: str) -> str:
    if not isinstance(standard, str):
        raise ModelInputError("standard", f"unknown standard {standard!r}")
    key = standard.upper().replace(" ", "").replace("—", "-").replace("–", "-").replace("_", "-")
    if key not in _STANDARD_ALIASES:
        raise ModelInputError(
            "standard", f"unknown standard {standard!r}; use {HJ633_2012!r} or {HJ633_2026!r}"
        )
    return _STANDARD_ALIASES[key]


def _to_date(when: Any) -> date:
    if isinstance(when, datetime):
        return when.date()
    if isinstance(when, date):
        return when
    try:
        ts = pd.Timestamp(when)
    except (ValueError, TypeError) as exc:
        raise ModelInputError("when", f"not a date: {when!r}") from exc
    if pd.isna(ts):
        raise ModelInputError("when", f"not a date: {when!r}")
    return ts.date()


def standard_for(when: Any = None) -> str:
    """HJ 633 version that applies to data at ``when``.

    Parameters
    ----------
    when : date, datetime, str or None
        Date of the data; ``None`` means today.

    Returns
    -------
    str
        ``"HJ633-2012"`` before 2026-03-01, else ``"HJ633-2026"``.

    References
    ----------
    .. [1] HJ 633-2026 front matter (in force 2026-03-01); air.md "READ FIRST".
    """
    d = date.today() if when is None else _to_date(when)
    return HJ633_2012 if d < hj633.HJ633_2026_IN_FORCE else HJ633_2026


def _resolve_standard(standard: str | None, when: Any) -> str:
    if standard is not None:
        return _normalize_standard(standard)
    return standard_for(when)


# --------------------------------------------------------------------------- scalar core


def _check_concentration(name: str, pollutant: str, value: Any) -> float:
    v = plain_number(name, value)
    if v < 0:
        raise ModelInputError(name, f"negative concentration {v} {UNITS[pollutant]}")
    if v > MAX_PLAUSIBLE[pollutant]:
        raise ModelInputError(
            name,
            f"implausible concentration {v} {UNITS[pollutant]} "
            f"(> {MAX_PLAUSIBLE[pollutant]:g}; wrong unit?)",
        )
    return v


def _quantise(pollutant: str, value: float, standard: str) -> int:
    q = quantise(value)
    decimals = ROUNDING_DECIMALS[standard]
    if decimals is not None:
        q = round_half_even(q, QUANTUM // 10 ** decimals[pollutant])
    return q


def _index_scaled(standard: str, column: str, q: int) -> tuple[int | None, bool]:
    """IAQI of quantised concentration ``q`` on one breakpoint column.

    Returns ``(iaqi, out_of_range)``; ``iaqi`` is None where HJ 633-2012 gives no
    value from this column (SO2 1 h > 800, O3 8 h > 800).
    """
    bps = _SCALED[standard][column]
    if q > bps[-1]:
        rule = ABOVE_TOP_RULE[standard]
        if column in rule:
            return rule[column], False
        return IAQI_ROWS[len(bps) - 1], True  # top of the column: 500, flagged
    k = max(bisect_left(bps, q), 1)  # breakpoint belongs to the lower segment
    lo, hi = bps[k - 1], bps[k]
    i_lo, i_hi = IAQI_ROWS[k - 1], IAQI_ROWS[k]
    value = i_lo + Fraction(i_hi - i_lo, hi - lo) * (q - lo)
    return math.ceil(value), False


_PERIOD_COLUMN: dict[str, dict[str, str]] = {
    # daily report: 24-h means; O3 = daily maximum 8-h mean (HJ 633-2012/2026 §5.1)
    "24h": {
        "SO2": "SO2_24h",
        "NO2": "NO2_24h",
        "PM10": "PM10_24h",
        "PM2.5": "PM2.5_24h",
        "CO": "CO_24h",
        "O3": "O3_8h",
    },
    # real-time: PM 1-h values on the 24-h columns (HJ 633-2026 §4.2.4; air.md §1.3)
    "1h": {
        "SO2": "SO2_1h",
        "NO2": "NO2_1h",
        "PM10": "PM10_24h",
        "PM2.5": "PM2.5_24h",
        "CO": "CO_1h",
        "O3": "O3_1h",
    },
    "8h": {"O3": "O3_8h"},
}


def _check_period(period: str) -> str:
    if period not in _PERIOD_COLUMN:
        raise ModelInputError("period", f"unknown period {period!r}; use '24h', '1h' or '8h'")
    return period


def _check_pollutant(pollutant: str) -> str:
    if pollutant not in POLLUTANTS:
        raise ModelInputError(
            str(pollutant), f"unknown pollutant; use one of {', '.join(POLLUTANTS)}"
        )
    return pollutant


def iaqi(
    pollutant: str,
    value: float,
    period: Period = "24h",
    standard: str | None = None,
    when: Any = None,
) -> int | None:
    """Individual air quality index (IAQI) of one pollutant.

    Parameters
    ----------
    pollutant : {"SO2", "NO2", "PM10", "PM2.5", "CO", "O3"}
        Pollutant name.
    value : float
        Concentration [µg/m³]; CO [mg/m³].
    period : {"24h", "1h", "8h"}
        Averaging period. ``"24h"`` for O3 means the daily maximum 8-h mean (daily
        report); ``"8h"`` is valid for O3 only. PM10/PM2.5 1-h values use the 24-h
        columns (HJ 633-2026 §4.2.4, published practice for 2012 data, air.md §1.3).
    standard : {"HJ633-2012", "HJ633-2026"}, optional
        Standard version; default chosen from ``when``.
    when : date or datetime, optional
        Date of the data: before 2026-03-01 → HJ633-2012; default today.

    Returns
    -------
    int or None
        IAQI (ceiling to an integer). ``None`` where HJ 633-2012 computes no IAQI from
        this value (SO2 1 h > 800 → use the 24-h IAQI; O3 8 h > 800 → use the 1-h IAQI).
        HJ 633-2026 gives 200 and 300 there. Above the top of a column: 500.

    Raises
    ------
    ModelInputError
        Unknown pollutant, period or standard; NaN, negative or implausible value.

    References
    ----------
    .. [1] HJ 633-2012 Table 1 and formula (1); HJ 633-2026 Table 3, §4.2.2, §4.2.6.
    """
    pollutant = _check_pollutant(pollutant)
    period = _check_period(period)
    std = _resolve_standard(standard, when)
    column = _PERIOD_COLUMN[period].get(pollutant)
    if column is None:
        raise ModelInputError("period", f"no {period} IAQI for {pollutant}")
    v = _check_concentration(pollutant, pollutant, value)
    result, _ = _index_scaled(std, column, _quantise(pollutant, v, std))
    return result


# --------------------------------------------------------------------------- AQI plan


@dataclass(frozen=True)
class _Entry:
    out: str  # key in AQIResult.iaqi
    pollutant: str
    column: str
    source: str  # canonical input key


def _plan(standard: str, period: str, rule: str) -> list[_Entry]:
    """Indicators entering the AQI (HJ 633 §5.1; air.md §1.3 for the real-time practice)."""
    if period == "24h":
        entries = [
            _Entry(p, p, _PERIOD_COLUMN["24h"][p], p) for p in ("SO2", "NO2", "PM10", "PM2.5", "CO")
        ]
        entries.append(_Entry("O3_8h", "O3", "O3_8h", "O3_8h"))
        if standard == HJ633_2012:  # 7th daily indicator, dropped in 2026
            entries.append(_Entry("O3_1h", "O3", "O3_1h", "O3_1h"))
        return entries
    entries = [_Entry(p, p, _PERIOD_COLUMN["1h"][p], p) for p in ("SO2", "NO2", "CO", "O3")]
    if standard == HJ633_2012 and rule == "letter":
        # HJ 633-2012 §5.1 + Table 4 read literally: O3 8-h sliding mean in the AQI,
        # PM indexed on their 24-h sliding means only.
        entries.append(_Entry("O3_8h", "O3", "O3_8h", "O3_8h"))
        entries += [_Entry(p, p, f"{p}_24h", f"{p}_24h") for p in ("PM10", "PM2.5")]
    else:
        entries += [_Entry(p, p, f"{p}_24h", p) for p in ("PM10", "PM2.5")]
    order = {"SO2": 0, "NO2": 1, "PM10": 2, "PM2.5": 3, "CO": 4, "O3": 5, "O3_8h": 6}
    return sorted(entries, key=lambda e: order[e.out])


_REQUIRED: dict[str, tuple[str, ...]] = {
    # the indicators whose absence triggers the HJ 633-2026 §5.3 NA rule
    "24h": ("SO2", "NO2", "PM10", "PM2.5", "CO", "O3_8h"),
    "1h": ("SO2", "NO2", "PM10", "PM2.5", "CO", "O3"),
}

# Canonical input keys per report, and the pollutant each one measures.
_INPUT_KEYS: dict[str, dict[str, str]] = {
    "24h": {
        "SO2": "SO2",
        "NO2": "NO2",
        "PM10": "PM10",
        "PM2.5": "PM2.5",
        "CO": "CO",
        "O3_8h": "O3",
        "O3_1h": "O3",
    },
    "1h": {
        "SO2": "SO2",
        "NO2": "NO2",
        "PM10": "PM10",
        "PM2.5": "PM2.5",
        "CO": "CO",
        "O3": "O3",
        "O3_8h": "O3",
        "SO2_24h": "SO2",
        "PM10_24h": "PM10",
        "PM2.5_24h": "PM2.5",
    },
}


def _canonical_key(key: Any, period: str) -> str | None:
    """Canonical input key of a user key (case-insensitive aliases), None if unknown."""
    if not isinstance(key, str):
        return None
    k = key.strip().upper().replace("PM2_5", "PM2.5").replace("PM25", "PM2.5")
    k = k.replace("-", "_").replace("8H_MAX", "8H").replace("1H_MAX", "1H")
    k = k.replace("_8H", "_8h").replace("_1H", "_1h").replace("_24H", "_24h")
    if period == "24h" and k == "O3":
        k = "O3_8h"  # daily report: O3 alone = daily max 8-h mean
    if period == "1h" and k == "O3_1h":
        k = "O3"
    return k if k in _INPUT_KEYS[period] else None


@dataclass(frozen=True)
class AQIResult:
    """Result of :func:`aqi`.

    Attributes
    ----------
    aqi : int or None
        AQI [dimensionless]; None when nothing can be computed or under the
        HJ 633-2026 §5.3 NA rule (a pollutant missing and AQI ≤ 100).
    level, category, color
        AQI level 1–6, Chinese category, hex colour (None when ``aqi`` is None).
    primary : list of str
        Indicators with the maximum IAQI when AQI > 50 (ties all listed).
    iaqi : dict
        IAQI per indicator (keys: SO2, NO2, PM10, PM2.5, CO, O3_8h/O3_1h in the daily
        report; O3 = 1-h O3 in the real-time report).
    standard : str
        Standard applied.
    exceeding : list of str
        Indicators with IAQI > 100 (HJ 633-2012 超标污染物; a dashboard flag in 2026).
    out_of_range : list of str
        Indicators above the top of their column (IAQI reported as 500, i.e. ">500").
    missing : list of str
        Required indicators that were absent or could not be indexed.
    notes : list of str
        Special rules applied.
    """

    aqi: int | None
    level: int | None
    category: str | None
    color: str | None
    primary: list[str]
    iaqi: dict[str, int]
    standard: str
    period: str = "24h"
    exceeding: list[str] = field(default_factory=list)
    out_of_range: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _combine(std: str, period: str, iaqis: dict[str, int], missing: list[str]) -> int | None:
    if not iaqis:
        return None
    value = max(iaqis.values())
    if std == HJ633_2026 and missing and value <= 100:
        return None  # HJ 633-2026 §5.3: publish AQI as NA
    return value


def aqi(
    values: Mapping[str, float | None],
    period: Literal["24h", "1h"] = "24h",
    standard: str | None = None,
    when: Any = None,
    realtime_rule: RealtimeRule = "published",
) -> AQIResult:
    """AQI, level, category, colour and primary pollutants of one observation.

    Parameters
    ----------
    values : mapping of str to float
        Concentrations [µg/m³; CO mg/m³]. Daily report (``period="24h"``): ``SO2``,
        ``NO2``, ``PM10``, ``PM2.5``, ``CO`` (24-h means), ``O3_8h`` (daily max 8-h
        mean; ``O3`` alone means the same) and ``O3_1h`` (daily max 1-h, HJ 633-2012
        only; ignored under 2026). Real-time report (``period="1h"``): the six names as
        1-h values, plus ``O3_8h``, ``SO2_24h``, ``PM10_24h``, ``PM2.5_24h`` (sliding
        means) where the standard needs them. Missing keys or ``None`` are skipped.
        Case-insensitive aliases: ``pm2_5``, ``o3_8h_max`` ...
    period : {"24h", "1h"}
        Daily or real-time report.
    standard : {"HJ633-2012", "HJ633-2026"}, optional
        Default chosen from ``when`` (before 2026-03-01 → 2012), default today.
    when : date or datetime, optional
        Date of the data.
    realtime_rule : {"published", "letter"}
        Real-time AQI under HJ 633-2012. ``"published"`` (default): the national
        platform's practice, = the HJ 633-2026 rule: 1-h SO2/NO2/CO/O3 on the 1-h
        columns, 1-h PM on the 24-h columns, O3 8-h not included (air.md §1.3:
        reproduces 1,672 of 1,672 published Hefei hourly AQIs). ``"letter"``: HJ 633-2012
        §5.1/Table 4 read literally: adds ``O3_8h`` and indexes PM on ``PM10_24h`` /
        ``PM2.5_24h``. No effect under HJ 633-2026. ``SO2_24h`` is used in both for the
        2012 rule "SO2 1 h > 800 → report the 24-h IAQI".

    Returns
    -------
    AQIResult

    Raises
    ------
    ModelInputError
        Unknown key, period or standard; NaN, negative or implausible value; the same
        indicator given twice (``O3`` and ``O3_8h`` differing).

    References
    ----------
    .. [1] HJ 633-2012 §5-6, Table 1 notes (2)(3); HJ 633-2026 §4.2, §5.3, Table 3
       notes b, c.
    .. [2] air.md §1.3 (published real-time practice).
    """
    if period not in ("24h", "1h"):
        raise ModelInputError("period", f"unknown report period {period!r}; use '24h' or '1h'")
    if realtime_rule not in ("published", "letter"):
        raise ModelInputError("realtime_rule", f"unknown rule {realtime_rule!r}")
    if not isinstance(values, Mapping):
        raise ModelInputError("values", "expected a mapping of indicator name to concentration")
    std = _resolve_standard(standard, when)
    conc: dict[str, float] = {}
    for key, raw in values.items():
        canon = _canonical_key(key, period)
        if canon is None:
            raise ModelInputError(str(key), f"unknown pollutant for the {period} report")
        if raw is None:
            continue
        v = _check_concentration(str(key), _INPUT_KEYS[period][canon], raw)
        if canon in conc and conc[canon] != v:
            raise ModelInputError(str(key), f"given twice with different values as {canon}")
        conc[canon] = v

    iaqis: dict[str, int] = {}
    out_of_range: list[str] = []
    notes: list[str] = []
    for e in _plan(std, period, realtime_rule):
        if e.source not in conc:
            continue
        q = _quantise(e.pollutant, conc[e.source], std)
        value, oor = _index_scaled(std, e.column, q)
        if value is None and e.column == "SO2_1h":  # HJ 633-2012 note (2)
            notes.append("SO2 1-h > 800 µg/m³: reported with the 24-h IAQI (HJ 633-2012)")
            if "SO2_24h" in conc:
                q24 = _quantise("SO2", conc["SO2_24h"], std)
                value, oor = _index_scaled(std, "SO2_24h", q24)
        elif value is None and e.column == "O3_8h":  # HJ 633-2012 note (3)
            notes.append("O3 8-h > 800 µg/m³: no 8-h IAQI, O3 reported via the 1-h IAQI")
        if value is None:
            continue
        iaqis[e.out] = value
        if oor:
            out_of_range.append(e.out)

    missing = [k for k in _REQUIRED[period] if k not in iaqis]
    if std == HJ633_2012 and period == "24h" and "O3_8h" in missing and "O3_1h" in iaqis:
        missing.remove("O3_8h")
    value = _combine(std, period, iaqis, missing)
    if value is None:
        level = category = color = None
        primary: list[str] = []
    else:
        level = level_of(value)
        category, color = category_of(level), color_of(level)
        above = value > hj633.PRIMARY_ABOVE
        primary = [k for k, v in iaqis.items() if v == value] if above else []
    exceeding = [k for k, v in iaqis.items() if v > hj633.EXCEEDING_ABOVE]
    return AQIResult(
        aqi=value,
        level=level,
        category=category,
        color=color,
        primary=primary,
        iaqi=iaqis,
        standard=std,
        period=period,
        exceeding=exceeding,
        out_of_range=out_of_range,
        missing=missing,
        notes=notes,
    )


# --------------------------------------------------------------------------- vectorised


def _quantise_array(pollutant: str, v: np.ndarray, standard: str) -> np.ndarray:
    q = np.rint(v * QUANTUM).astype(np.int64)
    decimals = ROUNDING_DECIMALS[standard]
    if decimals is not None:
        q = round_half_even(q, QUANTUM // 10 ** decimals[pollutant])
    return q


def _index_array(standard: str, column: str, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`_index_scaled`: (iaqi float array with NaN for None, out_of_range)."""
    bps = np.array(_SCALED[standard][column], dtype=np.int64)
    rows = np.array(IAQI_ROWS[: len(bps)], dtype=np.int64)
    above = q > bps[-1]
    k = np.clip(np.searchsorted(bps, q, side="left"), 1, len(bps) - 1)
    lo, hi = bps[k - 1], bps[k]
    i_lo, i_hi = rows[k - 1], rows[k]
    den = hi - lo
    num = i_lo * den + (i_hi - i_lo) * (q - lo)
    out = (-((-num) // den)).astype(float)  # exact integer ceiling
    rule = ABOVE_TOP_RULE[standard]
    if column in rule:
        fixed = rule[column]
        out[above] = np.nan if fixed is None else fixed
        return out, np.zeros_like(above)
    out[above] = rows[-1]
    return out, above


def _when_array(when: Any, df: pd.DataFrame) -> np.ndarray | None:
    if when is None:
        return None
    if isinstance(when, str) and when in df.columns:
        when = df[when]
    if isinstance(when, pd.Series | pd.Index | np.ndarray | list | tuple):
        ts = pd.to_datetime(pd.Series(np.asarray(when)), errors="coerce")
        if len(ts) != len(df):
            raise ModelInputError("when", "length differs from the frame")
        if ts.isna().any():
            raise ModelInputError("when", "contains missing or unparseable dates")
        if ts.dt.tz is not None:
            ts = ts.dt.tz_localize(None)
        cut = pd.Timestamp(hj633.HJ633_2026_IN_FORCE)
        return np.where(ts.to_numpy() < cut.to_datetime64(), HJ633_2012, HJ633_2026)
    return None


def aqi_frame(
    df: pd.DataFrame,
    period: Literal["24h", "1h"] = "24h",
    standard: str | None = None,
    when: Any = None,
    realtime_rule: RealtimeRule = "published",
) -> pd.DataFrame:
    """Vectorised :func:`aqi` over the rows of a frame.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per observation. Pollutant columns are recognised by the keys of
        :func:`aqi` (case-insensitive aliases such as ``pm2_5``, ``o3_8h_max``); other
        columns are ignored. NaN means "not measured" (skipped, like an absent key).
    period, standard, realtime_rule
        As in :func:`aqi`.
    when : date, column name or array_like, optional
        Date(s) of the data, used when ``standard`` is None: a scalar, the name of a
        date column, or one date per row (per-row standard).

    Returns
    -------
    pandas.DataFrame
        Same index as ``df``; columns ``aqi`` and ``level`` (nullable Int64),
        ``category``, ``color``, ``primary`` (comma-joined, "" if none), ``standard`` and
        ``iaqi_<indicator>`` (Int64) for every indicator of the plan.

    Raises
    ------
    ModelInputError
        Negative, infinite or implausible values (naming the column and first row),
        duplicate indicator columns, unknown standard or period.

    References
    ----------
    .. [1] As :func:`aqi`.
    """
    if period not in ("24h", "1h"):
        raise ModelInputError("period", f"unknown report period {period!r}; use '24h' or '1h'")
    if realtime_rule not in ("published", "letter"):
        raise ModelInputError("realtime_rule", f"unknown rule {realtime_rule!r}")
    if not isinstance(df, pd.DataFrame):
        raise ModelInputError("df", "expected a pandas DataFrame")
    cols: dict[str, np.ndarray] = {}
    for name in df.columns:
        canon = _canonical_key(name, period)
        if canon is None:
            continue
        if canon in cols:
            raise ModelInputError(str(name), f"indicator {canon} given by two columns")
        pollutant = _INPUT_KEYS[period][canon]
        try:
            v = pd.to_numeric(df[name], errors="raise").to_numpy(dtype=float, na_value=np.nan)
        except (ValueError, TypeError) as exc:
            raise ModelInputError(str(name), "non-numeric values") from exc
        bad = np.isinf(v) | (v < 0) | (v > MAX_PLAUSIBLE[pollutant])
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ModelInputError(
                str(name),
                f"invalid concentration {v[i]} {UNITS[pollutant]} at row {df.index[i]!r} "
                f"(negative, infinite or implausible > {MAX_PLAUSIBLE[pollutant]:g})",
            )
        cols[canon] = v

    n = len(df)
    if standard is not None:
        std_per_row = np.full(n, _normalize_standard(standard), dtype=object)
    else:
        arr = _when_array(when, df)
        std_per_row = (
            np.full(n, standard_for(when), dtype=object) if arr is None else arr.astype(object)
        )

    out_keys: list[str] = []
    for std in (HJ633_2012, HJ633_2026):
        if (std_per_row == std).any():
            out_keys += [e.out for e in _plan(std, period, realtime_rule) if e.out not in out_keys]
    iaqi_cols = {k: np.full(n, np.nan) for k in out_keys}

    missing_any = np.zeros(n, dtype=bool)
    for std in (HJ633_2012, HJ633_2026):
        rows = std_per_row == std
        if not rows.any():
            continue
        for e in _plan(std, period, realtime_rule):
            if e.source not in cols:
                continue
            v = cols[e.source][rows]
            valid = ~np.isnan(v)
            q = _quantise_array(e.pollutant, np.where(valid, v, 0.0), std)
            value, _ = _index_array(std, e.column, q)
            if e.column == "SO2_1h" and std == HJ633_2012 and "SO2_24h" in cols:
                v24 = cols["SO2_24h"][rows]
                q24 = _quantise_array("SO2", np.where(np.isnan(v24), 0.0, v24), std)
                fb, _ = _index_array(std, "SO2_24h", q24)
                fb[np.isnan(v24)] = np.nan
                value = np.where(np.isnan(value), fb, value)
            value[~valid] = np.nan
            iaqi_cols[e.out][rows] = value
        required = list(_REQUIRED[period])
        present = {
            k: ~np.isnan(iaqi_cols[k][rows]) if k in iaqi_cols else np.zeros(rows.sum(), bool)
            for k in required
        }
        miss = np.zeros(rows.sum(), dtype=bool)
        for k in required:
            if k == "O3_8h" and std == HJ633_2012 and "O3_1h" in iaqi_cols:
                miss |= ~(present[k] | ~np.isnan(iaqi_cols["O3_1h"][rows]))
            else:
                miss |= ~present[k]
        missing_any[rows] = miss

    stacked = np.vstack([iaqi_cols[k] for k in out_keys]) if out_keys else np.full((1, n), np.nan)
    all_nan = np.isnan(stacked).all(axis=0)
    aqi_val = np.where(all_nan, np.nan, np.nanmax(np.where(np.isnan(stacked), -1, stacked), axis=0))
    na_rule = (std_per_row == HJ633_2026) & missing_any & (aqi_val <= 100)
    aqi_val[na_rule] = np.nan

    levels = level_of_array(aqi_val)
    cat_table = np.array([None] + [row.category for row in LEVELS], dtype=object)
    color_table = np.array([None] + [row.color for row in LEVELS], dtype=object)
    primary = np.full(n, "", dtype=object)
    for k in out_keys:
        is_primary = (iaqi_cols[k] == aqi_val) & (aqi_val > hj633.PRIMARY_ABOVE)
        primary = np.where(is_primary, np.where(primary == "", k, primary + "," + k), primary)

    result = pd.DataFrame(
        {
            "aqi": pd.array(aqi_val, dtype="Int64"),
            "level": pd.array(np.where(levels == 0, np.nan, levels), dtype="Int64"),
            "category": cat_table[levels],
            "color": color_table[levels],
            "primary": primary,
            "standard": std_per_row,
        },
        index=df.index,
    )
    for k in out_keys:
        result[f"iaqi_{k}"] = pd.array(iaqi_cols[k], dtype="Int64")
    return result
