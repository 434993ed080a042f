"""CO₂ from fuel combustion, inventory consistency, and the trajectory to a peak.

Emission of a fuel: ``E = AD × NCV × CC × OF × 44/12`` where AD is the fuel used, NCV
its net calorific value, CC its carbon content per unit heat and OF the oxidation rate.
Purchased electricity is counted as indirect emission with the grid factor.

The default parameters are those of GB/T 32150-2015 附录B 表B.1, which are the same as
in the NDRC industry accounting guidelines (2013–2015) and are the defaults the
省级温室气体清单编制指南（试行）(发改办气候〔2011〕1041号) falls back to when no local
measurements exist. Standard coal (标准煤) is 29.3076 GJ/tce (GB/T 2589-2020).
Values as remembered from those tables: check against the texts before operational use
(a search in 2026-11 found no reproduction of 表B.1 to check them against; the natural-gas
row, 389.31 GJ/10⁴ Nm³ · 15.3 tC/TJ · 0.99, agrees with one third-party implementation of
the companion GB/T 32151 defaults, the others remain unverified).

References
----------
.. [1] GB/T 32150-2015 工业企业温室气体排放核算和报告通则, 附录B 表B.1 (常见化石燃料
   特性参数缺省值).
.. [2] 省级温室气体清单编制指南（试行）, 发改办气候〔2011〕1041号, 第一章 能源活动.
.. [3] GB/T 2589-2020 综合能耗计算通则 (1 kgce = 29.3076 MJ; electricity 0.1229
   kgce/kWh 当量值).
.. [4] 生态环境部 国家统计局 公告 2024年第33号: 2022年全国电力平均二氧化碳排放因子
   0.5703 tCO₂/MWh.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from decision_models.errors import ModelInputError
from decision_models.validation import finite_scalar

__all__ = [
    "C_TO_CO2",
    "ELECTRICITY",
    "ELECTRICITY_TCE_PER_MWH",
    "FUELS",
    "GJ_PER_TCE",
    "GRID_FACTOR_T_PER_MWH",
    "SECTORS",
    "ConsistencyResult",
    "Fuel",
    "InventoryRow",
    "Trajectory",
    "check_inventory",
    "emission",
    "emission_factor",
    "energy_mix",
    "energy_tce",
    "required_annual_change",
    "rows_from_mappings",
    "totals",
    "trajectory",
]

C_TO_CO2 = 44.0 / 12.0
GJ_PER_TCE = 29.3076  # GB/T 2589-2020: 1 kgce = 29 307.6 kJ
# 生态环境部 国家统计局 公告2024年第33号, 2022 national average [tCO₂/MWh].
GRID_FACTOR_T_PER_MWH = 0.5703
# GB/T 2589-2020 附录A: electricity 当量值 0.1229 kgce/kWh = 0.1229 tce/MWh.
ELECTRICITY_TCE_PER_MWH = 0.1229


@dataclass(frozen=True)
class Fuel:
    """A fuel and its default parameters.

    ``unit`` is the unit of activity data: "t" or "1e4 Nm3" (万立方米) or "MWh".
    ``ncv`` [GJ per unit], ``carbon_content`` [tC/TJ], ``oxidation`` [fraction].
    """

    key: str
    name_zh: str
    name_en: str
    unit: str
    ncv: float
    carbon_content: float
    oxidation: float


# GB/T 32150-2015 附录B 表B.1 (低位发热量, 单位热值含碳量, 碳氧化率). 原煤 uses the
# national energy-statistics NCV (20.908 GJ/t, 0.7143 tce/t) with the 一般烟煤 carbon
# content and oxidation rate.
FUELS: dict[str, Fuel] = {f.key: f for f in (
    Fuel("raw_coal", "原煤", "Raw coal", "t", 20.908, 26.18, 0.93),
    Fuel("coke", "焦炭", "Coke", "t", 28.435, 29.5, 0.93),
    Fuel("crude_oil", "原油", "Crude oil", "t", 41.816, 20.1, 0.98),
    Fuel("fuel_oil", "燃料油", "Fuel oil", "t", 41.816, 21.1, 0.98),
    Fuel("gasoline", "汽油", "Gasoline", "t", 43.070, 18.9, 0.98),
    Fuel("diesel", "柴油", "Diesel", "t", 42.652, 20.2, 0.98),
    Fuel("kerosene", "煤油", "Kerosene", "t", 43.070, 19.6, 0.98),
    Fuel("lpg", "液化石油气", "LPG", "t", 50.179, 17.2, 0.98),
    Fuel("natural_gas", "天然气", "Natural gas", "1e4 Nm3", 389.31, 15.3, 0.99),
    Fuel("coke_oven_gas", "焦炉煤气", "Coke-oven gas", "1e4 Nm3", 179.81, 13.58, 0.99),
)}
ELECTRICITY = "electricity"

#: Sectors of the inventory (清单 部门), keys and (Chinese, English) names.
SECTORS: dict[str, tuple[str, str]] = {
    "power": ("能源生产与加工转换（电力、热力）", "Power and heat"),
    "industry": ("工业", "Industry"),
    "transport": ("交通运输", "Transport"),
    "buildings": ("建筑（商业、公共机构）", "Commercial and public buildings"),
    "residential": ("居民生活", "Residential"),
    "agriculture": ("农林牧渔", "Agriculture"),
}


def _fuel(key: str) -> Fuel:
    if key not in FUELS:
        raise ModelInputError("fuel", f"unknown fuel {key!r}; expected one of "
                              f"{', '.join([*FUELS, ELECTRICITY])}")
    return FUELS[key]


def emission_factor(fuel: str) -> float:
    """CO₂ per unit of activity [tCO₂/t, tCO₂/10⁴ Nm³, or tCO₂/MWh for electricity].

    Examples
    --------
    >>> round(emission_factor("natural_gas"), 2)   # ≈ 2.16 kg per m³
    21.62
    """
    if fuel == ELECTRICITY:
        return GRID_FACTOR_T_PER_MWH
    f = _fuel(fuel)
    return f.ncv * f.carbon_content * f.oxidation * C_TO_CO2 / 1000.0


def emission(fuel: str, amount: float) -> float:
    """CO₂ of an amount of fuel [tCO₂]; ``amount`` in the fuel's unit (see :data:`FUELS`)."""
    return finite_scalar(amount, "amount", nonneg=True) * emission_factor(fuel)


