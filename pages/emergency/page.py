"""The emergency page (``/emergency``): incident list, map of zones, receptors and routes,
panels (grade, receptors, resources, downstream board, timeline), a new-incident dialog.

Duty officers (``incident:write``) record and change incidents; leaders see the same page
read only. The map loads its data by URL from ``/api/incidents/{id}/…``; callbacks carry
ids and small summaries. Every screen watching an incident follows it through the
server-sent events of ``/api/incidents/{id}/events`` (``assets/emergency_events.js``): a
change, a log entry or a new hour of wind observations redraws it within about a second;
where the stream cannot be opened, an interval of :data:`REFRESH_MS` does the same.
A slider over the log replays the incident as it was after each step.
"""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html, register_page
from dash_extensions.javascript import Namespace

from auth.roles import INCIDENT_WRITE, PAGE_EMERGENCY
from auth.web import current_principal
from core.context import current_context
from core.i18n import Lang, t
from decision_models import radiation as rad
from emergency.rules import LOG_KINDS
from pages.common import region_map_view
from pages.emergency import (
    callbacks,  # noqa: F401  (registers the page's callbacks)
    ids,
)
from pages.emergency.components import legend, substance_options
from pages.onemap.basemaps import basemap_choices, default_basemap, find_basemap

NS = Namespace("emergency", "map")
MAP_PX = (1200, 900)  # the incident map on a 1920×1080 screen [px]
REFRESH_MS = 5000


def map_view(min_zoom: int = 7) -> dict[str, object]:
    """The page's map framed on the served region (:func:`pages.common.region_map_view`)."""
    return region_map_view(MAP_PX, min_zoom)


def tab_title() -> str:
    return t("em.tab_title", current_context().settings.lang)


register_page(__name__, path="/emergency", name="应急指挥", title=tab_title, order=20,
              nav_key="nav.emergency", permission=PAGE_EMERGENCY)


def can_write() -> bool:
    principal = current_principal()
    return principal is not None and principal.can(INCIDENT_WRITE)


def _field(label: str, component) -> html.Label:
    return html.Label([html.Span(label), component], className="em-field")


def new_incident_dialog(lang: Lang, risk_options: list[dict]) -> html.Div:
    return html.Div([
        html.H3(t("em.new", lang)),
        html.P(t("em.click_map", lang), className="hint"),
        _field(t("em.kind", lang), dcc.Dropdown(
            id=ids.F_KIND, value="air_release", clearable=False,
            options=[{"label": t(f"em.kind.{k}", lang), "value": k}
                     for k in ("air_release", "water_spill")])),
        _field(t("em.risk_source", lang), dcc.Dropdown(id=ids.F_RISK, options=risk_options)),
        html.Div([_field(t("em.lon", lang), dcc.Input(id=ids.F_LON, type="number")),
                  _field(t("em.lat", lang), dcc.Input(id=ids.F_LAT, type="number"))],
                 className="em-row"),
        _field(t("em.substance", lang), dcc.Dropdown(id=ids.F_SUBSTANCE,
                                                     options=substance_options(lang))),
        _field(t("em.mass_kg", lang), dcc.Input(id=ids.F_MASS, type="number", min=0)),
        html.Div([_field(t("em.wind_speed", lang), dcc.Input(id=ids.F_WIND, type="number")),
                  _field(t("em.wind_from", lang), dcc.Input(id=ids.F_FROM, type="number")),
                  _field(t("em.cloud", lang), dcc.Input(id=ids.F_CLOUD, type="number"))],
                 className="em-row"),
        _field(t("em.description", lang), dcc.Textarea(id=ids.F_DESC)),
        html.Div([html.Button(t("em.create", lang), id=ids.CREATE, n_clicks=0, className="btn"),
                  html.Button(t("em.cancel", lang), id=ids.CANCEL, n_clicks=0,
                              className="btn btn--secondary")], className="em-row"),
    ], id=ids.DIALOG, className="em-dialog em-hidden", role="dialog")


