"""The audit log page (``/admin/audit``): filter by who, what and when; export CSV.

The table shows one page of 100 rows (newest first) through a thin callback; the CSV
export is a link to ``/api/audit.csv`` with the same filters (big data by URL).
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

from dash import Input, Output, State, callback, dcc, html, register_page

from auth import audit
from auth.roles import ADMIN_AUDIT
from core.context import current_context
from core.errors import OneMapError
from core.i18n import Lang, t
from pages.admin import ids
from pages.common import error_notice
from store.db import connection

register_page(__name__, path="/admin/audit", name="审计日志", title="审计日志", order=90,
              nav_key="nav.audit", permission=ADMIN_AUDIT)

PAGE_SIZE = 100
ACTIONS = ["auth.", "user.", "token.", "data."]  # prefixes; workspaces add theirs


def _lang(query: dict[str, str]) -> Lang:
    value = query.get("lang")
    return value if value in ("zh", "en") else current_context().settings.lang


def layout(**query: str) -> html.Div:
    lang = _lang(query)
    return html.Div([
        dcc.Store(id=ids.AUDIT_LANG, data=lang),
        html.H2(t("audit.title", lang)),
        html.Div([
            html.Label([t("audit.actor", lang), dcc.Input(id=ids.AUDIT_ACTOR, type="text",
                                                         debounce=True, className="field")]),
            html.Label([t("audit.action", lang), dcc.Dropdown(
                id=ids.AUDIT_ACTION, options=[{"label": a.rstrip("."), "value": a}
                                              for a in ACTIONS],
                placeholder=t("audit.any", lang), className="field field--wide")]),
            html.Label([t("audit.since", lang), dcc.Input(id=ids.AUDIT_SINCE, type="date",
                                                         className="field")]),
            html.Label([t("audit.until", lang), dcc.Input(id=ids.AUDIT_UNTIL, type="date",
                                                         className="field")]),
            html.Button(t("region.run", lang), id=ids.AUDIT_RUN, n_clicks=0, className="btn"),
            html.A(t("audit.csv", lang), id=ids.AUDIT_CSV, href="/api/audit.csv",
                   className="btn btn--secondary"),
        ], className="admin-filters"),
        dcc.Store(id=ids.AUDIT_PAGE, data=0),
        html.P(id=ids.AUDIT_COUNT, className="hint"),
        html.Div(id=ids.AUDIT_TABLE, className="admin-table-wrap"),
    ], className="admin-page")


def _filter(actor, action, since, until, offset: int) -> audit.AuditFilter:
    def day(value: str | None, plus: int = 0) -> dt.datetime | None:
        if not value:
            return None
        return dt.datetime.fromisoformat(value) + dt.timedelta(days=plus)

    return audit.AuditFilter(actor=(actor or "").strip() or None, action=action or None,
                             since=day(since), until=day(until, 1), limit=PAGE_SIZE,
                             offset=offset)


def _cell(value) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False)[:300] if isinstance(value, dict) else str(value)


def audit_table(rows: list[dict], lang: Lang) -> html.Table:
    heads = ["audit.at", "audit.actor", "audit.via", "audit.action", "audit.object",
             "audit.change", "audit.address"]
    return html.Table([
        html.Thead(html.Tr([html.Th(t(h, lang)) for h in heads])),
        html.Tbody([html.Tr([
            html.Td(audit.beijing_text(r["at"]), className="nowrap"),
            html.Td(r["actor"]), html.Td(r["via"]), html.Td(r["action"]),
            html.Td(f"{r['object_type']} {r['object_id']}".strip()),
            html.Td([html.Div(_cell(r["before"]), className="before") if r["before"] else None,
                     html.Div(_cell(r["after"]), className="after") if r["after"] else None,
                     html.Div(r["detail"], className="detail") if r["detail"] else None]),
            html.Td(r["address"]),
        ]) for r in rows]),
    ], className="admin-table")


@callback(
    Output(ids.AUDIT_TABLE, "children"), Output(ids.AUDIT_COUNT, "children"),
    Output(ids.AUDIT_CSV, "href"),
    Input(ids.AUDIT_RUN, "n_clicks"), Input(ids.AUDIT_ACTOR, "value"),
    Input(ids.AUDIT_ACTION, "value"),
    State(ids.AUDIT_SINCE, "value"), State(ids.AUDIT_UNTIL, "value"),
    State(ids.AUDIT_LANG, "data"),
)
def show_audit(_clicks, actor, action, since, until, lang):
    lang = lang if lang in ("zh", "en") else "zh"
    try:
        f = _filter(actor, action, since, until, 0)
    except (TypeError, ValueError):
        return html.Div(), t("error.bad_param", lang), "/api/audit.csv"
    args = {k: v for k, v in {"actor": f.actor, "action": f.action,
                              "since": since, "until": until}.items() if v}
    href = "/api/audit.csv" + (f"?{urlencode(args)}" if args else "")
    try:
        with connection(current_context().engine) as conn:
            rows, total = audit.query(conn, f)
    except OneMapError as exc:
        return error_notice(exc, lang), "", href
    count = t("audit.count", lang).format(shown=len(rows), total=total)
    return audit_table(rows, lang), count, href
