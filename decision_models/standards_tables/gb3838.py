"""GB 3838—2002 surface-water limits and the 2011 evaluation method tables.

Sources (see ../shared/reference/water.md):

- GB 3838—2002 《地表水环境质量标准》 Table 1 (基本项目标准限值), rows 1-24.
- 《地表水环境质量评价办法（试行）》 (环办〔2011〕22号) §2 (indicators), Table of
  qualitative grades, river class-proportion table.
- TLI(Σ): 中国环境监测总站《湖泊（水库）富营养化评价方法及分级技术规定》 (2001), as
  summarised in water.md §2.4.

Units: mg/L unless stated (pH dimensionless, fecal coliform [个/L], temperature [°C]).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

GRADES: tuple[str, ...] = ("I", "II", "III", "IV", "V", "劣V")


class ItemLimits(NamedTuple):
    """Limits of classes I..V of one GB 3838-2002 Table 1 item."""

    name_zh: str
    limits: tuple[float, float, float, float, float]
    direction: Literal["le", "ge"]  # "le": value ≤ limit passes; "ge": value ≥ limit


# GB 3838-2002 Table 1 (row number in the comment). pH (row 2) is a range, see PH_RANGE;
# water temperature (row 1) has no class limits.
TABLE1: dict[str, ItemLimits] = {
    "DO": ItemLimits("溶解氧", (7.5, 6, 5, 3, 2), "ge"),  # row 3 (I: 7.5 or 90 % saturation)
    "CODMn": ItemLimits("高锰酸盐指数", (2, 4, 6, 10, 15), "le"),  # row 4
    "COD": ItemLimits("化学需氧量", (15, 15, 20, 30, 40), "le"),  # row 5
    "BOD5": ItemLimits("五日生化需氧量", (3, 3, 4, 6, 10), "le"),  # row 6
    "NH3-N": ItemLimits("氨氮", (0.15, 0.5, 1.0, 1.5, 2.0), "le"),  # row 7
    "TP": ItemLimits("总磷", (0.02, 0.1, 0.2, 0.3, 0.4), "le"),  # row 8, rivers
    "TN": ItemLimits("总氮", (0.2, 0.5, 1.0, 1.5, 2.0), "le"),  # row 9 (lakes, reservoirs)
    "Cu": ItemLimits("铜", (0.01, 1.0, 1.0, 1.0, 1.0), "le"),  # row 10
    "Zn": ItemLimits("锌", (0.05, 1.0, 1.0, 2.0, 2.0), "le"),  # row 11
    "F": ItemLimits("氟化物", (1.0, 1.0, 1.0, 1.5, 1.5), "le"),  # row 12
    "Se": ItemLimits("硒", (0.01, 0.01, 0.01, 0.02, 0.02), "le"),  # row 13
    "As": ItemLimits("砷", (0.05, 0.05, 0.05, 0.1, 0.1), "le"),  # row 14
    "Hg": ItemLimits("汞", (0.00005, 0.00005, 0.0001, 0.001, 0.001), "le"),  # row 15
    "Cd": ItemLimits("镉", (0.001, 0.005, 0.005, 0.005, 0.01), "le"),  # row 16
    "Cr6": ItemLimits("铬（六价）", (0.01, 0.05, 0.05, 0.05, 0.1), "le"),  # row 17
    "Pb": ItemLimits("铅", (0.01, 0.01, 0.05, 0.05, 0.1), "le"),  # row 18
    "CN": ItemLimits("氰化物", (0.005, 0.05, 0.2, 0.2, 0.2), "le"),  # row 19
    "phenol": ItemLimits("挥发酚", (0.002, 0.002, 0.005, 0.01, 0.1), "le"),  # row 20
    "petroleum": ItemLimits("石油类", (0.05, 0.05, 0.05, 0.5, 1.0), "le"),  # row 21
    "LAS": ItemLimits("阴离子表面活性剂", (0.2, 0.2, 0.2, 0.3, 0.3), "le"),  # row 22
    "sulfide": ItemLimits("硫化物", (0.05, 0.1, 0.2, 0.5, 1.0), "le"),  # row 23
    "fecal_coliform": ItemLimits("粪大肠菌群", (200, 2000, 10000, 20000, 40000), "le"),  # row 24
}

# GB 3838-2002 Table 1 row 8, 湖、库 column.
TP_LAKE = ItemLimits("总磷（湖、库）", (0.01, 0.025, 0.05, 0.1, 0.2), "le")

# GB 3838-2002 Table 1 row 2: pH 6-9 for all classes; outside → 劣V.
PH_RANGE: tuple[float, float] = (6.0, 9.0)

# 2011 办法 §2.1: the 21 evaluation indicators (Table 1 minus 水温, 总氮, 粪大肠菌群).
EVALUATED_ITEMS: tuple[str, ...] = (
    "pH", "DO", "CODMn", "COD", "BOD5", "NH3-N", "TP", "Cu", "Zn", "F", "Se", "As", "Hg",
    "Cd", "Cr6", "Pb", "CN", "phenol", "petroleum", "LAS", "sulfide",
)  # fmt: skip
# 2011 办法 §2.1: reference indicators evaluated separately (TN only for lakes/reservoirs).
SEPARATE_ITEMS: dict[str, tuple[str, ...]] = {
    "river": ("fecal_coliform",),
    "lake": ("TN", "fecal_coliform"),
}
# 2011 办法 §2.2: no exceedance multiple for 水温, pH and 溶解氧.
NO_EXCEEDANCE: frozenset[str] = frozenset({"temperature", "pH", "DO"})
# 2011 办法 §2.2: cyanide and heavy metals exceeding III are always main pollutants.
ALWAYS_LISTED_IF_OVER_III: frozenset[str] = frozenset(
    {"CN", "Hg", "Cd", "Cr6", "Pb", "As", "Cu", "Zn", "Se"}
)

# 2011 办法 §2.2 qualitative grade per class.
STATUS: dict[str, str] = {
    "I": "优", "II": "优", "III": "良好", "IV": "轻度污染", "V": "中度污染", "劣V": "重度污染",
}  # fmt: skip

# Map colours. Hues per class from the 2011 办法 §2.2 table (I–II 蓝, III 绿, IV 黄,
# V 橙, 劣V 红; water.md §2.2, marked † there). The exact RGB values (I light blue,
# II blue) are the convention of the national surface-water monitoring bulletins and
# platform maps as remembered — not re-verified against a published table.
GRADE_COLORS: dict[str, str] = {
    "I": "#CCFFFF",
    "II": "#00CCFF",
    "III": "#00FF00",
    "IV": "#FFFF00",
    "V": "#FF9B00",
    "劣V": "#FF0000",
}
# Colours of the qualitative status (same hues, 2011 办法 §2.2 / §2.3 tables).
STATUS_COLORS: dict[str, str] = {
    "优": "#00CCFF", "良好": "#00FF00", "轻度污染": "#FFFF00", "中度污染": "#FF9B00",
    "重度污染": "#FF0000",
}  # fmt: skip

# 2011 办法 §2.3 class-proportion method (rivers/basins with ≥ 5 sections), as
# (percent threshold) checked in the order recommended by water.md §2.3.
RIVER_MIN_SECTIONS = 5
SHARE_I_III_EXCELLENT = 90  # I–III ≥ 90 % → 优
SHARE_I_III_GOOD = 75  # 75 % ≤ I–III < 90 % → 良好
SHARE_WORST_HEAVY = 40  # 劣V ≥ 40 % → 重度污染
SHARE_WORST_MODERATE = 20  # 20 % ≤ 劣V < 40 % → 中度污染

# TLI(Σ) (water.md §2.4): r_ij of each parameter with Chl-a; weights W_j = r_ij²/Σ r_ij².
TLI_CORRELATION: dict[str, float] = {
    "chla": 1.0,
    "tp": 0.84,
    "tn": 0.82,
    "sd": -0.83,
    "codmn": 0.83,
}
# Component index TLI(j) = 10·(a + b·ln x): (a, b).
TLI_COEFFICIENTS: dict[str, tuple[float, float]] = {
    "chla": (2.5, 1.086),  # Chl-a [mg/m³]
    "tp": (9.436, 1.624),  # TP [mg/L]
    "tn": (5.453, 1.694),  # TN [mg/L]
    "sd": (5.118, -1.94),  # SD [m]
    "codmn": (0.109, 2.661),  # CODMn [mg/L]
}
# Grading (upper bound inclusive, None = open): < 30 贫营养; 30-50 中营养 (both ends);
# (50, 60] 轻度; (60, 70] 中度; > 70 重度富营养.
TLI_GRADES: tuple[tuple[float | None, str], ...] = (
    (30.0, "贫营养"),  # strictly below 30
    (50.0, "中营养"),
    (60.0, "轻度富营养"),
    (70.0, "中度富营养"),
    (None, "重度富营养"),
)
