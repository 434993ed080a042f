"""1-D advection–dispersion–decay spills in a uniform reach, analytical.

The instantaneous (slug) release with its exact peak time and value at a distance, and
the continuous release (finite or ongoing) as the time integral of the slug solution.

References
----------
.. [1] Chapra, S. C. (1997). *Surface Water-Quality Modeling*. McGraw-Hill, lectures 9–10.
.. [2] HJ 2.3-2018 地表水环境影响评价技术导则, Appendix E (1-D instantaneous point source).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import erfc, erfcx

from decision_models.river._common import _out
from decision_models.validation import finite_array, finite_scalar

__all__ = ["continuous_spill", "instantaneous_peak", "instantaneous_spill"]


def _spill_inputs(
    area: ArrayLike, u: ArrayLike, D: ArrayLike, k: ArrayLike, x: ArrayLike, t: ArrayLike
) -> tuple[np.ndarray, ...]:
    """Validate the channel, transport and receptor inputs shared by the 1-D spill models."""
    a = finite_array(area, "area", positive=True)
    uu = finite_array(u, "u", nonneg=True)
    d = finite_array(D, "D", positive=True)
    kk = finite_array(k, "k", nonneg=True)
    xx = finite_array(x, "x")
    tt = finite_array(t, "t")
    return a, uu, d, kk, xx, tt


def instantaneous_spill(
    mass: ArrayLike,
    area: ArrayLike,
    u: ArrayLike,
    D: ArrayLike,
    k: ArrayLike,
    x: ArrayLike,
    t: ArrayLike,
) -> np.ndarray | float:
    """Concentration after an instantaneous slug release (1-D advection–dispersion–decay).

    ``C(x,t) = M / (A √(4π D t)) · exp(−(x − u t)² / (4 D t)) · exp(−k t)``

    Parameters
    ----------
    mass : array_like
        Released mass M [g], ≥ 0.
    area : array_like
        Cross-section A [m²], > 0.
    u : array_like
        Mean velocity [m/s], ≥ 0.
    D : array_like
        Longitudinal dispersion coefficient [m²/s], > 0.
    k : array_like
        First-order decay rate [1/s], ≥ 0 (from 1/d divide by 86 400).
    x : array_like
        Distance downstream of the release [m] (negative = upstream).
    t : array_like
        Time since release [s]; ``t ≤ 0`` gives 0.

    Returns
    -------
    float or ndarray
        Concentration [mg/L] (= g/m³). Inputs broadcast together.

    References
    ----------
    .. [1] Chapra (1997), *Surface Water-Quality Modeling*, eq. 9.32.
    .. [2] HJ 2.3-2018, Appendix E; emergency.md §4.
    """
    m = finite_array(mass, "mass", nonneg=True)
    a, uu, d, kk, xx, tt = _spill_inputs(area, u, D, k, x, t)
    alive = tt > 0
    ts = np.where(alive, tt, 1.0)
    with np.errstate(under="ignore"):
        c = m / (a * np.sqrt(4 * np.pi * d * ts)) * np.exp(-((xx - uu * ts) ** 2) / (4 * d * ts))
        c = c * np.exp(-kk * ts)
    return _out(np.where(alive, c, 0.0))


def instantaneous_peak(
    mass: float, area: float, u: float, D: float, k: float, x: ArrayLike
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Exact time and value of the concentration peak at a fixed distance after a slug.

    ``t* = [−D + √(D² + (u² + 4Dk) x²)] / (u² + 4Dk)`` (from ∂ln C/∂t = 0).

    Parameters
    ----------
    mass, area, u, D, k
        As in :func:`instantaneous_spill` (u > 0 here).
    x : array_like
        Distance downstream [m], > 0.

    Returns
    -------
    t_peak : float or ndarray
        [s].
    c_peak : float or ndarray
        [mg/L].

    References
    ----------
    .. [1] emergency.md §4 (exact peak time).
    """
    finite_scalar(u, "u", positive=True)
    d = finite_scalar(D, "D", positive=True)
    kk = finite_scalar(k, "k", nonneg=True)
    xx = finite_array(x, "x", positive=True)
    den = u**2 + 4 * d * kk
    tp = (-d + np.sqrt(d**2 + den * xx**2)) / den
    return _out(tp), instantaneous_spill(mass, area, u, d, kk, xx, tp)


def _exp_erfc(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """exp(a)·erfc(b) without overflow (erfcx for b > 0)."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        pos = b > 0
        r_pos = erfcx(np.where(pos, b, 0.0)) * np.exp(a - np.where(pos, b, 0.0) ** 2)
        r_neg = np.exp(np.minimum(a, 700.0)) * erfc(np.where(pos, 0.0, b))
    return np.where(pos, r_pos, r_neg)


def _continuous_kernel(x, t, u, d, k):
    """∫₀ᵗ G(x, s) e^{−ks} ds for the unit slug Green's function G (per unit A)."""
    gam = np.sqrt(u**2 + 4 * k * d)
    ax = np.abs(x)
    st = 2 * np.sqrt(d * t)
    t1 = _exp_erfc(u * x / (2 * d) - gam * ax / (2 * d), (ax - gam * t) / st)
    t2 = _exp_erfc(u * x / (2 * d) + gam * ax / (2 * d), (ax + gam * t) / st)
    return (t1 - t2) / (2 * gam)


def continuous_spill(
    rate: ArrayLike,
    area: ArrayLike,
    u: ArrayLike,
    D: ArrayLike,
    k: ArrayLike,
    x: ArrayLike,
    t: ArrayLike,
    duration: float | None = None,
) -> np.ndarray | float:
    """Concentration from a continuous release starting at t = 0 (1-D, analytical).

    Time integral of the slug solution (point injection in an infinite channel):
    ``C = W/(2 A Γ) · [e^{(ux − Γ|x|)/2D} erfc((|x| − Γt)/(2√(Dt)))
    − e^{(ux + Γ|x|)/2D} erfc((|x| + Γt)/(2√(Dt)))]`` with ``Γ = √(u² + 4kD)``.
    Steady state downstream: ``W/(AΓ)·exp((u − Γ)x/2D)`` (→ W/(uA) without decay). A
    finite release of ``duration`` is the superposition C(t) − C(t − duration).

    Parameters
    ----------
    rate : array_like
        Release rate W [g/s], ≥ 0.
    area, u, D, k, x, t
        As in :func:`instantaneous_spill` (u may be 0).
    duration : float, optional
        Release duration [s]; None = still releasing.

    Returns
    -------
    float or ndarray
        Concentration [mg/L].

    References
    ----------
    .. [1] Chapra (1997), *Surface Water-Quality Modeling*, lecture 10 (continuous
       sources); van Genuchten & Alves (1982), USDA Tech. Bull. 1661, solution A3-type.
    """
    w = finite_array(rate, "rate", nonneg=True)
    a, uu, d, kk, xx, tt = _spill_inputs(area, u, D, k, x, t)
    if duration is not None:
        duration = finite_scalar(duration, "duration", positive=True)

    def f(tv: np.ndarray) -> np.ndarray:
        alive = tv > 0
        val = _continuous_kernel(xx, np.where(alive, tv, 1.0), uu, d, kk)
        return np.where(alive, val, 0.0)

    c = f(tt)
    if duration is not None:
        c = c - f(tt - duration)
    return _out(np.maximum(w / a * c, 0.0))