def energy_tce(fuel: str, amount: float) -> float:
    """Energy of an amount of fuel in standard coal [tce] (electricity: 当量值)."""
    a = finite_scalar(amount, "amount", nonneg=True)
    if fuel == ELECTRICITY:
        return a * ELECTRICITY_TCE_PER_MWH
    return a * _fuel(fuel).ncv / GJ_PER_TCE


@dataclass(frozen=True)
class InventoryRow:
    """One line of an inventory: a region or unit, sector, fuel, activity and CO₂.

    ``amount`` in the fuel's unit; ``co2_t`` the CO₂ the inventory reports [t].
    """

    subject: str
    sector: str
    fuel: str
    amount: float
    co2_t: float


def totals(rows: Iterable[InventoryRow], by: str = "sector") -> dict[str, float]:
    """CO₂ of the rows summed by "sector", "fuel" or "subject" [tCO₂], largest first.

    Examples
    --------
    >>> totals([InventoryRow("A", "power", "raw_coal", 1.0, 2.0),
    ...         InventoryRow("B", "power", "diesel", 1.0, 3.0)], by="subject")
    {'B': 3.0, 'A': 2.0}
    """
    if by not in ("sector", "fuel", "subject"):
        raise ModelInputError("by", f"expected 'sector', 'fuel' or 'subject', got {by!r}")
    out: dict[str, float] = {}
    for r in rows:
        key = getattr(r, by)
        out[key] = out.get(key, 0.0) + float(r.co2_t)
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def energy_mix(rows: Iterable[InventoryRow]) -> dict[str, float]:
    """Share of each fuel in the energy use of the rows, by standard coal [fraction]."""
    tce: dict[str, float] = {}
    for r in rows:
        tce[r.fuel] = tce.get(r.fuel, 0.0) + energy_tce(r.fuel, r.amount)
    total = sum(tce.values())
    if total <= 0:
        raise ModelInputError("rows", "no energy use")
    return {k: v / total for k, v in sorted(tce.items())}


@dataclass(frozen=True)
class ConsistencyResult:
    """Outcome of :func:`check_inventory`.

    ``problems`` lists plain-English findings (empty when consistent); ``recomputed_t``
    is the CO₂ recomputed from the activity data [t]; ``mix`` the energy mix the activity
    data give [fraction by tce].
    """

    consistent: bool
    reported_t: float
    recomputed_t: float
    mix: dict[str, float]
    problems: list[str] = field(default_factory=list)


def check_inventory(rows: Iterable[InventoryRow], claimed_mix: Mapping[str, float] | None = None,
                    *, rel_tol: float = 0.005, mix_tol: float = 0.005) -> ConsistencyResult:
    """Is an inventory consistent with its activity data and the energy mix it claims?

    Three checks:

    1. every row's reported CO₂ equals amount × default factor within ``rel_tol``
       (the arithmetic of the inventory);
    2. every sector and fuel is known;
    3. when ``claimed_mix`` (fuel → share by tce) is given, the mix of the activity data
       matches it within ``mix_tol`` (absolute, per fuel) and the claim sums to 1.

    Parameters
    ----------
    rows : iterable of InventoryRow
    claimed_mix : mapping, optional
        Shares by standard coal [fraction].
    rel_tol : float
        Relative tolerance of a row's CO₂ (0.5 %: the rounding of published factors).
    mix_tol : float
        Absolute tolerance of a share (0.005 = half a percentage point: a mix published
        in whole per cent is rounded by at most that).
    """
    rows = list(rows)
    problems: list[str] = []
    reported = recomputed = 0.0
    for r in rows:
        if r.sector not in SECTORS:
            problems.append(f"{r.subject}: unknown sector {r.sector!r}")
            continue
        if r.fuel != ELECTRICITY and r.fuel not in FUELS:
            problems.append(f"{r.subject}: unknown fuel {r.fuel!r}")
            continue
        expect = emission(r.fuel, r.amount)
        got = finite_scalar(r.co2_t, "co2_t", nonneg=True)
        reported += got
        recomputed += expect
        if not math.isclose(got, expect, rel_tol=rel_tol, abs_tol=0.5):
            problems.append(f"{r.subject} {r.sector} {r.fuel}: reported {got:.1f} t, "
                            f"activity gives {expect:.1f} t")
    known = [r for r in rows if r.sector in SECTORS and (r.fuel in FUELS or
                                                        r.fuel == ELECTRICITY)]
    mix = energy_mix(known) if known else {}
    if claimed_mix is not None:
        total = sum(float(v) for v in claimed_mix.values())
        if not math.isclose(total, 1.0, abs_tol=mix_tol):
            problems.append(f"claimed mix sums to {total:.4f}, not 1")
        for fuel in sorted(set(mix) | set(claimed_mix)):
            a, b = mix.get(fuel, 0.0), float(claimed_mix.get(fuel, 0.0))
            if abs(a - b) > mix_tol:
                problems.append(f"{fuel}: activity gives {a:.3f} of the energy, "
                                f"the claim says {b:.3f}")
    return ConsistencyResult(not problems, reported, recomputed, mix, problems)


