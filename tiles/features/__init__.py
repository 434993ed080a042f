"""OGC API – Features (Part 1 Core, GeoJSON, OpenAPI 3.0; Part 2 CRS for CGCS2000; Part 3
queryables as query parameters) over the layer registry."""

from tiles.features.endpoints import create_features_blueprint
from tiles.features.openapi import build_openapi

__all__ = ["build_openapi", "create_features_blueprint"]
