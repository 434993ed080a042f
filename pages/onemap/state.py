"""The map view held in the URL, so a view can be shared and reloaded.

``?layers=air_stations,water_sections&basemap=dark&c=31.80,117.25&z=10
&t=2026-11-23T09:00&region=district:340102&lang=zh``

Parsing never fails: a malformed parameter is replaced by its default and reported
as a warning the page shows as a notice.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlencode

from core.errors import BadRequest
from layers.regions import parse_polygon

# A view without a frame (a MapView built by hand): mainland China. The page frames the
# region served (:func:`region_frame` of its region.toml bbox).
CHINA_CENTER = (35.0, 105.0)  # lat, lon
DEFAULT_ZOOM = 5
MIN_ZOOM, MAX_ZOOM = 5, 18
REGION_KINDS = ("region", "district", "basin", "polygon")
# The map's area in a 1920×1080 window with the side panel open [px], and the tile size.
FRAME_PX = (1200, 900)
TILE_PX = 256


def region_frame(bbox: tuple[float, float, float, float],
                 size_px: tuple[int, int] = FRAME_PX) -> tuple[tuple[float, float], int]:
    """The (lat, lon) centre and the largest zoom at which ``bbox`` fits the map.

    Parameters
    ----------
    bbox : (west, south, east, north) [degrees, WGS84]
    size_px : the map's (width, height) [px]

    Returns
    -------
    ((lat, lon), zoom): the centre of the box in Web Mercator, zoom in MIN_ZOOM..MAX_ZOOM.
    """
    west, south, east, north = bbox

    def merc_y(lat: float) -> float:  # Web Mercator northing in degrees of the equator
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    span_x = max(east - west, 1e-6)
    span_y = max(merc_y(north) - merc_y(south), 1e-6)
    fit = min(size_px[0] * 360 / (TILE_PX * span_x), size_px[1] * 360 / (TILE_PX * span_y))
    zoom = max(MIN_ZOOM, min(MAX_ZOOM, math.floor(math.log2(fit))))
    mid_y = (merc_y(north) + merc_y(south)) / 2
    lat = math.degrees(2 * math.atan(math.exp(math.radians(mid_y))) - math.pi / 2)
    return (round(lat, 4), round((west + east) / 2, 4)), zoom


@dataclass(frozen=True)
class MapView:
    layers: tuple[str, ...]
    basemap: str
    center: tuple[float, float] = CHINA_CENTER
    zoom: int = DEFAULT_ZOOM
    time: datetime | None = None  # None: live (now)
    region: str | None = None
    lang: str = "zh"


def parse_view(query: Mapping[str, str], *, known_layers: Iterable[str],
               default_layers: Iterable[str], basemaps: Iterable[str], default_basemap: str,
               default_lang: str = "zh",
               frame: tuple[tuple[float, float], int] | None = None
               ) -> tuple[MapView, list[str]]:
    """The view in ``query`` plus warnings for every parameter that had to be ignored;
    ``frame`` ((lat, lon), zoom) is the view without ``c``/``z`` (:func:`region_frame`)."""
    warnings: list[str] = []
    known = list(known_layers)
    view = MapView(layers=tuple(default_layers), basemap=default_basemap, lang=default_lang)
    if frame is not None:
        view = replace(view, center=frame[0], zoom=frame[1])

    if "lang" in query:
        if query["lang"] in ("zh", "en"):
            view = replace(view, lang=query["lang"])
        else:
            warnings.append(f"lang={query['lang']!r}")
    if "layers" in query:
        requested = [x for x in query["layers"].split(",") if x]
        unknown = [x for x in requested if x not in known]
        if unknown:
            warnings.append(f"layers: {', '.join(unknown)}")
        view = replace(view, layers=tuple(x for x in requested if x in known))
    if "basemap" in query:
        if query["basemap"] in set(basemaps):
            view = replace(view, basemap=query["basemap"])
        else:
            warnings.append(f"basemap={query['basemap']!r}")
    if "c" in query:
        try:
            lat, lon = (float(v) for v in query["c"].split(","))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
            view = replace(view, center=(lat, lon))
        except ValueError:
            warnings.append(f"c={query['c']!r}")
    if "z" in query:
        try:
            zoom = int(query["z"])
            if not MIN_ZOOM <= zoom <= MAX_ZOOM:
                raise ValueError
            view = replace(view, zoom=zoom)
        except ValueError:
            warnings.append(f"z={query['z']!r}")
    if query.get("t"):
        try:
            view = replace(view, time=datetime.fromisoformat(query["t"]).replace(tzinfo=None))
        except ValueError:
            warnings.append(f"t={query['t']!r}")
    if query.get("region"):
        region = query["region"]
        kind, _, value = region.partition(":")
        try:
            if kind not in REGION_KINDS or not value:
                raise BadRequest(region)
            if kind == "polygon":
                parse_polygon(value)
            view = replace(view, region=region)
        except BadRequest:
            warnings.append(f"region={region!r}")
    return view, warnings


def to_query(view: MapView, default_lang: str = "zh") -> str:
    """The query string (without ``?``) that :func:`parse_view` reads back to ``view``
    on a deployment whose language is ``default_lang`` (``lang`` only when it differs)."""
    params = {
        "layers": ",".join(view.layers),
        "basemap": view.basemap,
        "c": f"{view.center[0]:.4f},{view.center[1]:.4f}",
        "z": str(view.zoom),
    }
    if view.time is not None:
        params["t"] = view.time.isoformat(timespec="minutes")
    if view.region:
        params["region"] = view.region
    if view.lang != default_lang:
        params["lang"] = view.lang
    return urlencode(params, safe=",:")
