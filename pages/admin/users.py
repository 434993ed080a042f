"""Accounts (``/admin/users``): who exists, with which roles; create and disable.

Every action goes through :class:`auth.service.AuthService` as the signed-in admin, so it
is audited like the CLI and the REST API.
"""

from __future__ import annotations

from dash import Input, Output, State, callback, dcc, html, no_update, register_page

from auth.roles import ADMIN_USERS, ROLE_TITLES, ROLES
from auth.web import auth_service, current_actor
from core.context import current_context
from core.errors import OneMapError
from core.i18n import Lang, pick, t
from pages.admin import ids
from pages.common import error_notice, notice

register_page(__name__, path="/admin/users", name="用户管理", title="用户管理", order=91,
              nav_key="nav.users", permission=ADMIN_USERS)


def _lang(query: dict[str, str]) -> Lang:
    value = query.get("lang")
    return value if value in ("zh", "en") else current_context().settings.lang


def users_table(lang: Lang) -> html.Table | html.Div:
    try:
        users = auth_service().list_users()
    except OneMapError as exc:
        return error_notice(exc, lang)
    heads = ["users.name", "users.roles", "users.state", "users.created"]
    return html.Table([
        html.Thead(html.Tr([html.Th(t(h, lang)) for h in heads])),
        html.Tbody([html.Tr([
            html.Td([html.Strong(u["username"]), html.Br(),
                     html.Span(u["display_name"], className="hint")]),
            html.Td(", ".join(pick(*ROLE_TITLES[r], lang) for r in u["roles"]
                              if r in ROLE_TITLES)),
            html.Td(t("users.active" if u["active"] else "users.disabled", lang),
                    className="state--on" if u["active"] else "state--off"),
            html.Td(u["created_at"].strftime("%Y-%m-%d")),
        ]) for u in users]),
    ], className="admin-table")


def layout(**query: str) -> html.Div:
    lang = _lang(query)
    roles = [{"label": pick(*ROLE_TITLES[r], lang), "value": r} for r in ROLES]
    return html.Div([
        dcc.Store(id=ids.USERS_LANG, data=lang),
        html.H2(t("users.title", lang)),
        html.Div(id=ids.USERS_RESULT),
        html.Fieldset([
            html.Legend(t("users.new_section", lang)),
            html.Label([t("users.new_name", lang), dcc.Input(id=ids.USERS_NAME, type="text",
                                                            className="field")]),
            html.Label([t("users.roles", lang), dcc.Checklist(
                id=ids.USERS_ROLES, options=roles, value=["leader"], inline=True,
                className="role-checklist")]),
            html.Button(t("users.create", lang), id=ids.USERS_CREATE, n_clicks=0,
                        className="btn"),
        ], className="admin-filters"),
        html.Fieldset([
            html.Legend(t("users.toggle_section", lang)),
            html.Label([t("users.toggle_name", lang), dcc.Input(id=ids.USERS_TOGGLE_NAME,
                                                               type="text", className="field")]),
            html.Button(t("users.toggle", lang), id=ids.USERS_TOGGLE, n_clicks=0,
                        className="btn btn--secondary"),
        ], className="admin-filters"),
        html.Div(users_table(lang), id=ids.USERS_TABLE, className="admin-table-wrap"),
        html.P(t("users.cli", lang), className="hint"),
    ], className="admin-page")


@callback(
    Output(ids.USERS_RESULT, "children"), Output(ids.USERS_TABLE, "children"),
    Input(ids.USERS_CREATE, "n_clicks"),
    State(ids.USERS_NAME, "value"), State(ids.USERS_ROLES, "value"),
    State(ids.USERS_LANG, "data"), prevent_initial_call=True,
)
def create_user(clicks, name, roles, lang):
    lang = lang if lang in ("zh", "en") else "zh"
    if not clicks:
        return no_update, no_update
    try:
        user, generated = auth_service().create_user(current_actor(), (name or "").strip(),
                                                     list(roles or []))
    except OneMapError as exc:
        return error_notice(exc, lang), no_update
    message = html.Div([t("users.made", lang).format(name=user["username"]), " ",
                        html.Code(generated, className="secret")],
                       className="notice notice--info", role="status")
    return message, users_table(lang)


@callback(
    Output(ids.USERS_RESULT, "children", allow_duplicate=True),
    Output(ids.USERS_TABLE, "children", allow_duplicate=True),
    Input(ids.USERS_TOGGLE, "n_clicks"),
    State(ids.USERS_TOGGLE_NAME, "value"), State(ids.USERS_LANG, "data"),
    prevent_initial_call=True,
)
def toggle_user(clicks, name, lang):
    lang = lang if lang in ("zh", "en") else "zh"
    if not clicks:
        return no_update, no_update
    service = auth_service()
    try:
        current = service.get_user((name or "").strip())
        user = service.update_user(current_actor(), current["username"],
                                   active=not current["active"], version=current["version"])
    except OneMapError as exc:
        return error_notice(exc, lang), no_update
    state = t("users.active" if user["active"] else "users.disabled", lang)
    return notice(t("users.toggled", lang).format(name=user["username"], state=state), lang,
                  "info"), users_table(lang)
