"""Small endpoints the pages load by URL (never through callbacks): region outlines, and
the offline HTML map of chosen layers (``/api/maps/export.html``, :mod:`layers.export_html`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from flask import Blueprint, Response, json, request
from shapely import wkt
from sqlalchemy import Engine

from auth.roles import DATA_READ
from auth.web import require
from core.clock import BEIJING, beijing_now, floor_hour
from core.errors import BadRequest, Unprocessable
from core.region import cached_region
from core.web.rest import instant_arg
from layers.export_html import ExportLayer, offline_map
from layers.query import FeatureRequest, query_features
from layers.regions import region_geojson, resolve_region
from tiles.errors import register_error_handlers
from tiles.features.params import parse_bbox

# About 50 m at Hefei's latitude: enough for an outline drawn over the map.
OUTLINE_TOLERANCE_DEG = 0.0005
#: Features per layer in an offline map (a file a laptop browser opens in a few seconds).
EXPORT_MAX_FEATURES = 5000
EXPORT_MAX_LAYERS = 20
DRAW_ORDER = {"polygon": 0, "line": 1, "point": 2}


def _export_layers(raw: str | None) -> list[str]:
    ids = [x for x in (raw or "").split(",") if x]
    if not ids:
        raise Unprocessable("layers: name one or more layers, comma-separated")
    if len(ids) > EXPORT_MAX_LAYERS:
        raise Unprocessable(f"layers: at most {EXPORT_MAX_LAYERS}")
    return list(dict.fromkeys(ids))


def export_map() -> Response:
    """``GET /api/maps/export.html?layers=a,b&bbox=w,s,e,n&time=ISO&lang=zh|en``."""
    from core.context import current_context

    context = current_context()
    layer_ids = _export_layers(request.args.get("layers"))
    lang = request.args.get("lang") or context.settings.lang
    if lang not in ("zh", "en"):
        raise BadRequest(f"lang: zh or en, got {lang!r}")
    region = cached_region(context.settings.data_dir.resolve())
    bbox = parse_bbox(request.args.get("bbox")) or region.bbox
    at = instant_arg("time")
    if at is not None and at.tzinfo is not None:  # the store holds naive Beijing time
        at = at.astimezone(dt.timezone(BEIJING)).replace(tzinfo=None)
    time = at or floor_hour(beijing_now())
    rasters = {r.id: r for r in context.registry.rasters()}
    layers, skipped = [], []
    for layer_id in layer_ids:
        if layer_id in rasters:
            skipped.append(rasters[layer_id].title(lang))  # tiles: not in an offline file
            continue
        if layer_id in {b.id for b in context.registry.basemaps()}:
            continue  # a basemap choice, not a layer
        spec = context.registry.get(layer_id)  # 404 naming an unknown layer
        body = query_features(context.engine, spec, FeatureRequest(
            bbox=bbox, time=time, limit=EXPORT_MAX_FEATURES))
        layers.append(ExportLayer(spec, body, truncated=body.get("numberMatched", 0)
                                  > len(body["features"])))
    if not layers:
        raise Unprocessable("layers: none of the chosen layers is a vector layer")
    layers.sort(key=lambda layer: DRAW_ORDER[layer.spec.geometry])  # points on top
    exported = beijing_now()
    document = offline_map(layers, bbox, time, exported, region.display_name(lang), lang,
                           skipped)
    name = f"onemap-{exported:%Y%m%d-%H%M}.html"
    return Response(document, content_type="text/html; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def create_api_blueprint(get_engine: Callable[[], Engine]) -> Blueprint:
    bp = Blueprint("api", __name__, url_prefix="/api")
    register_error_handlers(bp)

    @bp.get("/regions/<path:region_id>")
    @require(DATA_READ)
    def region(region_id: str) -> Response:
        found = resolve_region(get_engine(), region_id)
        simplified = wkt.loads(found.wkt).simplify(OUTLINE_TOLERANCE_DEG, preserve_topology=True)
        feature = region_geojson(replace(found, wkt=simplified.wkt))
        body = json.dumps({"type": "FeatureCollection", "features": [feature]},
                          ensure_ascii=False)
        return Response(body, content_type="application/geo+json; charset=utf-8")

    @bp.get("/maps/export.html")
    @require(DATA_READ)
    def export_html() -> Response:
        return export_map()

    return bp
