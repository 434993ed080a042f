"""``/api/maps``: the offline HTML map of chosen layers, for an exported briefing."""

from __future__ import annotations

from typing import Any

from apidocs.operations import Operation, ok, query_param
from apidocs.schemas import STR
from tiles.api import EXPORT_MAX_FEATURES, EXPORT_MAX_LAYERS

TAG = "Maps"
HTML = "text/html"


def operations() -> list[Operation]:
    return [
        Operation(
            "api.export_html", "GET", "/api/maps/export.html", "exportOfflineMap",
            "A standalone offline HTML map of chosen layers (导出离线地图)", TAG,
            ok("A self-contained HTML file (an attachment, `onemap-YYYYMMDD-HHMM.html`): a "
               "Leaflet map (folium; Leaflet inlined, no CDN, no tiles) with the chosen "
               "vector layers as GeoJSON styled like One Map, their legend, the data time, "
               "each layer's provenance and the 示例数据 label on synthetic layers. It opens "
               "in a browser with no network. Tile overlays (the AQI surface, raster "
               f"uploads) are named in the legend but not exported; at most "
               f"{EXPORT_MAX_FEATURES} features per layer (a cut layer says so).",
               HTML, STR),
            parameters=(
                {**query_param("layers", f"Layer ids, comma-separated (1 to "
                                         f"{EXPORT_MAX_LAYERS}), e.g. the One Map `layers` "
                                         "parameter.", STR), "required": True},
                query_param("bbox", "`west,south,east,north` in degrees (WGS 84); default "
                                    "the region's extent.", STR),
                query_param("time", "The data time (ISO 8601, Beijing time when naive); "
                                    "default the current hour.",
                            {"type": "string", "format": "date-time"}),
                query_param("lang", "Language of the legend; default the deployment's.",
                            {"type": "string", "enum": ["zh", "en"]}),
            ),
            errors=("400", "403", "404", "422")),
    ]


def schemas() -> dict[str, Any]:
    return {}
