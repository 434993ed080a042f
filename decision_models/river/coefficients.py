"""Longitudinal dispersion coefficients of rivers: Fischer, Elder, Seo & Cheong.

Each takes the reach hydraulics (velocity, depth, width, energy slope) through the shear
velocity ``u* = √(g h S)`` and returns D [m²/s] for the 1-D spill models.

References
----------
.. [1] Fischer, H. B., List, E. J., Koh, R. C. Y., Imberger, J., Brooks, N. H. (1979).
   *Mixing in Inland and Coastal Waters*. Academic Press, ch. 5.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from decision_models.river._common import _out
from decision_models.validation import finite_array

__all__ = [
    "elder_dispersion",
    "fischer_dispersion",
    "seo_cheong_dispersion",
    "shear_velocity",
]

G = 9.81  # [m/s²]


def shear_velocity(depth: ArrayLike, slope: ArrayLike) -> np.ndarray | float:
    """Shear velocity ``u* = √(g h S)`` [m/s] from mean depth h [m] and energy slope S [-].

    References
    ----------
    .. [1] Fischer et al. (1979), *Mixing in Inland and Coastal Waters*, eq. 5.3.
    """
    h = finite_array(depth, "depth", positive=True)
    s = finite_array(slope, "slope", positive=True)
    return _out(np.sqrt(G * h * s))


def fischer_dispersion(
    u: ArrayLike, depth: ArrayLike, width: ArrayLike, slope: ArrayLike
) -> np.ndarray | float:
    """Longitudinal dispersion coefficient by Fischer's formula.

    ``D = 0.011 u² B² / (h u*)`` with ``u* = √(g h S)``.

    Parameters
    ----------
    u : array_like
        Mean velocity [m/s], > 0.
    depth : array_like
        Mean depth h [m], > 0.
    width : array_like
        Width B [m], > 0.
    slope : array_like
        Energy slope S [-], > 0.

    Returns
    -------
    float or ndarray
        D [m²/s].

    References
    ----------
    .. [1] Fischer, H. B. (1975). Discussion of "Simple method for predicting dispersion in
       streams". *J. Environ. Eng. Div. ASCE* 101, 453–455; Fischer et al. (1979), eq. 5.19.
    """
    uu = finite_array(u, "u", positive=True)
    h = finite_array(depth, "depth", positive=True)
    b = finite_array(width, "width", positive=True)
    s = finite_array(slope, "slope", positive=True)
    ustar = np.sqrt(G * h * s)
    return _out(0.011 * uu**2 * b**2 / (h * ustar))


def elder_dispersion(depth: ArrayLike, slope: ArrayLike) -> np.ndarray | float:
    """Elder's longitudinal dispersion ``D = 5.93 h u*`` [m²/s] (wide channel, no shear).

    References
    ----------
    .. [1] Elder, J. W. (1959). The dispersion of marked fluid in turbulent shear flow.
       *J. Fluid Mech.* 5, 544–560.
    """
    h = finite_array(depth, "depth", positive=True)
    s = finite_array(slope, "slope", positive=True)
    return _out(5.93 * h * np.sqrt(G * h * s))


def seo_cheong_dispersion(
    u: ArrayLike, depth: ArrayLike, width: ArrayLike, slope: ArrayLike
) -> np.ndarray | float:
    """Seo & Cheong: ``D = 5.915 (B/h)^0.620 (u/u*)^1.428 h u*`` [m²/s].

    References
    ----------
    .. [1] Seo, I. W., Cheong, T. S. (1998). Predicting longitudinal dispersion coefficient in
       natural streams. *J. Hydraul. Eng.* 124(1), 25–32.
    """
    uu = finite_array(u, "u", positive=True)
    h = finite_array(depth, "depth", positive=True)
    b = finite_array(width, "width", positive=True)
    s = finite_array(slope, "slope", positive=True)
    ustar = np.sqrt(G * h * s)
    return _out(5.915 * (b / h) ** 0.620 * (uu / ustar) ** 1.428 * h * ustar)
