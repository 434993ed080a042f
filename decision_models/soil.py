"""Soil pollution risk: farmland (GB 15618—2018) and construction land (GB 36600—2018).

All values live in :mod:`decision_models.standards_tables.soil_tables`.

References
----------
.. [1] GB 15618—2018 土壤环境质量 农用地土壤污染风险管控标准（试行）, Tables 1 and 3, §5.
.. [2] GB 36600—2018 土壤环境质量 建设用地土壤污染风险管控标准（试行）, Table 1, §5.3.
.. [3] ../shared/reference/soil.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from decision_models.errors import ModelInputError
from decision_models.standards_tables import soil_tables as tables
from decision_models.validation import plain_number

__all__ = [
    "CONSTRUCTION_ITEMS",
    "CONSTRUCTION_STATUS_COLORS",
    "FARMLAND_CATEGORY_COLORS",
    "FARMLAND_ITEMS",
    "ConstructionItemRisk",
    "ConstructionLandResult",
    "SoilItemRisk",
    "SoilRiskResult",
    "construction_land",
    "farmland",
    "ph_band",
]

FARMLAND_ITEMS: tuple[str, ...] = ("Cd", "Hg", "As", "Pb", "Cr", "Cu", "Ni", "Zn")
CONSTRUCTION_ITEMS: tuple[str, ...] = tuple(tables.CONSTRUCTION)
FARMLAND_CATEGORY_COLORS = tables.FARMLAND_CATEGORY_COLORS
CONSTRUCTION_STATUS_COLORS = tables.CONSTRUCTION_STATUS_COLORS

LandUse = Literal["paddy", "orchard", "other", "rotation"]

_LAND_USE_ALIASES: dict[str, str] = {
    "paddy": "paddy", "水田": "paddy",
    "orchard": "orchard", "果园": "orchard",
    "other": "other", "其他": "other", "dry": "other", "dryland": "other", "旱地": "other",
    "rotation": "rotation", "水旱轮作": "rotation",
}  # fmt: skip


def _content(name: str, value: Any) -> float:
    v = plain_number(name, value)
    if v < 0:
        raise ModelInputError(name, f"negative content {v} mg/kg")
    if v > 1_000_000:
        raise ModelInputError(name, f"implausible content {v} mg/kg (> 10^6 mg/kg = 100 %)")
    return v


def ph_band(ph: float) -> int:
    """GB 15618-2018 pH band: 0 (pH ≤ 5.5), 1 (≤ 6.5), 2 (≤ 7.5), 3 (> 7.5).

    Parameters
    ----------
    ph : float
        Soil pH [dimensionless], 0–14.

    References
    ----------
    .. [1] GB 15618-2018 Table 1 header; soil.md §1.3.
    """
    v = plain_number("pH", ph)
    if not 0 <= v <= 14:
        raise ModelInputError("pH", f"pH {v} outside 0-14")
    for band, upper in enumerate(tables.PH_BAND_UPPER):
        if v <= upper:
            return band
    return len(tables.PH_BAND_UPPER)


@dataclass(frozen=True)
class SoilItemRisk:
    """One farmland element: content, limits [mg/kg], status and indices.

    ``status``: "below_screening" (C ≤ S), "between" (S < C ≤ G), "above_intervention"
    (C > G), or "above_screening" (C > S for Cu/Ni/Zn, which have no G).
    ``pi`` = C/S (single-factor index); ``control_ratio`` = C/G (None without G).
    """

    value: float
    screening: float
    intervention: float | None
    status: str
    category: str
    pi: float
    control_ratio: float | None


@dataclass(frozen=True)
class SoilRiskResult:
    """Result of :func:`farmland`: ``category`` (优先保护类/安全利用类/严格管控类),
    ``color``, per-element ``items``, the ``ph_band`` and ``land_use`` applied, and the
    elements setting the category (``limiting``)."""

    category: str
    color: str
    items: dict[str, SoilItemRisk]
    ph_band: int
    land_use: str
    limiting: list[str] = field(default_factory=list)


def _screening(item: str, land_use: str, band: int) -> float:
    if land_use == "rotation":  # 水旱轮作: the stricter of paddy and dry land
        return min(_screening(item, "paddy", band), _screening(item, "other", band))
    column = tables.FARMLAND_COLUMN[land_use][item]
    return float(tables.FARMLAND_SCREENING[(item, column)][band])


def farmland(
    sample: Mapping[str, float | None],
    ph: float,
    land_use: LandUse = "other",
    cu_ni_zn_in_category: bool = True,
) -> SoilRiskResult:
    """Risk class of a farmland soil sample (GB 15618-2018).

    Parameters
    ----------
    sample : mapping of str to float
        Total contents [mg/kg] of "Cd", "Hg", "As", "Pb", "Cr", "Cu", "Ni", "Zn"
        (any subset; ``None`` skipped).
    ph : float
        Soil pH [dimensionless].
    land_use : {"paddy", "orchard", "other", "rotation"}
        水田, 果园, 其他 (旱地), or 水旱轮作 (stricter of paddy and dry land). Chinese
        names are accepted too.
    cu_ni_zn_in_category : bool
        If True (default, soil.md §1.3), Cu/Ni/Zn above screening make the sample
        安全利用类 (they can never make it 严格管控类). If False, they are only flagged
        (status "above_screening") and the category rests on Cd, Hg, As, Pb and Cr, as in
        the 2019 national 农用地土壤环境质量类别划分技术指南.

    Returns
    -------
    SoilRiskResult
        Boundary rules: C = S is low risk; C = G is still 安全利用类.

    Raises
    ------
    ModelInputError
        Unknown element or land use, NaN, negative content, pH outside 0–14, empty sample.

    References
    ----------
    .. [1] GB 15618-2018 Tables 1 and 3, §5; soil.md §1.
    """
    lu = _LAND_USE_ALIASES.get(str(land_use).lower()) if isinstance(land_use, str) else None
    if lu is None:
        raise ModelInputError("land_use", f"unknown land use {land_use!r}")
    band = ph_band(ph)
    if not isinstance(sample, Mapping):
        raise ModelInputError("sample", "expected a mapping of element to content")
    items: dict[str, SoilItemRisk] = {}
    for key, raw in sample.items():
        if key not in FARMLAND_ITEMS:
            raise ModelInputError(
                str(key), f"unknown farmland item; use {', '.join(FARMLAND_ITEMS)}"
            )
        if raw is None:
            continue
        c = _content(key, raw)
        s = _screening(key, lu, band)
        g_row = tables.FARMLAND_INTERVENTION.get(key)
        g = float(g_row[band]) if g_row is not None else None
        if c <= s:
            status, cat = "below_screening", 0
        elif g is None:
            status, cat = "above_screening", (1 if cu_ni_zn_in_category else 0)
        elif c <= g:
            status, cat = "between", 1
        else:
            status, cat = "above_intervention", 2
        items[key] = SoilItemRisk(
            value=c,
            screening=s,
            intervention=g,
            status=status,
            category=tables.FARMLAND_CATEGORIES[cat],
            pi=c / s,
            control_ratio=None if g is None else c / g,
        )
    if not items:
        raise ModelInputError("sample", "no farmland item")
    worst = max(tables.FARMLAND_CATEGORIES.index(r.category) for r in items.values())
    category = tables.FARMLAND_CATEGORIES[worst]
    limiting = [k for k, r in items.items() if r.category == category] if worst > 0 else []
    return SoilRiskResult(
        category=category,
        color=tables.FARMLAND_CATEGORY_COLORS[category],
        items=items,
        ph_band=band,
        land_use=lu,
        limiting=limiting,
    )


@dataclass(frozen=True)
class ConstructionItemRisk:
    """One GB 36600 item: content and limits [mg/kg] and its status."""

    value: float
    screening: float
    intervention: float
    status: str


@dataclass(frozen=True)
class ConstructionLandResult:
    """Result of :func:`construction_land`.

    ``status`` is the worst item status: "below_screening" (risk generally negligible),
    "above_screening" (detailed investigation and risk assessment needed),
    "above_intervention" (risk generally unacceptable: control or remediation).
    ``exceeding`` lists the items above screening; ``notes`` the As background rule.
    """

    status: str
    color: str
    items: dict[str, ConstructionItemRisk]
    land_class: int
    exceeding: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _construction_key(key: Any) -> str | None:
    if not isinstance(key, str):
        return None
    if key in tables.CONSTRUCTION:
        return key
    k = key.strip()
    if k in tables.CONSTRUCTION:
        return k
    return tables.CONSTRUCTION_ALIASES.get(k.lower())


def construction_land(
    sample: Mapping[str, float | None],
    land_class: int,
    background: Mapping[str, float] | None = None,
) -> ConstructionLandResult:
    """Risk screening of a construction-land soil sample (GB 36600-2018 Table 1).

    Parameters
    ----------
    sample : mapping of str to float
        Contents [mg/kg]. Metals "As", "Cd", "Cr6", "Cu", "Pb", "Hg", "Ni"; organics by
        their Chinese names as in GB 36600 Table 1 (e.g. "四氯化碳", "苯并[a]芘"), or
        English aliases ("benzene", "vinyl chloride", ...).
    land_class : {1, 2}
        第一类用地 (residential, schools, hospitals, parks…) or 第二类用地 (industrial,
        logistics, commercial…). If the planned use is unclear, use 1.
    background : mapping, optional
        Local soil background values [mg/kg] (GB 36600 Appendix A); an As content above
        screening but not above its background is noted as not a contaminated site.

    Returns
    -------
    ConstructionLandResult

    Raises
    ------
    ModelInputError
        Unknown item or land class, NaN or negative content, empty sample.

    References
    ----------
    .. [1] GB 36600-2018 Table 1, §5.3, note ①; soil.md §2.
    """
    if land_class not in (1, 2) or isinstance(land_class, bool):
        raise ModelInputError("land_class", f"must be 1 or 2, got {land_class!r}")
    if not isinstance(sample, Mapping):
        raise ModelInputError("sample", "expected a mapping of item to content")
    items: dict[str, ConstructionItemRisk] = {}
    notes: list[str] = []
    for key, raw in sample.items():
        item = _construction_key(key)
        if item is None:
            raise ModelInputError(str(key), "unknown GB 36600 Table 1 item")
        if raw is None:
            continue
        c = _content(str(key), raw)
        row = tables.CONSTRUCTION[item]
        s, g = float(row[land_class - 1]), float(row[land_class + 1])
        status = (
            "below_screening" if c <= s else ("above_screening" if c <= g else "above_intervention")
        )
        if (
            item == "As"
            and c > s
            and background
            and "As" in background
            and c <= _content("background.As", background["As"])
        ):
            notes.append("As above screening but not above background: not a contaminated site")
            status = "below_screening"
        items[item] = ConstructionItemRisk(value=c, screening=s, intervention=g, status=status)
    if not items:
        raise ModelInputError("sample", "no GB 36600 item")
    worst = max(tables.CONSTRUCTION_STATUSES.index(r.status) for r in items.values())
    status = tables.CONSTRUCTION_STATUSES[worst]
    return ConstructionLandResult(
        status=status,
        color=tables.CONSTRUCTION_STATUS_COLORS[status],
        items=items,
        land_class=land_class,
        exceeding=[k for k, r in items.items() if r.status != "below_screening"],
        notes=notes,
    )
