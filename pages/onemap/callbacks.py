"""Callbacks of the One Map page: thin — read inputs, call layers/, return small things.

Feature data never passes through here: callbacks only change layer URLs (the browser
fetches from ``/ogc``), hideouts, the basemap URL and the side panels.
"""

from __future__ import annotations

from datetime import timedelta

from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    no_update,
)

from core.clock import beijing_now, floor_hour
from core.context import current_context
from core.errors import OneMapError
from core.i18n import t
from layers.enforcement import source_file
from layers.query import get_feature, region_figures
from layers.rasters import get_raster
from layers.regions import encode_polygon, resolve_region, sub_units
from pages.common import error_notice
from pages.onemap import ids
from pages.onemap.basemaps import basemap_choices, find_basemap
from pages.onemap.components import (
    find_layer,
    is_label_layer,
    legend,
    map_class,
    page_class,
    raster_url,
)
from pages.onemap.feature_panel import feature_panel, source_file_section
from pages.onemap.region_panel import region_table
from pages.onemap.state import MapView, to_query
from pages.onemap.view_urls import approx_bounds, layer_url

TOGGLES = Input({"type": ids.TOGGLE, "id": ALL}, "value")
PANEL_CLOSED, PANEL_OPEN = "onemap-panel", "onemap-panel onemap-panel--open"


def _active(toggles: list[list[str]]) -> list[str]:
    return [layer_id for value in toggles for layer_id in (value or [])]


def latlng(center) -> tuple[float, float]:
    """The map centre as (lat, lon): dash-leaflet reports ``{lat, lng}`` after a move and
    the ``[lat, lon]`` it was given before."""
    if isinstance(center, dict):
        return float(center["lat"]), float(center["lng"])
    if center:
        return float(center[0]), float(center[1])
    return MapView.center


def map_time(hours: int | None):
    return floor_hour(beijing_now()) + timedelta(hours=hours or 0)


@callback(
    Output({"type": ids.LAYER, "id": ALL}, "url"),
    TOGGLES, Input(ids.MAP, "bounds"), Input(ids.MAP, "zoom"), Input(ids.TIME_SLIDER, "value"),
    State(ids.MAP, "center"),
)
def update_layer_urls(toggles, bounds, zoom, hours, center):
    context = current_context()
    active = set(_active(toggles))
    zoom = int(zoom if zoom is not None else 9)
    bounds = bounds or approx_bounds(latlng(center), zoom)
    when = map_time(hours)
    limit = context.settings.feature_limit_max
    return [layer_url(context.registry.get(o["id"]["id"]), o["id"]["id"] in active, bounds,
                      zoom, when, limit) for o in ctx.outputs_list]


# Each slider restyles its own layer (matched by id: the tree and the draw order differ).
clientside_callback(
    ClientsideFunction(namespace="onemap", function_name="opacity"),
    Output({"type": ids.LAYER, "id": MATCH}, "hideout"),
    Input({"type": ids.OPACITY, "id": MATCH}, "value"),
    State({"type": ids.LAYER, "id": MATCH}, "hideout"),
    prevent_initial_call=True,
)


@callback(Output(ids.LEGEND, "children"), TOGGLES, Input(ids.MAP, "zoom"),
          State(ids.LANG, "data"))
def update_legend(toggles, zoom, lang):
    registry = current_context().registry
    return legend([find_layer(registry, layer_id) for layer_id in _active(toggles)], lang,
                  int(zoom) if zoom is not None else None)


@callback(
    Output({"type": ids.RASTER, "id": ALL}, "url"),
    TOGGLES, Input(ids.TIME_SLIDER, "value"),
)
def update_raster_urls(toggles, hours):
    active, when = set(_active(toggles)), map_time(hours)
    return [raster_url(get_raster(o["id"]["id"]), o["id"]["id"] in active, when)
            for o in ctx.outputs_list]


