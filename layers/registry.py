"""The registry of layers: every spec, once, in a fixed order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from core.errors import NotFound
from layers.spec import THEMES, LayerSpec, Theme


class LayerRegistry:
    """An ordered, read-only collection of specs that refuses duplicate ids."""

    def __init__(self, specs: Iterable[LayerSpec]) -> None:
        self._specs: dict[str, LayerSpec] = {}
        for spec in specs:
            if spec.id in self._specs:
                raise ValueError(f"duplicate layer id {spec.id!r}")
            if spec.theme not in (*THEMES, "basemap"):
                raise ValueError(f"layer {spec.id!r} has unknown theme {spec.theme!r}")
            self._specs[spec.id] = spec

    def __iter__(self) -> Iterator[LayerSpec]:
        return iter(self._specs.values())

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, layer_id: object) -> bool:
        return layer_id in self._specs

    def get(self, layer_id: str) -> LayerSpec:
        try:
            return self._specs[layer_id]
        except KeyError:
            raise NotFound(f"unknown layer {layer_id!r}") from None

    def by_theme(self, theme: Theme) -> list[LayerSpec]:
        return [spec for spec in self._specs.values() if spec.theme == theme]

    def ids(self) -> list[str]:
        return list(self._specs)


def build_registry() -> LayerRegistry:
    """All layers of the One Map, grouped by theme in display order."""
    from layers import air, basemap, emergency, enforcement, redline, soil, water

    return LayerRegistry([
        *air.LAYERS, *water.LAYERS, *soil.LAYERS, *redline.LAYERS,
        *enforcement.LAYERS, *emergency.LAYERS, *basemap.LAYERS,
    ])
