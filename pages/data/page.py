"""The data catalogue page (``/data``): search and filter the catalogue, read an entry
(provenance, quality, links, downloads), and upload a file with a validation preview.

The upload goes from the browser straight to ``POST /api/datasets`` (``assets/data.js``):
first with ``?dry_run=true`` (the report and the map preview), then, confirmed, without
it. File bytes never pass through a Dash callback; callbacks render the report, the list
and the entry from small data.
"""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html, register_page

from auth.roles import ADMIN_DATA, PAGE_DATA, UPLOAD_OWN
from auth.web import current_principal
from core.context import current_context
from core.i18n import Lang, t
from pages.common import region_map_view
from pages.data import (
    callbacks,  # noqa: F401  (registers the page's callbacks)
    ids,
)
from pages.data.components import ENCODINGS, crs_options, theme_options
from pages.onemap.basemaps import basemap_choices, default_basemap, find_basemap

MAP_PX = (700, 420)  # the preview map [px]


def map_view(min_zoom: int = 7) -> dict[str, object]:
    """The page's map framed on the served region (:func:`pages.common.region_map_view`)."""
    return region_map_view(MAP_PX, min_zoom)


def tab_title() -> str:
    return t("data.tab_title", current_context().settings.lang)


register_page(__name__, path="/data", name="数据资源目录", title=tab_title, order=40,
              nav_key="nav.data", permission=PAGE_DATA)


def can(permission: str) -> bool:
    principal = current_principal()
    return principal is not None and principal.can(permission)


def _field(label: str, component) -> html.Label:
    return html.Label([html.Span(label), component], className="data-field")


def filters(lang: Lang) -> html.Div:
    return html.Div([
        dcc.Input(id=ids.SEARCH, type="search", debounce=True, placeholder=t("data.search", lang),
                  className="data-search"),
        dcc.Dropdown(id=ids.THEME, options=theme_options(lang), value="", clearable=False,
                     className="data-filter", searchable=False),
        dcc.Dropdown(id=ids.KIND, value="", clearable=False, searchable=False,
                     className="data-filter",
                     options=[{"label": t("data.all", lang), "value": ""},
                              {"label": t("data.kind.vector", lang), "value": "vector"},
                              {"label": t("data.kind.raster", lang), "value": "raster"}]),
        dcc.Dropdown(id=ids.ORIGIN, value="", clearable=False, searchable=False,
                     className="data-filter",
                     options=[{"label": t("data.all", lang), "value": ""},
                              *({"label": t(f"data.origin.{o}", lang), "value": o}
                                for o in ("upload", "sample", "derived"))]),
    ], className="data-filters")


def upload_panel(lang: Lang) -> html.Section:
    settings = current_context().settings
    if not can(UPLOAD_OWN):
        return html.Section([html.H2(t("data.upload", lang)),
                             html.P(t("data.upload.no_permission", lang), className="hint")],
                            className="data-upload")
    basemaps = basemap_choices(lang)
    basemap = find_basemap(basemaps, default_basemap(basemaps))
    options, _ = crs_options(None, lang)
    return html.Section([
        html.H2(t("data.upload", lang)),
        dcc.Upload(id=ids.UPLOAD, multiple=False, max_size=settings.upload_max_mb * 2**20,
                   className="data-drop", className_active="data-drop--active",
                   children=html.Div([
                       html.Strong(t("data.upload.drop", lang)),
                       html.Span(t("data.upload.formats", lang).format(
                           mb=settings.upload_max_mb), className="hint"),
                       html.Span(id=ids.FILENAME, className="data-filename")])),
        html.Div([
            _field(t("data.upload.name", lang), dcc.Input(id=ids.NAME, type="text",
                                                          className="data-input")),
            _field(t("data.upload.theme", lang), dcc.Dropdown(
                id=ids.UP_THEME, options=theme_options(lang, with_all=False)[:-1],
                value="enforcement", clearable=False, searchable=False)),
            _field(t("data.upload.encoding", lang), dcc.Dropdown(
                id=ids.ENCODING, value="", clearable=False, searchable=False,
                options=[{"label": t("data.upload.encoding_auto", lang), "value": ""},
                         *({"label": e, "value": e} for e in ENCODINGS)])),
            _field(t("data.upload.crs", lang), dcc.Dropdown(
                id=ids.CRS, value="", clearable=False, options=options)),
        ], className="data-form"),
        dcc.Checklist(id=ids.GCJ02, value=[], className="data-gcj02",
                      options=[{"label": t("data.upload.gcj02", lang), "value": "gcj02"}]),
        html.Div([
            html.Button(t("data.upload.check", lang), id=ids.CHECK, n_clicks=0, className="btn",
                        disabled=True),
            html.Button(t("data.upload.confirm", lang), id=ids.CONFIRM, n_clicks=0,
                        className="btn btn--primary", disabled=True),
        ], className="btn-row"),
        dcc.Loading(html.Div(id=ids.REPORT, className="data-report"), type="dot"),
        html.H4(t("data.upload.preview", lang)),
        dl.Map(id=ids.PREVIEW_MAP, **map_view(), className="data-preview-map",
               children=[dl.TileLayer(url=basemap.url, attribution=basemap.attribution,
                                      maxNativeZoom=basemap.max_native_zoom),
                         dl.GeoJSON(id=ids.PREVIEW, data=None)]),
    ], className="data-upload")


def layout(**query: str) -> html.Div:
    settings = current_context().settings
    lang: Lang = query.get("lang") if query.get("lang") in ("zh", "en") else settings.lang  # type: ignore[assignment]
    return html.Div([
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.CHANGED, data=0),
        dcc.Store(id=ids.UPLOADED),
        dcc.Store(id=ids.SELECTED, data=query.get("id")),
        dcc.Store(id=ids.RESULT),
        html.Header([html.H1(t("data.title", lang)), html.P(t("data.intro", lang),
                                                            className="hint")],
                    className="data-header"),
        html.Div(id=ids.NOTICE, className="notices"),
        html.Div([
            html.Section([filters(lang), html.P(id=ids.COUNT, className="hint"),
                          html.Div(id=ids.LIST, className="data-list")],
                         className="data-catalogue"),
            html.Section([html.Div(id=ids.ACTION_NOTICE, className="notices"),
                          html.Div(html.P(t("data.choose", lang), className="hint"),
                                   id=ids.DETAIL)], className="data-detail"),
            upload_panel(lang),
        ], className="data-columns"),
    ], id=ids.PAGE, className="data-page", **{"data-admin": str(can(ADMIN_DATA)).lower()})
