"""The scenario page (``/scenario``): define cuts, run (a background job with progress and
cancel), compare baseline and scenario on the map (swipe) or see the delta, read the
tables, the KPI effect, the top contributors and the provenance card; saved scenarios.
A second tab runs water-load scenarios.

Analysts (``scenario:write``) run, save, duplicate and delete; readers of the workbench
see the saved scenarios. ``?id=N`` opens scenario N (a deep link); without it the page
reopens the user's latest scenario, so a run survives a reload.
"""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html, register_page

from auth.roles import PAGE_ANALYSIS, SCENARIO_WRITE
from auth.web import current_principal
from core.context import current_context
from core.i18n import Lang, t
from pages.common import error_notice, region_map_view
from pages.onemap.basemaps import basemap_choices, default_basemap, find_basemap
from pages.scenario import (
    callbacks,  # noqa: F401  (registers the page's callbacks)
    ids,
)
from pages.scenario.components import AIR_POLLUTANTS, LABEL, WATER_POLLUTANTS, water_legend
from scenarios import service

MAP_PX = (900, 640)  # a scenario map on a 1920×1080 screen [px]
TICK_MS = 1500


def map_view(min_zoom: int = 7) -> dict[str, object]:
    """The page's map framed on the served region (:func:`pages.common.region_map_view`)."""
    return region_map_view(MAP_PX, min_zoom)


def tab_title() -> str:
    return t("scenario.tab_title", current_context().settings.lang)


register_page(__name__, path="/scenario", name="情景模拟", title=tab_title, order=35,
              nav_key="scenario.nav", permission=PAGE_ANALYSIS)


def can_write() -> bool:
    principal = current_principal()
    return principal is not None and principal.can(SCENARIO_WRITE)


def _field(label: str, component, cls: str = "") -> html.Label:
    return html.Label([html.Span(label), component], className=f"sc-field {cls}".strip())


def _initial(query: dict[str, str]) -> int | None:
    raw = query.get("id", "")
    if raw.isdigit():
        return int(raw)
    principal = current_principal()
    if principal is None:
        return None
    mine = service.list_scenarios(current_context().engine, owner=principal.username,
                                  kind="air", limit=1)
    return mine[0]["id"] if mine else None


def air_form(lang: Lang, writer: bool) -> html.Div:
    kinds = ("all", "district", "industry", "ids", "polygon")
    return html.Div([
        _field(t("scenario.name", lang), dcc.Input(id=ids.NAME, type="text", maxLength=200,
                                                   value=t("scenario.name.default", lang))),
        html.H4(t("scenario.cuts", lang)),
        _field(t("scenario.select", lang), dcc.Dropdown(
            id=ids.SELECT_KIND, value="district", clearable=False,
            options=[{"label": t(f"scenario.select.{k}", lang), "value": k} for k in kinds])),
        _field(t("scenario.value", lang), dcc.Dropdown(id=ids.SELECT_VALUE, clearable=False),
               "sc-value"),
        _field(t("scenario.select.ids", lang), dcc.Input(
            id=ids.SELECT_IDS, type="text", placeholder=t("scenario.ids_hint", lang)),
               "sc-ids"),
        html.Div([
            _field(t("scenario.pollutant", lang), dcc.Dropdown(
                id=ids.POLLUTANT_IN, value="PM2_5", clearable=False,
                options=[{"label": LABEL[p], "value": p} for p in AIR_POLLUTANTS])),
            _field(t("scenario.fraction", lang), dcc.Input(
                id=ids.FRACTION, type="number", min=0, max=100, step=1, value=30)),
        ], className="sc-row"),
        html.Button(t("scenario.add_cut", lang), id=ids.ADD_CUT, n_clicks=0,
                    className="btn btn-secondary"),
        html.Div(id=ids.CUT_LIST),
        html.Details([
            html.Summary(t("scenario.new_source", lang)),
            html.Div([
                _field(t("scenario.lon", lang), dcc.Input(id=ids.NEW_LON, type="number")),
                _field(t("scenario.lat", lang), dcc.Input(id=ids.NEW_LAT, type="number")),
            ], className="sc-row"),
            html.Div([
                _field(t("scenario.height", lang), dcc.Input(id=ids.NEW_HEIGHT, type="number",
                                                             value=30, min=0)),
                _field(t("scenario.emission", lang), dcc.Input(id=ids.NEW_PM25, type="number",
                                                               min=0)),
            ], className="sc-row"),
        ], className="sc-new-source"),
        html.Div([
            html.Button(t("scenario.run", lang), id=ids.RUN, n_clicks=0, className="btn",
                        disabled=not writer),
            html.Button(t("scenario.cancel", lang), id=ids.CANCEL, n_clicks=0,
                        className="btn btn-secondary", disabled=True),
        ], className="sc-row sc-buttons"),
        html.Progress(id=ids.PROGRESS, value="0", max="100", className="sc-progress"),
        html.Div(id=ids.STATUS, className="sc-status"),
        html.Div(id=ids.RESULT_STATUS, className="sc-status"),
        html.P(t("scenario.matrix_note", lang), className="hint"),
        html.P(t("scenario.read_only", lang), className="hint", hidden=writer),
    ], className="sc-form")


