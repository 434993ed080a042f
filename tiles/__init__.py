"""Spatial services on the Dash server (Flask blueprints), independent of the pages.

- ``/ogc``   OGC API – Features for every layer of the registry (``tiles.features``)
- ``/tiles`` and ``/wmts``  raster XYZ tiles, basemap packs, air-quality surfaces
  (``tiles.raster``)
- ``/api``   small JSON endpoints the pages load by URL (region outlines)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

CATALOGUE_KEY = "onemap.catalogue"

if TYPE_CHECKING:
    from core.context import AppContext


def register_services(server: Flask, context: AppContext) -> None:
    """Mount every service blueprint on ``server``."""
    from tiles.api import create_api_blueprint
    from tiles.features import create_features_blueprint
    from tiles.raster import create_raster_blueprint
    from tiles.stations import station_source

    def get_engine():
        return context.engine

    server.register_blueprint(create_features_blueprint(context.settings, context.registry,
                                                        get_engine))
    server.register_blueprint(create_api_blueprint(get_engine))
    raster = create_raster_blueprint(context.settings,
                                     station_source=station_source(context.engine),
                                     basemaps=context.registry.basemaps())
    server.register_blueprint(raster)
    # The pages' basemap switcher reads the same catalogue the tile routes serve, built
    # from the registry's basemap declarations.
    server.extensions[CATALOGUE_KEY] = raster.raster_service.catalogue
