"""Atmospheric dispersion for emergencies: Gaussian plume and puff, threat zones.

Screening/emergency models of the kind ALOHA's passive-gas Gaussian module uses
(emergency.md §2–3): Pasquill–Gifford stability classes, Briggs (1973) σ curves,
the continuous-point-source plume and the instantaneous puff (both with ground
reflection), Briggs plume rise, and red/orange/yellow threat zones in WGS84 with the
wind-direction uncertainty wedge.

All functions are pure numpy (plus shapely/pyproj for the zone geometry). Every bad
input raises :class:`~decision_models.errors.ModelInputError` naming the parameter.

References
----------
.. [1] Turner, D. B. (1970). *Workbook of Atmospheric Dispersion Estimates*. US EPA AP-26.
.. [2] Briggs, G. A. (1973). *Diffusion estimation for small emissions*. ATDL-106, NOAA.
.. [3] Hanna, S. R., Briggs, G. A., Hosker, R. P. (1982). *Handbook on Atmospheric
   Diffusion*. DOE/TIC-11223.
.. [4] US EPA (1995). *User's Guide for the ISC3 Dispersion Models*, Vol. II (Briggs plume
   rise). EPA-454/B-95-003b.
.. [5] NOAA/EPA (2013). *ALOHA Technical Documentation* (Levels of Concern, threat zones,
   confidence lines). NOAA Technical Memorandum NOS OR&R 43.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike
from pyproj import Transformer
from shapely import make_valid
from shapely.geometry import LineString, Point, Polygon, mapping

from decision_models.errors import ModelInputError
from decision_models.units import mg_m3_to_ppm, ppm_to_mg_m3
from decision_models.validation import finite_array, finite_scalar

__all__ = [
    "STABILITY_CLASSES",
    "SUBSTANCES",
    "ModelWarning",
    "Release",
    "Substance",
    "ThreatZones",
    "Weather",
    "dose",
    "gaussian_plume",
    "gaussian_puff",
    "mg_m3_to_ppm",
    "plume_rise",
    "ppm_to_mg_m3",
    "sigmas",
    "stability_class",
    "threat_zones",
]

STABILITY_CLASSES = ("A", "B", "C", "D", "E", "F")
Terrain = Literal["rural", "urban"]
_G = 9.81  # gravitational acceleration [m/s²]

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


def _check_stability(stability: str, name: str = "stability") -> str:
    s = str(stability).strip().upper() if isinstance(stability, str) else stability
    if s not in STABILITY_CLASSES:
        raise ModelInputError(name, f"must be one of A–F, got {stability!r}")
    return s


def _check_terrain(terrain: str) -> str:
    if terrain not in ("rural", "urban"):
        raise ModelInputError("terrain", f"must be 'rural' or 'urban', got {terrain!r}")
    return terrain


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


# --------------------------------------------------------------------------------------
# Plume and puff
# --------------------------------------------------------------------------------------
def _vertical(z: np.ndarray, h: np.ndarray, sz: np.ndarray) -> np.ndarray:
    """Vertical term with ground reflection: exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)."""
    return np.exp(-((z - h) ** 2) / (2 * sz**2)) + np.exp(-((z + h) ** 2) / (2 * sz**2))


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


# --------------------------------------------------------------------------------------
# Substances and Levels of Concern (emergency.md §3)
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Substance:
    """A chemical with its molecular weight and emergency exposure levels.

    Attributes
    ----------
    key, name, name_zh, cas : str
        Identifier, English and Chinese names, CAS number.
    molecular_weight : float
        [g/mol].
    aegl_ppm : tuple of float
        AEGL-1, AEGL-2, AEGL-3 (60 min) [ppm].
    erpg_ppm : tuple of float
        ERPG-1, ERPG-2, ERPG-3 [ppm].
    confirmed : bool
        Whether the AEGL values were confirmed by two independent sources (emergency.md).
    """

    key: str
    name: str
    name_zh: str
    cas: str
    molecular_weight: float
    aegl_ppm: tuple[float, float, float]
    erpg_ppm: tuple[float, float, float]
    confirmed: bool = False
    exposure_s: float = 3600.0

    def levels_mg_m3(self, kind: Literal["AEGL", "ERPG"] = "AEGL") -> dict[str, float]:
        """Levels of Concern [mg/m³] keyed ``"<kind>-3"``, ``"-2"``, ``"-1"`` (red first)."""
        if kind not in ("AEGL", "ERPG"):
            raise ModelInputError("kind", f"must be 'AEGL' or 'ERPG', got {kind!r}")
        ppm = self.aegl_ppm if kind == "AEGL" else self.erpg_ppm
        return {
            f"{kind}-{i}": float(ppm_to_mg_m3(ppm[i - 1], self.molecular_weight)) for i in (3, 2, 1)
        }


#: Common substances (emergency.md §3 table; AEGL 60-min final values by US EPA, ERPG by
#: AIHA). Chlorine and ammonia AEGLs were confirmed by two independent sources; the others
#: are as remembered in emergency.md; methanol is not in emergency.md (values from the EPA
#: AEGL list as remembered). **Verify against the current EPA AEGL table and the AIHA ERPG
#: handbook before operational release.**
SUBSTANCES: dict[str, Substance] = {
    s.key: s
    for s in (
        Substance("chlorine", "Chlorine", "氯气", "7782-50-5", 70.90,
                  (0.50, 2.0, 20.0), (1.0, 3.0, 20.0), confirmed=True),
        Substance("ammonia", "Ammonia", "氨", "7664-41-7", 17.03,
                  (30.0, 160.0, 1100.0), (25.0, 150.0, 1500.0), confirmed=True),
        Substance("hydrogen_sulfide", "Hydrogen sulfide", "硫化氢", "7783-06-4", 34.08,
                  (0.51, 27.0, 50.0), (0.1, 30.0, 100.0)),
        Substance("sulfur_dioxide", "Sulfur dioxide", "二氧化硫", "7446-09-5", 64.07,
                  (0.20, 0.75, 30.0), (0.3, 3.0, 25.0)),
        Substance("hydrogen_chloride", "Hydrogen chloride", "氯化氢", "7647-01-0", 36.46,
                  (1.8, 22.0, 100.0), (3.0, 20.0, 150.0)),
        Substance("benzene", "Benzene", "苯", "71-43-2", 78.11,
                  (52.0, 800.0, 4000.0), (50.0, 150.0, 1000.0)),
        Substance("methanol", "Methanol", "甲醇", "67-56-1", 32.04,
                  (530.0, 2100.0, 7200.0), (200.0, 1000.0, 5000.0)),
    )
}  # fmt: skip


# --------------------------------------------------------------------------------------
# Threat zones
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Release:
    """A release of a gas at a point.

    Attributes
    ----------
    lon, lat : float
        Release location [degrees, WGS84].
    rate_g_s : float, optional
        Continuous emission rate [g/s] (give this or ``mass_g``).
    mass_g : float, optional
        Instantaneous released mass [g].
    height_m : float
        Effective release height [m].
    duration_s : float, optional
        Duration of a continuous release [s]; None = lasts beyond the exposure window.
    substance : str, optional
        Key of :data:`SUBSTANCES` (gives default thresholds and molecular weight).
    molecular_weight : float, optional
        [g/mol]; defaults to the substance's.
    """

    lon: float
    lat: float
    rate_g_s: float | None = None
    mass_g: float | None = None
    height_m: float = 0.0
    duration_s: float | None = None
    substance: str | None = None
    molecular_weight: float | None = None

    def __post_init__(self) -> None:
        lon = finite_scalar(self.lon, "lon")
        lat = finite_scalar(self.lat, "lat")
        if not -180 <= lon <= 180:
            raise ModelInputError("lon", f"must be in [-180, 180], got {lon}")
        if not -80 <= lat <= 84:
            raise ModelInputError("lat", f"must be in [-80, 84], got {lat}")
        if (self.rate_g_s is None) == (self.mass_g is None):
            raise ModelInputError("rate_g_s", "give exactly one of rate_g_s or mass_g")
        if self.rate_g_s is not None:
            finite_scalar(self.rate_g_s, "rate_g_s", positive=True)
        if self.mass_g is not None:
            finite_scalar(self.mass_g, "mass_g", positive=True)
        finite_scalar(self.height_m, "height_m", nonneg=True)
        if self.duration_s is not None:
            finite_scalar(self.duration_s, "duration_s", positive=True)
        if self.substance is not None and self.substance not in SUBSTANCES:
            raise ModelInputError(
                "substance", f"unknown {self.substance!r}; known: {sorted(SUBSTANCES)}"
            )
        if self.molecular_weight is not None:
            finite_scalar(self.molecular_weight, "molecular_weight", positive=True)

    @property
    def instantaneous(self) -> bool:
        return self.mass_g is not None

    @property
    def mw(self) -> float | None:
        if self.molecular_weight is not None:
            return float(self.molecular_weight)
        if self.substance is not None:
            return SUBSTANCES[self.substance].molecular_weight
        return None


@dataclass(frozen=True)
class Weather:
    """Weather for a dispersion run.

    Attributes
    ----------
    wind_speed_m_s : float
        Wind speed [m/s], > 0.
    wind_from_deg : float
        Meteorological wind direction: where the wind blows FROM [degrees clockwise from
        north]; the plume travels towards ``wind_from_deg + 180``.
    stability : str, optional
        Pasquill–Gifford class; if None it is derived by :func:`stability_class` from
        ``daytime``, ``insolation`` and ``cloud_cover``.
    daytime, insolation, cloud_cover
        Inputs of :func:`stability_class`.
    terrain : {"rural", "urban"}
        Briggs curve set.
    direction_uncertainty_deg : float, optional
        Half-angle of the wind-direction uncertainty wedge [degrees]; None = derived from
        the wind speed (see :func:`threat_zones`).
    """

    wind_speed_m_s: float
    wind_from_deg: float
    stability: str | None = None
    daytime: bool | None = None
    insolation: str | None = None
    cloud_cover: float | None = None
    terrain: Terrain = "rural"
    direction_uncertainty_deg: float | None = None

    def __post_init__(self) -> None:
        finite_scalar(self.wind_speed_m_s, "wind_speed_m_s", positive=True)
        finite_scalar(self.wind_from_deg, "wind_from_deg")
        _check_terrain(self.terrain)
        if self.stability is not None:
            _check_stability(self.stability)
        elif self.daytime is None:
            raise ModelInputError("stability", "give a class A–F or daytime/insolation/cloud")
        else:
            self.resolved_stability()
        if self.direction_uncertainty_deg is not None:
            a = finite_scalar(
                self.direction_uncertainty_deg, "direction_uncertainty_deg", nonneg=True
            )
            if a > 180:
                raise ModelInputError("direction_uncertainty_deg", f"must be ≤ 180, got {a}")

    def resolved_stability(self) -> str:
        """The Pasquill–Gifford class, given or derived."""
        if self.stability is not None:
            return _check_stability(self.stability)
        return stability_class(
            self.wind_speed_m_s,
            daytime=bool(self.daytime),
            insolation=self.insolation,
            cloud_cover=self.cloud_cover,
        )


@dataclass(frozen=True)
class ModelWarning:
    """A regime where the model is unreliable; ``code`` is stable, ``message`` is English."""

    code: str
    message: str


_LEVEL_COLOURS = ("red", "orange", "yellow")


@dataclass(frozen=True)
class ThreatZones:
    """Result of :func:`threat_zones`.

    Attributes
    ----------
    polygons : dict
        Level → shapely Polygon in WGS84 lon/lat (empty if never exceeded).
    thresholds_mg_m3 : dict
        Level → threshold [mg/m³], ordered most severe (highest) first.
    colours : dict
        Level → "red" / "orange" / "yellow" (then "grey").
    max_distance_m : dict
        Level → furthest downwind distance where the threshold is exceeded [m] (0 if never).
    wedge : Polygon
        Wind-direction uncertainty area (lon/lat) around the outermost zone.
    confidence_lines : tuple of LineString
        The wedge's two bounding rays (lon/lat); empty when the wedge is a full circle.
    warnings : tuple of ModelWarning
        Regimes in which the result is unreliable.
    field : xarray.DataArray or None
        Concentration [mg/m³] on a local azimuthal-equidistant grid (``east_m``,
        ``north_m`` from the source), with the proj string in ``attrs["crs"]``.
    stability : str
        Stability class used.
    """

    polygons: dict[str, Polygon]
    thresholds_mg_m3: dict[str, float]
    colours: dict[str, str]
    max_distance_m: dict[str, float]
    wedge: Polygon
    confidence_lines: tuple[LineString, ...]
    warnings: tuple[ModelWarning, ...]
    field: xr.DataArray | None
    stability: str
    release: Release
    weather: Weather
    meta: dict[str, Any] = field(default_factory=dict)

    def to_geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection (lon/lat): zones (outermost first), wedge, lines, source.

        Warnings are carried in the collection's ``"warnings"`` member.
        """
        feats: list[dict[str, Any]] = []
        for level in reversed(list(self.thresholds_mg_m3)):
            poly = self.polygons[level]
            if poly.is_empty:
                continue
            props = {
                "kind": "zone",
                "level": level,
                "colour": self.colours[level],
                "threshold_mg_m3": self.thresholds_mg_m3[level],
                "max_distance_m": self.max_distance_m[level],
            }
            if self.release.mw is not None:
                props["threshold_ppm"] = float(
                    mg_m3_to_ppm(self.thresholds_mg_m3[level], self.release.mw)
                )
            feats.append({"type": "Feature", "geometry": mapping(poly), "properties": props})
        if not self.wedge.is_empty:
            feats.append(
                {
                    "type": "Feature",
                    "geometry": mapping(self.wedge),
                    "properties": {"kind": "wedge"},
                }
            )
        for i, line in enumerate(self.confidence_lines):
            feats.append(
                {
                    "type": "Feature",
                    "geometry": mapping(line),
                    "properties": {"kind": "confidence_line", "side": ("left", "right")[i]},
                }
            )
        feats.append(
            {
                "type": "Feature",
                "geometry": mapping(Point(self.release.lon, self.release.lat)),
                "properties": {
                    "kind": "source",
                    "substance": self.release.substance,
                    "stability": self.stability,
                },
            }
        )
        return {
            "type": "FeatureCollection",
            "features": feats,
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
        }


