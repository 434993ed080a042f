"""Atmospheric dispersion for emergencies: Gaussian plume and puff, threat zones.

Screening/emergency models of the kind ALOHA's passive-gas Gaussian module uses
(emergency.md §2–3): Pasquill–Gifford stability classes, Briggs (1973) σ curves,
the continuous-point-source plume and the instantaneous puff (both with ground
reflection), Briggs plume rise, and red/orange/yellow threat zones in WGS84 with the
wind-direction uncertainty wedge.

All functions are pure numpy (plus shapely/pyproj for the zone geometry). Every bad
input raises :class:`~decision_models.errors.ModelInputError` naming the parameter.

Modules
-------
:mod:`~decision_models.dispersion.stability`
    Pasquill–Gifford classes (:func:`stability_class`) and Briggs σ (:func:`sigmas`).
:mod:`~decision_models.dispersion.plume`
    :func:`gaussian_plume`, :func:`gaussian_puff`, :func:`dose`, :func:`plume_rise`.
:mod:`~decision_models.dispersion.substances`
    :class:`Substance` and the :data:`SUBSTANCES` table (AEGL/ERPG).
:mod:`~decision_models.dispersion.scenario`
    The inputs of a run: :class:`Release` and :class:`Weather`.
:mod:`~decision_models.dispersion.zones`
    :func:`threat_zones`, its result :class:`ThreatZones` and :class:`ModelWarning`.

Everything public is re-exported here: ``from decision_models.dispersion import
threat_zones, Release, Weather``.

The references are listed in each module's docstring, next to the model they support.
"""

from __future__ import annotations

from decision_models.dispersion.plume import dose, gaussian_plume, gaussian_puff, plume_rise
from decision_models.dispersion.scenario import Release, Weather
from decision_models.dispersion.stability import STABILITY_CLASSES, sigmas, stability_class
from decision_models.dispersion.substances import SUBSTANCES, Substance
from decision_models.dispersion.zones import ModelWarning, ThreatZones, threat_zones
from decision_models.units import mg_m3_to_ppm, ppm_to_mg_m3

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
