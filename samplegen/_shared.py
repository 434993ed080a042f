"""Constants and placement helpers shared by the supervision systems: the seed, the
periods of the series, and the anchor places where activity concentrates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from samplegen._base import (
    Region,
    point,
)

SEED = 20261117
#: Ledger year of the hazardous-waste sample and the date of the checks (the annual
#: declaration is due by 31 March of the next year).
HW_YEAR = 2025
HW_AS_OF = dt.date(2026, 3, 31)
#: Hourly series: gamma 61 days (31 days of history for the investigation level, then
#: 30 days to judge), noise and remote sensing 30 days.
GAMMA_START = pd.Timestamp("2026-08-31 00:00")
GAMMA_HOURS = 61 * 24
SERIES_START = pd.Timestamp("2026-10-01 00:00")
SERIES_DAYS = 30
#: A short excursion planted in the gamma series (station, start, hours, +nGy/h), with
#: no rain: what an investigation level is for (e.g. a radiography job nearby).
GAMMA_EXCURSION = ("GS05", pd.Timestamp("2026-10-22 14:00"), 3, 45.0)
CO2_YEAR = 2025
PEAK_YEAR = 2030

# Where activity concentrates: the GeoNames places inside the outline, with a weight and
# a spread [km]. Names are those of the places file.
ANCHORS: tuple[tuple[str, float, float], ...] = (
    ("合肥市", 0.62, 9.0), ("店埠", 0.12, 4.0), ("上派", 0.11, 4.0), ("巢湖市", 0.09, 4.0),
    ("庐城", 0.06, 3.5),
)


def _anchor(rng: np.random.Generator, region: Region, scale: float = 1.0,
            weights: dict[str, float] | None = None) -> tuple[float, float]:
    names = [a[0] for a in ANCHORS]
    w = np.array([(weights or {}).get(a[0], a[1]) for a in ANCHORS], dtype=float)
    i = int(rng.choice(len(names), p=w / w.sum()))
    lon, lat = region.town(names[i])
    return region.near(rng, lon, lat, ANCHORS[i][2] * scale)


def _pt(lon: float, lat: float) -> dict[str, Any]:
    return point(lon, lat)
