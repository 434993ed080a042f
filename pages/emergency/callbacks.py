"""Thin callbacks of the emergency page: they call :mod:`emergency.service` and
:mod:`emergency.spatial`, and hand the map URLs of ``/api/incidents``."""

from __future__ import annotations

from typing import Any

import dash_leaflet as dl
from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    no_update,
)
from dash.exceptions import PreventUpdate
from sqlalchemy import text

from auth.roles import INCIDENT_WRITE
from auth.web import current_actor, current_principal
from core.clock import beijing_now
from core.context import current_context
from core.errors import Conflict, Forbidden, OneMapError
from core.i18n import Lang, t
from emergency import service, spatial
from pages.common import error_notice, notice
from pages.emergency import components as c
from pages.emergency import ids
from store.db import connection

HIDDEN = " em-hidden"
ROUTES_SHOWN = 5  # the map draws the routes of the nearest resources


def _engine():
    return current_context().engine


def _writer() -> None:
    principal = current_principal()
    if principal is None or not principal.can(INCIDENT_WRITE):
        raise Forbidden("recording incidents needs the duty role")


def risk_source_options(lang: Lang) -> list[dict[str, Any]]:
    try:
        with connection(_engine()) as conn:
            rows = conn.execute(text(
                "SELECT id, name, risk_level FROM risk_sources ORDER BY name")).all()
    except OneMapError:
        return []
    return [{"label": f"{r[1]}（{r[2]}）", "value": r[0]} for r in rows]


@callback(Output(ids.LIST, "children"), Input(ids.TICK, "n_intervals"),
          Input(ids.CHANGED, "data"), Input(ids.SELECTED, "data"), State(ids.LANG, "data"))
def show_list(_tick, _changed, selected, lang):
    try:
        incidents = service.list_incidents(_engine())
    except OneMapError as exc:
        return [error_notice(exc, lang)]
    return c.incident_list(incidents, selected, beijing_now(), lang)


@callback(Output(ids.SELECTED, "data"), Input({"type": ids.ITEM, "id": ALL}, "n_clicks"),
          Input(ids.CREATED, "data"), prevent_initial_call=True)
def select(clicks, created):
    if ctx.triggered_id == ids.CREATED:
        if created is None:
            raise PreventUpdate
        return created
    if not ctx.triggered_id or not any(clicks or []):
        raise PreventUpdate
    return ctx.triggered_id["id"]


@callback(
    Output(ids.ZONES, "url"), Output(ids.RECEPTORS, "url"), Output(ids.ROUTES, "url"),
    Output(ids.GRADE, "children"), Output(ids.REPORTS, "children"),
    Output(ids.RECEPTOR_TABLE, "children"), Output(ids.RESOURCE_TABLE, "children"),
    Output(ids.DOWNSTREAM, "children"), Output(ids.TIMELINE, "children"),
    Output(ids.VERSION, "data"), Output(ids.MAP, "viewport"),
    Output(ids.REPLAY, "max"), Output(ids.REPLAY, "marks"), Output(ids.REPLAY, "value"),
    Output(ids.REPLAY_LABEL, "children"), Output(ids.REPLAY + "-bar", "className"),
    Output(ids.WEATHER_SOURCE, "children"),
    Input(ids.SELECTED, "data"), Input(ids.CHANGED, "data"), Input(ids.TICK, "n_intervals"),
    Input(ids.PUSHED, "data"), Input(ids.REPLAY, "value"),
    State(ids.VERSION, "data"), State(ids.REPLAY_STEPS, "data"), State(ids.LANG, "data"))
