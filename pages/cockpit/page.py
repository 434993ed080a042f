"""The leader cockpit (``/cockpit``): a dark big-screen page for the video wall.

Query parameters (deep links, also for a wall browser's start URL):

- ``scheme=<id>``: run a stored report scheme unattended, looping (default: one screen
  with every panel);
- ``asof=YYYY-MM-DD``: show the year to that day (a replay, badged) for screens whose
  scheme names no date;
- ``fit=auto|width|height|native``: how the fixed design canvas (1920×1080, 3840×1080 or
  5760×1080, whichever aspect is nearest the screen's) is scaled to the screen;
- ``refresh=<seconds>`` (10–3600, default 30): panel refresh period;
- ``poll=<seconds>`` (2–60, default 5): alarm check period;
- ``reload=<hours>`` (0–168, default 24; 0 = never): a full page reload every so many
  hours (walls left on for days); the defaults are :data:`cockpit.schemes.WALL`;
- ``lang=zh|en``.

The panels and the map refresh by intervals (see the README for the measured alarm
latency, and why not a server push); the map reads its features from ``/ogc`` by
URL. The basemap is that of the scheme's first screen (default the dark relief); the
screens change the view, the layers and the panels. Carousel, keyboard and scaling run
in the browser (``assets/cockpit*.js``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash_leaflet  # noqa: F401  (registers the component library before the layout)
from dash import dcc, html, register_page
from dash_extensions import Keyboard

from auth.roles import INCIDENT_WRITE, PAGE_COCKPIT
from auth.web import current_principal
from cockpit import supervision
from cockpit.schemes import WALL, WALL_RANGES, ZOOM_RANGE, SchemeService, validate
from core.clock import beijing_now, floor_hour
from core.context import current_context
from core.errors import OneMapError
from core.i18n import Lang, t
from pages.cockpit import (
    callbacks,  # noqa: F401  (registers the page's callbacks)
    ids,
)
from pages.cockpit import components as c
from pages.common import error_notice
from pages.onemap.basemaps import dark_basemap_id
from pages.onemap.state import region_frame
from store.db import connection

register_page(__name__, path="/cockpit", name="驾驶舱", title="领导决策驾驶舱", order=5,
              nav_key="nav.cockpit", permission=PAGE_COCKPIT)

FIT_MODES = ("auto", "width", "height", "native")
BLANK_TILE = "/assets/img/blank.png"
MAP_PX = (1000, 760)  # the wall's map between the side panels on the 1920×1080 canvas [px]
KEYS = ["PageDown", "PageUp", "ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", " ",
        *(str(n) for n in range(1, 10))]


def _lang(query: dict[str, str]) -> Lang:
    value = query.get("lang")
    return value if value in ("zh", "en") else current_context().settings.lang


def _int(query: dict[str, str], name: str, default: int | None, lo: int, hi: int
         ) -> int | None:
    raw = query.get(name, "")
    return min(max(int(raw), lo), hi) if raw.isdigit() else default


def _asof(query: dict[str, str]) -> str | None:
    raw = query.get("asof") or ""
    try:
        return dt.date.fromisoformat(raw).isoformat() if raw else None
    except ValueError:
        return None


def default_scheme(asof: str | None) -> dict[str, Any]:
    """One screen with the six core panels over the served region (its bbox framed)."""
    (lat, lon), zoom = region_frame(current_context().settings.region.bbox, MAP_PX)
    screen: dict[str, Any] = {"title": t("cockpit.tab_title", "zh"),
                              "title_en": t("cockpit.tab_title", "en"), "dwell": 3600,
                              "panels": list(ids.CORE_PANELS),
                              "map": {"center": [lat, lon], "zoom": max(zoom, ZOOM_RANGE[0]),
                                      "layers": ["air_stations"]}}
    if asof:
        screen["asof"] = asof
    return validate({"name": "default", "screens": [screen]})


def load_scheme(scheme_id: int | None, asof: str | None) -> dict[str, Any]:
    if scheme_id is None:
        return default_scheme(asof)
    service = SchemeService(current_context().engine)
    service.seed_samples()
    row = service.get(scheme_id)
    screens = [dict(s, asof=s.get("asof") or asof) for s in row["screens"]]
    return {"id": row["id"], "name": row["name"], "screens": screens}


def _basemap(basemap_id: str | None = None) -> tuple[str, list[list[float]] | None]:
    """(tile URL template, [[south, west], [north, east]]) of the wall's basemap: tiles are
    only asked for inside the data, so nothing white shows around it."""
    from flask import current_app

    from tiles import CATALOGUE_KEY

    basemap_id = basemap_id or dark_basemap_id()
    catalogue = current_app.extensions.get(CATALOGUE_KEY)
    if catalogue is None or basemap_id is None:
        return BLANK_TILE, None
    try:
        dataset = catalogue.get(basemap_id)
    except OneMapError:
        return BLANK_TILE, None
    west, south, east, north = dataset.bounds
    return dataset.tile_path(), [[south, west], [north, east]]


def layout(**query: str) -> html.Div:
    lang = _lang(query)
    asof = _asof(query)
    fit = query.get("fit") if query.get("fit") in FIT_MODES else "auto"
    refresh_s = _int(query, "refresh", WALL.refresh_s, *WALL_RANGES["refresh_s"])
    poll_s = _int(query, "poll", WALL.alarm_poll_s, *WALL_RANGES["alarm_poll_s"])
    reload_h = _int(query, "reload", WALL.reload_h, *WALL_RANGES["reload_h"])
    notices: list[Any] = []
    scheme_id = _int(query, "scheme", None, 1, 2**31 - 1)
    try:
        scheme = load_scheme(scheme_id, asof)
    except OneMapError as exc:
        notices.append(error_notice(exc, lang))
        scheme = default_scheme(asof)
    tile_url, tile_bounds = _basemap(scheme["screens"][0]["map"].get("basemap"))
    scheme = dict(scheme, panels=list(ids.PANELS), overlays=list(ids.OVERLAYS),
                  overlay_urls={layer: c.overlay_url(layer, True) for layer in ids.OVERLAYS},
                  tile_url=tile_url,
                  texts={k: t(f"cockpit.{k}", lang) for k in (
                      "screen", "paused", "frozen.title", "frozen.body", "frozen.minutes",
                      "frozen.seconds")})
    first = scheme["screens"][0]
    first_asof = first.get("asof")
    now = beijing_now()
    bodies: list[Any] = [[] for _ in ids.PANELS]
    stale: list[Any] = []
    incidents: list[dict[str, Any]] = []
    try:
        context = current_context()
        with connection(context.engine) as conn:
            snap = supervision.snapshot(conn, now, dt.date.fromisoformat(first_asof)
                                 if first_asof else None, context.settings.var_dir)
        bodies = c.panel_bodies(snap, lang)
        stale = c.stale_notice(snap, lang)
        incidents = snap["operations"].get("incidents") or []
        link = {"ok": True, "last_ok": now.isoformat(timespec="seconds"), "down_since": None}
    except OneMapError as exc:
        notices.append(error_notice(exc, lang))
        link = {"ok": False, "last_ok": None, "down_since": now.isoformat(timespec="seconds")}
    principal = current_principal()
    can_ack = bool(principal and principal.can(INCIDENT_WRITE))
    hour = floor_hour(now).isoformat(timespec="minutes")
    view = first["map"]
    boxes = {name: c.panel_box(name, lang, name in first["panels"]) for name in ids.PANELS}
    for name, body in zip(ids.PANELS, bodies, strict=True):
        boxes[name].children[1].children = body
    left = [boxes[name] for name in c.LEFT]
    right = [boxes[name] for name in c.RIGHT]
    return html.Div([
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.SCHEME, data=scheme),
        dcc.Store(id=ids.QUERY, data={"asof": asof, "fit": fit, "reload_h": reload_h,
                                      "scheme": scheme_id}),
        dcc.Store(id=ids.STATE, data={"index": 0, "paused": False, "preempted": None,
                                      "changed_at": None}),
        dcc.Store(id=ids.ASOF, data=first_asof),
        dcc.Store(id=ids.LINK, data=link),
        dcc.Store(id=ids.POLL_LINK, data={"ok": link["ok"], "at": link["down_since"]
                                          or link["last_ok"]}),
        dcc.Store(id=ids.ALARMS, data=[]),
        dcc.Interval(id=ids.REFRESH, interval=(refresh_s or WALL.refresh_s) * 1000),
        dcc.Interval(id=ids.ALARM_POLL, interval=(poll_s or WALL.alarm_poll_s) * 1000),
        dcc.Interval(id=ids.TICK, interval=1000),
        Keyboard(id=ids.KEYS, captureKeys=KEYS),
        html.Div([
            html.Header([
                html.H1(t("cockpit.title", lang), className="cockpit-title"),
                html.Div(first.get("title") if lang == "zh" else
                         (first.get("title_en") or first.get("title")),
                         id=ids.SCREEN_TITLE, className="cockpit-screen-title"),
                html.Div([*notices, *stale], id=ids.NOTICE, className="cockpit-notice"),
                html.Div(t("cockpit.screen", lang).format(n=1, total=len(scheme["screens"])),
                         id=ids.COUNTER, className="cockpit-counter",
                         title=t("cockpit.keys", lang)),
                html.Div(now.strftime("%Y-%m-%d %H:%M"), id=ids.CLOCK,
                         className="cockpit-clock"),
                html.Div(id=ids.FROZEN, className="cockpit-frozen", hidden=True,
                         role="alert"),
            ], className="cockpit-header"),
            html.Div(left, className="cockpit-side cockpit-side--left"),
            html.Main([
                c.cockpit_map(tuple(view["center"]), view["zoom"], tile_url, tile_bounds,
                              hour, view["layers"], lang, incidents),
                html.Div(id=ids.PRELOAD, className="cockpit-preload", **{"aria-hidden": "true"}),
                html.Div([html.Span(t("cockpit.map.stations", lang)),
                          html.Span(f" · {t('cockpit.src.air_hourly', lang)}")],
                         id=ids.MAP_STATUS, className="cockpit-map-note"),
                html.Div([
                    html.Div(id=ids.ALARM_BOX),
                    html.Button(t("cockpit.alarm.ack", lang), id=ids.ALARM_ACK, n_clicks=0,
                                className="cockpit-ack", hidden=not can_ack),
                    html.Div(id=ids.ALARM_ACK_RESULT, className="cockpit-foot"),
                ], className="cockpit-alarm", hidden=True, id=f"{ids.ALARM_BOX}-wrap"),
            ], className="cockpit-centre"),
            html.Div(right, className="cockpit-side cockpit-side--right"),
        ], id=ids.CANVAS, className="cockpit-canvas", **{"data-fit": fit}),
    ], id=ids.ROOT, className="cockpit")
