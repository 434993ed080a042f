"""Builders of the One Map page's components: pure functions of specs, view and language."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import dash_leaflet as dl
from dash import Input, Output, callback, dcc, html
from dash_extensions.javascript import Namespace

from core.i18n import Lang, pick, t
from layers.rasters import RasterLayerSpec, get_raster
from layers.registry import LayerRegistry
from layers.spec import THEMES, LayerSpec
from pages.onemap import ids
from pages.onemap.state import MAX_ZOOM, MIN_ZOOM, MapView
from pages.onemap.view_urls import EXPORT_URL, export_url

NS = Namespace("onemap", "map")
BLANK_TILE = "/assets/img/blank.png"
VECTOR_BASEMAP = "vector"
DEFAULT_OPACITY = 0.85
EXPORT_LINK = "onemap-export-link"  # the offline map export of the view (share section)


@dataclass(frozen=True)
class Basemap:
    """A basemap choice of the switcher (derived from the tile catalogue)."""

    id: str
    title: str
    url: str
    attribution: str = ""
    max_native_zoom: int = 18
    dark: bool = False


def page_class(dark: bool) -> str:
    """The page's class: the dark big-screen theme follows the dark basemap."""
    return "onemap onemap--dark" if dark else "onemap"


def map_class(dark: bool) -> str:
    return "onemap-map onemap-map--dark" if dark else "onemap-map"


def layer_hideout(spec: LayerSpec, opacity: float, lang: Lang = "zh") -> dict[str, Any]:
    """What the JS style functions read: geometry kind, default colour, opacity, language."""
    hideout = {"kind": spec.geometry, "color": spec.color, "opacity": opacity,
               "fill": spec.fill_opacity, "radius": 7, "lang": lang}
    if lang != "zh":  # colour -> class label, for tooltips (the store's labels are Chinese)
        hideout["classes"] = {item.color: item.label(lang) for item in spec.legend}
    return hideout


def is_label_layer(spec: LayerSpec) -> bool:
    """A layer drawn as text (the vector basemap's place, district, lake and river names)."""
    return bool(spec.extra.get("labels"))


def find_layer(registry: LayerRegistry, layer_id: str) -> LayerSpec | RasterLayerSpec:
    """A vector layer of the registry, or a raster overlay."""
    return registry.get(layer_id) if layer_id in registry else get_raster(layer_id)


def raster_url(spec: RasterLayerSpec, on: bool, time: datetime) -> str:
    return spec.tile_url(time) if on else BLANK_TILE


def draw_order(registry: LayerRegistry) -> list[LayerSpec]:
    """Context at the bottom, then polygons, lines and points, and names on top."""
    rank = {"polygon": 0, "line": 1, "point": 2}
    return sorted(registry, key=lambda s: (is_label_layer(s), s.theme != "basemap",
                                           rank[s.geometry]))


def synthetic_badge(lang: Lang) -> html.Span:
    return html.Span(t("synthetic.badge", lang), className="badge badge--synthetic",
                     title=t("synthetic.note", lang))


def layer_geojson(spec: LayerSpec, url: str, opacity: float, lang: Lang = "zh") -> dl.GeoJSON:
    if is_label_layer(spec):
        return dl.GeoJSON(id=ids.layer(spec.id), url=url, pointToLayer=NS("label"),
                          interactive=False, hideout=layer_hideout(spec, opacity, lang))
    return dl.GeoJSON(
        id=ids.layer(spec.id),
        url=url,
        cluster=spec.cluster,
        zoomToBoundsOnClick=spec.cluster,
        superClusterOptions={"radius": 50, "maxZoom": 13} if spec.cluster else None,
        pointToLayer=NS("point"),
        clusterToLayer=NS("cluster") if spec.cluster else None,
        style=NS("style"),
        onEachFeature=NS("tooltip"),
        hideout=layer_hideout(spec, opacity, lang),
    )


