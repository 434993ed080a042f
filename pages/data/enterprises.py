"""The catalogue of enterprises in the data catalogue: the pollution sources' entry lists
every enterprise with its enterprise environment code (企业环境码, as last stored by the
enforcement loop), red first, searchable, filtered by colour, paged (50 a page: a page is
small data, never the whole table)."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, callback, ctx, dcc, html

from core.context import current_context
from core.errors import OneMapError
from core.i18n import Lang, t
from enforcement import service
from pages.common import error_notice
from pages.data import ids
from pages.tasks.components import code_badge

PAGE = 50
#: Catalogue entries whose detail lists the enterprises.
ENTRIES = ("layer:pollution_sources", "layer:source_codes")


def enterprise_section(lang: Lang) -> html.Section:
    return html.Section([
        html.H4(t("data.ent.title", lang)),
        html.Div([
            dcc.Input(id=ids.ENT_SEARCH, type="search", debounce=True,
                      placeholder=t("data.ent.search", lang), className="data-search"),
            dcc.Dropdown(id=ids.ENT_CODE, value="", clearable=False, searchable=False,
                         className="data-filter", options=[
                             {"label": t("data.ent.all", lang), "value": ""},
                             *({"label": t(f"tasks.code.{c}", lang), "value": c}
                               for c in ("red", "yellow", "green", "none"))]),
        ], className="data-filters data-ent-filters"),
        dcc.Store(id=ids.ENT_OFFSET, data=0),
        html.Div(id=ids.ENT_LIST, className="data-ent-list"),
        html.Div([html.Button(t("data.ent.prev", lang), id=ids.ENT_PREV, n_clicks=0,
                              className="btn btn--secondary"),
                  html.Button(t("data.ent.next", lang), id=ids.ENT_NEXT, n_clicks=0,
                              className="btn btn--secondary")], className="btn-row"),
    ], className="data-enterprises")


def enterprise_table(page: dict[str, Any], lang: Lang) -> list[Any]:
    rows = page["enterprises"]
    if not rows:
        return [html.P(t("data.ent.none", lang), className="hint")]
    newest = max((r["computed_at"] or "" for r in rows), default="")
    head = html.Thead(html.Tr([html.Th(t(f"data.ent.{c}", lang)) for c in (
        "name", "district", "code", "permit")] + [html.Th("")]))
    body = html.Tbody([html.Tr([
        html.Td([html.Div(r["name"]), html.Small(r["source_code"], className="hint")]),
        html.Td(r["district"] or "—"),
        html.Td(code_badge(r["code"], lang, r["score"])),
        html.Td((r["permit_valid_until"] or "—")[:10]),
        html.Td(html.A(t("data.ent.task", lang), href=f"/tasks?source={r['id']}",
                       className="data-ent-task")),
    ], className=f"data-ent-row data-ent-row--{r['code'] or 'none'}") for r in rows])
    first = page["offset"] + 1
    return [html.P(t("data.ent.count", lang).format(n=page["total"], a=first,
                                                     b=page["offset"] + len(rows)),
                   className="hint data-ent-count"),
            html.Table([head, body], className="record-table record-table--list"),
            html.P(t("data.ent.note", lang).format(t=newest[:16].replace("T", " ") or "—"),
                   className="hint")]


@callback(Output(ids.ENT_OFFSET, "data"), Input(ids.ENT_PREV, "n_clicks"),
          Input(ids.ENT_NEXT, "n_clicks"), Input(ids.ENT_SEARCH, "value"),
          Input(ids.ENT_CODE, "value"), State(ids.ENT_OFFSET, "data"),
          prevent_initial_call=True)
def page_offset(_prev, _next, _q, _code, offset):
    """A new search or colour starts at the first page; the buttons move by a page."""
    trigger = ctx.triggered_id
    if trigger == ids.ENT_NEXT:
        return (offset or 0) + PAGE
    if trigger == ids.ENT_PREV:
        return max(0, (offset or 0) - PAGE)
    return 0


@callback(Output(ids.ENT_LIST, "children"), Input(ids.ENT_OFFSET, "data"),
          State(ids.ENT_SEARCH, "value"), State(ids.ENT_CODE, "value"),
          State(ids.LANG, "data"))
def show_enterprises(offset, q, code, lang):
    engine = current_context().engine
    try:
        page = service.enterprises(engine, q or None, code or None, limit=PAGE,
                                   offset=offset or 0)
        if offset and not page["enterprises"] and page["total"]:  # past the end: the last
            page = service.enterprises(engine, q or None, code or None, limit=PAGE,
                                       offset=(page["total"] - 1) // PAGE * PAGE)
    except OneMapError as exc:
        return [error_notice(exc, lang)]
    return enterprise_table(page, lang)
