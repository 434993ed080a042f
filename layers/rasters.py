"""Raster overlays of the One Map: layers drawn from tiles, not features.

They share the layer tree, legend and URL state with the vector layers but are not
OGC collections; their tiles come from ``/tiles`` (``tiles.raster``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from core.errors import NotFound
from core.i18n import Lang, pick
from layers.air import aqi_legend
from layers.spec import LegendItem, Theme

# How far back the One Map time slider reaches (pages/onemap/components.time_slider: the
# last 14 × 24 hours). Time-dependent rasters are served for this window of present hours.
TIME_WINDOW = timedelta(days=14)


@dataclass(frozen=True)
class RasterLayerSpec:
    """A tile overlay; ``url`` has ``{z}/{x}/{y}`` and, if time-dependent, ``{time}``."""

    id: str
    theme: Theme
    title_zh: str
    title_en: str
    url: str
    legend: tuple[LegendItem, ...] = ()
    synthetic: bool = False
    default_opacity: float = 0.6
    geometry: str = "raster"  # legend swatch kind
    extra: Mapping[str, Any] = field(default_factory=dict)  # uploads: dataset id, owner

    def title(self, lang: Lang) -> str:
        return pick(self.title_zh, self.title_en, lang)

    def tile_url(self, time: datetime) -> str:
        return self.url.replace("{time}", time.isoformat(timespec="minutes"))


AQI_SURFACE = RasterLayerSpec(
    id="aqi_surface",
    theme="air",
    title_zh="空气质量指数插值面（IDW）",
    title_en="AQI surface (IDW interpolation)",
    url="/tiles/surfaces/aqi/{z}/{x}/{y}.png?time={time}",
    legend=aqi_legend(),
)

RASTER_LAYERS: tuple[RasterLayerSpec, ...] = (AQI_SURFACE,)


def _uploaded() -> list[RasterLayerSpec]:
    """The raster uploads the current viewer may see (none outside a request)."""
    from flask import has_app_context

    if not has_app_context():
        return []
    from core.context import current_context

    return list(current_context().registry.rasters())[len(RASTER_LAYERS):]


def get_raster(layer_id: str) -> RasterLayerSpec:
    for spec in (*RASTER_LAYERS, *_uploaded()):
        if spec.id == layer_id:
            return spec
    raise NotFound(f"unknown raster layer {layer_id!r}")


def raster_ids() -> list[str]:
    return [spec.id for spec in (*RASTER_LAYERS, *_uploaded())]
