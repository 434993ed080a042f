"""The enforcement page (``/tasks``): the list and map of tasks by status with filters, the
task view (timeline, evidence, countdown, the steps allowed to you), the clue inbox and the
statistics by district and team.

Deep links: ``?task=<id>`` opens a task, ``?source=<id>`` the new-task form of a pollution
source (from its file on One Map), ``?feature=<collection>:<id>`` the new-task form of any
map feature a task may be made from (:data:`enforcement.creation.FEATURE_COLLECTIONS`: a
complaint, a change patch, a water section…; the One Map feature panel links here),
``?view=clues|stats|admin`` a tab, ``?overdue=true`` the overdue ones. A malformed link says so
in a notice; an unknown id says so in the detail pane. A polygon or rectangle drawn on the
page's map opens the new-task form of that region. The map loads ``/api/tasks/map`` by
URL; callbacks carry ids and small summaries. On a phone (narrow screen) the list, the
task and its actions stack; photos go straight from the camera into the evidence
(``assets/tasks.js``).
"""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html, register_page
from dash_extensions.javascript import Namespace
from sqlalchemy import text

from auth.roles import PAGE_TASKS, TASK_REVIEW
from auth.web import current_principal
from core import clock
from core.context import current_context
from core.errors import OneMapError
from core.i18n import Lang, t
from enforcement import rules
from enforcement.creation import FEATURE_COLLECTIONS
from pages.common import notice, region_map_view
from pages.onemap.basemaps import basemap_choices, default_basemap, find_basemap
from pages.onemap.components import synthetic_badge
from pages.tasks import (
    callbacks,  # noqa: F401  (registers the page's callbacks)
    ids,
)
from pages.tasks.components import now_text, status_label
from store.db import connection

NS = Namespace("tasks", "map")
MAP_PX = (900, 640)  # the task map on a 1920×1080 screen [px]
TICK_MS = 30_000


def map_view(min_zoom: int = 7) -> dict[str, object]:
    """The page's map framed on the served region (:func:`pages.common.region_map_view`)."""
    return region_map_view(MAP_PX, min_zoom)


def tab_title() -> str:
    return t("tasks.tab_title", current_context().settings.lang)


register_page(__name__, path="/tasks", name="执法任务", title=tab_title, order=30,
              nav_key="nav.tasks", permission=PAGE_TASKS)


def district_options() -> list[dict[str, str]]:
    try:
        with connection(current_context().engine) as conn:
            rows = conn.execute(text(
                "SELECT adcode, name FROM admin_districts ORDER BY adcode")).all()
    except OneMapError:
        return []
    return [{"label": r[1], "value": r[0]} for r in rows]


def can_review() -> bool:
    principal = current_principal()
    return principal is not None and TASK_REVIEW in principal.permissions


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**31 \
        else None


def feature_param(raw: str | None, lang: Lang) -> tuple[dict | None, str | None]:
    """``<collection>:<id>`` → (``{"collection", "id"}``, None), or (None, why not)."""
    if not raw:
        return None, None
    collection, _, number = raw.partition(":")
    if collection not in FEATURE_COLLECTIONS:
        return None, t("tasks.bad_feature", lang).format(
            allowed="、".join(sorted(FEATURE_COLLECTIONS)))
    fid = _int(number)
    if fid is None:
        return None, t("tasks.bad_id", lang)
    return {"collection": collection, "id": fid}, None


def link_notices(query: dict[str, str], lang: Lang) -> tuple[dict | None, list]:
    """The feature of ``?feature=`` and a notice for every malformed id of the link."""
    feature, why = feature_param(query.get("feature"), lang)
    bad = [("feature", query.get("feature"), why)] if why else []
    for name in ("source", "task"):
        raw = query.get(name)
        if raw not in (None, "") and _int(raw) is None:
            bad.append((name, raw, t("tasks.bad_id", lang)))
    return feature, [notice(t("tasks.bad_link", lang).format(name=n, value=v[:40], why=w),
                            lang) for n, v, w in bad]


def filters(lang: Lang, overdue: bool) -> html.Div:
    def field(label: str, component) -> html.Label:
        return html.Label([html.Span(label), component], className="tk-field")

    return html.Div([
        field(t("tasks.filter.district", lang), dcc.Dropdown(
            id=ids.F_DISTRICT, options=district_options(),
            placeholder=t("tasks.filter.all", lang))),
        field(t("tasks.filter.type", lang), dcc.Dropdown(
            id=ids.F_TYPE, placeholder=t("tasks.filter.all", lang),
            options=[{"label": t(f"tasks.type.{x}", lang), "value": x} for x in rules.TYPES])),
        field(t("tasks.filter.team", lang), dcc.Dropdown(
            id=ids.F_TEAM, placeholder=t("tasks.filter.all", lang),
            options=[{"label": x, "value": x} for x in rules.teams()])),
        field(t("tasks.filter.status", lang), dcc.Dropdown(
            id=ids.F_STATUS, value="open", clearable=True,
            placeholder=t("tasks.filter.all", lang),
            options=[{"label": t("tasks.filter.open", lang), "value": "open"}] +
                    [{"label": status_label(s, lang), "value": s} for s in rules.STATUSES])),
        dcc.Checklist(id=ids.F_OVERDUE, value=["overdue"] if overdue else [],
                      options=[{"label": t("tasks.filter.overdue", lang),
                                "value": "overdue"}], className="tk-check"),
    ], className="tk-filters")


