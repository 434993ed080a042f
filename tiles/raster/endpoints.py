"""HTTP routes of the raster tile service (short bodies: parse → service → response)."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify, request, send_file

from core.errors import BadRequest, NotFound, TooManyRequests
from tiles.errors import error_response
from tiles.raster import wmts
from tiles.raster.limits import Busy
from tiles.raster.params import (
    MEDIA_TYPES,
    RenderParams,
    TileAddress,
    parse_format,
    parse_hour,
    parse_tms,
    reject_control_characters,
)
from tiles.raster.service import RasterTiles, Tile
from tiles.raster.surface_service import POLLUTANTS, parse_pollutant

log = logging.getLogger(__name__)

CACHE_CONTROL = "public, max-age=3600"
SURFACE_CACHE_CONTROL = "public, max-age=300"


def _client() -> str:
    """Who asks, for the per-client bounds (set right by the trusted-proxy middleware)."""
    return request.remote_addr or "unknown"


def _tile_response(tile: Tile, cache_control: str = CACHE_CONTROL) -> Response:
    etag = f'"{tile.etag}"'
    if request.if_none_match.contains(tile.etag):
        response = Response(status=304)
    else:
        response = Response(tile.content, mimetype=tile.media_type)
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = cache_control
    return response


def register_routes(bp: Blueprint, service: RasterTiles) -> None:
    """Attach the routes of ``service`` to ``bp``."""

    @bp.before_request
    def refuse_control_characters() -> None:
        reject_control_characters(request.view_args, request.args.items(multi=True))

    def retry_later(exc: TooManyRequests | Busy) -> Response:
        response = error_response(exc)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    bp.register_error_handler(TooManyRequests, retry_later)
    bp.register_error_handler(Busy, retry_later)

    @bp.get("/tiles")
    def list_datasets():
        base = service.base_url
        return jsonify(
            {
                "datasets": [d.summary(base) for d in service.catalogue.datasets()],
                "tileMatrixSets": list(service.tms_sets),
                "wmts": f"{base}/wmts/1.0.0/WMTSCapabilities.xml",
                "surfaces": {
                    "enabled": service.surfaces is not None,
                    "pollutants": POLLUTANTS,
                    "time": surface_times(service),
                    "tiles": f"{base}/tiles/surfaces/{{pollutant}}/{{z}}/{{x}}/{{y}}.png"
                    "?time={iso}",
                    "geotiff": f"{base}/tiles/surfaces/{{pollutant}}.tif?time={{iso}}",
                },
            }
        )

    @bp.get("/tiles/colormaps")
    def list_colormaps():
        return jsonify({"colormaps": sorted(service.colormaps)})

    def served(dataset_id: str):
        """The dataset to render; an uploaded raster only for whom it is visible (published,
        or its owner's, or an administrator's: as in the layer tree), else 404."""
        if dataset_id.startswith("upload_"):
            from core.context import current_context

            if dataset_id not in {r.id for r in current_context().registry.rasters()}:
                raise NotFound(f"unknown dataset {dataset_id!r}")
        return service.catalogue.served(dataset_id)

    @bp.get("/tiles/<dataset_id>/tilejson.json")
    def tilejson(dataset_id: str):
        dataset = served(dataset_id)
        tms_id = parse_tms(request.args.get("tms"), service.tms_sets)
        RenderParams.from_args(request.args, service.colormaps)  # validate before echoing
        query = request.query_string.decode()
        suffix = f"?{query}" if query else ""
        west, south, east, north = dataset.bounds
        return jsonify(
            {
                "tilejson": "3.0.0",
                "name": dataset.title,
                "attribution": dataset.attribution,
                "scheme": "xyz",
                "tileMatrixSet": tms_id,
                "tiles": [
                    f"{service.base_url}{dataset.tile_path()}{suffix}"
                ],
                "minzoom": dataset.minzoom,
                "maxzoom": dataset.maxzoom,
                "bounds": [west, south, east, north],
                "center": [(west + east) / 2, (south + north) / 2, dataset.minzoom],
            }
        )

    @bp.get("/tiles/<dataset_id>/<z>/<x>/<y>.<ext>")
    def dataset_tile(dataset_id: str, z: str, x: str, y: str, ext: str):
        fmt = parse_format(ext)
        dataset = served(dataset_id)
        tms_id = parse_tms(request.args.get("tms"), service.tms_sets)
        address = TileAddress.parse(service.tms_sets[tms_id], z, x, y)
        params = RenderParams.from_args(request.args, service.colormaps)
        return _tile_response(service.tile(dataset, address, fmt, params))

    @bp.get("/wmts/1.0.0/WMTSCapabilities.xml")
    def wmts_capabilities():
        datasets = [d for d in service.catalogue.datasets() if d.source != "online"]
        xml = wmts.capabilities(datasets, service.tms_sets, service.base_url)
        return Response(xml, mimetype="application/xml")

    @bp.get("/wmts/1.0.0/<dataset_id>/<style>/<tms_id>/<z>/<row>/<col>.<ext>")
    def wmts_tile(dataset_id: str, style: str, tms_id: str, z: str, row: str, col: str, ext: str):
        if style != "default":
            raise NotFound(f"style: only 'default' exists, got {style!r}")
        fmt = parse_format(ext)
        dataset = served(dataset_id)
        tms_id = parse_tms(tms_id, service.tms_sets)
        address = TileAddress.parse(service.tms_sets[tms_id], z, col, row)
        return _tile_response(service.tile(dataset, address, fmt, RenderParams()))

    @bp.get("/tiles/online/<provider_id>/<z>/<x>/<y>")
    def online_tile(provider_id: str, z: str, x: str, y: str):
        address = TileAddress.parse(service.tms_sets["WebMercatorQuad"], z, x, y)
        return _tile_response(service.online_tile(provider_id, address))

    @bp.get("/tiles/surfaces/<pollutant>/<z>/<x>/<y>.<ext>")
    def surface_tile(pollutant: str, z: str, x: str, y: str, ext: str):
        fmt = parse_format(ext)
        if fmt == "jpg":
            raise BadRequest("format: surfaces are transparent outside the city; use png/webp")
        surfaces_enabled(service)
        pollutant = parse_pollutant(pollutant)
        hour = parse_hour(request.args.get("time"))
        tms_id = parse_tms(request.args.get("tms"), service.tms_sets)
        address = TileAddress.parse(service.tms_sets[tms_id], z, x, y)
        tile = service.surface_tile(pollutant, hour, address, fmt, _client())
        return _tile_response(tile, SURFACE_CACHE_CONTROL)

    @bp.get("/tiles/surfaces/<pollutant>.tif")
    def surface_geotiff(pollutant: str):
        surfaces_enabled(service)
        pollutant = parse_pollutant(pollutant)
        hour = parse_hour(request.args.get("time"))
        path = service.surfaces.surface(pollutant, hour, _client())
        response = send_file(
            path, mimetype="image/tiff", download_name=f"{pollutant}_{hour:%Y%m%dT%H}00.tif",
            as_attachment=True, etag=True, max_age=300,
        )
        return response

    @bp.after_request
    def log_client_errors(response: Response) -> Response:
        if 400 <= response.status_code < 500 and response.status_code != 404:
            log.warning("%s %s -> %s", request.method, request.full_path, response.status_code)
        elif response.status_code == 404:
            log.info("%s %s -> 404", request.method, request.full_path)
        return response


def surface_times(service: RasterTiles) -> dict[str, str] | None:
    """The hours ``?time=`` accepts now (Beijing time, UTC+8)."""
    if service.surfaces is None:
        return None
    first, last = service.surfaces.time_range()
    return {"first": f"{first:%Y-%m-%dT%H:00}+08:00", "last": f"{last:%Y-%m-%dT%H:00}+08:00"}


def surfaces_enabled(service: RasterTiles) -> None:
    if service.surfaces is None:
        raise NotFound("air-quality surfaces are not configured (no station source)")


__all__ = ["MEDIA_TYPES", "register_routes"]
