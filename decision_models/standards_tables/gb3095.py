"""GB 3095 ambient air quality limits, data-validity rules and evaluation statistics.

Sources (see ../shared/reference/air.md §4-6):

- GB 3095—2012 Table 1 (basic items; valid until 2026-02-28) and Table 4 (data validity).
- GB 3095—2026 Table 1 (transitional limits to 2030-12-31, final from 2031-01-01) and
  Table 4 (data validity, unchanged).
- HJ 663—2013 annual statistics (air.md §5; percentile choices marked † there).
- Heavy-pollution warning levels: 环办大气函〔2018〕875号 (air.md §6).

Units: µg/m³; CO mg/m³.
"""

from __future__ import annotations

# GB 3095-2012/2026 Table 1: the six basic pollutants and the unit of their concentrations.
# The one table of units: indicators (O3_8h, PM2.5_24h …), forecasts and map surfaces
# take the unit of their pollutant from here.
UNITS: dict[str, str] = {
    "SO2": "µg/m³", "NO2": "µg/m³", "CO": "mg/m³", "O3": "µg/m³", "PM10": "µg/m³",
    "PM2.5": "µg/m³",
}  # fmt: skip

# Limits: standard -> area class (1, 2) -> statistic -> limit.
# Statistic keys: "<pollutant>_annual", "<pollutant>_24h", "O3_8h" (daily max 8 h).
_GB3095_2012_CLASS1 = {  # GB 3095-2012 Table 1, column 一级
    "SO2_annual": 20, "SO2_24h": 50, "NO2_annual": 40, "NO2_24h": 80, "CO_24h": 4,
    "O3_8h": 100, "PM10_annual": 40, "PM10_24h": 50, "PM2.5_annual": 15, "PM2.5_24h": 35,
}  # fmt: skip
_GB3095_2012_CLASS2 = {  # GB 3095-2012 Table 1, column 二级
    "SO2_annual": 60, "SO2_24h": 150, "NO2_annual": 40, "NO2_24h": 80, "CO_24h": 4,
    "O3_8h": 160, "PM10_annual": 70, "PM10_24h": 150, "PM2.5_annual": 35, "PM2.5_24h": 75,
}  # fmt: skip
LIMITS: dict[str, dict[int, dict[str, float]]] = {
    "GB3095-2012": {1: _GB3095_2012_CLASS1, 2: _GB3095_2012_CLASS2},
    # GB 3095-2026 Table 1, transitional columns (to 2030-12-31)
    "GB3095-2026": {
        1: _GB3095_2012_CLASS1,  # transitional Class I = 2012 Class I for all six
        2: {
            **_GB3095_2012_CLASS2,
            "PM10_annual": 60,
            "PM10_24h": 120,
            "PM2.5_annual": 30,
            "PM2.5_24h": 60,
        },
    },
    # GB 3095-2026 Table 1, final columns (from 2031-01-01)
    "GB3095-2026-final": {
        1: {
            **_GB3095_2012_CLASS1,
            "NO2_annual": 30,
            "NO2_24h": 50,
            "PM10_annual": 20,
            "PM2.5_annual": 10,
            "PM2.5_24h": 25,
        },
        2: {
            **_GB3095_2012_CLASS2,
            "SO2_annual": 20,
            "SO2_24h": 50,
            "NO2_annual": 30,
            "NO2_24h": 50,
            "PM10_annual": 50,
            "PM10_24h": 100,
            "PM2.5_annual": 25,
            "PM2.5_24h": 50,
        },
    },
}

# GB 3095-2012/2026 Table 4: data validity.
MIN_HOURS_PER_DAY = 20  # 24-h mean: ≥ 20 hourly means per day (SO2, NO2, CO, PM10, PM2.5)
MIN_HOURS_PER_8H = 6  # O3 8-h mean: ≥ 6 hourly means in each 8 h
MIN_DAYS_PER_YEAR = 324  # annual mean: ≥ 324 daily means per year
MIN_DAYS_PER_MONTH = 27  # ... and ≥ 27 per month
MIN_DAYS_FEBRUARY = 25  # ... (February ≥ 25)

# HJ 663-2013 (air.md §5 †): O3 daily max 8-h over the 17 windows ending 08:00 … 24:00,
# valid with ≥ 14 valid windows (or fewer when the maximum still exceeds the limit).
O3_8H_FIRST_WINDOW_END = 8
O3_8H_MIN_WINDOWS = 14

# HJ 663-2013 (air.md §5): annual statistics -> (pollutant, percentile or None = mean,
# limit key). Percentiles of daily means (O3: of daily max 8-h).
ANNUAL_STATISTICS: dict[str, tuple[str, float | None, str]] = {
    "SO2_mean": ("SO2", None, "SO2_annual"),
    "NO2_mean": ("NO2", None, "NO2_annual"),
    "PM10_mean": ("PM10", None, "PM10_annual"),
    "PM2.5_mean": ("PM2.5", None, "PM2.5_annual"),
    "SO2_P98": ("SO2", 98, "SO2_24h"),  # †
    "NO2_P98": ("NO2", 98, "NO2_24h"),  # †
    "PM10_P95": ("PM10", 95, "PM10_24h"),  # †
    "PM2.5_P95": ("PM2.5", 95, "PM2.5_24h"),  # †
    "CO_P95": ("CO", 95, "CO_24h"),
    "O3_8h_P90": ("O3_8h", 90, "O3_8h"),
}
# Statistics deciding annual compliance (air.md §5: annual means + CO-95 + O3-90).
COMPLIANCE_STATISTICS: tuple[str, ...] = (
    "SO2_mean", "NO2_mean", "PM10_mean", "PM2.5_mean", "CO_P95", "O3_8h_P90",
)  # fmt: skip

# Heavy-pollution warning (环办大气函〔2018〕875号; air.md §6), forecast daily AQI.
WARNING_ELEVATED = 150  # "daily AQI > 150"
WARNING_HEAVY = 200  # "daily AQI > 200"
WARNING_SEVERE = 300  # "daily AQI > 300"
# Durations in days (24 h = 1 day):
YELLOW_HEAVY_DAYS = 1  # AQI > 200 (any day)
YELLOW_ELEVATED_DAYS = 2  # or AQI > 150 lasting ≥ 48 h
ORANGE_HEAVY_DAYS = 2  # AQI > 200 lasting ≥ 48 h
ORANGE_ELEVATED_DAYS = 3  # or AQI > 150 lasting ≥ 72 h
RED_HEAVY_DAYS = 3  # AQI > 200 lasting ≥ 72 h
RED_SEVERE_DAYS = 1  # and AQI > 300 lasting ≥ 24 h
