"""The cockpit's callbacks: thin; numbers from :mod:`cockpit`, layout from components.

Server side: the panel refresh (which also lets the alarm service scan), the alarm poll,
the alarm box and its acknowledgement. Browser side (``assets/cockpit_carousel.js``): the
carousel and keyboard, and applying a screen (map view, panels, layers, title).

When the store cannot be reached (the alarm poll notices within seconds, the refresh within
its period), the panels stay as they are (the last good numbers, each with its data time),
every panel shows its stale badge and a wall-wide "feed frozen" notice names the time of
the last good data and how long ago it was; the first poll that reaches the store again
refreshes the panels at once and clears the notice.
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
    no_update,
)

from auth.roles import INCIDENT_WRITE
from auth.web import current_actor, current_principal
from cockpit import supervision
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


def _down(link: dict[str, Any] | None, now: dt.datetime) -> dict[str, Any]:
    """The link state after a failed call: the last good time kept, the outage dated."""
    link = link or {}
    return {"ok": False, "last_ok": link.get("last_ok"),
            "down_since": link.get("down_since") or now.isoformat(timespec="seconds")}


def refresh_outputs(asof: str | None, lang: Lang, link: dict[str, Any] | None,
                    now: dt.datetime | None = None) -> tuple[Any, ...]:
    """(panel bodies…, station URL, incident points, link state, notice, clock).

    With the store down the panels, the map and the notice stay as they are (the last good
    numbers, each with its data time) and the link state says since when the wall is cut
    off; the browser then shows the wall-wide "feed frozen" notice.
    """
    now = now or beijing_now()
    clock = now.strftime("%Y-%m-%d %H:%M")
    try:
        context = current_context()
        engine = context.engine
        day = dt.date.fromisoformat(asof) if asof else None
        with connection(engine) as conn:
            snap = supervision.snapshot(conn, now, day, context.settings.var_dir)
        try:
            AlarmService(engine).scan(now, day, forecast=snap["forecast"])
        except OneMapError as exc:  # the panels are good; the alarms try again next time
            log.warning("alarm scan failed: %s", exc)
    except OneMapError as exc:
        error_notice(exc, lang)  # logs it
        return (*(no_update for _ in ids.PANELS), no_update, no_update, _down(link, now),
                no_update, clock)
    hour = floor_hour(now).isoformat(timespec="minutes")
    return (*c.panel_bodies(snap, lang), c.station_url(hour),
            c.incident_points(snap["operations"].get("incidents") or []),
            {"ok": True, "last_ok": now.isoformat(timespec="seconds"), "down_since": None},
            c.stale_notice(snap, lang), clock)


@callback(
    *(Output(ids.panel_body(name), "children") for name in ids.PANELS),
    Output(ids.STATIONS, "url"), Output(ids.INCIDENTS, "data"), Output(ids.LINK, "data"),
    Output(ids.NOTICE, "children"), Output(ids.CLOCK, "children"),
    Input(ids.REFRESH, "n_intervals"), Input(ids.ASOF, "data"), Input(ids.POLL_LINK, "data"),
    State(ids.LANG, "data"), State(ids.LINK, "data"),
    prevent_initial_call=True,
)
def refresh(_n: int | None, asof: str | None, _poll_link: Any, lang: Lang,
            link: dict[str, Any] | None):
    return refresh_outputs(asof, lang, link)


def poll_outputs(poll_link: dict[str, Any] | None, now: dt.datetime | None = None
                 ) -> tuple[Any, Any]:
    """(alarms, poll link): an alarm poll is also the wall's quick check of its store. The
    poll link changes only when the store goes away or comes back, and each change makes
    the panels refresh at once: the wall is marked cut off within one poll, and its
    numbers are current again within one poll of the store's return."""
    now = now or beijing_now()
    was_ok = (poll_link or {}).get("ok", True)
    stamp = now.isoformat(timespec="seconds")
    try:
        alarms = AlarmService(current_context().engine).poll(now)
    except OneMapError:  # keep showing what is known
        return no_update, {"ok": False, "at": stamp} if was_ok else no_update
    return alarms, no_update if was_ok else {"ok": True, "at": stamp}


@callback(Output(ids.ALARMS, "data"), Output(ids.POLL_LINK, "data"),
          Input(ids.ALARM_POLL, "n_intervals"), State(ids.POLL_LINK, "data"))
def poll_alarms(_n: int | None, poll_link: dict[str, Any] | None):
    return poll_outputs(poll_link)


@callback(
    Output(ids.ALARM_BOX, "children"), Output(f"{ids.ALARM_BOX}-wrap", "hidden"),
    Input(ids.ALARMS, "data"), State(ids.LANG, "data"),
)
def show_alarm(alarms: list[dict[str, Any]] | None, lang: Lang):
    alarms = alarms or []
    return c.alarm_box(alarms, lang), not alarms


@callback(
    Output(ids.ALARM_ACK_RESULT, "children"), Output(ids.ALARM_POLL, "n_intervals"),
    Input(ids.ALARM_ACK, "n_clicks"), State(ids.ALARMS, "data"), State(ids.LANG, "data"),
    State(ids.ALARM_POLL, "n_intervals"),
    prevent_initial_call=True,
)
def acknowledge(n: int | None, alarms: list[dict[str, Any]] | None, lang: Lang,
                polls: int | None):
    """Acknowledge the alarm on top, then poll at once (the next alarm, or the carousel)."""
    principal = current_principal()
    if not n or not alarms or principal is None or not principal.can(INCIDENT_WRITE):
        return no_update, no_update
    top = alarms[0]
    try:
        AlarmService(current_context().engine).acknowledge(current_actor(), top["id"],
                                                           top["version"])
    except OneMapError as exc:
        return error_notice(exc, lang), no_update
    return t("cockpit.alarm.acked", lang), (polls or 0) + 1


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
    ClientsideFunction("cockpit", "link"),
    Output(ids.ROOT, "className"), Output(ids.FROZEN, "children"), Output(ids.FROZEN, "hidden"),
    Input(ids.LINK, "data"), Input(ids.POLL_LINK, "data"), Input(ids.TICK, "n_intervals"),
    State(ids.SCHEME, "data"),
)

clientside_callback(
    ClientsideFunction("cockpit", "fit"),
    Output(ids.CANVAS, "data-scale"),
    Input(ids.QUERY, "data"),
)