def radiation_fields(lang: Lang) -> html.Details:
    """A radiation event's facts, as the grade's radiation criteria need them (国办函〔2014〕
    119号 附件1): event type, source category I–V, extent of the contamination, the highest
    dose and whose limit, acute deaths and severe radiation sickness."""
    def options(keys, prefix: str) -> list[dict[str, str]]:
        return [{"label": t(f"{prefix}.{k}", lang), "value": k} for k in keys]

    return html.Details([
        html.Summary(t("em.rad.title", lang)),
        _field(t("em.rad.type", lang), dcc.Dropdown(
            id=ids.P_RAD_TYPE, options=options(rad.EVENT_TYPES, "em.rad.type"),
            placeholder=t("em.rad.none", lang))),
        html.Div([_field(t("em.rad.category", lang), dcc.Dropdown(
                      id=ids.P_RAD_CATEGORY,
                      options=[{"label": f"{c.roman}类 {c.name_zh}" if lang == "zh" else
                                f"Category {c.roman} ({c.name_en})", "value": c.roman}
                               for c in rad.CATEGORIES.values()])),
                  _field(t("em.rad.extent", lang), dcc.Dropdown(
                      id=ids.P_RAD_EXTENT, options=options(rad.LEAK_EXTENTS,
                                                           "em.rad.extent")))],
                 className="em-row"),
        html.Div([_field(t("em.rad.dose", lang), dcc.Input(id=ids.P_RAD_DOSE, type="number",
                                                           min=0)),
                  _field(t("em.rad.exposed", lang), dcc.Dropdown(
                      id=ids.P_RAD_EXPOSED, value="public", clearable=False,
                      options=options(rad.ANNUAL_DOSE_LIMIT_MSV, "em.rad.exposed")))],
                 className="em-row"),
        html.Div([_field(t("em.rad.deaths", lang), dcc.Input(id=ids.P_RAD_DEATHS,
                                                             type="number", min=0)),
                  _field(t("em.rad.sick", lang), dcc.Input(id=ids.P_RAD_SICK, type="number",
                                                           min=0))], className="em-row"),
        html.P(t("em.rad.hint", lang), className="hint"),
    ], className="em-radiation")


def controls(lang: Lang) -> html.Div:
    """Weather, status, casualties and log entry of the selected incident (duty only)."""
    return html.Div([
        html.H4(t("em.weather", lang)),
        html.Div(id=ids.WEATHER_SOURCE),
        html.Div([_field(t("em.wind_speed", lang), dcc.Input(id=ids.P_WIND, type="number")),
                  _field(t("em.wind_from", lang), dcc.Input(id=ids.P_FROM, type="number")),
                  _field(t("em.cloud", lang), dcc.Input(id=ids.P_CLOUD, type="number"))],
                 className="em-row"),
        html.Div([_field(t("em.deaths", lang), dcc.Input(id=ids.P_DEATHS, type="number", min=0)),
                  _field(t("em.poisoned", lang),
                         dcc.Input(id=ids.P_POISONED, type="number", min=0)),
                  _field(t("em.evacuated", lang),
                         dcc.Input(id=ids.P_EVACUATED, type="number", min=0))],
                 className="em-row"),
        radiation_fields(lang),
        _field(t("em.status", lang), dcc.Dropdown(
            id=ids.P_STATUS, clearable=False,
            options=[{"label": t(f"em.status.{s}", lang), "value": s}
                     for s in ("open", "contained", "closed")])),
        html.Div([html.Button(t("em.apply", lang), id=ids.APPLY, n_clicks=0, className="btn"),
                  html.Button(t("em.wx.use_observed", lang), id=ids.USE_OBSERVED, n_clicks=0,
                              className="btn btn--secondary")], className="em-row"),
        html.P(t("em.wx.override", lang), className="hint"),
        html.H4(t("em.timeline", lang)),
        html.Div([_field(t("em.log.kind", lang), dcc.Dropdown(
            id=ids.LOG_KIND, value="note", clearable=False,
            options=[{"label": t(f"em.log.{k}", lang), "value": k} for k in LOG_KINDS])),
                  _field(t("em.log.value", lang), dcc.Input(id=ids.LOG_VALUE, type="number"))],
                 className="em-row"),
        _field(t("em.log.target", lang), dcc.Dropdown(id=ids.LOG_TARGET, options=[],
                                                      searchable=True)),
        html.Div([dcc.Input(id=ids.LOG_TEXT, type="text", placeholder=t("em.log_text", lang),
                            className="em-log-input"),
                  html.Button(t("em.log_add", lang), id=ids.LOG_ADD, n_clicks=0,
                              className="btn btn--secondary")], className="em-row"),
    ], id=ids.CONTROLS, className="em-controls em-hidden")


