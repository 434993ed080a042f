"""Small unit helpers shared by the physics engines.

References
----------
.. [1] US EPA, "Acute Exposure Guideline Levels (AEGLs)": ppm to mg/m³ conversion
   mg/m³ = ppm × MW / 24.45 at 25 °C and 101.325 kPa.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from decision_models.errors import ModelInputError

#: Molar volume of an ideal gas at 25 °C and 101.325 kPa [L/mol].
MOLAR_VOLUME_25C_L = 24.45
#: Seconds per day [s/d].
SECONDS_PER_DAY = 86_400.0


def _positive_mw(molecular_weight: float) -> float:
    mw = float(molecular_weight)
    if not np.isfinite(mw) or mw <= 0:
        raise ModelInputError("molecular_weight", f"must be a positive number of g/mol, got {mw}")
    return mw


def ppm_to_mg_m3(ppm: ArrayLike, molecular_weight: float) -> np.ndarray | float:
    """Convert a gas mixing ratio to a mass concentration at 25 °C, 1 atm.

    Parameters
    ----------
    ppm : array_like
        Volume mixing ratio [ppm].
    molecular_weight : float
        Molecular weight [g/mol].

    Returns
    -------
    ndarray or float
        Mass concentration [mg/m³] = ppm × MW / 24.45.

    References
    ----------
    .. [1] US EPA AEGL program, conversion at 25 °C and 101.325 kPa.
    """
    mw = _positive_mw(molecular_weight)
    value = np.asarray(ppm, dtype=float) * mw / MOLAR_VOLUME_25C_L
    return float(value) if value.ndim == 0 else value


def mg_m3_to_ppm(mg_m3: ArrayLike, molecular_weight: float) -> np.ndarray | float:
    """Convert a mass concentration to a volume mixing ratio at 25 °C, 1 atm.

    Parameters
    ----------
    mg_m3 : array_like
        Mass concentration [mg/m³].
    molecular_weight : float
        Molecular weight [g/mol].

    Returns
    -------
    ndarray or float
        Mixing ratio [ppm] = mg/m³ × 24.45 / MW.

    References
    ----------
    .. [1] US EPA AEGL program, conversion at 25 °C and 101.325 kPa.
    """
    mw = _positive_mw(molecular_weight)
    value = np.asarray(mg_m3, dtype=float) * MOLAR_VOLUME_25C_L / mw
    return float(value) if value.ndim == 0 else value


def per_day_to_per_s(k_per_day: ArrayLike) -> np.ndarray | float:
    """Convert a first-order rate constant from [1/d] to [1/s] (divide by 86 400).

    References
    ----------
    .. [1] Chapra, S. C. (1997). *Surface Water-Quality Modeling*. McGraw-Hill.
    """
    value = np.asarray(k_per_day, dtype=float) / SECONDS_PER_DAY
    return float(value) if value.ndim == 0 else value
