"""Inputs of a threat-zone run: the gas :class:`Release` and the :class:`Weather`.

Both validate on construction (raising
:class:`~decision_models.errors.ModelInputError` naming the field); the weather resolves
its Pasquill–Gifford class with :func:`~decision_models.dispersion.stability_class` when
none is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision_models.dispersion._common import Terrain, _check_stability, _check_terrain
from decision_models.dispersion.stability import stability_class
from decision_models.dispersion.substances import SUBSTANCES
from decision_models.errors import ModelInputError
from decision_models.validation import finite_scalar

__all__ = ["Release", "Weather"]


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
