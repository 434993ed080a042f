"""The report-scheme editor (``/cockpit/schemes``): a list, and each scheme as JSON.

Everyone who may see the cockpit sees the list, the "run on the wall" links and the
export; ``scheme:write`` (leaders and admins) may save, create and delete. Saving sends the
version the editor loaded: a scheme changed meanwhile by someone else is refused (409) and
the notice says so. Writes go through :class:`cockpit.schemes.SchemeService` (audited).
"""

from __future__ import annotations

import json
from typing import Any

from dash import Input, Output, State, callback, ctx, dcc, html, no_update, register_page

from auth.roles import PAGE_COCKPIT, SCHEME_WRITE
from auth.web import current_actor, current_principal
from cockpit.schemes import SchemeService, to_export
from core.context import current_context
from core.errors import OneMapError, Unprocessable
from core.i18n import Lang, t
from pages.cockpit import ids
from pages.common import error_notice, notice

register_page(__name__, path="/cockpit/schemes", name="汇报方案", title="汇报方案", order=6,
              nav_key="nav.schemes", permission=PAGE_COCKPIT)


def _lang(query: dict[str, str]) -> Lang:
    value = query.get("lang")
    return value if value in ("zh", "en") else current_context().settings.lang


def _service() -> SchemeService:
    service = SchemeService(current_context().engine)
    service.seed_samples()
    return service


def _can_write() -> bool:
    principal = current_principal()
    return bool(principal and principal.can(SCHEME_WRITE))


def scheme_table(rows: list[dict[str, Any]], lang: Lang) -> html.Table:
    head = html.Tr([html.Th(t(k, lang)) for k in ("schemes.name", "schemes.screens",
                                                  "schemes.version", "schemes.updated")]
                   + [html.Th("")])
    body = [html.Tr([
        html.Td(r["name"]), html.Td(str(r["screens"])), html.Td(str(r["version"])),
        html.Td(f"{r['updated_by']}"),
        html.Td([html.A(t("schemes.run", lang), href=f"/cockpit?scheme={r['id']}"), " · ",
                 html.A(t("schemes.export", lang),
                        href=f"/api/cockpit/schemes/{r['id']}/export")]),
    ]) for r in rows]
    return html.Table([html.Thead(head), html.Tbody(body)])


def layout(**query: str) -> html.Div:
    lang = _lang(query)
    try:
        rows = _service().list()
        problem: list[Any] = []
    except OneMapError as exc:
        rows, problem = [], [error_notice(exc, lang)]
    writable = _can_write()
    return html.Div([
        dcc.Store(id=ids.SCHEMES_LANG, data=lang),
        dcc.Store(id=ids.SCHEMES_VERSION),
        html.H2(t("schemes.title", lang)),
        html.Div(scheme_table(rows, lang), id=ids.SCHEMES_TABLE),
        dcc.Dropdown(id=ids.SCHEMES_PICK, options=[{"label": r["name"], "value": r["id"]}
                                                  for r in rows],
                     placeholder=t("schemes.edit", lang), className="field field--wide"),
        dcc.Textarea(id=ids.SCHEMES_TEXT, value="", readOnly=not writable),
        html.Div([
            html.Button(t("schemes.save", lang), id=ids.SCHEMES_SAVE, n_clicks=0,
                        className="btn", disabled=not writable),
            html.Button(t("schemes.new", lang), id=ids.SCHEMES_NEW, n_clicks=0,
                        className="btn btn--secondary", disabled=not writable),
            html.Button(t("schemes.delete", lang), id=ids.SCHEMES_DELETE, n_clicks=0,
                        className="btn btn--secondary", disabled=not writable),
        ], className="cockpit-schemes-actions"),
        html.Div(problem if writable else [*problem, notice(t("schemes.read_only", lang),
                                                            lang, "info")],
                 id=ids.SCHEMES_RESULT),
    ], className="cockpit-schemes admin-page")


@callback(
    Output(ids.SCHEMES_TEXT, "value"), Output(ids.SCHEMES_VERSION, "data"),
    Input(ids.SCHEMES_PICK, "value"), prevent_initial_call=True,
)
def load(scheme_id: int | None):
    if scheme_id is None:
        return "", None
    row = _service().get(int(scheme_id))
    return json.dumps(to_export(row), ensure_ascii=False, indent=2), row["version"]


def _parse(text: str | None) -> Any:
    try:
        return json.loads(text or "")
    except ValueError as exc:
        raise Unprocessable(f"not valid JSON: {exc}") from None


@callback(
    Output(ids.SCHEMES_RESULT, "children"), Output(ids.SCHEMES_TABLE, "children"),
    Output(ids.SCHEMES_PICK, "options"), Output(ids.SCHEMES_PICK, "value"),
    Output(ids.SCHEMES_VERSION, "data", allow_duplicate=True),
    Input(ids.SCHEMES_SAVE, "n_clicks"), Input(ids.SCHEMES_NEW, "n_clicks"),
    Input(ids.SCHEMES_DELETE, "n_clicks"),
    State(ids.SCHEMES_PICK, "value"), State(ids.SCHEMES_TEXT, "value"),
    State(ids.SCHEMES_VERSION, "data"), State(ids.SCHEMES_LANG, "data"),
    prevent_initial_call=True,
)
def write(_save: int, _new: int, _delete: int, scheme_id: int | None, text: str | None,
          version: int | None, lang: Lang):
    """Save (update with the loaded version), create, or delete; every write audited."""
    if not _can_write():
        return notice(t("schemes.read_only", lang), lang), no_update, no_update, no_update, \
            no_update
    service = _service()
    pick, new_version = scheme_id, version
    try:
        if ctx.triggered_id == ids.SCHEMES_NEW:
            row = service.create(current_actor(), _parse(text))
            message = t("schemes.saved", lang).format(name=row["name"], version=row["version"])
            pick, new_version = row["id"], row["version"]
        elif scheme_id is None or version is None:
            raise Unprocessable(t("schemes.edit", lang))
        elif ctx.triggered_id == ids.SCHEMES_DELETE:
            name = service.get(int(scheme_id))["name"]
            service.delete(current_actor(), int(scheme_id), int(version))
            message = t("schemes.deleted", lang).format(name=name)
            pick, new_version = None, None
        else:
            row = service.update(current_actor(), int(scheme_id), _parse(text), int(version))
            message = t("schemes.saved", lang).format(name=row["name"], version=row["version"])
            new_version = row["version"]
    except OneMapError as exc:
        return error_notice(exc, lang), no_update, no_update, no_update, no_update
    rows = service.list()
    return (notice(message, lang, "info"), scheme_table(rows, lang),
            [{"label": r["name"], "value": r["id"]} for r in rows], pick, new_version)
