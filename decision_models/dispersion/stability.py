"""Pasquill–Gifford stability classes and Briggs (1973) dispersion parameters σy, σz.

:func:`stability_class` picks the class from surface wind, insolation and cloud
(emergency.md §2.1); :func:`sigmas` gives the open-country or urban Briggs σ curves
(emergency.md §2.2) used by the plume, the puff and the threat zones.

References
----------
.. [1] Turner, D. B. (1970). *Workbook of Atmospheric Dispersion Estimates*. US EPA AP-26.
.. [2] Briggs, G. A. (1973). *Diffusion estimation for small emissions*. ATDL-106, NOAA.
.. [3] Hanna, S. R., Briggs, G. A., Hosker, R. P. (1982). *Handbook on Atmospheric
   Diffusion*. DOE/TIC-11223.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from decision_models.dispersion._common import (
    STABILITY_CLASSES,
    Terrain,
    _check_stability,
    _check_terrain,
)
from decision_models.errors import ModelInputError

__all__ = ["STABILITY_CLASSES", "sigmas", "stability_class"]


# --------------------------------------------------------------------------------------
# Stability classes (Turner 1970 Table 1, emergency.md §2.1)
# --------------------------------------------------------------------------------------
# Columns: strong, moderate, slight insolation; night ≥ 4/8 cloud; night ≤ 3/8 cloud.
# Intermediate classes (A–B, B–C, C–D) are resolved to the MORE STABLE class, which
# gives the higher ground-level concentration for near-ground releases (conservative).
_PG_TABLE: dict[str, tuple[str, ...]] = {
    # wind bin:      strong moderate slight night_cloudy night_clear
    "<2": ("A", "B", "B", "F", "F"),  # A, A–B→B, B, F*, F* (F* ALOHA practice)
    "2-3": ("B", "B", "C", "E", "F"),  # A–B→B
    "3-5": ("B", "C", "C", "D", "E"),  # B–C→C
    "5-6": ("C", "D", "D", "D", "D"),  # C–D→D
    ">6": ("C", "D", "D", "D", "D"),
}
_INSOLATION_COLUMN = {"strong": 0, "moderate": 1, "slight": 2}


def _wind_bin(u: float) -> str:
    if u < 2:
        return "<2"
    if u < 3:
        return "2-3"
    if u < 5:
        return "3-5"
    if u < 6:
        return "5-6"
    return ">6"


def stability_class(
    wind_speed: float,
    *,
    daytime: bool,
    insolation: str | None = None,
    cloud_cover: float | None = None,
) -> str:
    """Pasquill–Gifford stability class from surface wind, insolation and cloud.

    Parameters
    ----------
    wind_speed : float
        Surface (10 m) wind speed [m/s], ≥ 0.
    daytime : bool
        True by day, False by night.
    insolation : {"strong", "moderate", "slight", "overcast"}, optional
        Incoming solar radiation class (day only; required by day unless the sky is
        overcast). Strong ≈ sun elevation > 60° with clear sky; slight ≈ 15°–35°.
    cloud_cover : float, optional
        Total cloud cover [oktas, 0–8]. Required at night. 8/8 (heavy overcast) gives
        class D by day and by night.

    Returns
    -------
    str
        One of ``"A"`` … ``"F"``. Intermediate table cells (A–B, B–C, C–D) are resolved
        to the more stable class (conservative for near-ground releases). Night with
        wind < 2 m/s, left blank by Turner, gives F (ALOHA practice).

    References
    ----------
    .. [1] Turner, D. B. (1970). *Workbook of Atmospheric Dispersion Estimates*, Table 1.
       US EPA AP-26.
    """
    u = float(wind_speed)
    if not math.isfinite(u) or u < 0:
        raise ModelInputError("wind_speed", f"must be a finite speed ≥ 0 m/s, got {u}")
    if cloud_cover is not None:
        cc = float(cloud_cover)
        if not (0 <= cc <= 8):
            raise ModelInputError("cloud_cover", f"must be in oktas 0–8, got {cc}")
        if cc >= 8:
            return "D"
    row = _PG_TABLE[_wind_bin(u)]
    if daytime:
        if insolation == "overcast":
            return "D"
        if insolation not in _INSOLATION_COLUMN:
            raise ModelInputError(
                "insolation",
                f"by day must be 'strong', 'moderate', 'slight' or 'overcast', got {insolation!r}",
            )
        return row[_INSOLATION_COLUMN[insolation]]
    if cloud_cover is None:
        raise ModelInputError("cloud_cover", "required at night (oktas 0–8)")
    return row[3] if float(cloud_cover) >= 4 else row[4]


# --------------------------------------------------------------------------------------
# Briggs σ curves (emergency.md §2.2)
# --------------------------------------------------------------------------------------
# σ = a·x·(1 + b·x)^p
_BRIGGS_RURAL: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "A": ((0.22, 1e-4, -0.5), (0.20, 0.0, 0.0)),
    "B": ((0.16, 1e-4, -0.5), (0.12, 0.0, 0.0)),
    "C": ((0.11, 1e-4, -0.5), (0.08, 2e-4, -0.5)),
    "D": ((0.08, 1e-4, -0.5), (0.06, 1.5e-3, -0.5)),
    "E": ((0.06, 1e-4, -0.5), (0.03, 3e-4, -1.0)),
    "F": ((0.04, 1e-4, -0.5), (0.016, 3e-4, -1.0)),
}
_BRIGGS_URBAN_AB = ((0.32, 4e-4, -0.5), (0.24, 1e-3, 0.5))
_BRIGGS_URBAN_EF = ((0.11, 4e-4, -0.5), (0.08, 1.5e-3, -0.5))
_BRIGGS_URBAN: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "A": _BRIGGS_URBAN_AB,
    "B": _BRIGGS_URBAN_AB,
    "C": ((0.22, 4e-4, -0.5), (0.20, 0.0, 0.0)),
    "D": ((0.16, 4e-4, -0.5), (0.14, 3e-4, -0.5)),
    "E": _BRIGGS_URBAN_EF,
    "F": _BRIGGS_URBAN_EF,
}


def _briggs_coefficients(stability: str, terrain: str):
    s = _check_stability(stability)
    t = _check_terrain(terrain)
    return (_BRIGGS_RURAL if t == "rural" else _BRIGGS_URBAN)[s]


def _sigma(coef: tuple[float, float, float], x: np.ndarray) -> np.ndarray:
    a, b, p = coef
    if b == 0.0:
        return a * x
    if p == -0.5:
        return a * x / np.sqrt(1.0 + b * x)
    if p == 0.5:
        return a * x * np.sqrt(1.0 + b * x)
    return a * x / (1.0 + b * x)  # p == -1


def sigmas(
    x: ArrayLike, stability: str, terrain: Terrain = "rural"
) -> tuple[np.ndarray, np.ndarray]:
    """Briggs (1973) horizontal and vertical dispersion parameters.

    Parameters
    ----------
    x : array_like
        Downwind distance [m], ≥ 0. The curves are fitted for 100 m < x < 10 km; values
        outside that range are extrapolations.
    stability : str
        Pasquill–Gifford class ``"A"`` … ``"F"``.
    terrain : {"rural", "urban"}
        Open-country or urban curves. Urban uses the A–B row for A and B and the E–F row
        for E and F.

    Returns
    -------
    sigma_y, sigma_z : ndarray
        Crosswind and vertical standard deviations [m], same shape as ``x``.

    References
    ----------
    .. [1] Briggs, G. A. (1973). ATDL-106; as tabulated in Hanna, Briggs & Hosker (1982),
       *Handbook on Atmospheric Diffusion*, Table 4.
    """
    cy, cz = _briggs_coefficients(stability, terrain)
    xa = np.asarray(x, dtype=float)
    if np.any(~np.isfinite(xa)) or np.any(xa < 0):
        raise ModelInputError("x", "downwind distances must be finite and ≥ 0 m")
    return _sigma(cy, xa), _sigma(cz, xa)
