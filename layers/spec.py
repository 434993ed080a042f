"""The declarative layer spec: one ``LayerSpec`` per thematic layer.

A spec says what a layer is (theme, titles, geometry kind), where its features come
from (a SQL ``SELECT`` over the store, optionally time-dependent), how they are styled
(a function that adds ``_color``/``_class`` columns, calling ``decision_models`` for
standard classes), and what the UI shows (legend, popup fields, min zoom, clustering).
Pages, legends and the OGC API all derive from the spec.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import pandas as pd

from core.i18n import Lang, pick

Theme = Literal["air", "water", "soil", "redline", "enforcement", "emergency", "noise",
                "basemap"]
#: The themes of the layer tree, in display order; ``noise`` (声环境, GB 3096) is the
#: seventh, for the functional zones and their monitoring stations.
THEMES: tuple[Theme, ...] = ("air", "water", "soil", "redline", "enforcement", "emergency",
                             "noise")
GeometryKind = Literal["point", "line", "polygon"]

StyleRule = Callable[[pd.DataFrame], pd.DataFrame]
TimeParams = Callable[[Any, datetime], Mapping[str, Any]]


def rounded(expr: str, digits: int = 1) -> str:
    """SQL rounding ``expr`` to ``digits`` decimals that still reads as a float (not a
    ``numeric``, which would reach JSON and the region figures as a Decimal)."""
    return f"CAST(round(CAST({expr} AS numeric), {digits}) AS float)"


@dataclass(frozen=True)
class Field:
    """A property shown in the popup / side panel."""

    key: str
    zh: str
    en: str
    unit: str = ""

    def label(self, lang: Lang) -> str:
        text = pick(self.zh, self.en, lang)
        return f"{text} ({self.unit})" if self.unit else text


@dataclass(frozen=True)
class LegendItem:
    zh: str
    en: str
    color: str

    def label(self, lang: Lang) -> str:
        return pick(self.zh, self.en, lang)


@dataclass(frozen=True)
class Figure:
    """A key figure aggregated over a region query (e.g. total population)."""

    zh: str
    en: str
    sql: str  # an aggregate over the layer's source rows, e.g. "sum(population)"
    unit: str = ""


@dataclass(frozen=True)
class TimeDimension:
    """How a layer depends on the map time.

    ``params(engine, t)`` turns the map time into the SQL parameters the layer's
    source uses (identity ``{"t": t}`` by default; the air layer maps the present onto
    its replayed real hours).
    """

    kind: Literal["hour", "month", "day"]
    params: TimeParams | None = None

    def sql_params(self, engine: Any, t: datetime) -> Mapping[str, Any]:
        return self.params(engine, t) if self.params else {"t": t}


@dataclass(frozen=True)
class LayerSpec:
    """One thematic layer, declared once."""

    id: str
    theme: Theme
    title_zh: str
    title_en: str
    geometry: GeometryKind
    sql: str  # SELECT yielding ``id``, ``geom`` (SRID 4326) and the property columns
    properties: tuple[str, ...]
    popup: tuple[Field, ...]
    legend: tuple[LegendItem, ...] = ()
    style: StyleRule | None = None
    color: str = "#3388ff"  # colour when there is no style rule
    fill_opacity: float = 0.35  # polygons: fill relative to the layer opacity (0 = outline)
    time: TimeDimension | None = None
    min_zoom: int = 0
    cluster: bool = False
    synthetic: bool = True
    default_on: bool = False
    queryables: tuple[str, ...] = ()  # properties usable as ``?name=value`` filters
    figures: tuple[Figure, ...] = ()
    description_zh: str = ""
    description_en: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def title(self, lang: Lang) -> str:
        return pick(self.title_zh, self.title_en, lang)

    def apply_style(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Add ``_color`` and ``_class`` columns (the class is a short display label)."""
        if self.style is not None and len(frame):
            return self.style(frame)
        frame = frame.copy()
        frame["_color"] = self.color
        frame["_class"] = None
        return frame