def show_incident(selected, _changed, _tick, _pushed, replay, version, _steps, lang):
    """The selected incident, live or (slider short of its right end) as it was right
    after that log entry: the after-action replay (``?step=`` of the API)."""
    if selected is None:
        raise PreventUpdate
    engine = _engine()
    trigger = ctx.triggered_id
    same = bool(version) and version.get("id") == selected
    replaying = same and version.get("replay") is not None and trigger in (ids.TICK,
                                                                             ids.PUSHED)
    if trigger == ids.REPLAY:
        replaying = same and replay is not None and replay < version.get("steps", 0) - 1
    try:
        mark = service.marker(engine, selected)
        if trigger in (ids.TICK, ids.PUSHED) and same and (
                replaying or version.get("mark") == mark):
            raise PreventUpdate  # nothing changed meanwhile (or the officer is replaying)
        live = service.get(engine, selected)
        log = live["log"]
        index = replay if replaying else len(log) - 1
        step = log[index]["id"] if replaying else None
        inc = service.get_at(engine, selected, step) if replaying else live
        state = service.state(engine, selected, step)
        with connection(engine) as conn:
            fc = spatial.zones_geojson(conn, state)
            receptors = spatial.receptors_in(conn, state, fc)
            resources = spatial.resources(conn, state)
            board = (spatial.downstream(conn, state) if state["kind"] == "water_spill"
                     else None)
    except OneMapError as exc:
        return (no_update,) * 3 + (error_notice(exc, lang),) + (no_update,) * 13
    base = f"/api/incidents/{selected}"
    v = f"?v={mark['version']}&m={mark['met_time'] or ''}" + (f"&step={step}" if step else "")
    viewport = {"center": [state["lat"], state["lon"]], "zoom": 12 if
                state["kind"] == "air_release" else 11, "transition": "flyTo"} if not same \
        else no_update
    bar = "em-replay" + (" em-replay--on" if replaying else "")
    return (f"{base}/zones{v}", f"{base}/receptors{v}&f=geojson",
            f"{base}/resources{v}&f=geojson&limit={ROUTES_SHOWN}", c.grade_panel(inc, lang),
            c.report_links(selected, lang), c.receptor_table(receptors, lang),
            c.resource_table(resources, lang), c.downstream_board(board, lang),
            c.timeline(inc["log"], lang),
            {"id": selected, "version": mark["version"], "mark": mark,
             "replay": step, "steps": len(log)},
            viewport, max(len(log) - 1, 0), c.replay_marks(log), index,
            c.replay_label(log, index, lang), bar,
            c.weather_line((fc.get("properties") or {}).get("weather"), lang))


@callback(Output(ids.LOG_TARGET, "options"), Input(ids.SELECTED, "data"))
def log_targets(selected):
    """Drinking-water intakes (by code) and river sections for the log entry's target."""
    if selected is None:
        raise PreventUpdate
    try:
        with connection(_engine()) as conn:
            rows = conn.execute(text(
                "SELECT code, name FROM receptors WHERE type = 'water_intake' "
                "ORDER BY name")).all()
    except OneMapError:
        return []
    return [{"label": f"{r[1]}（{r[0]}）", "value": r[0]} for r in rows]


clientside_callback(
    ClientsideFunction(namespace="emergency", function_name="watch"),
    Output(ids.WATCHING, "data"), Input(ids.SELECTED, "data"))


@callback(Output(ids.P_WIND, "value"), Output(ids.P_FROM, "value"),
          Output(ids.P_CLOUD, "value"), Output(ids.P_STATUS, "value"),
          Output(ids.P_DEATHS, "value"), Output(ids.P_POISONED, "value"),
          Output(ids.P_EVACUATED, "value"), Output(ids.CONTROLS, "className"),
          *(Output(i, "value") for i in ids.RADIATION_FIELDS),
          Input(ids.VERSION, "data"))
def prefill_controls(version):
    if not version:
        raise PreventUpdate
    try:
        state = service.state(_engine(), version["id"])
    except OneMapError:
        raise PreventUpdate from None
    w = state["weather"] or {}
    cas = state["casualties"]
    r = cas.get("radiation") or {}
    return (w.get("wind_speed_m_s"), w.get("wind_from_deg"), w.get("cloud_cover"),
            state["status"], cas.get("deaths", 0), cas.get("poisoned", 0),
            cas.get("evacuated", 0), "em-controls", r.get("event_type"),
            r.get("source_category"), r.get("extent"), r.get("dose_msv"),
            r.get("exposed", "public"), r.get("acute_deaths"), r.get("severe_sickness"))


@callback(Output(ids.DIALOG, "className"), Input(ids.NEW, "n_clicks"),
          Input(ids.CANCEL, "n_clicks"), Input(ids.CREATED, "data"), prevent_initial_call=True)