def layout(**query: str) -> html.Div:
    context = current_context()
    lang: Lang = query.get("lang") if query.get("lang") in ("zh", "en") else \
        context.settings.lang  # type: ignore[assignment]
    writer = can_write()
    try:
        selected = int(query["incident"]) if query.get("incident") else None
    except ValueError:
        selected = None
    from pages.emergency.callbacks import risk_source_options

    basemaps = basemap_choices(lang)
    basemap = find_basemap(basemaps, default_basemap(basemaps))
    return html.Div([
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.SELECTED, data=selected),
        dcc.Store(id=ids.VERSION),
        dcc.Store(id=ids.CHANGED, data=0),
        dcc.Store(id=ids.CREATED),
        dcc.Store(id=ids.PUSHED),
        dcc.Store(id=ids.WATCHING),
        dcc.Store(id=ids.REPLAY_STEPS, data=[]),
        dcc.Interval(id=ids.TICK, interval=REFRESH_MS),
        html.Aside([
            html.Div([html.H3(t("em.incidents", lang)),
                      html.Button(t("em.new", lang), id=ids.NEW, n_clicks=0, className="btn",
                                  hidden=not writer)], className="em-side-head"),
            html.P(t("em.read_only", lang), className="hint", hidden=writer),
            html.Div(id=ids.LIST, className="em-list"),
            html.P(t("em.deadline_rule", lang), className="hint em-note"),
        ], className="em-side"),
        html.Main([
            dl.Map(id=ids.MAP, **map_view(7), maxZoom=16,
                   className="em-map", children=[
                       dl.TileLayer(url=basemap.url, attribution=basemap.attribution,
                                    maxNativeZoom=basemap.max_native_zoom, maxZoom=16),
                       dl.GeoJSON(id=ids.ZONES, url=None, style=NS("zone"),
                                  pointToLayer=NS("zonePoint"), onEachFeature=NS("tip")),
                       dl.GeoJSON(id=ids.ROUTES, url=None, style=NS("route"),
                                  onEachFeature=NS("tip")),
                       dl.GeoJSON(id=ids.RECEPTORS, url=None, pointToLayer=NS("receptor"),
                                  onEachFeature=NS("tip")),
                       dl.LayerGroup(id=ids.CLICKED),
                       dl.ScaleControl(position="bottomleft", imperial=False)]),
            legend(lang),
            html.Div([html.Span(t("em.replay", lang), className="em-replay-title"),
                      html.Div(dcc.Slider(id=ids.REPLAY, min=0, max=0, step=1, value=0,
                                          marks={}, updatemode="mouseup",
                                          allow_direct_input=False),
                               className="em-replay-slider"),
                      html.Div(id=ids.REPLAY_LABEL, className="em-replay-label")],
                     className="em-replay em-hidden", id=ids.REPLAY + "-bar"),
            new_incident_dialog(lang, risk_source_options(lang)) if writer else html.Div(
                id=ids.DIALOG, hidden=True),
        ], className="em-main"),
        html.Aside([
            html.Div(id=ids.NOTICE, className="notices"),
            html.Div(html.P(t("em.pick", lang), className="hint"), id=ids.GRADE),
            controls(lang) if writer else html.Div(id=ids.CONTROLS, hidden=True),
            html.Div(id=ids.REPORTS),
            html.Div(id=ids.RECEPTOR_TABLE),
            html.Div(id=ids.RESOURCE_TABLE),
            html.Div(id=ids.DOWNSTREAM),
            html.Div(id=ids.TIMELINE),
        ], id=ids.DETAIL, className="em-detail"),
    ], id=ids.PAGE, className="emergency")
