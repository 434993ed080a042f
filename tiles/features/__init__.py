"""OGC API – Features (Part 1 Core, GeoJSON; Part 2 CRS for CGCS2000) over the layer registry."""

from tiles.features.endpoints import create_features_blueprint

__all__ = ["create_features_blueprint"]