def toggle_dialog(_new, _cancel, _created):
    return "em-dialog" + ("" if ctx.triggered_id == ids.NEW else HIDDEN)


@callback(Output(ids.F_LON, "value"), Output(ids.F_LAT, "value"),
          Output(ids.F_SUBSTANCE, "value"), Output(ids.F_MASS, "value"),
          Output(ids.CLICKED, "children"), Output(ids.NOTICE, "children", allow_duplicate=True),
          Input(ids.MAP, "clickData"), Input(ids.F_RISK, "value"), State(ids.LANG, "data"),
          prevent_initial_call=True)
def place(click, rs_id, lang="zh"):
    """The place of a new incident: a click on the map, or a risk source (which also
    prefills the substance and its inventory). A risk source that cannot be read (the
    store down, an unknown id) is a notice, the form stays as it is."""
    if ctx.triggered_id == ids.F_RISK:
        if rs_id is None:
            raise PreventUpdate
        try:
            with connection(_engine()) as conn:
                pre = service.risk_source_prefill(conn, rs_id)
        except OneMapError as exc:
            return (no_update, no_update, no_update, no_update, no_update,
                    error_notice(exc, lang))
        lon, lat = round(pre["lon"], 5), round(pre["lat"], 5)
        substance, mass = pre["substance"] or no_update, pre["mass_kg"] or no_update
    else:
        latlng = (click or {}).get("latlng")
        if not latlng:
            raise PreventUpdate
        lat, lon = (latlng["lat"], latlng["lng"]) if isinstance(latlng, dict) else latlng[:2]
        lon, lat = round(lon, 5), round(lat, 5)
        substance = mass = no_update
    return lon, lat, substance, mass, [dl.CircleMarker(center=[lat, lon], radius=7,
                                                       color="#000")], no_update


def _num(value) -> float | None:
    return None if value in (None, "") else float(value)


def _create_body(kind, risk, lon, lat, substance, mass, wind, wind_from, cloud,
                 desc) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": kind, "substance": substance, "mass_kg": _num(mass),
                            "lon": _num(lon), "lat": _num(lat), "description": desc or ""}
    if risk is not None:
        body["risk_source_id"] = risk
    if wind not in (None, "") or wind_from not in (None, ""):
        body["weather"] = {"wind_speed_m_s": _num(wind), "wind_from_deg": _num(wind_from),
                           "cloud_cover": _num(cloud)}
    return {k: v for k, v in body.items() if v is not None}


def _radiation(values: tuple | list | None) -> dict[str, Any] | None:
    """The radiation facts of the form (in :data:`ids.RADIATION_FIELDS` order), or None
    when no event type is chosen; the API checks what the criteria need (422)."""
    rtype, category, extent, dose, exposed, deaths, sick = (list(values or []) + [None] * 7)[:7]
    if not rtype:
        return None
    out = {"event_type": rtype, "source_category": category, "extent": extent,
           "dose_msv": _num(dose), "exposed": exposed or "public",
           "acute_deaths": None if deaths in (None, "") else int(deaths),
           "severe_sickness": None if sick in (None, "") else int(sick)}
    return {k: v for k, v in out.items() if v is not None}


def _patch_body(state: dict[str, Any], wind, wind_from, cloud, status, deaths, poisoned,
                evacuated, radiation: tuple | list | None = None) -> dict[str, Any]:
    """Only what differs from the stored state (so the log names real changes)."""
    body: dict[str, Any] = {}
    if wind not in (None, "") and wind_from not in (None, ""):
        weather = {"wind_speed_m_s": _num(wind), "wind_from_deg": _num(wind_from),
                   "cloud_cover": _num(cloud)}
        if weather != {k: (state["weather"] or {}).get(k) for k in weather}:
            body["weather"] = weather
    if status and status != state["status"]:
        body["status"] = status
    cas = {k: int(v) for k, v in (("deaths", deaths), ("poisoned", poisoned),
                                  ("evacuated", evacuated)) if v not in (None, "")}
    rad_now = _radiation(radiation)
    if rad_now != (state["casualties"].get("radiation") or None):
        cas["radiation"] = rad_now
    if any(state["casualties"].get(k, 0) != v for k, v in cas.items()
           if k != "radiation") or "radiation" in cas:
        body["casualties"] = cas
    return body