def map_component(view: MapView, registry: LayerRegistry, basemap: Basemap,
                  layer_urls: dict[str, str], time: datetime, lang: Lang = "zh") -> dl.Map:
    overlays = [layer_geojson(spec, layer_urls[spec.id], DEFAULT_OPACITY, lang)
                for spec in draw_order(registry)]
    rasters = [dl.TileLayer(id=ids.raster(spec.id), url=raster_url(spec, spec.id in view.layers,
                                                                  time),
                            opacity=spec.default_opacity, maxZoom=MAX_ZOOM)
               for spec in registry.rasters()]
    return dl.Map(
        id=ids.MAP,
        center=list(view.center),
        zoom=view.zoom,
        minZoom=MIN_ZOOM,
        maxZoom=MAX_ZOOM,
        preferCanvas=False,
        className=map_class(basemap.dark),
        children=[
            dl.TileLayer(id=ids.BASEMAP_TILES, url=basemap.url, attribution=basemap.attribution,
                         maxNativeZoom=basemap.max_native_zoom, maxZoom=MAX_ZOOM),
            *rasters,
            *overlays,
            dl.GeoJSON(id=ids.REGION_OUTLINE, url=None, style=NS("region"),
                       interactive=False),
            dl.FeatureGroup([dl.EditControl(
                id=ids.DRAW, position="topleft",
                draw={"polyline": False, "circle": False, "circlemarker": False,
                      "marker": False, "rectangle": True, "polygon": True},
                edit={"edit": False, "remove": True})]),
            dl.ScaleControl(position="bottomleft", imperial=False),
        ],
    )


def layer_tree(registry: LayerRegistry, view: MapView, lang: Lang) -> html.Div:
    groups = []
    for theme in (*THEMES, "basemap"):
        specs = registry.by_theme(theme)  # type: ignore[arg-type]
        rows = [_layer_row(spec, spec.id in view.layers, lang) for spec in specs]
        rows += [_layer_row(spec, spec.id in view.layers, lang) for spec in registry.rasters()
                 if spec.theme == theme]
        groups.append(html.Details(
            [html.Summary(t(f"theme.{theme}", lang), className="layer-tree__theme"), *rows],
            open=True, className=f"layer-tree__group theme--{theme}"))
    return html.Div(groups, className="layer-tree")


def _layer_row(spec: LayerSpec | RasterLayerSpec, on: bool, lang: Lang) -> html.Div:
    label: list[Any] = [spec.title(lang)]
    if spec.synthetic:
        label.append(synthetic_badge(lang))
    return html.Div([
        dcc.Checklist(id=ids.toggle(spec.id), options=[{"label": html.Span(label),
                                                        "value": spec.id}],
                      value=[spec.id] if on else [], className=f"layer-toggle"
                      f" layer-toggle--{spec.id}", inputClassName="layer-toggle__input"),
        dcc.Slider(id=ids.raster_opacity(spec.id) if isinstance(spec, RasterLayerSpec)
                   else ids.opacity(spec.id), min=0.1, max=1, step=0.05,
                   value=getattr(spec, "default_opacity", DEFAULT_OPACITY),
                   marks=None, className="layer-opacity",
                   tooltip={"always_visible": False, "placement": "bottom"}),
    ], className="layer-row", title=t("panel.opacity", lang))


def basemap_selector(basemaps: Sequence[Basemap], current: str, lang: Lang) -> html.Div:
    return html.Div([
        html.H4(t("panel.basemap", lang)),
        dcc.RadioItems(id=ids.BASEMAP_SELECT, value=current, className="basemap-select",
                       options=[{"label": b.title, "value": b.id} for b in basemaps]),
    ], className="panel-section")


def hidden_by_zoom(spec: LayerSpec | RasterLayerSpec, zoom: int | None) -> bool:
    """Whether the layer draws nothing at ``zoom`` because of its minimum zoom."""
    min_zoom = getattr(spec, "min_zoom", 0) or 0
    return zoom is not None and zoom < min_zoom


