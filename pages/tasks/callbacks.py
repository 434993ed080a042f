"""Thin callbacks of the enforcement page: they call :mod:`enforcement.service` and hand
the map its URL of ``/api/tasks/map``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from dash import ALL, Input, Output, State, callback, ctx, html, no_update
from dash.exceptions import PreventUpdate

from auth.roles import TASK_REVIEW, TASK_WRITE
from auth.web import current_actor, current_principal
from core import clock
from core.context import current_context
from core.errors import Forbidden, OneMapError
from core.i18n import t
from enforcement import config, rules, service
from pages.common import error_notice, notice
from pages.tasks import components as c
from pages.tasks import ids


def _engine():
    return current_context().engine


def _permissions() -> frozenset[str]:
    principal = current_principal()
    return principal.permissions if principal else frozenset()


def _writer() -> None:
    if TASK_WRITE not in _permissions():
        raise Forbidden("working on tasks needs the enforcement role")


def list_args(district, task_type, team, status, overdue) -> dict[str, str]:
    args = {"district": district, "type": task_type, "team": team, "status": status,
            "overdue": "true" if overdue else None}
    return {k: v for k, v in args.items() if v}


@callback(Output(ids.LIST, "children"), Output(ids.COUNT, "children"),
          Output(ids.POINTS, "url"),
          Input(ids.F_DISTRICT, "value"), Input(ids.F_TYPE, "value"),
          Input(ids.F_TEAM, "value"), Input(ids.F_STATUS, "value"),
          Input(ids.F_OVERDUE, "value"), Input(ids.CHANGED, "data"),
          Input(ids.TICK, "n_intervals"), Input(ids.SELECTED, "data"),
          State(ids.LANG, "data"))
def show_list(district, task_type, team, status, overdue, changed, _tick, selected, lang):
    args = list_args(district, task_type, team, status, overdue)
    try:
        page = service.list_tasks(_engine(), args, limit=c.LIST_LIMIT)
    except OneMapError as exc:
        return [error_notice(exc, lang)], "", None
    url = "/api/tasks/map?" + urlencode({**args, "v": changed or 0})
    return (c.task_list(page, selected, lang), t("tasks.count", lang).format(n=page["total"]),
            url)


def new_subject(key: str, source_id: int | None, feature: dict | None,
                region: dict | None) -> dict[str, Any]:
    """The creation body's "where" part of the form ``key`` (source, feature or region)."""
    if key == "region" and region:
        return {"region": region}
    if key == "feature" and feature:
        return {"feature": feature}
    if key == "source" and source_id:
        return {"source_id": source_id}
    raise PreventUpdate


def _new_form(key: str, where: dict[str, Any], lang) -> list[Any]:
    subject = service.locate(_engine(), where)
    code = service.source_code(_engine(), subject["source_id"]) \
        if subject.get("source_id") else None
    if TASK_WRITE not in _permissions():
        return [c.code_reasons(code, lang) if code else None,
                notice(t("tasks.read_only", lang), lang)]
    return c.new_task_form(subject, code, lang, key)


@callback(Output(ids.DETAIL, "children"), Output(ids.VERSION, "data"),
          Input(ids.SELECTED, "data"), Input(ids.CHANGED, "data"), Input(ids.REGION, "data"),
          State(ids.SOURCE, "data"), State(ids.FEATURE, "data"), State(ids.LANG, "data"))
def show_detail(selected, _changed, region, source_id, feature, lang):
    """The chosen task; else the new-task form of a drawn region (just drawn), a map
    feature (``?feature=``) or a source (``?source=``); else a hint."""
    try:
        if region and ctx.triggered_id == ids.REGION:
            return _new_form("region", {"region": region}, lang), None
        if selected:
            task = service.get_task(_engine(), selected)
            allowed = rules.allowed_for(task["status"], _permissions())
            code = service.source_code(_engine(), task["source_id"]) \
                if task.get("source_id") else None
            return c.task_view(task, allowed, lang, code, TASK_WRITE in _permissions()), \
                task["version"]
        for key, where in (("region", region and {"region": region}),
                           ("feature", feature and {"feature": feature}),
                           ("source", source_id and {"source_id": source_id})):
            if where:
                return _new_form(key, where, lang), None
    except OneMapError as exc:
        return [error_notice(exc, lang)], None
    return [html.P(t("tasks.pick", lang), className="hint"),
            html.P(t("tasks.new_hint", lang), className="hint"),
            html.P(t("tasks.draw_hint", lang), className="hint")], None


