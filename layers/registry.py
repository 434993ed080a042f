"""The registry of layers: every declaration, once, in a fixed order, whatever its kind —
vector layers (:class:`LayerSpec`), raster overlays (:class:`RasterLayerSpec`) and tile
basemaps (:class:`layers.basemap.BasemapSpec`).

Besides the declared layers, a registry may have a *dynamic* source (``dynamic``): a
callable returning more specs on each lookup — the uploaded datasets the current viewer
may see (:class:`layers.uploaded.UploadedLayers`). They come after the declared layers;
one whose id clashes with a declared layer is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from core.errors import NotFound
from layers.basemap import BASEMAPS, BasemapSpec
from layers.rasters import RASTER_LAYERS, RasterLayerSpec
from layers.spec import THEMES, LayerSpec, Theme

DynamicSource = Callable[[], Iterable[LayerSpec]]


class LayerRegistry:
    """An ordered, read-only collection of specs that refuses duplicate ids."""

    def __init__(self, specs: Iterable[LayerSpec], dynamic: DynamicSource | None = None,
                 basemaps: Iterable[BasemapSpec] = ()) -> None:
        self._specs: dict[str, LayerSpec] = {}
        for spec in specs:
            if spec.id in self._specs:
                raise ValueError(f"duplicate layer id {spec.id!r}")
            if spec.theme not in (*THEMES, "basemap"):
                raise ValueError(f"layer {spec.id!r} has unknown theme {spec.theme!r}")
            self._specs[spec.id] = spec
        self._basemaps: dict[str, BasemapSpec] = {}
        for basemap in basemaps:
            if basemap.id in self._basemaps or basemap.id in self._specs:
                raise ValueError(f"duplicate layer id {basemap.id!r}")
            if basemap.source == "derived" and basemap.derived_from not in self._basemaps:
                raise ValueError(f"basemap {basemap.id!r} is derived from "
                                 f"{basemap.derived_from!r}, which is not declared before it")
            self._basemaps[basemap.id] = basemap
        self.dynamic = dynamic

    def _all(self) -> dict[str, LayerSpec]:
        if self.dynamic is None:
            return self._specs
        extra = {s.id: s for s in self.dynamic() if s.id not in self._specs}
        return {**self._specs, **extra} if extra else self._specs

    def refresh(self) -> None:
        """Read the dynamic source again at the next lookup (after a write)."""
        invalidate = getattr(self.dynamic, "invalidate", None)
        if invalidate is not None:
            invalidate()

    def declared(self) -> list[LayerSpec]:
        """The declared layers only (no uploads)."""
        return list(self._specs.values())

    def __iter__(self) -> Iterator[LayerSpec]:
        return iter(self._all().values())

    def __len__(self) -> int:
        return len(self._all())

    def __contains__(self, layer_id: object) -> bool:
        return layer_id in self._specs or layer_id in self._all()

    def get(self, layer_id: str) -> LayerSpec:
        spec = self._specs.get(layer_id) or self._all().get(layer_id)
        claims = getattr(self.dynamic, "claims", None)
        if spec is None and claims is not None and claims(layer_id):
            self.refresh()  # another process may have just added it
            spec = self._all().get(layer_id)
        if spec is None:
            raise NotFound(f"unknown layer {layer_id!r}")
        return spec

    def by_theme(self, theme: Theme) -> list[LayerSpec]:
        return [spec for spec in self._all().values() if spec.theme == theme]

    def ids(self) -> list[str]:
        return list(self._all())

    def rasters(self) -> list[RasterLayerSpec]:
        """The tile overlays: the declared ones, then the raster uploads the viewer sees."""
        uploaded = getattr(self.dynamic, "rasters", None)
        return [*RASTER_LAYERS, *(uploaded() if uploaded is not None else ())]

    def basemaps(self) -> list[BasemapSpec]:
        """The declared basemaps (tile sets of the data folder and the vector basemap), in
        picker order; packs and online providers are the tile catalogue's, at run time."""
        return list(self._basemaps.values())

    def basemap(self, basemap_id: str) -> BasemapSpec:
        found = self._basemaps.get(basemap_id)
        if found is None:
            raise NotFound(f"unknown basemap {basemap_id!r}")
        return found

    def default_basemap(self) -> BasemapSpec | None:
        return next((b for b in self._basemaps.values() if b.default), None)

    def dark_basemap(self) -> BasemapSpec | None:
        """The basemap of the dark (video wall) theme."""
        return next((b for b in self._basemaps.values() if b.dark), None)


def build_registry() -> LayerRegistry:
    """All layers of the One Map, grouped by theme in display order, and the uploaded
    datasets (each under its theme, after the declared layers)."""
    from layers import (
        air,
        basemap,
        biodiversity,
        carbon,
        emergency,
        enforcement,
        mobile,
        noise,
        radiation,
        redline,
        soil,
        waste,
        water,
    )
    from layers.uploaded import UploadedLayers

    return LayerRegistry([
        *air.LAYERS, *mobile.LAYERS, *carbon.LAYERS, *water.LAYERS, *soil.LAYERS,
        *redline.LAYERS, *biodiversity.LAYERS, *enforcement.LAYERS, *waste.LAYERS,
        *emergency.LAYERS, *radiation.LAYERS, *noise.LAYERS, *basemap.LAYERS,
    ], dynamic=UploadedLayers(), basemaps=BASEMAPS)
