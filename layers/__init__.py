"""Thematic layers of the One Map, each declared once as a :class:`LayerSpec`."""

from layers.registry import LayerRegistry, build_registry
from layers.spec import THEMES, LayerSpec

__all__ = ["THEMES", "LayerRegistry", "LayerSpec", "build_registry"]
