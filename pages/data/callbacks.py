"""Callbacks of the data page: thin — read inputs, call the catalogue services, return
small components. The upload itself is a clientside callback (``assets/data.js``) that
posts the file to ``/api/datasets``; the report comes back here to be rendered.

The buttons of an entry (publish, delete, style) are pattern-matching ids, so one callback
serves whichever of them the entry shows."""

from __future__ import annotations

from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    html,
    no_update,
)

from auth.roles import ADMIN_DATA
from auth.web import current_actor, current_principal
from core.context import current_context
from core.errors import NotFound, OneMapError
from core.i18n import t
from datasets import catalogue, service
from layers.uploaded import current_viewer
from pages.common import error_notice, notice
from pages.data import enterprises, ids
from pages.data.components import crs_options, entry_card, entry_detail, report_view


@callback(Output(ids.LIST, "children"), Output(ids.COUNT, "children"),
          Output(ids.NOTICE, "children"),
          Input(ids.SEARCH, "value"), Input(ids.THEME, "value"), Input(ids.KIND, "value"),
          Input(ids.ORIGIN, "value"), Input(ids.CHANGED, "data"), Input(ids.UPLOADED, "data"),
          State(ids.SELECTED, "data"), State(ids.LANG, "data"))
def update_list(q, theme, kind, origin, _changed, uploaded, selected, lang):
    try:
        # with the store down the sample and derived layers are still listed, under the
        # outage notice
        entries, outage = catalogue.entries_or_outage(current_context(), current_viewer())
    except OneMapError as exc:
        return [], "", [error_notice(exc, lang)]
    notices = [] if outage is None else [error_notice(outage, lang)]
    found = [e for e in entries if catalogue.matches(e, theme or None, kind or None, q,
                                                     origin or None)]
    if not found:
        return [html.P(t("data.none", lang), className="hint")], t("data.count", lang).format(
            n=0), notices
    current = str(uploaded) if ctx.triggered_id == ids.UPLOADED and uploaded else selected
    return ([entry_card(e, lang, str(e["id"]) == str(current)) for e in found],
            t("data.count", lang).format(n=len(found)), notices)


@callback(Output(ids.SELECTED, "data"), Input({"type": ids.ITEM, "id": ALL}, "n_clicks"),
          Input(ids.UPLOADED, "data"), prevent_initial_call=True)
def select(clicks, uploaded):
    if ctx.triggered_id == ids.UPLOADED:
        return str(uploaded) if uploaded else no_update
    if not isinstance(ctx.triggered_id, dict) or not any(clicks or []):
        return no_update
    return ctx.triggered_id["id"]


def _entry(selected: str):
    context = current_context()
    if selected.startswith("layer:"):
        spec = context.registry.get(selected.removeprefix("layer:"))
        return catalogue.sample_entry(spec, context.settings.data_dir)
    if selected.isdigit():
        return catalogue.upload_entry(service.get(context.engine, current_viewer(), int(selected)))
    raise NotFound(f"unknown dataset {selected!r}")


@callback(Output(ids.DETAIL, "children"), Input(ids.SELECTED, "data"),
          Input(ids.CHANGED, "data"), State(ids.LANG, "data"))
def show_detail(selected, _changed, lang):
    if not selected:
        return no_update
    try:
        entry = _entry(str(selected))
    except OneMapError as exc:
        return error_notice(exc, lang)
    principal = current_principal()
    viewer = current_viewer()
    can_change = entry["origin"] == "upload" and (viewer.admin or entry.get("owner_id")
                                                  == viewer.user_id)
    detail = entry_detail(entry, lang, bool(principal and principal.can(ADMIN_DATA)),
                          can_change)
    if str(selected) in enterprises.ENTRIES:  # the catalogue of enterprises, with codes
        detail.children = [*detail.children, enterprises.enterprise_section(lang)]
    return detail


@callback(Output(ids.ACTION_NOTICE, "children"), Output(ids.CHANGED, "data"),
          Input({"type": ids.ACTION, "action": ALL}, "n_clicks"),
          State({"type": ids.STYLE, "part": ALL}, "value"), State(ids.SELECTED, "data"),
          State(ids.CHANGED, "data"), State(ids.LANG, "data"), prevent_initial_call=True)
def act(clicks, style_values, selected, changed, lang):
    """Publish, delete or restyle the selected upload (the services check who may)."""
    if not isinstance(ctx.triggered_id, dict) or not any(clicks or []) or not selected:
        return no_update, no_update
    action = ctx.triggered_id["action"]
    context = current_context()
    dataset_id = int(selected)
    try:
        if action == "publish":
            principal = current_principal()
            if principal is None or not principal.can(ADMIN_DATA):
                return notice(t("data.upload.no_permission", lang), lang), no_update
            service.publish(context.engine, current_actor(), dataset_id)
            message = t("data.published_ok", lang)
        elif action == "delete":
            service.remove(context.engine, context.settings, current_actor(), current_viewer(),
                           dataset_id)
            message = t("data.deleted", lang)
        else:
            parts = {s["id"]["part"]: v for s, v in zip(ctx.states_list[0], style_values,
                                                         strict=True)}
            service.set_style(context.engine, current_actor(), current_viewer(), dataset_id,
                              {"mode": parts.get("mode"), "field": parts.get("field")})
            message = t("data.style.applied", lang)
    except OneMapError as exc:
        return error_notice(exc, lang), no_update
    context.registry.refresh()
    return notice(message, lang, "ok"), (changed or 0) + 1


# -- upload --------------------------------------------------------------------------------------
clientside_callback(
    ClientsideFunction(namespace="onemapData", function_name="send"),
    Output(ids.RESULT, "data"), Output(ids.PREVIEW, "data"), Output(ids.PREVIEW_MAP, "bounds"),
    Input(ids.UPLOAD, "contents"), Input(ids.CHECK, "n_clicks"), Input(ids.CONFIRM, "n_clicks"),
    State(ids.UPLOAD, "filename"), State(ids.NAME, "value"), State(ids.UP_THEME, "value"),
    State(ids.ENCODING, "value"), State(ids.CRS, "value"), State(ids.GCJ02, "value"),
    prevent_initial_call=True,
)


@callback(Output(ids.REPORT, "children"), Output(ids.CONFIRM, "disabled"),
          Output(ids.CHECK, "disabled"), Output(ids.ENCODING, "value"),
          Output(ids.CRS, "options"), Output(ids.CRS, "value"),
          Output(ids.UPLOADED, "data"), Output(ids.FILENAME, "children"),
          Input(ids.RESULT, "data"), State(ids.ENCODING, "value"), State(ids.CRS, "value"),
          State(ids.UPLOAD, "filename"), State(ids.LANG, "data"), prevent_initial_call=True)
def show_report(result, encoding, crs, filename, lang):
    if not result:
        return (no_update,) * 8
    body = result.get("body") or {}
    report = body.get("report") or {}
    if result.get("stored"):
        current_context().registry.refresh()
        return (report_view(result, lang), True, True, no_update, no_update, no_update,
                body.get("id"), filename)
    valid = result.get("status") == 200 and report.get("valid", False)
    options, suggested = crs_options(report, lang)
    # a new file: the encoding goes back to "detect" (the guess is shown above it; a
    # choice overrides it) and the CRS to the one the coordinates suggest
    fresh = result.get("fresh")
    enc = "" if fresh else encoding
    chosen = (suggested or "") if fresh else (crs or suggested or "")
    return (report_view(result, lang), not valid, False, enc or "", options, chosen,
            no_update, filename)
