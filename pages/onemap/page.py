"""The One Map page (``/``): full-window map, layer tree, legend, time, region query."""

from __future__ import annotations

from dash import dcc, html, register_page

from auth.roles import PAGE_ONEMAP
from core.clock import beijing_now, floor_hour
from core.context import current_context
from core.errors import OneMapError
from core.i18n import t
from layers.rasters import raster_ids
from layers.regions import list_regions
from pages.common import error_notice, notice
from pages.onemap import (
    callbacks,  # noqa: F401  (registers the page's callbacks)
    ids,
)
from pages.onemap.basemaps import basemap_choices, default_basemap, find_basemap
from pages.onemap.components import (
    basemap_selector,
    find_layer,
    layer_tree,
    legend,
    map_component,
    page_class,
    region_panel,
    share_section,
    time_slider,
)
from pages.onemap.state import parse_view, region_frame
from pages.onemap.view_urls import approx_bounds, layer_url


def tab_title() -> str:
    """The browser tab's title in the deployment's language (``ONEMAP_LANG``); a page
    opened with ``?lang=`` sets its own (clientside ``onemap.setTitle``)."""
    return t("onemap.tab_title", current_context().settings.lang)


register_page(__name__, path="/", name="一张图", title=tab_title, order=0,
              nav_key="nav.onemap", permission=PAGE_ONEMAP)


def layout(**query: str) -> html.Div:
    context = current_context()
    registry = context.registry
    lang_default = context.settings.lang
    lang = query.get("lang", lang_default) if query.get("lang") in ("zh", "en") else lang_default
    basemaps = basemap_choices(lang)
    view, warnings = parse_view(
        query, known_layers=[*registry.ids(), *raster_ids()],
        default_layers=[s.id for s in registry if s.default_on],
        basemaps=[b.id for b in basemaps], default_basemap=default_basemap(basemaps),
        default_lang=lang_default, frame=region_frame(context.settings.region.bbox))
    notices = [notice(t("error.bad_param", lang) + "; ".join(warnings), lang)] if warnings else []
    try:
        regions = list_regions(context.engine)
    except OneMapError as exc:
        regions = []
        notices.append(error_notice(exc, lang))

    now = floor_hour(beijing_now())
    when = view.time or now
    bounds = approx_bounds(view.center, view.zoom)
    urls = {spec.id: layer_url(spec, spec.id in view.layers, bounds, view.zoom, when,
                               context.settings.feature_limit_max) for spec in registry}
    basemap = find_basemap(basemaps, view.basemap)
    active = [find_layer(registry, layer_id) for layer_id in view.layers]

    return html.Div([
        dcc.Store(id=ids.LANG, data=view.lang),
        dcc.Store(id=ids.VIEW_QUERY),
        dcc.Store(id=ids.TITLE, data=t("onemap.tab_title", lang)),
        html.Div(id=ids.TITLE_SINK, hidden=True),
        html.Aside([
            html.H2(context.settings.region.display_name(lang), id=ids.REGION_NAME,
                    className="onemap-region-name", title=t("region.served", lang)),
            html.Div(notices, id=ids.NOTICE, className="notices"),
            basemap_selector(basemaps, basemap.id, lang),
            time_slider(view, now, lang, live_series=context.settings.region.has_live_air),
            html.Div([html.H4(t("panel.layers", lang)), layer_tree(registry, view, lang)],
                     className="panel-section"),
            region_panel(regions, view, lang),
            share_section(lang),
        ], id=ids.SIDEBAR, className="onemap-sidebar"),
        html.Main([
            map_component(view, registry, basemap, urls, when, lang),
            html.Button("‹", id=ids.SIDEBAR_TOGGLE, n_clicks=0, className="sidebar-toggle",
                        title=t("panel.collapse", lang), **{"aria-label": t("panel.collapse",
                                                                            lang)}),
            html.Div(id=ids.REGION_RESULT, className="onemap-overlay region-result"),
            html.P(t("feature.none", lang), id=ids.FEATURE_HINT, className="map-hint"),
            html.Div([html.H4(t("panel.legend", lang)),
                      html.Div(legend(active, lang, view.zoom), id=ids.LEGEND)],
                     className="onemap-legend"),
        ], className="onemap-main"),
        html.Aside([
            html.Button("×", id=ids.FEATURE_CLOSE, n_clicks=0, className="panel-close",
                        title=t("panel.close", lang), **{"aria-label": t("panel.close", lang)}),
            html.Div([html.P(t("feature.none", lang), className="hint")], id=ids.FEATURE_BODY),
        ], id=ids.FEATURE_PANEL, className="onemap-panel"),
    ], id=ids.PAGE, className=page_class(basemap.dark))
