"""Names, units and fixed settings shared by the forecasting modules."""

from __future__ import annotations

from typing import Final

#: Daily pollutant columns, named as the AQI engine (``decision_models.aqi``) expects them.
POLLUTANTS: Final[tuple[str, ...]] = ("PM2.5", "PM10", "O3_8h", "NO2", "SO2", "CO")

#: Hourly pollutant columns (1-h values; O3 is the 1-h value).
HOURLY_POLLUTANTS: Final[tuple[str, ...]] = ("PM2.5", "PM10", "O3", "NO2", "SO2", "CO")

#: The pseudo-pollutant row computed from forecast concentrations.
AQI: Final = "AQI"

#: Units [-] of every column.
UNITS: Final[dict[str, str]] = {
    "PM2.5": "µg/m³",
    "PM10": "µg/m³",
    "O3_8h": "µg/m³",
    "O3": "µg/m³",
    "NO2": "µg/m³",
    "SO2": "µg/m³",
    "CO": "mg/m³",
    "AQI": "-",
}

#: Forecast leads [days].
LEADS: Final[tuple[int, ...]] = (1, 2, 3, 4, 5, 6, 7)
MAX_LEAD_DAYS: Final = 7

#: GB/T 2260 code of Hefei (the city of the daily sample series).
HEFEI_CODE: Final = "340100"

#: Station codes of the hourly sample (national network codes).
HEFEI_STATIONS: Final[tuple[str, ...]] = tuple(f"{n}A" for n in range(1270, 1280))

#: Daily-mean validity: at least this many valid hourly values per day (GB 3095 Table 4).
MIN_HOURS_PER_DAY: Final = 20

#: Forecast-origin validity: the origin day must be valid and at least this many of the
#: last 7 days (origin included) must be valid; otherwise a ``ModelInputError`` is raised.
MIN_VALID_DAYS_LAST_WEEK: Final = 5

#: Rolling-window features need at least this fraction of valid days in the window.
ROLLING_MIN_FRACTION: Final = 0.75

#: Version of the feature layout; a saved model with another value is stale.
FEATURE_SCHEMA_VERSION: Final = 1

#: Standard used for the historical (2013–2017) series.
HISTORICAL_STANDARD: Final = "HJ633-2012"

#: Default central prediction-interval probability [-].
DEFAULT_INTERVAL: Final = 0.8