clientside_callback(
    ClientsideFunction(namespace="onemap", function_name="identity"),
    Output({"type": ids.RASTER, "id": MATCH}, "opacity"),
    Input({"type": ids.RASTER_OPACITY, "id": MATCH}, "value"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.BASEMAP_TILES, "url"), Output(ids.BASEMAP_TILES, "attribution"),
    Output(ids.BASEMAP_TILES, "maxNativeZoom"), Output(ids.MAP, "className"),
    Output(ids.PAGE, "className"),
    Input(ids.BASEMAP_SELECT, "value"), State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def switch_basemap(basemap_id, lang):
    basemap = find_basemap(basemap_choices(lang), basemap_id)
    return (basemap.url, basemap.attribution, basemap.max_native_zoom,
            map_class(basemap.dark), page_class(basemap.dark))


@callback(Output(ids.TIME_LABEL, "children"), Input(ids.TIME_SLIDER, "value"))
def show_time(hours):
    return map_time(hours).strftime("%Y-%m-%d %H:00")


@callback(
    Output(ids.FEATURE_BODY, "children"), Output(ids.FEATURE_PANEL, "className"),
    Input({"type": ids.LAYER, "id": ALL}, "clickData"), Input(ids.FEATURE_CLOSE, "n_clicks"),
    State(ids.LANG, "data"), State(ids.TIME_SLIDER, "value"),
    prevent_initial_call=True,
)
def show_feature(_clicks, _close, lang, hours=None):
    """The clicked feature's full record, fetched by id (the map only carries the
    properties it draws); clusters are ignored (clicking them zooms in). The close
    button folds the panel away."""
    trigger = ctx.triggered_id
    if trigger == ids.FEATURE_CLOSE:
        return no_update, PANEL_CLOSED
    feature = ctx.triggered[0]["value"] if ctx.triggered else None
    clicked = (feature or {}).get("properties") or {}
    if not trigger or not feature or clicked.get("cluster") or clicked.get("grid_cluster"):
        return no_update, no_update
    context = current_context()
    spec = context.registry.get(trigger["id"])
    feature_id = feature.get("id", clicked.get("id"))
    extra = []
    try:
        record = get_feature(context.engine, spec, feature_id, map_time(hours)) \
            if feature_id is not None else None
        props = dict((record or feature).get("properties") or {})
        props.setdefault("id", feature_id)  # the feature panel's task link needs it
        if spec.id == "pollution_sources" and props.get("code"):
            extra.append(source_file_section(source_file(context.engine, props["code"]), lang))
    except OneMapError as exc:
        props = dict(clicked)
        extra.append(error_notice(exc, lang))
    return feature_panel(spec, props, lang, extra), PANEL_OPEN


@callback(
    Output(ids.REGION_SELECT, "options"), Output(ids.REGION_SELECT, "value"),
    Input(ids.DRAW, "geojson"), State(ids.REGION_SELECT, "options"), State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def use_drawn_region(geojson, options, lang):
    features = (geojson or {}).get("features") or []
    if not features:
        return no_update, no_update
    try:
        region_id = "polygon:" + encode_polygon(features[-1]["geometry"])
    except OneMapError:
        return no_update, no_update
    kept = [o for o in options if not str(o["value"]).startswith("polygon:")]
    return [*kept, {"label": t("region.drawn", lang), "value": region_id}], region_id


@callback(
    Output(ids.REGION_RESULT, "children"), Output(ids.REGION_OUTLINE, "url"),
    Input(ids.REGION_RUN, "n_clicks"), Input(ids.REGION_CLEAR, "n_clicks"),
    State(ids.REGION_SELECT, "value"), TOGGLES, State(ids.TIME_SLIDER, "value"),
    State(ids.LANG, "data"),
)
def run_region_query(_run, _clear, region_id, toggles, hours, lang):
    if ctx.triggered_id == ids.REGION_CLEAR or not region_id:
        return [], None
    context = current_context()
    active = [layer_id for layer_id in _active(toggles) if layer_id in context.registry
              and not is_label_layer(context.registry.get(layer_id))]
    if not active:
        return error_notice(OneMapError(t("region.none", lang)), lang), no_update
    try:
        region = resolve_region(context.engine, region_id)
        when = map_time(hours)
        results = [(context.registry.get(layer_id),
                    region_figures(context.engine, context.registry.get(layer_id),
                                   region.wkt, when)) for layer_id in active]
        children = [(unit, [region_figures(context.engine, spec, unit.wkt, when)["count"]
                            for spec, _ in results])
                    for unit in sub_units(context.engine, region_id)]
    except OneMapError as exc:
        return error_notice(exc, lang), None
    return region_table(region, results, lang, children), f"/api/regions/{region_id}"


@callback(
    Output(ids.VIEW_QUERY, "data"),
    TOGGLES, Input(ids.BASEMAP_SELECT, "value"), Input(ids.MAP, "center"),
    Input(ids.MAP, "zoom"), Input(ids.TIME_SLIDER, "value"),
    Input(ids.REGION_OUTLINE, "url"), State(ids.REGION_SELECT, "value"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def sync_view_query(toggles, basemap, center, zoom, hours, outline_url, region_id, lang):
    view = MapView(
        layers=tuple(_active(toggles)), basemap=basemap, center=latlng(center),
        zoom=int(zoom) if zoom is not None else MapView.zoom,
        time=map_time(hours) if hours else None,
        region=region_id if outline_url else None, lang=lang)
    return to_query(view, current_context().settings.lang)


clientside_callback(
    ClientsideFunction(namespace="onemap", function_name="replaceQuery"),
    Output(ids.SHARE, "title"), Input(ids.VIEW_QUERY, "data"),
)

clientside_callback(
    ClientsideFunction(namespace="onemap", function_name="copyLink"),
    Output(ids.SHARE_STATUS, "children"), Input(ids.SHARE, "n_clicks"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction(namespace="onemap", function_name="toggleSidebar"),
    Output(ids.SIDEBAR, "className"), Output(ids.SIDEBAR_TOGGLE, "children"),
    Input(ids.SIDEBAR_TOGGLE, "n_clicks"), State(ids.SIDEBAR, "className"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction(namespace="onemap", function_name="setTitle"),
    Output(ids.TITLE_SINK, "children"), Input(ids.TITLE, "data"),
)
