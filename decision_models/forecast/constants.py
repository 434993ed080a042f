"""Names, units and fixed settings shared by the forecasting modules."""

from __future__ import annotations

from typing import Final

from decision_models.standards_tables import gb3095

#: Daily pollutant columns, named as the AQI engine (``decision_models.aqi``) expects them.
POLLUTANTS: Final[tuple[str, ...]] = ("PM2.5", "PM10", "O3_8h", "NO2", "SO2", "CO")

#: Hourly pollutant columns (1-h values; O3 is the 1-h value).
HOURLY_POLLUTANTS: Final[tuple[str, ...]] = ("PM2.5", "PM10", "O3", "NO2", "SO2", "CO")

#: The pseudo-pollutant row computed from forecast concentrations.
AQI: Final = "AQI"

#: Unit of every column: its pollutant's (GB 3095 Table 1); the AQI is dimensionless.
UNITS: Final[dict[str, str]] = {
    **{c: gb3095.UNITS[c.removesuffix("_8h")] for c in (*POLLUTANTS, *HOURLY_POLLUTANTS)},
    AQI: "-",
}

#: Forecast leads [days].
LEADS: Final[tuple[int, ...]] = (1, 2, 3, 4, 5, 6, 7)
MAX_LEAD_DAYS: Final = 7

#: GB/T 2260 code of Hefei (the city of the daily sample series).
HEFEI_CODE: Final = "340100"

#: Station codes of the hourly sample (national network codes).
HEFEI_STATIONS: Final[tuple[str, ...]] = tuple(f"{n}A" for n in range(1270, 1280))

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
