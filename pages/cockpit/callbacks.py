"""The cockpit's callbacks: thin; numbers from :mod:`cockpit`, layout from components.

Server side: the panel refresh (which also lets the alarm service scan), the alarm poll,
the alarm box and its acknowledgement. Browser side (``assets/cockpit_carousel.js``): the
carousel and keyboard, and applying a screen (map view, panels, layers, title).

When the store cannot be reached, the refresh keeps the panels as they are (the last good
numbers), marks the wall offline (every panel shows its stale badge) and names the time of
the last good refresh; the next successful refresh clears it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    html,
    no_update,
)

from auth.roles import INCIDENT_WRITE
from auth.web import current_actor, current_principal
from cockpit import kpis
from cockpit.alarms import AlarmService
from core.clock import beijing_now, floor_hour
from core.context import current_context
from core.errors import OneMapError
from core.i18n import Lang, t
from pages.cockpit import components as c
from pages.cockpit import ids
from pages.common import error_notice
from store.db import connection

log = logging.getLogger(__name__)


def refresh_outputs(asof: str | None, lang: Lang, last_ok: str | None,
                    now: dt.datetime | None = None) -> tuple[Any, ...]:
    """(panel bodies…, station URL, last good time, root class, notice, clock)."""
    now = now or beijing_now()
    clock = now.strftime("%Y-%m-%d %H:%M")
    try:
        engine = current_context().engine
        day = dt.date.fromisoformat(asof) if asof else None
        with connection(engine) as conn:
            snap = kpis.snapshot(conn, now, day)
        try:
            AlarmService(engine).scan(now, day)
        except OneMapError as exc:  # the panels are good; the alarms try again next time
            log.warning("alarm scan failed: %s", exc)
    except OneMapError as exc:
        error_notice(exc, lang)  # logs it
        text = t("cockpit.stale_notice", lang).format(time=(last_ok or "—").replace("T", " "))
        return (*(no_update for _ in ids.PANELS), no_update, no_update,
                "cockpit cockpit--offline", html.Div(text, className="cockpit-offline"),
                clock)
    hour = floor_hour(now).isoformat(timespec="minutes")
    return (*c.panel_bodies(snap, lang), c.station_url(hour),
            now.isoformat(timespec="seconds"), "cockpit", [], clock)


@callback(
    *(Output(ids.panel_body(name), "children") for name in ids.PANELS),
    Output(ids.STATIONS, "url"), Output(ids.LAST_OK, "data"), Output(ids.ROOT, "className"),
    Output(ids.NOTICE, "children"), Output(ids.CLOCK, "children"),
    Input(ids.REFRESH, "n_intervals"), Input(ids.ASOF, "data"),
    State(ids.LANG, "data"), State(ids.LAST_OK, "data"),
    prevent_initial_call=True,
)
def refresh(_n: int | None, asof: str | None, lang: Lang, last_ok: str | None):
    return refresh_outputs(asof, lang, last_ok)


@callback(Output(ids.ALARMS, "data"), Input(ids.ALARM_POLL, "n_intervals"))
def poll_alarms(_n: int | None):
    try:
        return AlarmService(current_context().engine).poll(beijing_now())
    except OneMapError:
        return no_update  # keep showing what is known; the refresh marks the wall offline


@callback(
    Output(ids.ALARM_BOX, "children"), Output(f"{ids.ALARM_BOX}-wrap", "hidden"),
    Input(ids.ALARMS, "data"), State(ids.LANG, "data"),
)
def show_alarm(alarms: list[dict[str, Any]] | None, lang: Lang):
    alarms = alarms or []
    return c.alarm_box(alarms, lang), not alarms


@callback(
    Output(ids.ALARM_ACK_RESULT, "children"),
    Output(ids.ALARMS, "data", allow_duplicate=True),
    Input(ids.ALARM_ACK, "n_clicks"), State(ids.ALARMS, "data"), State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def acknowledge(n: int | None, alarms: list[dict[str, Any]] | None, lang: Lang):
    principal = current_principal()
    if not n or not alarms or principal is None or not principal.can(INCIDENT_WRITE):
        return no_update, no_update
    top = alarms[0]
    try:
        AlarmService(current_context().engine).acknowledge(current_actor(), top["id"],
                                                           top["version"])
    except OneMapError as exc:
        return error_notice(exc, lang), no_update
    return t("cockpit.alarm.acked", lang), alarms[1:]


# -- in the browser --------------------------------------------------------------------------
clientside_callback(
    ClientsideFunction("cockpit", "carousel"),
    Output(ids.STATE, "data"),
    Input(ids.TICK, "n_intervals"), Input(ids.KEYS, "n_keydowns"), Input(ids.ALARMS, "data"),
    State(ids.KEYS, "keydown"), State(ids.SCHEME, "data"), State(ids.STATE, "data"),
)

clientside_callback(
    ClientsideFunction("cockpit", "applyScreen"),
    Output(ids.MAP, "viewport"), Output(ids.SCREEN_TITLE, "children"),
    Output(ids.COUNTER, "children"), Output(ids.ASOF, "data"),
    *(Output(ids.panel(name), "className") for name in ids.PANELS),
    *(Output(ids.overlay(layer), "url") for layer in ids.OVERLAYS),
    Input(ids.STATE, "data"),
    State(ids.SCHEME, "data"), State(ids.LANG, "data"), State(ids.ASOF, "data"),
    State(ids.ALARMS, "data"),
)

clientside_callback(
    ClientsideFunction("cockpit", "fit"),
    Output(ids.CANVAS, "data-scale"),
    Input(ids.QUERY, "data"),
)
