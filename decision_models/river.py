"""River and lake water-quality physics for emergencies and scenarios.

* Longitudinal dispersion coefficients (Fischer, Elder, Seo & Cheong).
* 1-D advection–dispersion–decay spills: instantaneous (slug) and continuous, analytical.
* Spill routing along a river network with confluence dilution, giving for each target
  (section, drinking-water intake) the leading-edge arrival, the peak and the duration
  above a threshold.
* Streeter–Phelps dissolved-oxygen sag.
* Steady-state loads along a network (plug flow with first-order decay) and a
  Vollenweider-type lake total-phosphorus balance (which can feed the lake TLI(TP)).

Pure numpy/scipy. Every bad input raises
:class:`~decision_models.errors.ModelInputError` naming the parameter.

References
----------
.. [1] Fischer, H. B., List, E. J., Koh, R. C. Y., Imberger, J., Brooks, N. H. (1979).
   *Mixing in Inland and Coastal Waters*. Academic Press, ch. 5.
.. [2] Chapra, S. C. (1997). *Surface Water-Quality Modeling*. McGraw-Hill, lectures 9–10, 21.
.. [3] HJ 2.3-2018 地表水环境影响评价技术导则, Appendix E (1-D instantaneous point source).
.. [4] Masters, G. M., Ela, W. P. (2008). *Introduction to Environmental Engineering and
   Science*, 3rd ed., §5.4 (Streeter–Phelps).
.. [5] Vollenweider, R. A. (1976). Advances in defining critical loading levels for
   phosphorus in lake eutrophication. *Mem. Ist. Ital. Idrobiol.* 33, 53–83.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import brentq
from scipy.special import erfc, erfcx

from decision_models.errors import ModelInputError
from decision_models.validation import finite_array, finite_scalar

__all__ = [
    "LakeTPResult",
    "Load",
    "Reach",
    "RiverNetwork",
    "SpillImpact",
    "SteadyStateResult",
    "Target",
    "continuous_spill",
    "elder_dispersion",
    "fischer_dispersion",
    "instantaneous_peak",
    "instantaneous_spill",
    "lake_tp_response",
    "network_from_geodataframe",
    "seo_cheong_dispersion",
    "shear_velocity",
    "spill_along_network",
    "steady_state_load",
    "streeter_phelps",
    "streeter_phelps_critical",
]

G = 9.81  # [m/s²]


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------
def _out(a: np.ndarray) -> np.ndarray | float:
    return float(a) if np.ndim(a) == 0 else a


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


# --------------------------------------------------------------------------------------
# Dispersion coefficients
# --------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------
# 1-D spills in a uniform reach
# --------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------
# Network
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reach:
    """A river reach with uniform hydraulics.

    Attributes
    ----------
    id : str
        Unique identifier.
    length_m : float
        [m], > 0.
    velocity_m_s : float
        Mean velocity [m/s], > 0.
    area_m2 : float
        Mean cross-section [m²], > 0.
    flow_m3_s : float, optional
        Discharge [m³/s] including upstream tributaries; default ``velocity × area``.
    decay_1_s : float
        First-order decay [1/s].
    downstream_id : str, optional
        The reach this one flows into (None at the outlet).
    D : float, optional
        Longitudinal dispersion [m²/s]; default Fischer's formula from ``width_m`` and
        ``slope`` (depth = area/width).
    width_m, slope : float, optional
        For the default D.
    """

    id: str
    length_m: float
    velocity_m_s: float
    area_m2: float
    flow_m3_s: float | None = None
    decay_1_s: float = 0.0
    downstream_id: str | None = None
    D: float | None = None
    width_m: float | None = None
    slope: float | None = None

    def __post_init__(self) -> None:
        p = f"reach {self.id}"
        finite_scalar(self.length_m, f"{p}.length_m", positive=True)
        finite_scalar(self.velocity_m_s, f"{p}.velocity_m_s", positive=True)
        finite_scalar(self.area_m2, f"{p}.area_m2", positive=True)
        if self.flow_m3_s is not None:
            finite_scalar(self.flow_m3_s, f"{p}.flow_m3_s", positive=True)
        finite_scalar(self.decay_1_s, f"{p}.decay_1_s", nonneg=True)
        if self.D is not None:
            finite_scalar(self.D, f"{p}.D", positive=True)
        elif self.width_m is None or self.slope is None:
            raise ModelInputError(f"{p}.D", "give D or both width_m and slope (Fischer)")
        else:
            finite_scalar(self.width_m, f"{p}.width_m", positive=True)
            finite_scalar(self.slope, f"{p}.slope", positive=True)

    @property
    def flow(self) -> float:
        """Discharge [m³/s]."""
        return (
            float(self.flow_m3_s)
            if self.flow_m3_s is not None
            else (self.velocity_m_s * self.area_m2)
        )

    @property
    def dispersion(self) -> float:
        """Longitudinal dispersion [m²/s]."""
        if self.D is not None:
            return float(self.D)
        depth = self.area_m2 / float(self.width_m)
        return float(fischer_dispersion(self.velocity_m_s, depth, self.width_m, self.slope))


@dataclass(frozen=True)
class Target:
    """A point of interest on the network (monitoring section, drinking-water intake)."""

    reach_id: str
    distance_along_m: float
    name: str


class RiverNetwork:
    """A tree of reaches draining to one or more outlets (no loops, no bifurcations).

    Parameters
    ----------
    reaches : iterable of Reach
        Ids must be unique; ``downstream_id`` must name a reach of the network or be None.
    """

    def __init__(self, reaches: Iterable[Reach]) -> None:
        self.reaches: dict[str, Reach] = {}
        for r in reaches:
            if not isinstance(r, Reach):
                raise ModelInputError("reaches", f"items must be Reach, got {type(r).__name__}")
            if r.id in self.reaches:
                raise ModelInputError("reaches", f"duplicate reach id {r.id!r}")
            self.reaches[r.id] = r
        if not self.reaches:
            raise ModelInputError("reaches", "the network is empty")
        for r in self.reaches.values():
            if r.downstream_id is not None and r.downstream_id not in self.reaches:
                raise ModelInputError(
                    f"reach {r.id}.downstream_id", f"unknown reach {r.downstream_id!r}"
                )
        self.upstream: dict[str, list[str]] = {rid: [] for rid in self.reaches}
        for r in self.reaches.values():
            if r.downstream_id is not None:
                self.upstream[r.downstream_id].append(r.id)
        self.order = self._topological_order()

    def _topological_order(self) -> list[str]:
        indeg = {rid: len(ups) for rid, ups in self.upstream.items()}
        stack = [rid for rid, n in indeg.items() if n == 0]
        order: list[str] = []
        while stack:
            rid = stack.pop()
            order.append(rid)
            down = self.reaches[rid].downstream_id
            if down is not None:
                indeg[down] -= 1
                if indeg[down] == 0:
                    stack.append(down)
        if len(order) != len(self.reaches):
            raise ModelInputError("reaches", "the network has a loop")
        return order

    def path_to_outlet(self, reach_id: str) -> list[str]:
        """Reach ids from ``reach_id`` down to its outlet."""
        self._check_id(reach_id, "reach_id")
        path = [reach_id]
        while (nxt := self.reaches[path[-1]].downstream_id) is not None:
            path.append(nxt)
        return path

    def _check_id(self, reach_id: str, name: str) -> Reach:
        if reach_id not in self.reaches:
            raise ModelInputError(name, f"unknown reach {reach_id!r}")
        return self.reaches[reach_id]

    def _check_position(self, reach_id: str, distance: float, name: str) -> tuple[Reach, float]:
        r = self._check_id(reach_id, f"{name}.reach_id")
        d = finite_scalar(distance, f"{name}.distance_along_m", nonneg=True)
        if d > r.length_m * (1 + 1e-9):
            raise ModelInputError(
                f"{name}.distance_along_m", f"{d} m beyond reach {reach_id!r} ({r.length_m} m)"
            )
        return r, min(d, r.length_m)

    def segments(
        self, from_reach: str, from_m: float, to_reach: str, to_m: float
    ) -> list[tuple[Reach, float]] | None:
        """Reaches and lengths [m] travelled from one point to another downstream point.

        None if the second point is not downstream of (or at) the first.
        """
        path = self.path_to_outlet(from_reach)
        if to_reach not in path:
            return None
        j = path.index(to_reach)
        r0 = self.reaches[from_reach]
        if j == 0:
            return None if to_m < from_m else [(r0, to_m - from_m)]
        segs = [(r0, r0.length_m - from_m)]
        segs += [(self.reaches[rid], self.reaches[rid].length_m) for rid in path[1:j]]
        segs.append((self.reaches[to_reach], to_m))
        return segs

    def __len__(self) -> int:
        return len(self.reaches)

    def __repr__(self) -> str:
        return f"RiverNetwork({len(self.reaches)} reaches)"


@dataclass(frozen=True)
class SpillImpact:
    """Effect of a spill at one target.

    Attributes
    ----------
    name, reach_id, distance_along_m
        The target.
    reached : bool
        Whether the target is downstream of the spill.
    travel_distance_m : float
        Channel distance from the spill [m].
    mean_travel_time_s : float
        Advective travel time Σ L/u [s].
    arrival_s : float or None
        Leading edge: first time C ≥ threshold (or ≥ ``edge_fraction`` × peak) [s].
    peak_time_s, peak_mg_l : float
        Time [s] and value [mg/L] of the concentration peak.
    duration_above_s : float or None
        Time with C ≥ threshold [s] (None without a threshold; 0 if never exceeded).
    mass_arriving_g : float
        Mass passing the target, M·e^{−Σk t} [g].
    flow_m3_s : float
        Discharge at the target (dilution) [m³/s].
    """

    name: str
    reach_id: str
    distance_along_m: float
    reached: bool
    travel_distance_m: float = 0.0
    mean_travel_time_s: float = 0.0
    arrival_s: float | None = None
    peak_time_s: float | None = None
    peak_mg_l: float = 0.0
    duration_above_s: float | None = None
    mass_arriving_g: float = 0.0
    flow_m3_s: float = 0.0
    _params: tuple[float, float, float, float, float] = field(default=(0, 0, 0, 0, 0), repr=False)

    def concentration(self, t: ArrayLike) -> np.ndarray | float:
        """Concentration at the target [mg/L] at times ``t`` [s] after the spill."""
        tt = finite_array(t, "t")
        if not self.reached:
            return _out(np.zeros_like(tt))
        return _out(_routed(tt, *self._params))


def _routed(t, mass, q, tau, s2, k):
    """C(t) = (M/Q) e^{−kt} / √(2π s² t/τ) · exp(−(t−τ)² / (2 s² t/τ)) [mg/L].

    The single-reach slug solution written in travel-time moments: τ = Σ L/u and
    s² = Σ 2 D L / u³ (additive over reaches), so it is exact for one reach and conserves
    ∫ Q C dt = M e^{−kt} over any chain of reaches.
    """
    t = np.asarray(t, dtype=float)
    alive = t > 0
    ts = np.where(alive, t, 1.0)
    var = s2 * ts / tau
    with np.errstate(under="ignore"):
        c = mass / q * np.exp(-k * ts) / np.sqrt(2 * np.pi * var)
        c = c * np.exp(-((ts - tau) ** 2) / (2 * var))
    return np.where(alive, c, 0.0)


def _routed_peak_time(tau: float, s2: float, k: float) -> float:
    a = tau / (2 * s2)
    return (-0.5 + math.sqrt(0.25 + 4 * (a + k) * a * tau**2)) / (2 * (a + k))


def spill_along_network(
    network: RiverNetwork,
    spill_point: tuple[str, float],
    mass: float,
    targets: Sequence[Target | tuple[str, float, str]],
    *,
    threshold_mg_l: float | None = None,
    edge_fraction: float = 0.01,
) -> list[SpillImpact]:
    """Route an instantaneous spill down a network to targets (sections, intakes).

    Each reach has its own velocity, cross-section, flow, decay and dispersion. The
    cloud's travel-time mean ``τ = Σ L/u`` and variance ``s² = Σ 2DL/u³`` add over the
    reaches on the path; the decay exponent is ``Σ k L/u``. At a target the concentration
    is the single-reach slug solution written in those moments, divided by the target's
    flow, so the mass passing each section is conserved (less decay) and tributaries
    dilute the cloud in proportion to flow at confluences. Exact for a single reach.

    Parameters
    ----------
    network : RiverNetwork
        The reaches.
    spill_point : (reach_id, distance_along_m)
        Where the mass enters, distance from the reach's upstream end [m].
    mass : float
        Spilled mass [g], fully mixed over the cross-section (1-D assumption).
    targets : sequence of Target or (reach_id, distance_along_m, name)
        Points of interest. Targets upstream of the spill or on other branches are
        returned with ``reached=False``. Distances below 1 m are taken as 1 m.
    threshold_mg_l : float, optional
        Concentration of concern [mg/L] for the leading edge and the duration above it.
    edge_fraction : float
        Without a threshold, the leading edge is when C first reaches this fraction of the
        target's peak.

    Returns
    -------
    list of SpillImpact
        One per target, in order.

    References
    ----------
    .. [1] Chapra (1997), lecture 9 (slug, travel-time moments).
    .. [2] Fischer et al. (1979), §5.1 (additivity of temporal variance along a river).
    .. [3] emergency.md §4.
    """
    if not isinstance(network, RiverNetwork):
        raise ModelInputError("network", "must be a RiverNetwork")
    try:
        s_reach, s_dist = spill_point
    except (TypeError, ValueError) as exc:
        raise ModelInputError("spill_point", "must be (reach_id, distance_along_m)") from exc
    _, s_dist = network._check_position(s_reach, s_dist, "spill_point")
    m = finite_scalar(mass, "mass", positive=True)
    thr = (
        None
        if threshold_mg_l is None
        else finite_scalar(threshold_mg_l, "threshold_mg_l", positive=True)
    )
    ef = finite_scalar(edge_fraction, "edge_fraction", positive=True)
    if ef >= 1:
        raise ModelInputError("edge_fraction", f"must be in (0, 1), got {ef}")

    out: list[SpillImpact] = []
    for i, tg in enumerate(targets):
        if not isinstance(tg, Target):
            try:
                tg = Target(str(tg[0]), float(tg[1]), str(tg[2]))
            except (TypeError, ValueError, IndexError) as exc:
                raise ModelInputError(
                    f"targets[{i}]", "must be Target or (reach_id, distance_along_m, name)"
                ) from exc
        t_reach, t_dist = network._check_position(tg.reach_id, tg.distance_along_m, f"targets[{i}]")
        segs = network.segments(s_reach, s_dist, tg.reach_id, t_dist)
        if segs is None:
            out.append(SpillImpact(tg.name, tg.reach_id, tg.distance_along_m, reached=False))
            continue
        dist = sum(ln for _, ln in segs)
        if dist < 1.0:  # clamp: the 1-D solution is singular at the spill point
            r0 = segs[0][0]
            segs = [(r0, 1.0)]
            dist = 1.0
        tau = sum(ln / r.velocity_m_s for r, ln in segs)
        s2 = sum(2 * r.dispersion * ln / r.velocity_m_s**3 for r, ln in segs)
        ktau = sum(r.decay_1_s * ln / r.velocity_m_s for r, ln in segs)
        k = ktau / tau
        q = t_reach.flow
        params = (m, q, tau, s2, k)
        tp = _routed_peak_time(tau, s2, k)
        cp = float(_routed(tp, *params))

        def g(tv: float, level: float, params=params) -> float:
            return math.log(max(float(_routed(tv, *params)), 1e-300)) - math.log(level)

        def rising(level: float, tp=tp, g=g) -> float:
            lo = tp
            while g(lo, level) > 0 and lo > 1e-9:
                lo *= 0.5
            return brentq(g, lo, tp, args=(level,), xtol=1e-6, rtol=1e-10)

        def falling(level: float, tp=tp, g=g) -> float:
            hi = 2 * tp
            while g(hi, level) > 0:
                hi *= 2
            return brentq(g, tp, hi, args=(level,), xtol=1e-6, rtol=1e-10)

        level = thr if thr is not None else ef * cp
        arrival = None
        if cp >= level:
            arrival = rising(level) if cp > level else tp
        duration = None
        if thr is not None:
            duration = falling(thr) - arrival if arrival is not None and cp > thr else 0.0
        out.append(
            SpillImpact(
                name=tg.name,
                reach_id=tg.reach_id,
                distance_along_m=tg.distance_along_m,
                reached=True,
                travel_distance_m=dist,
                mean_travel_time_s=tau,
                arrival_s=arrival,
                peak_time_s=tp,
                peak_mg_l=cp,
                duration_above_s=duration,
                mass_arriving_g=m * math.exp(-ktau),
                flow_m3_s=q,
                _params=params,
            )
        )
    return out


def network_from_geodataframe(
    gdf: Any,
    *,
    id_col: str | None = "id",
    downstream_col: str | None = "downstream_id",
    length_col: str | None = None,
    velocity_col: str = "velocity_m_s",
    area_col: str = "area_m2",
    flow_col: str = "flow_m3_s",
    decay_col: str = "decay_1_s",
    dispersion_col: str = "D_m2_s",
    width_col: str = "width_m",
    slope_col: str = "slope",
    defaults: Mapping[str, float] | None = None,
    snap_tolerance_m: float = 5.0,
) -> RiverNetwork:
    """Build a :class:`RiverNetwork` from a GeoDataFrame of (Multi)LineStrings.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        One row per reach, lines digitised downstream (first vertex upstream).
    id_col : str or None
        Reach id column; None or missing → the row index.
    downstream_col : str or None
        Column with the downstream reach id; None or missing → topology inferred: a
        reach flows into the reach whose first vertex is within ``snap_tolerance_m`` of
        its last vertex.
    length_col : str, optional
        Length column [m]; default the geodesic (WGS84) or planar (projected CRS) length.
    velocity_col, area_col, flow_col, decay_col, dispersion_col, width_col, slope_col : str
        Attribute columns; missing columns or NaN values take ``defaults``.
    defaults : mapping, optional
        Fallbacks keyed ``velocity_m_s``, ``area_m2``, ``flow_m3_s``, ``decay_1_s``,
        ``D``, ``width_m``, ``slope``.
    snap_tolerance_m : float
        Endpoint snapping distance for inferred topology [m].

    Returns
    -------
    RiverNetwork

    References
    ----------
    .. [1] Chapra (1997), lecture 21 (segmentation of river networks).
    """
    from pyproj import CRS, Geod

    if not hasattr(gdf, "geometry"):
        raise ModelInputError("gdf", "must be a GeoDataFrame with line geometry")
    defaults = dict(defaults or {})
    crs = CRS.from_user_input(gdf.crs) if gdf.crs is not None else None
    geographic = crs is None or crs.is_geographic
    geod = Geod(ellps="WGS84")

    ids = (
        [str(v) for v in gdf[id_col]]
        if id_col and id_col in gdf.columns
        else [str(v) for v in gdf.index]
    )
    geoms = list(gdf.geometry)

    def ends(geom) -> tuple[tuple[float, float], tuple[float, float]]:
        if geom.geom_type == "MultiLineString":
            parts = list(geom.geoms)
            return parts[0].coords[0][:2], parts[-1].coords[-1][:2]
        if geom.geom_type != "LineString":
            raise ModelInputError("gdf.geometry", f"expected lines, got {geom.geom_type}")
        return geom.coords[0][:2], geom.coords[-1][:2]

    def dist(p, q) -> float:
        if geographic:
            return geod.inv(p[0], p[1], q[0], q[1])[2]
        return math.hypot(p[0] - q[0], p[1] - q[1])

    if downstream_col and downstream_col in gdf.columns:
        downs = [
            None if (v is None or (isinstance(v, float) and math.isnan(v))) else str(v)
            for v in gdf[downstream_col]
        ]
    else:
        endpoints = [ends(g) for g in geoms]
        starts = np.array([e[0] for e in endpoints])
        downs = []
        for i, (_, last) in enumerate(endpoints):
            # cheap prefilter in coordinate units, then exact distance
            cand = np.argsort(np.hypot(starts[:, 0] - last[0], starts[:, 1] - last[1]))[:5]
            best = None
            for j in cand:
                if j != i and dist(last, tuple(starts[j])) <= snap_tolerance_m:
                    best = ids[j]
                    break
            downs.append(best)

    def value(row: Any, col: str, key: str) -> float | None:
        v = row.get(col) if col in gdf.columns else None
        if v is None or (isinstance(v, float) and math.isnan(v)):
            v = defaults.get(key)
        return None if v is None else float(v)

    reaches = []
    for i, (idx, row) in enumerate(gdf.iterrows()):
        if length_col and length_col in gdf.columns:
            length = float(row[length_col])
        elif geographic:
            length = float(geod.geometry_length(geoms[i]))
        else:
            length = float(geoms[i].length)
        vel = value(row, velocity_col, "velocity_m_s")
        area = value(row, area_col, "area_m2")
        if vel is None:
            raise ModelInputError(velocity_col, f"missing for reach {ids[i]!r} (row {idx})")
        if area is None:
            raise ModelInputError(area_col, f"missing for reach {ids[i]!r} (row {idx})")
        reaches.append(
            Reach(
                id=ids[i],
                length_m=length,
                velocity_m_s=vel,
                area_m2=area,
                flow_m3_s=value(row, flow_col, "flow_m3_s"),
                decay_1_s=value(row, decay_col, "decay_1_s") or 0.0,
                downstream_id=downs[i],
                D=value(row, dispersion_col, "D"),
                width_m=value(row, width_col, "width_m"),
                slope=value(row, slope_col, "slope"),
            )
        )
    return RiverNetwork(reaches)


# --------------------------------------------------------------------------------------
# Streeter–Phelps
# --------------------------------------------------------------------------------------
def _sp_check(L0, D0, kd, ka) -> tuple[float, float, float, float]:
    return (
        finite_scalar(L0, "L0", nonneg=True),
        finite_scalar(D0, "D0"),
        finite_scalar(kd, "kd", positive=True),
        finite_scalar(ka, "ka", positive=True),
    )


def _same_rate(kd: float, ka: float) -> bool:
    return abs(ka - kd) <= 1e-9 * max(ka, kd)


def streeter_phelps(L0: float, D0: float, kd: float, ka: float, t: ArrayLike) -> np.ndarray | float:
    """Dissolved-oxygen deficit downstream of a BOD load (Streeter–Phelps).

    ``D(t) = kd L0/(ka − kd) (e^{−kd t} − e^{−ka t}) + D0 e^{−ka t}``;
    for ``ka = kd``: ``D(t) = (kd L0 t + D0) e^{−kd t}``. DO = DO_sat − D; t = x/u.

    Parameters
    ----------
    L0 : float
        Ultimate BOD just below the outfall (mixed) [mg/L], ≥ 0.
    D0 : float
        Initial DO deficit [mg/L].
    kd : float
        Deoxygenation rate [1/d], > 0.
    ka : float
        Reaeration rate [1/d], > 0.
    t : array_like
        Travel time [d], ≥ 0.

    Returns
    -------
    float or ndarray
        Deficit [mg/L].

    References
    ----------
    .. [1] Streeter, H. W., Phelps, E. B. (1925). US Public Health Service Bulletin 146.
    .. [2] Masters & Ela (2008), eq. 5.42; emergency.md §5.
    """
    L0, D0, kd, ka = _sp_check(L0, D0, kd, ka)
    tt = finite_array(t, "t", nonneg=True)
    if _same_rate(kd, ka):
        d = (kd * L0 * tt + D0) * np.exp(-kd * tt)
    else:
        d = kd * L0 / (ka - kd) * (np.exp(-kd * tt) - np.exp(-ka * tt)) + D0 * np.exp(-ka * tt)
    return _out(d)


def streeter_phelps_critical(L0: float, D0: float, kd: float, ka: float) -> tuple[float, float]:
    """Critical (maximum-deficit) time and deficit of the DO sag.

    ``t_c = 1/(ka − kd) · ln[(ka/kd)(1 − D0 (ka − kd)/(kd L0))]``,
    ``D_c = (kd/ka) L0 e^{−kd t_c}``; for ``ka = kd``: ``t_c = (1 − D0/L0)/kd``.
    When the deficit only falls from the start (bracket ≤ 0 or t_c ≤ 0), ``(0, D0)``.

    Parameters
    ----------
    L0, D0 : float
        Initial ultimate BOD and DO deficit [mg/L].
    kd, ka : float
        Deoxygenation and reaeration rates [1/d].

    Returns
    -------
    t_c : float
        [d].
    D_c : float
        [mg/L].

    References
    ----------
    .. [1] Masters & Ela (2008), eqs. 5.45–5.46; emergency.md §5.
    """
    L0, D0, kd, ka = _sp_check(L0, D0, kd, ka)
    if L0 == 0:
        return 0.0, D0
    if _same_rate(kd, ka):
        tc = (1 - D0 / L0) / kd
    else:
        bracket = (ka / kd) * (1 - D0 * (ka - kd) / (kd * L0))
        if bracket <= 0:
            return 0.0, D0
        tc = math.log(bracket) / (ka - kd)
    if tc <= 0:
        return 0.0, D0
    return tc, float(streeter_phelps(L0, D0, kd, ka, tc))


# --------------------------------------------------------------------------------------
# Steady-state loads and lakes
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Load:
    """A steady load [g/s] on a reach: a point at ``distance_m`` or spread evenly (None)."""

    reach_id: str
    rate_g_s: float
    distance_m: float | None = None
    name: str = ""


@dataclass(frozen=True)
class SteadyStateResult:
    """Steady-state concentrations along a network (plug flow with decay).

    Attributes
    ----------
    network : RiverNetwork
    flux_in_g_s, flux_out_g_s : dict
        Mass flux entering / leaving each reach [g/s].
    conc_in_mg_l, conc_out_mg_l : dict
        Concentration at the top / bottom of each reach [mg/L].
    """

    network: RiverNetwork
    flux_in_g_s: dict[str, float]
    flux_out_g_s: dict[str, float]
    conc_in_mg_l: dict[str, float]
    conc_out_mg_l: dict[str, float]
    _loads: dict[str, list[Load]]
    _k: dict[str, float]

    def concentration(self, reach_id: str, distance_m: float) -> float:
        """Concentration [mg/L] at a point of a reach."""
        r, x = self.network._check_position(reach_id, distance_m, "point")
        return _flux_at(r, x, self.flux_in_g_s[reach_id], self._loads[reach_id], self._k[r.id]) / (
            r.flow
        )


def _flux_at(r: Reach, x: float, flux_in: float, loads: list[Load], k: float) -> float:
    """Mass flux [g/s] at distance x [m] along reach r."""
    u = r.velocity_m_s
    flux = flux_in * math.exp(-k * x / u)
    for ld in loads:
        if ld.distance_m is None:
            if k > 0:
                flux += ld.rate_g_s / r.length_m * (u / k) * (1 - math.exp(-k * x / u))
            else:
                flux += ld.rate_g_s * x / r.length_m
        elif ld.distance_m <= x:
            flux += ld.rate_g_s * math.exp(-k * (x - ld.distance_m) / u)
    return flux


def steady_state_load(
    network: RiverNetwork,
    loads: Sequence[Load],
    k: float | Mapping[str, float] | None = None,
    *,
    headwater_mg_l: float = 0.0,
) -> SteadyStateResult:
    """Steady downstream concentrations from point and catchment (distributed) loads.

    Plug flow with first-order decay in each reach (dispersion neglected, valid for
    Péclet ≫ 1 at steady state); mass fluxes add at confluences and the concentration is
    flux / reach flow (so tributary flow dilutes).

    Parameters
    ----------
    network : RiverNetwork
    loads : sequence of Load
        Point loads (``distance_m`` given) and catchment loads spread along a reach
        (``distance_m=None``) [g/s].
    k : float or mapping, optional
        Decay [1/s] for all reaches or per reach id; default each reach's ``decay_1_s``.
    headwater_mg_l : float
        Concentration of the water entering headwater reaches [mg/L].

    Returns
    -------
    SteadyStateResult

    References
    ----------
    .. [1] Chapra (1997), lectures 5 and 21 (plug-flow reactor, loads along networks).
    """
    if not isinstance(network, RiverNetwork):
        raise ModelInputError("network", "must be a RiverNetwork")
    c_head = finite_scalar(headwater_mg_l, "headwater_mg_l", nonneg=True)
    by_reach: dict[str, list[Load]] = {rid: [] for rid in network.reaches}
    for i, ld in enumerate(loads):
        if not isinstance(ld, Load):
            raise ModelInputError(f"loads[{i}]", "must be a Load")
        r = network._check_id(ld.reach_id, f"loads[{i}].reach_id")
        finite_scalar(ld.rate_g_s, f"loads[{i}].rate_g_s", nonneg=True)
        if ld.distance_m is not None:
            network._check_position(r.id, ld.distance_m, f"loads[{i}]")
        by_reach[r.id].append(ld)
    kmap: dict[str, float] = {}
    for rid, r in network.reaches.items():
        if k is None:
            kmap[rid] = r.decay_1_s
        elif isinstance(k, Mapping):
            kmap[rid] = finite_scalar(k.get(rid, r.decay_1_s), f"k[{rid}]", nonneg=True)
        else:
            kmap[rid] = finite_scalar(k, "k", nonneg=True)
    f_in: dict[str, float] = {}
    f_out: dict[str, float] = {}
    for rid in network.order:
        r = network.reaches[rid]
        ups = network.upstream[rid]
        f_in[rid] = sum(f_out[u] for u in ups) if ups else c_head * r.flow
        f_out[rid] = _flux_at(r, r.length_m, f_in[rid], by_reach[rid], kmap[rid])
    c_in = {rid: f_in[rid] / network.reaches[rid].flow for rid in network.reaches}
    c_out = {rid: f_out[rid] / network.reaches[rid].flow for rid in network.reaches}
    return SteadyStateResult(network, f_in, f_out, c_in, c_out, by_reach, kmap)


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
