"""Lake total phosphorus from a Vollenweider-type mass balance (fully mixed lake).

The steady state and the transient of in-lake TP, which can feed the lake TLI(TP).

References
----------
.. [1] Vollenweider, R. A. (1976). Advances in defining critical loading levels for
   phosphorus in lake eutrophication. *Mem. Ist. Ital. Idrobiol.* 33, 53–83.
.. [2] Chapra, S. C. (1997). *Surface Water-Quality Modeling*. McGraw-Hill, lecture 29.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from decision_models.validation import finite_array, finite_scalar

__all__ = ["LakeTPResult", "lake_tp_response"]


@dataclass(frozen=True)
class LakeTPResult:
    """Result of :func:`lake_tp_response`.

    Attributes
    ----------
    steady_mg_l : float
        Equilibrium in-lake TP [mg/L].
    inflow_mg_l : float
        Flow-weighted inflow TP, load/outflow [mg/L].
    residence_time_a : float
        Water residence time V/Q [a].
    settling_1_a : float
        Settling (sedimentation) rate σ [1/a].
    retention : float
        Fraction of the load retained, σ/(ρ + σ).
    response_time_a : float
        e-folding time 1/(ρ + σ) [a].
    series_mg_l : ndarray or None
        TP at the requested times [mg/L].
    """

    steady_mg_l: float
    inflow_mg_l: float
    residence_time_a: float
    settling_1_a: float
    retention: float
    response_time_a: float
    series_mg_l: np.ndarray | None = None


def lake_tp_response(
    load_kg_a: float,
    volume_m3: float,
    outflow_m3_a: float,
    settling_1_a: float | None = None,
    *,
    p0_mg_l: float | None = None,
    t_a: ArrayLike | None = None,
) -> LakeTPResult:
    """In-lake total phosphorus from a Vollenweider-type mass balance (fully mixed lake).

    ``V dP/dt = W − Q P − σ V P`` → steady ``P = W / (Q + σ V)`` and
    ``P(t) = P∞ + (P0 − P∞) e^{−(ρ + σ) t}`` with ρ = Q/V. Default σ = √ρ
    (Vollenweider 1976 / OECD 1982), i.e. ``P = P_in / (1 + √τ_w)``. The result can feed
    the lake TLI: TLI(TP) = 10 (9.436 + 1.624 ln TP[mg/L]) (water.md §2.4).

    Parameters
    ----------
    load_kg_a : float
        External TP load W [kg/a], ≥ 0.
    volume_m3 : float
        Lake volume V [m³], > 0.
    outflow_m3_a : float
        Outflow Q [m³/a], > 0.
    settling_1_a : float, optional
        Net settling rate σ [1/a], ≥ 0; default √(Q/V).
    p0_mg_l : float, optional
        Initial TP [mg/L] for the transient (default: the steady state).
    t_a : array_like, optional
        Times [a] at which to return the transient.

    Returns
    -------
    LakeTPResult

    References
    ----------
    .. [1] Vollenweider, R. A. (1976). *Mem. Ist. Ital. Idrobiol.* 33, 53–83.
    .. [2] OECD (1982). *Eutrophication of Waters: Monitoring, Assessment and Control*.
    .. [3] Chapra (1997), lecture 29 (total-phosphorus budget models).
    """
    w = finite_scalar(load_kg_a, "load_kg_a", nonneg=True)
    v = finite_scalar(volume_m3, "volume_m3", positive=True)
    q = finite_scalar(outflow_m3_a, "outflow_m3_a", positive=True)
    rho = q / v
    sigma = (
        math.sqrt(rho)
        if settling_1_a is None
        else finite_scalar(settling_1_a, "settling_1_a", nonneg=True)
    )
    p_ss = 1000.0 * w / (q + sigma * v)  # kg/m³ → mg/L
    series = None
    if t_a is not None:
        t = finite_array(t_a, "t_a", nonneg=True)
        p0 = p_ss if p0_mg_l is None else finite_scalar(p0_mg_l, "p0_mg_l", nonneg=True)
        series = p_ss + (p0 - p_ss) * np.exp(-(rho + sigma) * t)
    return LakeTPResult(
        steady_mg_l=p_ss,
        inflow_mg_l=1000.0 * w / q,
        residence_time_a=1 / rho,
        settling_1_a=sigma,
        retention=sigma / (rho + sigma),
        response_time_a=1 / (rho + sigma),
        series_mg_l=series,
    )