@callback(Output(ids.CHANGED, "data"), Output(ids.CREATED, "data"),
          Output(ids.NOTICE, "children"), Output(ids.LOG_TEXT, "value"),
          Input(ids.CREATE, "n_clicks"), Input(ids.APPLY, "n_clicks"),
          Input(ids.LOG_ADD, "n_clicks"), Input(ids.USE_OBSERVED, "n_clicks"),
          State(ids.F_KIND, "value"), State(ids.F_RISK, "value"), State(ids.F_LON, "value"),
          State(ids.F_LAT, "value"), State(ids.F_SUBSTANCE, "value"),
          State(ids.F_MASS, "value"), State(ids.F_WIND, "value"), State(ids.F_FROM, "value"),
          State(ids.F_CLOUD, "value"), State(ids.F_DESC, "value"),
          State(ids.P_WIND, "value"), State(ids.P_FROM, "value"),
          State(ids.P_CLOUD, "value"), State(ids.P_STATUS, "value"),
          State(ids.P_DEATHS, "value"), State(ids.P_POISONED, "value"),
          State(ids.P_EVACUATED, "value"), State(ids.LOG_TEXT, "value"),
          State(ids.LOG_KIND, "value"), State(ids.LOG_TARGET, "value"),
          State(ids.LOG_VALUE, "value"),
          State(ids.VERSION, "data"), State(ids.CHANGED, "data"), State(ids.LANG, "data"),
          *(State(i, "value") for i in ids.RADIATION_FIELDS),
          prevent_initial_call=True)
def act(_create, _apply, _log, _observed, kind, risk, lon, lat, substance, mass, wind,
        wind_from, cloud, desc, p_wind, p_from, p_cloud, status, deaths, poisoned, evacuated,
        entry, log_kind, log_target, log_value, version, changed, lang, *radiation):
    """The officer's writes: record an incident, apply a change (If-Match: the version
    shown), go back to the observed wind, add a log entry (closing an intake changes the
    grade, so it too carries the version shown). Each goes through
    :mod:`emergency.service` (audited); a stale version gets the conflict notice."""
    bump = (changed or 0) + 1
    try:
        _writer()
        if ctx.triggered_id == ids.CREATE:
            inc = service.create(_engine(), current_actor(), _create_body(
                kind, risk, lon, lat, substance, mass, wind, wind_from, cloud, desc))
            return (bump, inc["id"], notice(t("em.created", lang).format(id=inc["id"]), lang,
                                            "info"), no_update)
        if not version:
            raise PreventUpdate
        if ctx.triggered_id == ids.USE_OBSERVED:
            inc = service.patch(_engine(), current_actor(), version["id"], version["version"],
                                {"weather": None})
            return (bump, no_update, notice(t("em.updated", lang).format(
                version=inc["version"]), lang, "info"), no_update)
        if ctx.triggered_id == ids.APPLY:
            state = service.state(_engine(), version["id"])
            body = _patch_body(state, p_wind, p_from, p_cloud, status, deaths, poisoned,
                               evacuated, radiation)
            if not body:
                raise PreventUpdate
            inc = service.patch(_engine(), current_actor(), version["id"], version["version"],
                                body)
            return (bump, no_update, notice(t("em.updated", lang).format(
                version=inc["version"]), lang, "info"), no_update)
        body = {"kind": log_kind or "note", "text": entry or ""}
        if log_target:
            body["target"] = log_target
        if log_value not in (None, ""):
            body["value"] = float(log_value)
        if body["kind"] == "note" and not body["text"].strip():
            raise PreventUpdate
        intake = body["kind"] in ("intake_closed", "intake_reopened")
        service.add_log(_engine(), current_actor(), version["id"], body,
                        version=version["version"] if intake else None)
        return bump, no_update, None, ""
    except Conflict:
        return bump, no_update, notice(t("em.conflict", lang), lang), no_update
    except OneMapError as exc:
        return no_update, no_update, error_notice(exc, lang), no_update