@dataclass(frozen=True)
class Trajectory:
    """Emissions against a peaking target.

    Attributes
    ----------
    last_year, last_value : int, float
        The latest year of the history and its emissions [tCO₂].
    peak_so_far_year, peak_so_far : int, float
        The highest year of the history and its value [tCO₂].
    recent_change : float
        Mean annual change over the last ``window`` years [fraction per year].
    peak_year : int
        Target year of the peak.
    years_to_peak : int
        ``peak_year − last_year`` (≤ 0 once the target year is reached).
    cap : float or None
        Highest emissions allowed at the peak [tCO₂], when the target sets one.
    required_change : float or None
        Annual change from ``last_value`` that reaches ``cap`` in ``peak_year``
        [fraction per year].
    projected_at_peak : float
        ``last_value`` carried to ``peak_year`` at ``recent_change`` [tCO₂].
    on_track : bool or None
        Whether the projection stays at or below ``cap`` (None without a cap).
    """

    last_year: int
    last_value: float
    peak_so_far_year: int
    peak_so_far: float
    recent_change: float
    peak_year: int
    years_to_peak: int
    cap: float | None
    required_change: float | None
    projected_at_peak: float
    on_track: bool | None


def required_annual_change(current: float, target: float, years: int) -> float:
    """Constant annual change that takes ``current`` to ``target`` in ``years`` years.

    ``(target / current) ** (1 / years) − 1`` [fraction per year]; negative is a cut.

    Examples
    --------
    >>> round(required_annual_change(100.0, 90.0, 5), 4)
    -0.0209
    """
    c = finite_scalar(current, "current", positive=True)
    t = finite_scalar(target, "target", positive=True)
    if int(years) != years or years <= 0:
        raise ModelInputError("years", f"must be a positive whole number, got {years!r}")
    return (t / c) ** (1.0 / int(years)) - 1.0


def trajectory(history: Mapping[int, float], peak_year: int, cap: float | None = None, *,
               window: int = 3) -> Trajectory:
    """Where the emissions stand against a peaking target (碳达峰).

    Parameters
    ----------
    history : mapping of int to float
        Year → emissions [tCO₂] (at least ``window + 1`` consecutive years).
    peak_year : int
        Target year of the peak (e.g. 2030).
    cap : float, optional
        Emissions the peak must not exceed [tCO₂].
    window : int
        Years over which the recent change is the compound mean (default 3).
    """
    if len(history) < window + 1:
        raise ModelInputError("history", f"needs at least {window + 1} years")
    years = sorted(int(y) for y in history)
    if years != list(range(years[0], years[-1] + 1)):
        raise ModelInputError("history", "years must be consecutive")
    values = {y: finite_scalar(history[y], f"history[{y}]", positive=True) for y in years}
    last = years[-1]
    peak_so_far_year = max(years, key=lambda y: (values[y], -y))
    recent = (values[last] / values[last - window]) ** (1.0 / window) - 1.0
    to_peak = int(peak_year) - last
    projected = values[last] * (1.0 + recent) ** max(to_peak, 0)
    cap_v = None if cap is None else finite_scalar(cap, "cap", positive=True)
    required = None
    if cap_v is not None and to_peak > 0:
        required = required_annual_change(values[last], cap_v, to_peak)
    on_track = None if cap_v is None else projected <= cap_v
    return Trajectory(last, values[last], peak_so_far_year, values[peak_so_far_year], recent,
                      int(peak_year), to_peak, cap_v, required, projected, on_track)


def rows_from_mappings(items: Iterable[Mapping[str, Any]]) -> list[InventoryRow]:
    """Inventory rows from CSV-like mappings (subject, sector, fuel, amount, co2_t)."""
    return [InventoryRow(str(i["subject"]), str(i["sector"]), str(i["fuel"]),
                         float(i["amount"]), float(i["co2_t"])) for i in items]