def legend(specs: Iterable[LayerSpec | RasterLayerSpec], lang: Lang,
           zoom: int | None = None) -> list[Any]:
    """Legend blocks of the active layers; a layer hidden by its minimum zoom is shown
    greyed with a "zoom in to see" hint instead of its classes."""
    blocks = []
    for spec in specs:
        title: list[Any] = [spec.title(lang)]
        if spec.synthetic:
            title.append(synthetic_badge(lang))
        if hidden_by_zoom(spec, zoom):
            hint = t("legend.zoom_in", lang).format(zoom=getattr(spec, "min_zoom", 0))
            blocks.append(html.Div([html.H5(title), html.P(hint, className="hint")],
                                   className="legend-block legend-block--hidden",
                                   **{"data-layer": spec.id}))
            continue
        items = [html.Li([html.Span(className=f"swatch swatch--{spec.geometry}",
                                    style={"--swatch": item.color}),
                          item.label(lang)]) for item in spec.legend]
        blocks.append(html.Div([html.H5(title), html.Ul(items)], className="legend-block",
                               **{"data-layer": spec.id}))
    return blocks


def time_slider(view: MapView, now: datetime, lang: Lang, live_series: bool = True
                ) -> html.Div:
    """The time slider; ``live_series`` False (a region pack: no hourly air observations)
    says there is none to replay instead of describing the Hefei sample's replay."""
    hours_back = 0 if view.time is None else int((now - view.time).total_seconds() // 3600)
    hours_back = max(0, min(hours_back, 14 * 24 - 1))
    # every second day, leaving room next to "live" for its longer label
    marks = {-h: f"-{h // 24}d" for h in range(96, 14 * 24, 48)}
    marks[0] = t("time.live" if live_series else "time.now", lang)
    return html.Div([
        html.H4([t("panel.time", lang), html.Span(id=ids.TIME_LABEL, className="time-label")]),
        dcc.Slider(id=ids.TIME_SLIDER, min=-(14 * 24 - 1), max=0, step=1, value=-hours_back,
                   marks=marks, className="time-slider", updatemode="mouseup"),
        html.P(t("time.replay_note" if live_series else "time.no_live_note", lang),
               className="hint", id=ids.TIME_NOTE),
        html.P(t("time.sample_note", lang), className="hint"),
    ], className="panel-section")


def region_panel(regions: Sequence[tuple[str, str, str]], view: MapView, lang: Lang
                 ) -> html.Div:
    options = [{"label": pick(zh, en, lang), "value": rid} for rid, zh, en in regions]
    if view.region and view.region.startswith("polygon:"):
        options.append({"label": t("region.drawn", lang), "value": view.region})
    return html.Div([
        html.H4(t("panel.region", lang)),
        dcc.Dropdown(id=ids.REGION_SELECT, options=options, value=view.region,
                     placeholder=t("region.choose", lang), className="region-select"),
        html.Div([
            html.Button(t("region.run", lang), id=ids.REGION_RUN, n_clicks=0,
                        className="btn btn--primary"),
            html.Button(t("region.clear", lang), id=ids.REGION_CLEAR, n_clicks=0,
                        className="btn"),
        ], className="btn-row"),
    ], className="panel-section")


def share_section(lang: Lang) -> html.Div:
    """"Copy link": copies the address bar, which always holds the current view; "Export
    offline map": the view's layers and extent as a standalone HTML file."""
    return html.Div([
        html.Div([
            html.Button(t("panel.share", lang), id=ids.SHARE, n_clicks=0, className="btn",
                        **{"data-copied": t("panel.copied", lang),
                           "data-manual": t("panel.copy_manual", lang)}),
            html.A(t("maps.export", lang), id=EXPORT_LINK, href=EXPORT_URL, className="btn",
                   title=t("maps.export_hint", lang), download=""),
            html.Span(id=ids.SHARE_STATUS, className="share-status", role="status"),
        ], className="btn-row"),
        html.P(t("synthetic.note", lang), className="hint"),
    ], className="panel-section")


@callback(Output(EXPORT_LINK, "href"), Input(ids.VIEW_QUERY, "data"))
def _export_href(view_query: str | None) -> str:
    """The export link follows the view (its layers, extent, time and language)."""
    return export_url(view_query)