def air_map(lang: Lang) -> html.Div:
    basemaps = basemap_choices(lang)
    basemap = find_basemap(basemaps, default_basemap(basemaps))
    return html.Div([
        dl.Map(id=ids.MAP, **map_view(7), maxZoom=14, className="sc-map",
               children=[
                   dl.TileLayer(id=ids.BASEMAP, url=basemap.url,
                                attribution=basemap.attribution,
                                maxNativeZoom=basemap.max_native_zoom, maxZoom=14),
                   dl.Pane([], id=ids.LEFT_TILES, name="sc-left", className="sc-pane"),
                   dl.Pane([], id=ids.RIGHT_TILES, name="sc-right", className="sc-pane"),
                   dl.FeatureGroup([dl.EditControl(
                       id=ids.DRAW, position="topleft",
                       draw={"polyline": False, "circle": False, "circlemarker": False,
                             "marker": False, "rectangle": True, "polygon": True},
                       edit={"edit": False, "remove": True})]),
                   dl.ScaleControl(position="bottomleft", imperial=False),
               ]),
        html.Div(html.Div(className="sc-swipe-handle", title=t("scenario.swipe_hint", lang)),
                 id=ids.SWIPE, className="sc-swipe", **{"data-position": "0.5"}),
        html.Div(id=ids.LEGEND, className="sc-legend-box"),
        html.Div([
            dcc.RadioItems(id=ids.VIEW, value="swipe", inline=True, className="sc-radio",
                           options=[{"label": t(f"scenario.view.{v}", lang), "value": v}
                                    for v in ("swipe", "delta")]),
            dcc.RadioItems(id=ids.POLLUTANT, value="PM2_5", inline=True, className="sc-radio",
                           options=[{"label": LABEL[p], "value": p} for p in AIR_POLLUTANTS]),
        ], className="sc-map-controls"),
        html.Div([html.Span(t("scenario.view.baseline", lang), className="sc-side-left"),
                  html.Span(t("scenario.view.scenario", lang), className="sc-side-right")],
                 className="sc-side-labels"),
    ], className="sc-map-wrap")


def air_tab(lang: Lang, writer: bool) -> html.Div:
    return html.Div([
        html.Aside([air_form(lang, writer),
                    html.H4(t("scenario.saved", lang)),
                    html.Div(id=ids.SAVED)], className="sc-side"),
        html.Main([
            air_map(lang),
            html.Div(id=ids.EXPORTS, className="sc-exports"),
            html.Div([
                html.Div([html.H4(t("scenario.stations", lang)), html.Div(id=ids.STATIONS)],
                         className="sc-card"),
                html.Div([html.H4(t("scenario.districts", lang)),
                          html.Div(id=ids.DISTRICTS)], className="sc-card"),
                html.Div([html.Div(id=ids.KPI), html.Div(id=ids.TOP)]),
                html.Div([html.Div(id=ids.PROVENANCE),
                          html.Div([html.H4(t("scenario.compare_with", lang)),
                                    dcc.Dropdown(id=ids.COMPARE_WITH),
                                    html.Div(id=ids.COMPARE)], className="sc-card")]),
            ], className="sc-results"),
        ], className="sc-main"),
    ], className="sc-layout")


def _water_map(map_id: str, layer_id: str, title: str) -> html.Div:
    return html.Div([
        html.H5(title),
        dl.Map(id=map_id, **map_view(7), maxZoom=14,
               className="sc-w-map", children=[
                   dl.TileLayer(url=_basemap().url, attribution=_basemap().attribution,
                                maxNativeZoom=_basemap().max_native_zoom, maxZoom=14),
                   dl.LayerGroup(id=layer_id),
                   dl.ScaleControl(position="bottomleft", imperial=False)]),
    ], className="sc-w-map-box")


def _basemap():
    basemaps = basemap_choices(current_context().settings.lang)
    return find_basemap(basemaps, default_basemap(basemaps))


