"""Gaussian plume, puff and dosage with ground reflection, and Briggs plume rise.

The continuous-point-source plume, the instantaneous puff and its time-integrated
concentration (dosage) at a receptor (emergency.md §2.3–2.4), with σ from the Briggs
curves of :mod:`~decision_models.dispersion.stability` unless given explicitly, and the
Briggs buoyant plume rise for the effective release height.

References
----------
.. [1] Turner, D. B. (1970). *Workbook of Atmospheric Dispersion Estimates*. US EPA AP-26.
.. [2] Hanna, S. R., Briggs, G. A., Hosker, R. P. (1982). *Handbook on Atmospheric
   Diffusion*. DOE/TIC-11223.
.. [3] US EPA (1995). *User's Guide for the ISC3 Dispersion Models*, Vol. II (Briggs plume
   rise). EPA-454/B-95-003b.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from decision_models.dispersion._common import (
    Terrain,
    _check_stability,
    _check_terrain,
    _vertical,
)
from decision_models.dispersion.stability import sigmas
from decision_models.validation import finite_array, finite_scalar

__all__ = ["dose", "gaussian_plume", "gaussian_puff", "plume_rise"]

_G = 9.81  # gravitational acceleration [m/s²]


def _sigmas_or_given(
    x: np.ndarray,
    stability: str,
    terrain: Terrain,
    sigma_y: ArrayLike | None,
    sigma_z: ArrayLike | None,
) -> tuple[np.ndarray, np.ndarray]:
    """(σy, σz): the explicit values where given, else the Briggs curves at distance ``x``."""
    if sigma_y is None or sigma_z is None:
        sy_b, sz_b = sigmas(x, stability, terrain)
    else:
        _check_stability(stability)
        _check_terrain(terrain)
    sy = sy_b if sigma_y is None else finite_array(sigma_y, "sigma_y", positive=True)
    sz = sz_b if sigma_z is None else finite_array(sigma_z, "sigma_z", positive=True)
    return sy, sz


def _plume_core(q, u, h, x, y, z, stability, terrain, sigma_y, sigma_z) -> np.ndarray:
    x = finite_array(x, "x")
    y = finite_array(y, "y")
    z = finite_array(z, "z", nonneg=True)
    h = finite_array(h, "h", nonneg=True)
    q = finite_array(q, "q", nonneg=True)
    u = finite_array(u, "u", positive=True)
    down = x > 0
    xs = np.where(down, x, 1.0)
    sy, sz = _sigmas_or_given(xs, stability, terrain, sigma_y, sigma_z)
    with np.errstate(over="ignore", under="ignore"):
        c = q / (2 * np.pi * u * sy * sz) * np.exp(-(y**2) / (2 * sy**2)) * _vertical(z, h, sz)
    return np.where(down, c, 0.0)


def gaussian_plume(
    q: ArrayLike,
    u: ArrayLike,
    h: ArrayLike,
    x: ArrayLike,
    y: ArrayLike,
    z: ArrayLike = 0.0,
    stability: str = "D",
    terrain: Terrain = "rural",
    sigma_y: ArrayLike | None = None,
    sigma_z: ArrayLike | None = None,
) -> np.ndarray:
    """Steady Gaussian plume from a continuous point source with ground reflection.

    ``C = q / (2π u σy σz) · exp(−y²/2σy²) · [exp(−(z−h)²/2σz²) + exp(−(z+h)²/2σz²)]``

    Parameters
    ----------
    q : array_like
        Emission rate [g/s], ≥ 0.
    u : array_like
        Wind speed at release height [m/s], > 0.
    h : array_like
        Effective release height (stack height + plume rise) [m], ≥ 0.
    x, y, z : array_like
        Receptor downwind distance, crosswind offset and height above ground [m].
        Receptors with ``x ≤ 0`` (upwind) get 0. All inputs broadcast together.
    stability : str
        Pasquill–Gifford class for the Briggs σ (ignored if both σ are given).
    terrain : {"rural", "urban"}
        Briggs curve set.
    sigma_y, sigma_z : array_like, optional
        Explicit dispersion parameters [m], overriding the Briggs values (both needed to
        bypass Briggs entirely).

    Returns
    -------
    ndarray
        Concentration [g/m³], broadcast shape of the inputs.

    References
    ----------
    .. [1] Turner, D. B. (1970). *Workbook of Atmospheric Dispersion Estimates*, eq. 3.1.
       US EPA AP-26.
    .. [2] emergency.md §2 (project reference).
    """
    return _plume_core(q, u, h, x, y, z, stability, terrain, sigma_y, sigma_z)


def dose(
    m: ArrayLike,
    u: ArrayLike,
    h: ArrayLike,
    x: ArrayLike,
    y: ArrayLike,
    z: ArrayLike = 0.0,
    stability: str = "D",
    terrain: Terrain = "rural",
    sigma_y: ArrayLike | None = None,
    sigma_z: ArrayLike | None = None,
) -> np.ndarray:
    """Time-integrated concentration (dosage) of an instantaneous puff at a fixed point.

    Equals the plume formula with the rate ``q`` replaced by the mass ``m`` (the
    along-wind spread integrates out). σ are the Briggs plume values at ``x`` unless
    given (a conservative screening choice: puff σ are smaller than plume σ).

    Parameters
    ----------
    m : array_like
        Released mass [g], ≥ 0.
    u, h, x, y, z, stability, terrain, sigma_y, sigma_z
        As in :func:`gaussian_plume`.

    Returns
    -------
    ndarray
        Dosage ∫C dt [g·s/m³]. Divide by an exposure time [s] for the mean
        concentration over that window (if the whole puff passes within it).

    References
    ----------
    .. [1] emergency.md §2.4 (dosage = plume with Q → M).
    .. [2] Hanna, Briggs & Hosker (1982), *Handbook on Atmospheric Diffusion*, ch. 7.
    """
    return _plume_core(m, u, h, x, y, z, stability, terrain, sigma_y, sigma_z)


def gaussian_puff(
    m: ArrayLike,
    u: ArrayLike,
    h: ArrayLike,
    x: ArrayLike,
    y: ArrayLike,
    z: ArrayLike,
    t: ArrayLike,
    stability: str = "D",
    terrain: Terrain = "rural",
    sigma_x: ArrayLike | None = None,
    sigma_y: ArrayLike | None = None,
    sigma_z: ArrayLike | None = None,
) -> np.ndarray:
    """Gaussian puff from an instantaneous release at t = 0, with ground reflection.

    ``C = m / ((2π)^{3/2} σx σy σz) · exp(−(x−ut)²/2σx²) · exp(−y²/2σy²) · V(z)``

    Parameters
    ----------
    m : array_like
        Released mass [g], ≥ 0.
    u : array_like
        Wind speed [m/s], > 0.
    h : array_like
        Release height [m], ≥ 0.
    x, y, z : array_like
        Receptor position [m]: downwind of the release point, crosswind, height.
    t : array_like
        Time since release [s]; ``t ≤ 0`` gives 0.
    stability, terrain : str
        Briggs curves evaluated at the puff travel distance ``u·t``. Plume σ are used
        (conservative screening choice; true puff σ are smaller).
    sigma_x, sigma_y, sigma_z : array_like, optional
        Explicit σ [m]; ``sigma_x`` defaults to ``sigma_y``.

    Returns
    -------
    ndarray
        Concentration [g/m³].

    References
    ----------
    .. [1] emergency.md §2.4; Hanna, Briggs & Hosker (1982), ch. 7.
    """
    m = finite_array(m, "m", nonneg=True)
    u = finite_array(u, "u", positive=True)
    h = finite_array(h, "h", nonneg=True)
    x = finite_array(x, "x")
    y = finite_array(y, "y")
    z = finite_array(z, "z", nonneg=True)
    t = finite_array(t, "t")
    alive = t > 0
    travel = u * np.where(alive, t, 1.0)
    sy, sz = _sigmas_or_given(travel, stability, terrain, sigma_y, sigma_z)
    sx = sy if sigma_x is None else finite_array(sigma_x, "sigma_x", positive=True)
    with np.errstate(over="ignore", under="ignore"):
        c = (
            m
            / ((2 * np.pi) ** 1.5 * sx * sy * sz)
            * np.exp(-((x - travel) ** 2) / (2 * sx**2))
            * np.exp(-(y**2) / (2 * sy**2))
            * _vertical(z, h, sz)
        )
    return np.where(alive, c, 0.0)


def plume_rise(
    u: float,
    stack_diameter: float,
    exit_velocity: float,
    stack_temperature: float,
    ambient_temperature: float,
    stability: str = "D",
    x: ArrayLike | None = None,
) -> np.ndarray | float:
    """Briggs buoyant plume rise Δh (add to the stack height for the effective height).

    Buoyancy flux ``F = g·v·d²·(Ts − Ta)/(4·Ts)`` [m⁴/s³].

    * A–D: final rise ``21.425 F^{3/4}/u`` (F < 55) or ``38.71 F^{3/5}/u`` (F ≥ 55).
    * E–F: final rise ``2.6 (F/(u·s))^{1/3}`` with ``s = g·(dθ/dz)/Ta`` and
      dθ/dz = 0.020 K/m (E) or 0.035 K/m (F).
    * With ``x``: transitional rise ``1.6 F^{1/3} x^{2/3}/u``, capped at the final rise.

    Momentum rise is ignored (so non-buoyant plumes, Ts ≤ Ta, get 0).

    Parameters
    ----------
    u : float
        Wind speed at stack top [m/s], > 0.
    stack_diameter : float
        Inner stack-top diameter [m], > 0.
    exit_velocity : float
        Gas exit velocity [m/s], ≥ 0.
    stack_temperature, ambient_temperature : float
        Gas exit and ambient air temperatures [K], > 0.
    stability : str
        Pasquill–Gifford class.
    x : array_like, optional
        Downwind distance [m] for the transitional (2/3-law) rise.

    Returns
    -------
    float or ndarray
        Plume rise [m].

    References
    ----------
    .. [1] Briggs, G. A. (1975). Plume rise predictions. In *Lectures on Air Pollution and
       Environmental Impact Analyses*, AMS, 59–111.
    .. [2] US EPA (1995). ISC3 User's Guide Vol. II, §1.1.4 (EPA-454/B-95-003b).
    """
    u = finite_scalar(u, "u", positive=True)
    d = finite_scalar(stack_diameter, "stack_diameter", positive=True)
    v = finite_scalar(exit_velocity, "exit_velocity", nonneg=True)
    ts = finite_scalar(stack_temperature, "stack_temperature", positive=True)
    ta = finite_scalar(ambient_temperature, "ambient_temperature", positive=True)
    s_class = _check_stability(stability)
    f = _G * v * d**2 * (ts - ta) / (4 * ts)
    if f <= 0:
        final = 0.0
    elif s_class in ("E", "F"):
        dtheta = 0.020 if s_class == "E" else 0.035
        s = _G * dtheta / ta
        final = 2.6 * (f / (u * s)) ** (1 / 3)
    elif f < 55:
        final = 21.425 * f**0.75 / u
    else:
        final = 38.71 * f**0.6 / u
    if x is None:
        return final
    xa = finite_array(x, "x", nonneg=True)
    gradual = 1.6 * max(f, 0.0) ** (1 / 3) * xa ** (2 / 3) / u
    out = np.minimum(gradual, final)
    return float(out) if out.ndim == 0 else out