def layout(**query: str) -> html.Div:
    context = current_context()
    lang: Lang = query.get("lang") if query.get("lang") in ("zh", "en") else \
        context.settings.lang  # type: ignore[assignment]
    view = query.get("view") if query.get("view") in ("list", "clues", "stats", "admin") \
        else "list"
    feature, bad_link = link_notices(query, lang)
    basemaps = basemap_choices(lang)
    basemap = find_basemap(basemaps, default_basemap(basemaps))
    return html.Div([
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.SELECTED, data=_int(query.get("task"))),
        dcc.Store(id=ids.SOURCE, data=_int(query.get("source"))),
        dcc.Store(id=ids.FEATURE, data=feature),
        dcc.Store(id=ids.REGION),
        dcc.Store(id=ids.VERSION),
        dcc.Store(id=ids.CHANGED, data=0),
        dcc.Store(id=ids.ADMIN_VERSIONS),
        dcc.Interval(id=ids.TICK, interval=TICK_MS),
        html.Button(id=ids.UPLOADED, n_clicks=0, hidden=True),
        html.Header([
            html.H2(t("tasks.title", lang)),
            html.Span(now_text(clock.beijing_now(), lang), className="hint tk-now"),
            synthetic_badge(lang),
            html.Span(t("tasks.sample_note", lang), className="hint tk-sample-note"),
        ], className="tk-head"),
        html.Div(bad_link, id=ids.NOTICE, className="tk-notice", role="status",
                 **{"aria-live": "polite"}),
        html.Div(id=ids.UPLOAD_STATUS, className="tk-upload-status", role="status",
                 **{"aria-live": "assertive"}),
        dcc.Tabs(id=ids.TABS, value=view, className="tk-tabs", mobile_breakpoint=0, children=[
            dcc.Tab(label=t("tasks.view.list", lang), value="list", children=html.Div([
                html.Aside([filters(lang, query.get("overdue") == "true"),
                            html.Div(id=ids.COUNT, className="hint"),
                            html.Div(id=ids.LIST, className="tk-list")],
                           className="tk-side"),
                html.Section([dl.Map(id=ids.MAP, **map_view(7), maxZoom=17,
                                    className="tk-map", children=[
                    dl.TileLayer(url=basemap.url, attribution=basemap.attribution,
                                 maxNativeZoom=basemap.max_native_zoom, maxZoom=17),
                    dl.GeoJSON(id=ids.POINTS, url=None, pointToLayer=NS("point"),
                               style=NS("area"), onEachFeature=NS("tip")),
                    dl.FeatureGroup([dl.EditControl(
                        id=ids.DRAW, position="topleft",
                        draw={"polyline": False, "circle": False, "circlemarker": False,
                              "marker": False, "rectangle": True, "polygon": True},
                        edit={"edit": False, "remove": True})]),
                    dl.ScaleControl(position="bottomleft", imperial=False)]),
                    html.P(t("tasks.draw_hint", lang), className="hint tk-draw-hint")],
                    className="tk-map-box"),
                html.Section(id=ids.DETAIL, className="tk-detail",
                             children=[html.P(t("tasks.pick", lang), className="hint")]),
            ], className="tk-body")),
            dcc.Tab(label=t("tasks.view.clues", lang), value="clues", children=html.Div([
                html.Div([html.Button(t("tasks.clue.refresh", lang), id=ids.CLUE_REFRESH,
                                      n_clicks=0, className="btn btn--secondary",
                                      hidden=not can_review())], className="tk-actions"),
                html.Div(id=ids.CLUES)], className="tk-clues")),
            dcc.Tab(label=t("tasks.view.stats", lang), value="stats",
                    children=html.Div(id=ids.STATS, className="tk-stats")),
            dcc.Tab(label=t("tasks.view.admin", lang), value="admin",
                    children=html.Div([html.Div(id=ids.ADMIN_NOTICE, role="status",
                                                className="tk-admin-notice"),
                                       html.Div(id=ids.ADMIN)], className="tk-admin")),
        ]),
    ], className="tk-page", id=ids.PAGE)