def water_maps(lang: Lang) -> html.Div:
    """Before and after side by side: sections by GB 3838 class, rivers, cut outfalls."""
    return html.Div([
        html.Div([_water_map(ids.W_MAP_BEFORE, ids.W_LAYER_BEFORE,
                             t("scenario.water.map.before", lang)),
                  _water_map(ids.W_MAP_AFTER, ids.W_LAYER_AFTER,
                             t("scenario.water.map.after", lang))], className="sc-w-maps"),
        water_legend(lang),
        html.Div(id=ids.W_MAP_NOTE, className="hint"),
    ], className="sc-card sc-w-map-card")


def water_tab(lang: Lang, writer: bool) -> html.Div:
    kinds = ("river", "catchment", "outfalls", "all")
    return html.Div([
        html.Aside([
            _field(t("scenario.name", lang), dcc.Input(
                id=ids.W_NAME, type="text", maxLength=200,
                value=t("scenario.water.name.default", lang))),
            html.H4(t("scenario.cuts", lang)),
            _field(t("scenario.select", lang), dcc.Dropdown(
                id=ids.W_SELECT_KIND, value="river", clearable=False,
                options=[{"label": t(f"scenario.water.select.{k}", lang), "value": k}
                         for k in kinds])),
            _field(t("scenario.value", lang), dcc.Dropdown(id=ids.W_SELECT_VALUE, multi=False)),
            html.Div([
                _field(t("scenario.pollutant", lang), dcc.Dropdown(
                    id=ids.W_POLLUTANT_IN, value="TP", clearable=False,
                    options=[{"label": LABEL[p], "value": p} for p in WATER_POLLUTANTS])),
                _field(t("scenario.fraction", lang), dcc.Input(
                    id=ids.W_FRACTION, type="number", min=0, max=100, step=1, value=50)),
            ], className="sc-row"),
            html.Button(t("scenario.add_cut", lang), id=ids.W_ADD_CUT, n_clicks=0,
                        className="btn btn-secondary"),
            html.Div(id=ids.W_CUT_LIST),
            html.Button(t("scenario.run", lang), id=ids.W_RUN, n_clicks=0, className="btn",
                        disabled=not writer),
            html.P(t("scenario.synthetic", lang), className="sc-synthetic"),
            html.H4(t("scenario.saved", lang)),
            html.Div(id=ids.W_SAVED),
        ], className="sc-side"),
        html.Main([
            water_maps(lang),
            html.Div([html.Div(id=ids.W_LAKE),
                      html.Div([html.H4(t("scenario.water.profile", lang)),
                                dcc.Dropdown(id=ids.W_RIVER, clearable=False),
                                dcc.Graph(id=ids.W_PROFILE, config={"displaylogo": False},
                                          className="sc-profile")], className="sc-card")],
                     className="sc-water-top"),
            html.Div(id=ids.W_SECTIONS),
            html.Div(id=ids.W_PROVENANCE),
        ], className="sc-main"),
    ], className="sc-layout")


def layout(**query: str) -> html.Div:
    context = current_context()
    lang: Lang = query.get("lang") if query.get("lang") in ("zh", "en") else \
        context.settings.lang  # type: ignore[assignment]
    writer = can_write()
    try:
        shown, down = _initial(query), []
    except Exception as exc:  # a stopped store: say so; the callbacks say it again
        shown, down = None, [error_notice(exc, lang)]
    return html.Div([
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.CUTS, data=[]),
        dcc.Store(id=ids.W_CUTS, data=[]),
        dcc.Store(id=ids.POLYGON),
        dcc.Store(id=ids.RUN_ID),
        dcc.Store(id=ids.NEW_RUN),
        dcc.Store(id=ids.DUP_RUN),
        dcc.Store(id=ids.DONE),
        dcc.Store(id=ids.RENDERED),
        dcc.Store(id=ids.OPENED),
        dcc.Store(id=ids.DELETED),
        dcc.Store(id=ids.CANCELLED, data=0),
        dcc.Store(id=ids.SHOWN, data=shown),
        dcc.Store(id=ids.W_SHOWN),
        dcc.Interval(id=ids.TICK, interval=TICK_MS, disabled=True),
        html.Div([*down, *[html.Div(id=i) for i in (
            ids.NOTICE_CUTS, ids.NOTICE_RUN, ids.NOTICE_CANCEL, ids.NOTICE_SAVED,
            ids.NOTICE_WATER)]], id=ids.NOTICE, className="sc-notice"),
        html.P(t("scenario.synthetic", lang), className="sc-synthetic sc-banner"),
        dcc.Tabs(id=ids.TABS, value="air", className="sc-tabs", children=[
            dcc.Tab(air_tab(lang, writer), label=t("scenario.tab.air", lang), value="air"),
            dcc.Tab(water_tab(lang, writer), label=t("scenario.tab.water", lang),
                    value="water"),
        ]),
    ], className="sc-page")