@lru_cache(maxsize=64)
def _local_transformer(lon: float, lat: float) -> tuple[Transformer, str]:
    proj = (
        f"+proj=aeqd +lat_0={lat:.8f} +lon_0={lon:.8f} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
    )
    return Transformer.from_crs(proj, "EPSG:4326", always_xy=True), proj


def _default_uncertainty_deg(u: float) -> float:
    """Half-angle [deg] of the wind-direction wedge: ≈ 1.96 σθ with σθ = 40°/u in [10°, 90°].

    A heuristic standing in for ALOHA's (unpublished here) rule: the wedge widens as the
    wind weakens and becomes a full circle below ≈ 0.45 m/s.
    """
    sigma_theta = min(max(40.0 / u, 10.0), 90.0)
    return min(1.96 * sigma_theta, 180.0)


def _zone_profile(
    release: Release,
    u: float,
    stability: str,
    terrain: str,
    x: np.ndarray,
    z: float,
    averaging: str,
    exposure_s: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Centreline concentration C(x, 0, z) [mg/m³] and σy(x) [m]; C(x,y) = C·exp(−y²/2σy²)."""
    sy, sz = sigmas(x, stability, terrain)
    h = release.height_m
    vert = _vertical(z, h, sz)
    if release.instantaneous:
        m = float(release.mass_g)
        if averaging == "peak":  # puff centre passing the receptor, σx = σy
            c = m / ((2 * np.pi) ** 1.5 * sy * sy * sz) * vert
        else:  # dose over the exposure window
            c = m / (2 * np.pi * u * sy * sz) * vert / exposure_s
    else:
        c = float(release.rate_g_s) / (2 * np.pi * u * sy * sz) * vert
        if averaging == "exposure" and release.duration_s is not None:
            c = c * min(1.0, release.duration_s / exposure_s)
    return c * 1000.0, sy  # g/m³ → mg/m³


def threat_zones(
    release: Release,
    weather: Weather,
    thresholds: Mapping[str, float] | None = None,
    grid: int | None = 200,
    *,
    averaging: Literal["peak", "exposure"] = "peak",
    exposure_s: float | None = None,
    receptor_height_m: float = 0.0,
    max_distance_m: float = 50_000.0,
) -> ThreatZones:
    """Red/orange/yellow threat zones of a gas release, in WGS84, ALOHA-style.

    The ground-level field of both the plume and the puff is separable,
    ``C(x, y) = C(x, 0)·exp(−y²/2σy(x)²)``, so each zone boundary is traced exactly:
    the half-width is ``σy·√(2 ln(C(x,0)/threshold))`` along a fine downwind sampling.
    Zones are built in local azimuthal-equidistant metres centred on the release and
    projected to lon/lat with pyproj.

    Parameters
    ----------
    release : Release
        Location, amount (rate or mass), height, substance.
    weather : Weather
        Wind speed and direction (from), stability (or inputs), terrain.
    thresholds : mapping, optional
        Level name → concentration [mg/m³]. Default: the substance's AEGL-3/2/1.
        Levels are ordered from the highest threshold (red) down.
    grid : int or None
        Cells per side of the concentration field returned in ``field`` (None: none).
        The square grid spans 1.1 × the outermost zone's reach.
    averaging : {"peak", "exposure"}
        Compare thresholds with the peak concentration (default) or with the mean over
        the exposure window (``dose/exposure_s`` for a puff; the plume scaled by
        ``min(1, duration/exposure_s)`` for a finite continuous release).
    exposure_s : float, optional
        Exposure window [s]; default the substance's (60 min AEGL), else 3600 s.
    receptor_height_m : float
        Receptor height [m] (ALOHA uses ground level).
    max_distance_m : float
        Furthest distance evaluated [m].

    Returns
    -------
    ThreatZones
        Polygons, maximum distances, wedge, confidence lines, warnings and field.

    Notes
    -----
    Warnings (codes): ``low_wind`` (u < 1 m/s), ``very_stable`` (class F or E at night),
    ``near_source`` (a zone ends within 100 m: the Gaussian model is not valid there),
    ``beyond_10km`` (Briggs σ extrapolated), ``dense_gas`` (molecular weight > 29 g/mol:
    a heavy-gas model may be needed). The wedge half-angle is ``direction_uncertainty_deg``
    or 1.96·σθ with σθ = 40°/u clipped to [10°, 90°] (a heuristic, not ALOHA's exact rule),
    widened by the zone's own angular half-width; a full circle when ≥ 180°.

    References
    ----------
    .. [1] NOAA/EPA (2013). *ALOHA Technical Documentation*, §4 (threat zones, confidence
       lines, Levels of Concern).
    .. [2] Turner (1970), AP-26; Briggs (1973), ATDL-106.
    """
    if not isinstance(release, Release):
        raise ModelInputError("release", "must be a Release")
    if not isinstance(weather, Weather):
        raise ModelInputError("weather", "must be a Weather")
    if averaging not in ("peak", "exposure"):
        raise ModelInputError("averaging", f"must be 'peak' or 'exposure', got {averaging!r}")
    substance = SUBSTANCES.get(release.substance) if release.substance else None
    if thresholds is None:
        if substance is None:
            raise ModelInputError("thresholds", "required when the release has no substance")
        thresholds = substance.levels_mg_m3("AEGL")
    if not isinstance(thresholds, Mapping) or not thresholds:
        raise ModelInputError("thresholds", "must be a non-empty mapping level → mg/m³")
    thr: dict[str, float] = {}
    for level, value in thresholds.items():
        thr[str(level)] = finite_scalar(value, f"thresholds[{level}]", positive=True)
    thr = dict(sorted(thr.items(), key=lambda kv: -kv[1]))
    if exposure_s is None:
        exposure_s = substance.exposure_s if substance else 3600.0
    exposure_s = finite_scalar(exposure_s, "exposure_s", positive=True)
    z = finite_scalar(receptor_height_m, "receptor_height_m", nonneg=True)
    xmax = finite_scalar(max_distance_m, "max_distance_m", positive=True)
    if grid is not None and (not isinstance(grid, int | np.integer) or grid < 2):
        raise ModelInputError("grid", f"must be an int ≥ 2 or None, got {grid!r}")

    u = float(weather.wind_speed_m_s)
    stab = weather.resolved_stability()
    terrain = weather.terrain

    # 1. Downwind profile on a fine log grid.
    xs = np.geomspace(1.0, max(xmax, 2.0), 4000)
    c_cl, _ = _zone_profile(release, u, stab, terrain, xs, z, averaging, exposure_s)
    log_c = np.log(np.maximum(c_cl, 1e-300))

    # Local frame: x downwind, y to the left of the wind; rotate to east/north.
    to = math.radians(weather.wind_from_deg + 180.0)
    sin_t, cos_t = math.sin(to), math.cos(to)
    transformer, proj = _local_transformer(round(release.lon, 8), round(release.lat, 8))

    def to_lonlat(xl: np.ndarray, yl: np.ndarray) -> np.ndarray:
        east = xl * sin_t - yl * cos_t
        north = xl * cos_t + yl * sin_t
        lon, lat = transformer.transform(east, north)
        return np.column_stack([lon, lat])

    polygons: dict[str, Polygon] = {}
    reach: dict[str, float] = {}
    local_polys: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for level, value in thr.items():
        lv = math.log(value)
        above = np.nonzero(log_c >= lv)[0]
        if above.size == 0:
            polygons[level] = Polygon()
            reach[level] = 0.0
            continue
        i0, i1 = int(above[0]), int(above[-1])

        def crossing(i_in: int, i_out: int, lv: float = lv) -> float:
            a, b = log_c[i_in], log_c[i_out]
            f = (a - lv) / (a - b) if a != b else 0.0
            return float(np.exp(np.log(xs[i_in]) + f * (np.log(xs[i_out]) - np.log(xs[i_in]))))

        x0 = crossing(i0, i0 - 1) if i0 > 0 else float(xs[0])
        x1 = crossing(i1, i1 + 1) if i1 < xs.size - 1 else float(xs[-1])
        xp = np.geomspace(x0, x1, 256) if x1 > x0 else np.array([x0, x0 * 1.001])
        cp, syp = _zone_profile(release, u, stab, terrain, xp, z, averaging, exposure_s)
        w = syp * np.sqrt(2.0 * np.maximum(np.log(np.maximum(cp, 1e-300)) - lv, 0.0))
        w[0] = w[-1] = 0.0
        xl = np.concatenate([xp, xp[::-1]])
        yl = np.concatenate([w, -w[::-1]])
        local_polys[level] = (xl, yl)
        poly = Polygon(to_lonlat(xl, yl))
        if not poly.is_valid:
            poly = make_valid(poly)
        polygons[level] = poly
        reach[level] = x1

    # 2. Wedge around the outermost (lowest-threshold) zone.
    outer = list(thr)[-1]
    r_max = reach[outer]
    lines: tuple[LineString, ...] = ()
    if r_max <= 0:
        wedge = Polygon()
    else:
        xl, yl = local_polys[outer]
        spread = float(np.max(np.abs(np.degrees(np.arctan2(yl, np.maximum(xl, 1e-9))))))
        base = (
            weather.direction_uncertainty_deg
            if weather.direction_uncertainty_deg is not None
            else _default_uncertainty_deg(u)
        )
        half = min(base + spread, 180.0)
        ang = np.radians(np.linspace(-half, half, 181))
        ax = r_max * np.cos(ang)
        ay = r_max * np.sin(ang)
        if half >= 180.0:
            wedge = Polygon(to_lonlat(ax[:-1], ay[:-1]))
        else:
            wx = np.concatenate([[0.0], ax])
            wy = np.concatenate([[0.0], ay])
            wedge = Polygon(to_lonlat(wx, wy))
            ends = to_lonlat(np.array([0.0, ax[-1], ax[0]]), np.array([0.0, ay[-1], ay[0]]))
            lines = (LineString([ends[0], ends[1]]), LineString([ends[0], ends[2]]))

    # 3. Warnings.
    warns: list[ModelWarning] = []
    if u < 1.0:
        warns.append(
            ModelWarning("low_wind", f"wind {u:.2f} m/s < 1 m/s: Gaussian model unreliable")
        )
    night = weather.daytime is False
    if stab == "F" or (stab == "E" and night):
        warns.append(
            ModelWarning(
                "very_stable",
                f"very stable air (class {stab}): plume meander and terrain channelling "
                "make the Gaussian result uncertain",
            )
        )
    exceeded = [lv for lv in thr if reach[lv] > 0]
    if any(reach[lv] < 100.0 for lv in exceeded):
        warns.append(
            ModelWarning(
                "near_source",
                "a zone ends within 100 m of the source, where the Gaussian model is not valid",
            )
        )
    if r_max > 10_000.0:
        warns.append(
            ModelWarning("beyond_10km", "zones beyond 10 km: Briggs σ extrapolated, low confidence")
        )
    mw = release.mw
    if mw is not None and mw > 29.0:
        warns.append(
            ModelWarning(
                "dense_gas",
                f"molecular weight {mw:g} g/mol > air (29): near the source a heavy-gas model "
                "may be needed",
            )
        )

    # 4. Concentration field on a square local grid.
    fld = None
    if grid is not None:
        half_w = 1.1 * max(r_max, 100.0)
        coords = np.linspace(-half_w, half_w, int(grid))
        east = coords[np.newaxis, :]
        north = coords[:, np.newaxis]
        xd = east * sin_t + north * cos_t
        yc = -east * cos_t + north * sin_t
        down = xd > 0
        # C(x, 0) and σy(x) are smooth in x: tabulate them on a fine log grid and
        # interpolate in log–log space (rel. error < 1e-5), then apply the crosswind term.
        xg = np.geomspace(1.0, half_w * 1.5, 2048)
        cg, syg = _zone_profile(release, u, stab, terrain, xg, z, averaging, exposure_s)
        lxg = np.log(xg)
        lx = np.log(np.maximum(xd[down], 1.0))
        with np.errstate(divide="ignore"):
            lcg = np.log(cg)
        log_c = np.interp(lx, lxg, lcg)
        half_inv_var = 0.5 * np.exp(np.interp(lx, lxg, -2.0 * np.log(syg)))  # 1/(2σy²)
        values = np.zeros(xd.shape)
        with np.errstate(under="ignore"):
            values[down] = np.exp(log_c - yc[down] ** 2 * half_inv_var)
        fld = xr.DataArray(
            values,
            dims=("north_m", "east_m"),
            coords={"north_m": coords, "east_m": coords},
            name="concentration",
            attrs={"units": "mg/m3", "crs": proj, "averaging": averaging},
        )

    colours = {
        lv: (_LEVEL_COLOURS[i] if i < len(_LEVEL_COLOURS) else "grey") for i, lv in enumerate(thr)
    }
    return ThreatZones(
        polygons=polygons,
        thresholds_mg_m3=thr,
        colours=colours,
        max_distance_m=reach,
        wedge=wedge,
        confidence_lines=lines,
        warnings=tuple(warns),
        field=fld,
        stability=stab,
        release=release,
        weather=weather,
        meta={"exposure_s": exposure_s, "averaging": averaging, "crs_local": proj},
    )
