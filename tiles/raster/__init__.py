"""Raster side of the spatial services: XYZ/WMTS tiles, basemaps, air-quality surfaces.

Routes (all GET):

``/tiles``
    Datasets (``id``, ``title``, ``kind`` basemap|data|online, ``bounds``, zooms,
    ``attribution``, ``tilejson``), tile matrix sets, the WMTS URL, surface templates.
    Every absolute link starts with ``settings.base_url`` (``ONEMAP_PUBLIC_URL``), never
    with the request's Host header.
``/tiles/colormaps``
    Names accepted by ``?colormap=``.
``/tiles/{dataset}/tilejson.json``
    TileJSON 3.0.0 (query parameters are carried into the tile URL).
``/tiles/{dataset}/{z}/{x}/{y}.{png|jpg|webp}``
    ``?tms=WebMercatorQuad`` (default) | ``WGS1984Quad`` | ``CGCS2000Quad``; ``?bidx=1``
    (repeat or comma-separate), ``?rescale=min,max`` (one, or one per band),
    ``?colormap=viridis|…|aqi|gb3838``, ``?resampling=nearest|bilinear|cubic|average``.
``/tiles/online/{provider}/{z}/{x}/{y}``
    An online provider's Web Mercator tile, fetched by the server with the token
    (``tiles.raster.online``); 502/504 JSON when the provider fails.
``/tiles/surfaces/{pollutant}/{z}/{x}/{y}.png?time=ISO``
    IDW surface coloured by the AQI level colours; ``/tiles/surfaces/{pollutant}.tif?time=``
    is the GeoTIFF (band 1 value, band 2 IAQI). Times outside the station source's range
    are a 400; new builds are bounded per client (429 with ``Retry-After``).

A control character in any path segment or parameter is a 400.
``/wmts/1.0.0/WMTSCapabilities.xml``
    OGC WMTS 1.0.0, RESTful tiles at
    ``/wmts/1.0.0/{layer}/default/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.{ext}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from flask import Blueprint
from rasterio.errors import RasterioIOError
from rio_tiler.errors import RioTilerError

from core.settings import Settings
from tiles.errors import add_exception_status, register_error_handlers
from tiles.raster.catalogue import Catalogue, validate_providers
from tiles.raster.endpoints import register_routes
from tiles.raster.service import RasterTiles
from tiles.raster.surface_service import StationSource

if TYPE_CHECKING:
    from layers.basemap import BasemapSpec


def create_raster_blueprint(
    settings: Settings,
    station_source: StationSource | None = None,
    basemaps: Sequence[BasemapSpec] | None = None,
) -> Blueprint:
    """The raster tile blueprint, with its catalogue built (derived basemaps cached).

    Parameters
    ----------
    settings
        App settings: ``data_dir``, ``var_dir``, ``resolved_basemap_dir``, ``providers``,
        ``tianditu_token``, ``tile_cache_size``, ``base_url``, ``surface_builds_per_minute``,
        ``online_timeout_seconds``.
    station_source
        Station values of the air-quality surfaces (e.g. :func:`tiles.stations.station_source`);
        ``None`` disables the surface routes.
    basemaps
        The declared tile sets (``LayerRegistry.basemaps()``; by default
        ``layers.basemap.BASEMAPS``).

    Raises
    ------
    core.errors.ConfigError
        An online provider uses GCJ-02.
    """
    add_exception_status(RasterioIOError, 500, "data_error")
    add_exception_status(RioTilerError, 400, "invalid_parameter")
    service = RasterTiles(settings, station_source, catalogue=Catalogue(settings, basemaps))
    bp = Blueprint("raster_tiles", __name__)
    register_routes(bp, service)
    register_error_handlers(bp)
    bp.raster_service = service  # for tests and the app's health page
    return bp


__all__ = ["RasterTiles", "create_raster_blueprint", "validate_providers"]
