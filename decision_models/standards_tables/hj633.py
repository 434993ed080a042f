"""HJ 633 (AQI technical regulation) breakpoint tables, levels and colours.

Sources (see ../shared/reference/air.md):

- HJ 633—2012 《环境空气质量指数（AQI）技术规定（试行）》 Table 1 (IAQI breakpoints),
  Table 2 (AQI levels), Appendix A (colours). Valid for data up to 2026-02-28.
- HJ 633—2026 Table 3 (IAQI breakpoints, in force 2026-03-01), Table 1 (levels) and
  Appendix A (colours, unchanged from 2012).

Concentration breakpoints are written as decimal strings so that every consumer can
convert them exactly (``Fraction`` / scaled integers): SO2, NO2, O3, PM10, PM2.5 in
[µg/m³], CO in [mg/m³].
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

#: Standard identifiers, oldest first.
HJ633_2012 = "HJ633-2012"
HJ633_2026 = "HJ633-2026"
STANDARDS: tuple[str, ...] = (HJ633_2012, HJ633_2026)

#: First day HJ 633-2026 applies (HJ 633-2026 front matter: "自2026年3月1日起实施").
HJ633_2026_IN_FORCE = date(2026, 3, 1)

#: IAQI values of the breakpoint rows (HJ 633-2012 Table 1 / HJ 633-2026 Table 3, col. 1).
IAQI_ROWS: tuple[int, ...] = (0, 50, 100, 150, 200, 300, 400, 500)

# Breakpoint columns. Key: "<pollutant>_<averaging>"; value: concentrations for the
# IAQI rows above, truncated where the standard has no value (SO2 1 h above IAQI 200,
# O3 8 h above IAQI 300: see the special rules below).
#
# HJ 633-2012 Table 1, columns 2-11 (rows IAQI 0 ... 500).
_HJ633_2012_COLUMNS: dict[str, tuple[str, ...]] = {
    "SO2_24h": ("0", "50", "150", "475", "800", "1600", "2100", "2620"),
    "SO2_1h": ("0", "150", "500", "650", "800"),  # note (2): > 800 has no 1-h IAQI
    "NO2_24h": ("0", "40", "80", "180", "280", "565", "750", "940"),
    "NO2_1h": ("0", "100", "200", "700", "1200", "2340", "3090", "3840"),
    "PM10_24h": ("0", "50", "150", "250", "350", "420", "500", "600"),
    "CO_24h": ("0", "2", "4", "14", "24", "36", "48", "60"),
    "CO_1h": ("0", "5", "10", "35", "60", "90", "120", "150"),
    "O3_1h": ("0", "160", "200", "300", "400", "800", "1000", "1200"),
    "O3_8h": ("0", "100", "160", "215", "265", "800"),  # note (3): > 800 has no 8-h IAQI
    "PM2.5_24h": ("0", "35", "75", "115", "150", "250", "350", "500"),
}

# HJ 633-2026 Table 3: identical to 2012 except the PM10 and PM2.5 daily columns
# (Table 3, rows IAQI 100: PM10 120, PM2.5 60).
_HJ633_2026_COLUMNS: dict[str, tuple[str, ...]] = {
    **_HJ633_2012_COLUMNS,
    "PM10_24h": ("0", "50", "120", "250", "350", "420", "500", "600"),
    "PM2.5_24h": ("0", "35", "60", "115", "150", "250", "350", "500"),
}

#: Breakpoint tables keyed by standard, then by column.
BREAKPOINTS: dict[str, dict[str, tuple[str, ...]]] = {
    HJ633_2012: _HJ633_2012_COLUMNS,
    HJ633_2026: _HJ633_2026_COLUMNS,
}

#: Special rules above the last breakpoint of the truncated columns.
#: ``None`` = the standard falls back to another IAQI (2012), an int = fixed IAQI (2026).
#: HJ 633-2012 Table 1 notes (2) and (3); HJ 633-2026 Table 3 notes b and c.
ABOVE_TOP_RULE: dict[str, dict[str, int | None]] = {
    HJ633_2012: {"SO2_1h": None, "O3_8h": None},  # -> SO2 24-h IAQI / O3 1-h IAQI
    HJ633_2026: {"SO2_1h": 200, "O3_8h": 300},
}

#: Whether concentrations are first rounded per GB/T 8170 (HJ 633-2026 §4.2.2:
#: µg/m³ to an integer, CO mg/m³ to one decimal). HJ 633-2012 has no such step.
ROUNDING_DECIMALS: dict[str, dict[str, int] | None] = {
    HJ633_2012: None,
    HJ633_2026: {"SO2": 0, "NO2": 0, "PM10": 0, "PM2.5": 0, "O3": 0, "CO": 1},
}


class AQILevel(NamedTuple):
    """One row of the AQI level table."""

    level: int
    upper: int  # inclusive upper AQI bound (500 for the open-ended level 6)
    category: str
    category_en: str
    color: str
    rgb: tuple[int, int, int]


# HJ 633-2012 Table 2 + Appendix A = HJ 633-2026 Table 1 + Appendix A (colours unchanged).
LEVELS: tuple[AQILevel, ...] = (
    AQILevel(1, 50, "优", "excellent", "#00E400", (0, 228, 0)),
    AQILevel(2, 100, "良", "good", "#FFFF00", (255, 255, 0)),
    AQILevel(3, 150, "轻度污染", "lightly polluted", "#FF7E00", (255, 126, 0)),
    AQILevel(4, 200, "中度污染", "moderately polluted", "#FF0000", (255, 0, 0)),
    AQILevel(5, 300, "重度污染", "heavily polluted", "#99004C", (153, 0, 76)),
    AQILevel(6, 500, "严重污染", "severely polluted", "#7E0023", (126, 0, 35)),
)

#: IAQI above which a pollutant is primary (HJ 633-2012 §3.8 / HJ 633-2026 §3): AQI > 50.
PRIMARY_ABOVE = 50
#: IAQI above which a pollutant exceeds (HJ 633-2012 §3.9 超标污染物; removed in 2026).
EXCEEDING_ABOVE = 100
