"""Seeded synthetic series for the forecast tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from decision_models.forecast.constants import POLLUTANTS

LEVELS = {"PM2.5": 50.0, "PM10": 80.0, "O3_8h": 90.0, "NO2": 35.0, "SO2": 15.0, "CO": 0.9}


def daily_series(days: int = 420, start: str = "2015-01-01", seed: int = 1) -> pd.DataFrame:
    """AR(1) log-normal series with an annual cycle for the six pollutants."""
    rng = np.random.default_rng(seed)
    index = pd.date_range(start, periods=days, freq="D", name="date")
    season = np.cos(2 * np.pi * (index.day_of_year.to_numpy() - 15) / 365.25)
    cols = {}
    for i, p in enumerate(POLLUTANTS):
        e = np.zeros(days)
        for t in range(1, days):
            e[t] = 0.7 * e[t - 1] + rng.normal(0, 0.3)
        sign = -1 if p == "O3_8h" else 1
        cols[p] = LEVELS[p] * np.exp(0.4 * sign * season + e + 0.01 * i)
    return pd.DataFrame(cols, index=index)


def water_samples(months: int = 36, sections=("S1", "S2"), seed: int = 3) -> pd.DataFrame:
    """Monthly samples with a seasonal cycle and trend (mg/L)."""
    rng = np.random.default_rng(seed)
    rows = []
    for s_i, section in enumerate(sections):
        for m in range(months):
            day = pd.Timestamp("2022-01-01") + pd.DateOffset(months=m, days=9)
            phase = np.cos(2 * np.pi * (day.month - 7) / 12)
            rows.append(
                {
                    "section_code": section,
                    "sampled_on": day.strftime("%Y-%m-%d"),
                    "CODMn": 4 + s_i + 1.0 * phase + 0.02 * m + rng.normal(0, 0.3),
                    "NH3-N": max(0.05, 0.6 + 0.3 * phase + rng.normal(0, 0.08)),
                    "TP": max(0.01, 0.12 + 0.04 * phase + rng.normal(0, 0.01)),
                    "DO": 7.0,
                }
            )
    return pd.DataFrame(rows)
