"""Grade of a sudden environmental event (国家突发环境事件应急预案, 2014, 附件1).

An event takes the highest tier for which any one criterion is met; an event meeting
none of the higher criteria is 一般 (catch-all: "对环境造成一定影响，尚未达到较大突发环境事件
级别的"). Thresholds live in :mod:`decision_models.standards_tables.event_grading`.

References
----------
.. [1] 国务院办公厅, 国家突发环境事件应急预案, 国办函〔2014〕119号, 附件1.
.. [2] ../shared/reference/emergency.md §1.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from decision_models.errors import ModelInputError
from decision_models.standards_tables import event_grading as eg

__all__ = ["REASON_EN", "Criterion", "EventGradeResult", "grade"]

#: Every criterion code → its English text (a ``str.format`` pattern of its ``params``),
#: the text of the API and the logs. Pages render a code from the UI text catalogue
#: (``grade.reason.<code>``, Chinese first); a code used by :func:`grade` must be here.
REASON_EN: dict[str, str] = {
    **{f"{name}.{op}": f"{name} = {{value:g}} {sign} {{threshold:g}}"
       for name in eg.NUMERIC for op, sign in (("at_least", "≥"), ("below", "<"))},
    **{f"water_source.{k}": f"drinking-water source intake interrupted ({k})"
       for k in eg.WATER_SOURCE},
    **{f"cross_boundary.{k}": f"cross-boundary impact ({k})" for k in eg.CROSS_BOUNDARY},
    **{f"ecology.{k}": f"ecology: {k}" for k in eg.ECOLOGY},
    **{f"radiation.{k}": f"radiation: {k}" for k in eg.RADIATION},
    "radiation_deaths.at_least": "radiation acute deaths = {value:g} ≥ {threshold:g}",
    "radiation_deaths.below": "radiation acute deaths = {value:g} < {threshold:g}",
    "radiation_sickness.at_least":
        "acute severe radiation sickness = {value:g} ≥ {threshold:g}",
    "radiation_sickness.below": "acute severe radiation sickness = {value:g} < {threshold:g}",
    "catch_all": "catch-all: some environmental impact below 较大",
}
#: The section of 附件1 that lists the criteria of each tier: (一) 特别重大 … (四) 一般.
SECTIONS = ("（一）", "（二）", "（三）", "（四）")
SOURCE = "国办函〔2014〕119号 附件1"


@dataclass(frozen=True)
class Criterion:
    """One criterion met: a code of :data:`REASON_EN`, its parameters and its source.

    Attributes
    ----------
    code : str
        Key of :data:`REASON_EN` (and of ``grade.reason.<code>`` in the UI catalogue).
    tier : int
        1 (特别重大) … 4 (一般).
    params : dict
        The numbers of the text: ``value`` and ``threshold`` [persons or CNY] for the
        numeric criteria; empty otherwise.
    source : str
        The plan and section that lists the criterion, e.g. "国办函〔2014〕119号 附件1（二）".
    """

    code: str
    tier: int
    params: dict[str, float] = field(default_factory=dict)
    source: str = ""

    @property
    def text(self) -> str:
        """The English text (API, logs)."""
        return REASON_EN[self.code].format(**self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "tier": self.tier, "params": dict(self.params),
                "source": self.source, "text": self.text}


def _met(code: str, tier: int, **params: float) -> Criterion:
    if code not in REASON_EN:  # a programming error: every code has its texts
        raise KeyError(f"criterion code {code!r} is not in REASON_EN")
    return Criterion(code, tier, params, f"{SOURCE}{SECTIONS[tier - 1]}")


@dataclass(frozen=True)
class EventGradeResult:
    """Result of :func:`grade`.

    Attributes
    ----------
    level : str
        特别重大 | 重大 | 较大 | 一般.
    level_index : int
        1 (特别重大, I级) … 4 (一般, IV级).
    response : str
        Emergency response level Ⅰ级 … Ⅳ级.
    reasons : list of str
        The criteria that reach ``level`` (the highest tier met), in English.
    all_criteria : list of (int, str)
        Every criterion met, with its tier.
    criteria : list of Criterion
        The criteria of ``reasons``, structured (code, parameters, source), for texts in
        the page language.
    """

    level: str
    level_index: int
    response: str
    reasons: list[str]
    all_criteria: list[tuple[int, str]] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)


def _count(name: str, value: Any, integer: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ModelInputError(name, f"not a number: {value!r}")
    v = float(value)
    if math.isnan(v) or math.isinf(v):
        raise ModelInputError(name, f"not a finite number: {value!r}")
    if v < 0:
        raise ModelInputError(name, f"negative value {value!r}")
    if integer and v != int(v):
        raise ModelInputError(name, f"a count of people must be an integer, got {value!r}")
    return v


def _keywords(name: str, value: str | Iterable[str] | None, table: dict[str, int]) -> list[str]:
    if value is None:
        return []
    values = [value] if isinstance(value, str) else list(value)
    for v in values:
        if v not in table:
            raise ModelInputError(name, f"unknown criterion {v!r}; use one of {', '.join(table)}")
    return values


def grade(
    deaths: int = 0,
    poisoned: int = 0,
    evacuated: int = 0,
    economic_loss_cny: float = 0,
    water_source_interrupted: str | None = None,
    cross_boundary: str | None = None,
    ecology: str | Iterable[str] | None = None,
    radiation: str | Iterable[str] | None = None,
    radiation_acute_deaths: int = 0,
    radiation_sickness: int = 0,
) -> EventGradeResult:
    """Grade a sudden environmental event.

    Parameters
    ----------
    deaths : int
        People killed directly by the pollution [persons].
    poisoned : int
        People poisoned or seriously injured (中毒或重伤) [persons].
    evacuated : int
        People evacuated or relocated (疏散、转移) [persons].
    economic_loss_cny : float
        Direct economic loss [CNY].
    water_source_interrupted : {"city", "county", "township"}, optional
        Intake of a centralised drinking-water source interrupted, for a city at or above
        prefecture level (设区的市), a county-level city, or a township.
    cross_boundary : {"national", "province", "city", "county"}, optional
        Major trans-national impact; cross-province; cross-prefecture-city;
        cross-county dispute with general group impact.
    ecology : str or iterable of str, optional
        "function_lost", "key_species_extinct" (特别重大); "function_partly_lost",
        "key_species_mass_death" (重大); "key_species_damaged" (较大).
    radiation : str or iterable of str, optional
        "source_I_II_out_of_control_large_contamination", "leak_large_contamination"
        (特别重大); "source_I_II_lost", "leak_wider_contamination" (重大);
        "source_III_lost", "leak_small_contamination" (较大); "source_IV_V_lost",
        "dose_limit_exceeded", "plant_contamination", "uranium_discharge_over_limit"
        (一般).
    radiation_acute_deaths : int
        Acute radiation deaths [persons]: ≥ 3 → 特别重大, 1–2 → 重大.
    radiation_sickness : int
        Acute severe radiation sickness or local organ disability [persons]:
        ≥ 10 → 重大, 1–9 → 较大.

    Returns
    -------
    EventGradeResult

    Raises
    ------
    ModelInputError
        Negative, NaN or fractional counts, unknown keywords.

    References
    ----------
    .. [1] 国办函〔2014〕119号 附件1; emergency.md §1 ("以上"含本数, "以下"不含本数).
    """
    met: list[Criterion] = []
    numbers = {
        "deaths": _count("deaths", deaths, True),
        "poisoned": _count("poisoned", poisoned, True),
        "evacuated": _count("evacuated", evacuated, True),
        "economic_loss_cny": _count("economic_loss_cny", economic_loss_cny, False),
    }
    for name, v in numbers.items():
        thresholds = eg.NUMERIC[name]
        tier = next((t for t, lim in enumerate(thresholds, start=1) if v >= lim), None)
        if tier is not None:
            met.append(_met(f"{name}.at_least", tier, value=v, threshold=thresholds[tier - 1]))
        elif v > 0:
            met.append(_met(f"{name}.below", 4, value=v, threshold=thresholds[-1]))
    if water_source_interrupted is not None:
        if water_source_interrupted not in eg.WATER_SOURCE:
            raise ModelInputError(
                "water_source_interrupted",
                f"unknown value {water_source_interrupted!r}; use city, county or township",
            )
        met.append(_met(f"water_source.{water_source_interrupted}",
                        eg.WATER_SOURCE[water_source_interrupted]))
    if cross_boundary is not None:
        if cross_boundary not in eg.CROSS_BOUNDARY:
            raise ModelInputError(
                "cross_boundary",
                f"unknown value {cross_boundary!r}; use national, province, city or county",
            )
        met.append(_met(f"cross_boundary.{cross_boundary}", eg.CROSS_BOUNDARY[cross_boundary]))
    for kw in _keywords("ecology", ecology, eg.ECOLOGY):
        met.append(_met(f"ecology.{kw}", eg.ECOLOGY[kw]))
    for kw in _keywords("radiation", radiation, eg.RADIATION):
        met.append(_met(f"radiation.{kw}", eg.RADIATION[kw]))
    rd = _count("radiation_acute_deaths", radiation_acute_deaths, True)
    if rd >= eg.RADIATION_DEATHS_TIER1:
        met.append(_met("radiation_deaths.at_least", 1, value=rd,
                        threshold=eg.RADIATION_DEATHS_TIER1))
    elif rd > 0:
        met.append(_met("radiation_deaths.below", 2, value=rd,
                        threshold=eg.RADIATION_DEATHS_TIER1))
    rs = _count("radiation_sickness", radiation_sickness, True)
    if rs >= eg.RADIATION_SICKNESS_TIER2:
        met.append(_met("radiation_sickness.at_least", 2, value=rs,
                        threshold=eg.RADIATION_SICKNESS_TIER2))
    elif rs > 0:
        met.append(_met("radiation_sickness.below", 3, value=rs,
                        threshold=eg.RADIATION_SICKNESS_TIER2))

    if not met:
        met.append(_met("catch_all", 4))
    tier = min(c.tier for c in met)
    deciding = [c for c in met if c.tier == tier]
    return EventGradeResult(
        level=eg.LEVELS[tier - 1],
        level_index=tier,
        response=eg.RESPONSE[tier - 1],
        reasons=[c.text for c in deciding],
        all_criteria=sorted((c.tier, c.text) for c in met),
        criteria=deciding,
    )
