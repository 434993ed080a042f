"""The map view held in the URL, so a view can be shared and reloaded.

``?layers=air_stations,water_sections&basemap=dark&c=31.80,117.25&z=10
&t=2026-11-23T09:00&region=district:340102&lang=zh``

Parsing never fails: a malformed parameter is replaced by its default and reported
as a warning the page shows as a notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlencode

from core.errors import BadRequest
from layers.regions import parse_polygon

HEFEI_CENTER = (31.75, 117.30)  # lat, lon: between the city and Chaohu
DEFAULT_ZOOM = 9
MIN_ZOOM, MAX_ZOOM = 5, 18
REGION_KINDS = ("district", "basin", "polygon")


@dataclass(frozen=True)
class MapView:
    layers: tuple[str, ...]
    basemap: str
    center: tuple[float, float] = HEFEI_CENTER
    zoom: int = DEFAULT_ZOOM
    time: datetime | None = None  # None: live (now)
    region: str | None = None
    lang: str = "zh"


def parse_view(query: Mapping[str, str], *, known_layers: Iterable[str],
               default_layers: Iterable[str], basemaps: Iterable[str], default_basemap: str,
               default_lang: str = "zh") -> tuple[MapView, list[str]]:
    """The view in ``query`` plus warnings for every parameter that had to be ignored."""
    warnings: list[str] = []
    known = list(known_layers)
    view = MapView(layers=tuple(default_layers), basemap=default_basemap, lang=default_lang)

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
