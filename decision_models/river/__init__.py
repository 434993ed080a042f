"""River and lake water-quality physics for emergencies and scenarios.

* Longitudinal dispersion coefficients (Fischer, Elder, Seo & Cheong).
* 1-D advection–dispersion–decay spills: instantaneous (slug) and continuous, analytical.
* Spill routing along a river network with confluence dilution, giving for each target
  (section, drinking-water intake) the leading-edge arrival, the peak and the duration
  above a threshold.
* Streeter–Phelps dissolved-oxygen sag.
* Steady-state loads along a network (plug flow with first-order decay) and a
  Vollenweider-type lake total-phosphorus balance (which can feed the lake TLI(TP)).

Modules
-------
:mod:`~decision_models.river.coefficients`
    :func:`shear_velocity`, :func:`fischer_dispersion`, :func:`elder_dispersion`,
    :func:`seo_cheong_dispersion`.
:mod:`~decision_models.river.spill`
    :func:`instantaneous_spill`, :func:`instantaneous_peak`, :func:`continuous_spill`.
:mod:`~decision_models.river.network`
    :class:`Reach`, :class:`Target`, :class:`RiverNetwork`,
    :func:`network_from_geodataframe`.
:mod:`~decision_models.river.spill_routing`
    :func:`spill_along_network` and its :class:`SpillImpact`.
:mod:`~decision_models.river.oxygen`
    :func:`streeter_phelps`, :func:`streeter_phelps_critical`.
:mod:`~decision_models.river.loads`
    :func:`steady_state_load`, :class:`Load`, :class:`SteadyStateResult`.
:mod:`~decision_models.river.lake`
    :func:`lake_tp_response` and its :class:`LakeTPResult`.

Everything public is re-exported here: ``from decision_models import river;
river.spill_along_network(...)``.

Pure numpy/scipy. Every bad input raises
:class:`~decision_models.errors.ModelInputError` naming the parameter.

The references are listed in each module's docstring, next to the model they support.
"""

from __future__ import annotations

from decision_models.river.coefficients import (
    elder_dispersion,
    fischer_dispersion,
    seo_cheong_dispersion,
    shear_velocity,
)
from decision_models.river.lake import LakeTPResult, lake_tp_response
from decision_models.river.loads import Load, SteadyStateResult, steady_state_load
from decision_models.river.network import Reach, RiverNetwork, Target, network_from_geodataframe
from decision_models.river.oxygen import streeter_phelps, streeter_phelps_critical
from decision_models.river.spill import continuous_spill, instantaneous_peak, instantaneous_spill
from decision_models.river.spill_routing import SpillImpact, spill_along_network

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
