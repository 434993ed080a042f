"""Small JSON endpoints the pages load by URL (never through callbacks): region outlines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from flask import Blueprint, Response, json
from shapely import wkt
from sqlalchemy import Engine

from auth.roles import DATA_READ
from auth.web import require
from layers.regions import region_geojson, resolve_region
from tiles.errors import register_error_handlers

# About 50 m at Hefei's latitude: enough for an outline drawn over the map.
OUTLINE_TOLERANCE_DEG = 0.0005


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

    return bp
