"""The one bridge to the standards engine (``decision_models.aqi``).

AQI is never forecast directly: it is computed from forecast concentrations with the
engine, so a breakpoint table lives in one place only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from decision_models.forecast.constants import POLLUTANTS


def aqi_of_concentrations(
    conc: pd.DataFrame,
    standard: str | None = None,
    when: pd.DatetimeIndex | None = None,
    period: str = "24h",
) -> pd.DataFrame:
    """AQI and levels of rows of concentrations, via :func:`decision_models.aqi.aqi_frame`.

    Parameters
    ----------
    conc : pandas.DataFrame
        Daily: columns :data:`POLLUTANTS` (24-h means, O3 daily max 8-h) [µg/m³; CO mg/m³];
        hourly (``period="1h"``): the 1-h columns ``PM2.5, PM10, O3, NO2, SO2, CO``.
    standard : str, optional
        ``"HJ633-2012"`` or ``"HJ633-2026"``; default: chosen per row from ``when``.
    when : pandas.DatetimeIndex, optional
        Date of each row (the target day), used when ``standard`` is None.
    period : {"24h", "1h"}
        Daily or real-time report.

    Returns
    -------
    pandas.DataFrame
        Same index; float columns ``aqi`` [-], ``level`` (1–6), ``primary`` (str) and
        ``level_<pollutant>`` (level of that pollutant's IAQI alone).  A row with any
        pollutant missing gets NaN AQI (no partial AQI from a forecast).
    """
    from decision_models.aqi import aqi_frame, level_of_array

    kwargs = {"standard": standard} if standard is not None else {"when": np.asarray(when)}
    res = aqi_frame(conc, period=period, **kwargs)
    complete = conc.notna().all(axis=1).to_numpy()
    aqi_val = res["aqi"].to_numpy(dtype=float, na_value=np.nan)
    aqi_val[~complete] = np.nan
    out = pd.DataFrame(
        {
            "aqi": aqi_val,
            "level": level_of_array(aqi_val).astype(float),
            "primary": np.where(complete, res["primary"].to_numpy(dtype=object), ""),
        },
        index=conc.index,
    )
    out.loc[out["level"] == 0, "level"] = np.nan
    for p in conc.columns:
        col = f"iaqi_{p}"
        if col in res.columns:
            iaqi = res[col].to_numpy(dtype=float, na_value=np.nan)
            levels = level_of_array(iaqi).astype(float)
            levels[levels == 0] = np.nan
            out[f"level_{p}"] = levels
    return out


def daily_aqi(conc: pd.DataFrame, standard: str | None = None) -> pd.DataFrame:
    """:func:`aqi_of_concentrations` of a daily frame indexed by day (``when`` = index)."""
    return aqi_of_concentrations(
        conc[list(POLLUTANTS)], standard=standard, when=pd.DatetimeIndex(conc.index)
    )
