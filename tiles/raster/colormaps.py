"""Colour maps: named continuous ramps, and class colours from the standards modules.

Continuous ramps (``viridis``, ``terrain``, ``rdylgn_r`` …) are rio-tiler's matplotlib
ramps: 256 entries applied to 8-bit (rescaled) values. Class colour maps are intervals
``((low, high), (r, g, b, a))`` applied to raw values:

``aqi``
    AQI / IAQI levels (HJ 633) with the standard's colours, from :mod:`decision_models.aqi`.
``gb3838``
    Surface-water quality classes I…劣V (GB 3838-2002) as values 1…6, colours from
    :mod:`decision_models.water_quality`.

The thresholds and colours are never written here: they live once, in ``decision_models``,
and are imported lazily so that the tile service starts even while those modules change.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import lru_cache

from rio_tiler.colormap import cmap

from core.errors import OneMapError

Intervals = Sequence[tuple[tuple[float, float], tuple[int, int, int, int]]]
CLASS_COLORMAPS = ("aqi", "gb3838")


class ClassColoursUnavailableError(OneMapError):
    """A class colour map's standards module is missing (a deployment problem)."""

    status = 503
    code = "colormap_unavailable"


def colormap_names() -> frozenset[str]:
    """All colour map names accepted by ``?colormap=``."""
    return frozenset(cmap.list()) | frozenset(CLASS_COLORMAPS)


def is_class_colormap(name: str | None) -> bool:
    return name in CLASS_COLORMAPS


def ramp(name: str) -> dict[int, tuple[int, int, int, int]]:
    """A 256-entry continuous ramp by (lower-case) name."""
    return cmap.get(name)


def _hex_to_rgba(colour: object) -> tuple[int, int, int, int]:
    """``"#RRGGBB"``, ``"#RRGGBBAA"`` or an ``(r, g, b[, a])`` sequence → RGBA."""
    if isinstance(colour, str):
        text = colour.lstrip("#")
        rgb = tuple(int(text[i : i + 2], 16) for i in (0, 2, 4))
        alpha = int(text[6:8], 16) if len(text) == 8 else 255
        return (*rgb, alpha)  # type: ignore[return-value]
    values = [int(v) for v in colour]  # type: ignore[attr-defined]
    return (values[0], values[1], values[2], values[3] if len(values) > 3 else 255)


def _import(module: str):
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ClassColoursUnavailableError(
            f"class colours need {module}, which is not available: {exc}"
        ) from exc


@lru_cache(maxsize=1)
def aqi_intervals() -> Intervals:
    """AQI level intervals and colours from :mod:`decision_models.aqi`.

    Returns ``[((low, high), rgba), ...]`` on the AQI scale: a level holds ``v`` when
    ``previous upper < v <= upper`` (HJ 633 Table 2, as :func:`decision_models.aqi.level_of`);
    the last level is open-ended.
    """
    aqi = _import("decision_models.aqi")
    levels = _aqi_levels(aqi)
    out: list[tuple[tuple[float, float], tuple[int, int, int, int]]] = []
    low = 0.0
    for i, (upper, colour) in enumerate(levels):
        high = float("inf") if i == len(levels) - 1 else float(upper) + 1e-9
        out.append(((low, high), _hex_to_rgba(colour)))
        low = high
    return out


def _aqi_levels(aqi) -> list[tuple[float, object]]:
    """``[(upper AQI bound of the level, colour), ...]`` from the standards module."""
    rows = getattr(aqi, "LEVELS", None)
    if not rows:
        raise ClassColoursUnavailableError("decision_models.aqi exposes no LEVELS table")
    return [(_field(r, ("upper",)), _field(r, ("color",))) for r in rows]


def _field(row: object, names: tuple[str, ...]) -> object:
    for name in names:
        if isinstance(row, dict) and name in row:
            return row[name]
        if hasattr(row, name):
            return getattr(row, name)
    raise ClassColoursUnavailableError(f"AQI level {row!r} has none of the fields {names}")


@lru_cache(maxsize=1)
def gb3838_intervals() -> Intervals:
    """GB 3838-2002 class colours: value 1 (I) … 6 (劣V) → the module's GRADE_COLORS."""
    water = _import("decision_models.water_quality")
    colors = getattr(water, "GRADE_COLORS", None)
    if not colors:
        raise ClassColoursUnavailableError("decision_models.water_quality has no GRADE_COLORS")
    items = list(colors.items()) if isinstance(colors, dict) else list(enumerate(colors, 1))
    out = []
    for i, (_grade, colour) in enumerate(items, start=1):
        out.append(((i - 0.5, i + 0.5), _hex_to_rgba(colour)))
    return out


def class_intervals(name: str) -> Intervals:
    """Interval colour map of a class colour map name."""
    return aqi_intervals() if name == "aqi" else gb3838_intervals()
