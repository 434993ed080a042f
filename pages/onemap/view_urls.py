"""Feature URLs of the map's layers for a view: bbox snapped to a grid, zoom, time.

The map asks only for the properties it draws (``id``, the tooltip's label and the style
columns; the side panel fetches the full record by id when a feature is clicked) and lets
point layers answer server-side grid clusters (``cluster=auto``) when the view holds too
many features; see :mod:`layers.query` for the measurements behind both.
"""

from __future__ import annotations

import math
from datetime import datetime
from urllib.parse import parse_qs, urlencode

from layers.spec import LayerSpec

EMPTY_QUERY = "limit=0"
# What assets/onemap_map.js's tooltip shows: the first of these the layer has.
LABEL_PROPERTIES = ("name", "code", "source_name")
STYLE_PROPERTIES = ("_color", "_class")


def map_properties(spec: LayerSpec) -> tuple[str, ...]:
    """The properties the map needs: ``id`` (dash-leaflet keys features by
    ``properties.id``), the tooltip label and the style columns."""
    if spec.extra.get("labels"):  # a label layer draws every property it has
        return ("id", *spec.properties, *STYLE_PROPERTIES)
    label = next((name for name in LABEL_PROPERTIES if name in spec.properties), None)
    return ("id", *((label,) if label else ()), *STYLE_PROPERTIES)


def snap_bbox(bounds: list[list[float]], zoom: int) -> tuple[float, float, float, float]:
    """Expand the map bounds ``[[s, w], [n, e]]`` outward to a zoom-dependent grid.

    Small pans keep the same URL (the browser cache answers), and the margin loads
    features just outside the view.
    """
    step = max(0.05, 180.0 / 2 ** zoom)
    (south, west), (north, east) = bounds
    snap = lambda v, f: round(f(v / step) * step, 4)  # noqa: E731
    minx = max(-180.0, round(snap(west, math.floor) - step, 4))
    miny = max(-90.0, round(snap(south, math.floor) - step, 4))
    maxx = min(180.0, round(snap(east, math.ceil) + step, 4))
    maxy = min(90.0, round(snap(north, math.ceil) + step, 4))
    return (minx, miny, maxx, maxy)


def approx_bounds(center: tuple[float, float], zoom: int) -> list[list[float]]:
    """Bounds of a 1920×1080 view around ``center`` (lat, lon) before the map reports its own."""
    half_w = 1920 / 2 * 360 / (256 * 2 ** zoom)
    half_h = 1080 / 2 * 360 / (256 * 2 ** zoom) * math.cos(math.radians(center[0]))
    return [[center[0] - half_h, center[1] - half_w], [center[0] + half_h, center[1] + half_w]]


def layer_url(spec: LayerSpec, on: bool, bounds: list[list[float]], zoom: int,
              time: datetime, limit: int) -> str:
    base = f"/ogc/collections/{spec.id}/items"
    if not on or zoom < spec.min_zoom:
        return f"{base}?{EMPTY_QUERY}"
    minx, miny, maxx, maxy = snap_bbox(bounds, zoom)
    params = {"bbox": f"{minx},{miny},{maxx},{maxy}", "limit": str(limit), "zoom": str(zoom),
              "properties": ",".join(map_properties(spec))}
    if spec.geometry == "point" and not spec.extra.get("labels"):
        params["cluster"] = "auto"
    if spec.time is not None:
        params["datetime"] = time.isoformat(timespec="minutes")
    return f"{base}?{urlencode(params, safe=',:')}"


EXPORT_URL = "/api/maps/export.html"


def export_url(view_query: str | None) -> str:
    """The offline map export (``/api/maps/export.html``) of the view in ``view_query``
    (the page's own query string): its layers, the extent of a 1920×1080 view at its
    centre and zoom, its time and language."""
    query = {k: v[-1] for k, v in parse_qs((view_query or "").lstrip("?")).items()}
    params: dict[str, str] = {"layers": query.get("layers", "")}
    try:
        lat, lon = (float(v) for v in query["c"].split(","))
        zoom = int(query["z"])
        (south, west), (north, east) = approx_bounds((lat, lon), zoom)
        params["bbox"] = (f"{max(-180.0, west):.4f},{max(-90.0, south):.4f},"
                          f"{min(180.0, east):.4f},{min(90.0, north):.4f}")
    except (KeyError, ValueError):
        pass  # the export frames the region
    if query.get("t"):
        params["time"] = query["t"]
    if query.get("lang"):
        params["lang"] = query["lang"]
    return f"{EXPORT_URL}?{urlencode(params, safe=',:')}"