@callback(Output(ids.REGION, "data"), Input(ids.DRAW, "geojson"), prevent_initial_call=True)
def use_drawn_region(geojson):
    """The last polygon drawn on the map (None once every shape is removed)."""
    shapes = [f.get("geometry") for f in (geojson or {}).get("features") or []
              if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")]
    return shapes[-1] if shapes else None


def _one(values: list | None) -> Any:
    return (values or [None])[0]


def _selection(feature: dict | None, trigger: Any, clicks: list | None) -> int:
    """The task chosen in the list or on the map."""
    if trigger == ids.POINTS:
        if not feature:
            raise PreventUpdate
        return feature["properties"]["id"]
    if not any(clicks or []):
        raise PreventUpdate
    return trigger["id"]


@callback(Output(ids.SELECTED, "data"), Output(ids.CHANGED, "data"),
          Output(ids.NOTICE, "children"), Output(ids.TABS, "value"),
          Input({"type": ids.ITEM, "id": ALL}, "n_clicks"), Input(ids.POINTS, "clickData"),
          Input({"type": ids.ACT, "to": ALL}, "n_clicks"), Input(ids.UPLOADED, "n_clicks"),
          Input({"type": ids.N_CREATE, "id": ALL}, "n_clicks"),
          Input({"type": ids.CLUE_TASK, "id": ALL}, "n_clicks"),
          Input({"type": ids.CLUE_DISMISS, "id": ALL}, "n_clicks"),
          State({"type": ids.NOTE, "id": ALL}, "value"),
          State({"type": ids.FINDINGS, "id": ALL}, "value"),
          State({"type": ids.N_TYPE, "id": ALL}, "value"),
          State({"type": ids.N_TEAM, "id": ALL}, "value"),
          State({"type": ids.N_DESC, "id": ALL}, "value"),
          State({"type": ids.CLUE_REASON, "id": ALL}, "value"),
          State({"type": ids.CLUE_REASON, "id": ALL}, "id"),
          State(ids.SELECTED, "data"), State(ids.VERSION, "data"), State(ids.SOURCE, "data"),
          State(ids.FEATURE, "data"), State(ids.REGION, "data"),
          State(ids.CHANGED, "data"), State(ids.LANG, "data"), prevent_initial_call=True)
def act(item_clicks, feature, act_clicks, uploads, create_clicks, clue_task, clue_dismiss,
        notes, findings, n_type, n_team, n_desc, reasons, reason_ids, selected,
        version, source_id, map_feature, region, changed, lang):
    """Every click of the page that selects or changes something (one callback, so that
    the selection, the change counter and the notice have one writer each)."""
    trigger = ctx.triggered_id
    if trigger is None:
        raise PreventUpdate
    bump = (changed or 0) + 1
    kind = trigger if isinstance(trigger, str) else trigger["type"]
    if kind in (ids.ITEM, ids.POINTS):
        return _selection(feature, trigger, item_clicks), no_update, no_update, no_update
    if kind == ids.UPLOADED:
        if not uploads:
            raise PreventUpdate
        return no_update, bump, no_update, no_update
    clicks = {ids.ACT: act_clicks, ids.N_CREATE: create_clicks, ids.CLUE_TASK: clue_task,
              ids.CLUE_DISMISS: clue_dismiss}.get(kind)
    if not any(clicks or []):
        raise PreventUpdate
    try:
        _writer()
        if kind == ids.ACT:
            if not selected:
                raise PreventUpdate
            body: dict[str, Any] = {"to": trigger["to"], "note": _one(notes) or ""}
            if _one(findings):
                body["findings"] = _one(findings)
            task = service.transition(_engine(), current_actor(), _permissions(), selected,
                                      body, version)
            return no_update, bump, notice(t("tasks.done", lang).format(
                status=c.status_label(task["status"], lang)), lang, "info"), no_update
        if kind == ids.N_CREATE:
            where = new_subject(trigger["id"], source_id, map_feature, region)
            task = service.create_task(_engine(), current_actor(), {
                "type": _one(n_type), **where, "team": _one(n_team),
                "description": _one(n_desc) or ""})
            return task["id"], bump, notice(t("tasks.created_ok", lang).format(
                id=task["id"], due=task["due_at"][:16].replace("T", " ")), lang,
                "info"), no_update
        clue_id = trigger["id"]
        if kind == ids.CLUE_TASK:
            task = service.clue_to_task(_engine(), current_actor(), clue_id, {})
            return task["id"], bump, notice(t("tasks.clue.tasked", lang).format(
                id=clue_id, task=task["id"]), lang, "info"), "list"
        reason = next((r for r, i in zip(reasons, reason_ids, strict=True)
                       if i["id"] == clue_id), None)
        service.dismiss_clue(_engine(), current_actor(), clue_id, reason)
        return no_update, bump, notice(t("tasks.clue.dismissed", lang).format(id=clue_id),
                                       lang, "info"), no_update
    except OneMapError as exc:
        return no_update, bump, error_notice(exc, lang), no_update


@callback(Output(ids.CLUES, "children"), Input(ids.TABS, "value"),
          Input(ids.CHANGED, "data"), State(ids.LANG, "data"))
def show_clues(tab, _changed, lang):
    if tab != "clues":
        raise PreventUpdate
    try:
        page = service.list_clues(_engine(), "open", None, limit=100)
        wall = service.wall_summary(_engine())
    except OneMapError as exc:
        return [error_notice(exc, lang)]
    return [html.P(t("tasks.clue.stored_note", lang).format(t=wall["codes_at"] or "—"),
                   className="hint"),
            *c.clue_list(page, TASK_WRITE in _permissions(), lang)]


@callback(Output(ids.NOTICE, "children", allow_duplicate=True),
          Output(ids.CHANGED, "data", allow_duplicate=True),
          Input(ids.CLUE_REFRESH, "n_clicks"), State(ids.CHANGED, "data"),
          State(ids.LANG, "data"), prevent_initial_call=True)
def refresh_clues(clicks, changed, lang):
    """A reviewer looks for new clues and recomputes every code (the refresh endpoint's
    work); viewers of the tab only read what is stored."""
    if not clicks:
        raise PreventUpdate
    try:
        if TASK_REVIEW not in _permissions():
            raise Forbidden("looking for new clues needs the review permission")
        out = service.refresh(_engine(), actor=current_actor())
        message = notice(t("tasks.clue.refreshed", lang).format(
            created=out["clues"]["created"], updated=out["clues"]["updated"],
            n=out["codes"]["sources"]), lang, "info")
    except OneMapError as exc:
        message = error_notice(exc, lang)
    return message, (changed or 0) + 1


@callback(Output(ids.STATS, "children"), Input(ids.TABS, "value"),
          Input(ids.CHANGED, "data"), State(ids.LANG, "data"))
def show_stats(tab, _changed, lang):
    if tab != "stats":
        raise PreventUpdate
    try:
        by_district = service.stats(_engine(), "district")
        by_team = service.stats(_engine(), "team")
        wall = service.wall_summary(_engine())
    except OneMapError as exc:
        return [error_notice(exc, lang)]
    return [html.P(c.now_text(clock.beijing_now(), lang), className="hint"),
            html.Div([html.Span(f"{t('tasks.stats.open', lang)} {wall['open']}"),
                        html.Span(f"{t('tasks.stats.overdue', lang)} {wall['overdue']}",
                                    className="tk-red" if wall["overdue"] else None)],
                       className="tk-wall"),
            c.stats_table(t("tasks.stats.by_district", lang), by_district["rows"], lang),
            c.stats_table(t("tasks.stats.by_team", lang), by_team["rows"], lang)]


# -- edit a task -------------------------------------------------------------------------------
@callback(Output(ids.NOTICE, "children", allow_duplicate=True),
          Output(ids.CHANGED, "data", allow_duplicate=True),
          Input({"type": ids.E_SAVE, "id": ALL}, "n_clicks"),
          State({"type": ids.E_TEAM, "id": ALL}, "value"),
          State({"type": ids.E_DESC, "id": ALL}, "value"),
          State(ids.SELECTED, "data"), State(ids.VERSION, "data"), State(ids.CHANGED, "data"),
          State(ids.LANG, "data"), prevent_initial_call=True)
def save_task_edit(clicks, team, description, selected, version, changed, lang):
    """PATCH the task's team and description (its version: a stale one is refused)."""
    if not any(clicks or []) or not selected:
        raise PreventUpdate
    try:
        _writer()
        task = service.edit_task(_engine(), current_actor(), selected,
                                 {"team": _one(team), "description": _one(description) or ""},
                                 version)
        message = notice(t("tasks.edit.saved", lang).format(id=task["id"]), lang, "info")
    except OneMapError as exc:
        message = error_notice(exc, lang)
    return message, (changed or 0) + 1


# -- rules and deadlines (administrators) ------------------------------------------------------
@callback(Output(ids.ADMIN, "children"), Output(ids.ADMIN_VERSIONS, "data"),
          Input(ids.TABS, "value"), Input(ids.CHANGED, "data"), State(ids.LANG, "data"))
def show_admin(tab, _changed, lang):
    if tab != "admin":
        raise PreventUpdate
    try:
        sla = service.rule_document(_engine(), config.SLA)
        code_rules = service.rule_document(_engine(), config.RULES)
    except OneMapError as exc:
        return [error_notice(exc, lang)], None
    return (c.admin_panel(sla, code_rules, TASK_REVIEW in _permissions(), lang),
            {config.SLA: sla["version"], config.RULES: code_rules["version"]})


@callback(Output(ids.ADMIN_NOTICE, "children"),
          Output(ids.CHANGED, "data", allow_duplicate=True),
          Input(ids.SAVE_SLA, "n_clicks"), Input(ids.SAVE_RULES, "n_clicks"),
          Input(ids.RESET_SLA, "n_clicks"), Input(ids.RESET_RULES, "n_clicks"),
          State({"type": ids.SLA_HOURS, "id": ALL}, "value"),
          State({"type": ids.SLA_HOURS, "id": ALL}, "id"),
          State({"type": ids.CUTOFF, "id": ALL}, "value"),
          State({"type": ids.CUTOFF, "id": ALL}, "id"),
          State({"type": ids.RULE_FIELD, "id": ALL}, "value"),
          State({"type": ids.RULE_FIELD, "id": ALL}, "id"),
          State(ids.ADMIN_VERSIONS, "data"), State(ids.CHANGED, "data"),
          State(ids.LANG, "data"), prevent_initial_call=True)
def save_admin(save_sla, save_rules, reset_sla, reset_rules, hours, hour_ids, cutoffs,
               cutoff_ids, fields, field_ids, versions, changed, lang):
    """Save the deadlines or the rules as typed, or restore the sample ones, at the version
    shown (409 when someone saved in between); the rules' save or reset recomputes every
    code."""
    trigger = ctx.triggered_id
    clicks = {ids.SAVE_SLA: save_sla, ids.SAVE_RULES: save_rules, ids.RESET_SLA: reset_sla,
              ids.RESET_RULES: reset_rules}
    if not clicks.get(trigger) or not versions:
        raise PreventUpdate
    try:
        if TASK_REVIEW not in _permissions():
            raise Forbidden("changing the rules and deadlines needs the review permission")
        if trigger in (ids.RESET_SLA, ids.RESET_RULES):
            key = config.SLA if trigger == ids.RESET_SLA else config.RULES
            out = service.reset_rule_document(_engine(), current_actor(), key, versions[key])
            message = t("tasks.admin.reset_sla_done", lang).format(v=out["version"]) \
                if key == config.SLA else t("tasks.admin.reset_rules_done", lang).format(
                    v=out["version"], n=out["codes"]["sources"])
        elif trigger == ids.SAVE_SLA:
            typed = {i["id"]: v for v, i in zip(hours, hour_ids, strict=True)}
            body = c.edited_sla(service.rule_document(_engine(), config.SLA), typed)
            out = service.replace_rule_document(_engine(), current_actor(), config.SLA, body,
                                                versions[config.SLA])
            message = t("tasks.admin.saved_sla", lang).format(v=out["version"])
        else:
            body = c.edited_rules(
                service.rule_document(_engine(), config.RULES),
                {i["id"]: v for v, i in zip(cutoffs, cutoff_ids, strict=True)},
                {i["id"]: v for v, i in zip(fields, field_ids, strict=True)})
            out = service.replace_rule_document(_engine(), current_actor(), config.RULES,
                                                body, versions[config.RULES])
            message = t("tasks.admin.saved_rules", lang).format(
                v=out["version"], n=out["codes"]["sources"])
    except OneMapError as exc:
        return error_notice(exc, lang), no_update
    return notice(message, lang, "info"), (changed or 0) + 1
