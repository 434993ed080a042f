"""Callbacks of the scenario page: thin, they call :mod:`scenarios.service` and
:mod:`jobs`; the map reads its tiles by URL.

The run is two steps: a plain callback records the scenario and its job (who asked, in
the request, audited). When the unit matrix of the current inputs is cached the answer
takes a fraction of a second and is computed right there, and the same callback answers
the map, tables and cards (one round trip from the click to the tile URLs); otherwise a
**background callback** runs the job — the matrix build, then the scenario — with a progress bar and
a cancel button, on the app's manager: diskcache in a process of this machine, or a
Celery worker when ``REDIS_URL`` is set. The job writes its progress and result into the store,
so a reloaded page (or another screen) finds it there.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_leaflet as dl
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, callback, ctx, no_update
from dash.exceptions import PreventUpdate

from auth.roles import SCENARIO_WRITE
from auth.web import current_actor, current_principal
from core.context import EXTENSION_KEY, current_context
from core.i18n import Lang, t
from jobs import runner
from pages.common import error_notice, notice
from pages.scenario import components as c
from pages.scenario import ids
from scenarios import service


def _engine():
    return current_context().engine


def _choices() -> dict[str, list]:
    return service.choices(_engine())


def _writer() -> bool:
    principal = current_principal()
    return principal is not None and principal.can(SCENARIO_WRITE)


def _admin() -> bool:
    principal = current_principal()
    return principal is not None and "admin" in principal.roles


def _names() -> dict[str, str]:
    ch = _choices()
    return {**dict(ch["districts"]), **dict(ch["outfalls"])}


# --------------------------------------------------------------------------- air: the form
@callback(Output(ids.SELECT_VALUE, "options"), Output(ids.SELECT_VALUE, "value"),
          Input(ids.SELECT_KIND, "value"), State(ids.LANG, "data"))
def value_options(kind: str, lang: Lang):
    if kind not in ("district", "industry"):
        return [], None
    try:
        ch = _choices()
    except Exception:  # the run notice says why; the form stays usable
        return [], None
    if kind == "district":
        opts = [{"label": f"{name} ({code})", "value": code} for code, name in ch["districts"]]
    elif kind == "industry":
        opts = [{"label": name, "value": name} for name in ch["industries"]]
    else:
        return [], None
    return opts, opts[0]["value"] if opts else None


@callback(Output(ids.POLYGON, "data"), Input(ids.DRAW, "geojson"))
def drawn_polygon(geojson: dict | None):
    features = [f for f in (geojson or {}).get("features") or []
                if (f.get("geometry") or {}).get("type") == "Polygon"]
    return features[-1]["geometry"] if features else None


@callback(Output(ids.CUTS, "data"), Output(ids.NOTICE_CUTS, "children"),
          Input(ids.ADD_CUT, "n_clicks"),
          Input({"type": ids.CUT_REMOVE, "index": ALL}, "n_clicks"),
          State(ids.CUTS, "data"), State(ids.SELECT_KIND, "value"),
          State(ids.SELECT_VALUE, "value"), State(ids.SELECT_IDS, "value"),
          State(ids.POLYGON, "data"), State(ids.POLLUTANT_IN, "value"),
          State(ids.FRACTION, "value"), State(ids.LANG, "data"), prevent_initial_call=True)
def edit_cuts(_add, _remove, cuts, kind, value, id_text, polygon, pollutant, percent, lang):
    cuts = list(cuts or [])
    trig = ctx.triggered_id
    if isinstance(trig, dict) and trig.get("type") == ids.CUT_REMOVE:
        if not any(_remove):
            raise PreventUpdate
        index = trig["index"]
        return [x for i, x in enumerate(cuts) if i != index], ""
    if kind == "all":
        select: dict[str, Any] = {"all": True}
    elif kind == "ids":
        select = {"ids": [s.strip() for s in (id_text or "").split(",") if s.strip()]}
    elif kind == "polygon":
        if not polygon:
            return no_update, notice(t("scenario.polygon_missing", lang), lang)
        select = {"polygon": polygon}
    else:
        if not value:
            raise PreventUpdate
        select = {kind: value}
    fraction = max(0.0, min(100.0, float(percent or 0))) / 100.0
    return [*cuts, {"select": select, "pollutant": pollutant, "fraction": fraction}], ""


@callback(Output(ids.CUT_LIST, "children"), Input(ids.CUTS, "data"), State(ids.LANG, "data"))
def show_cuts(cuts, lang):
    try:
        names = _names()
    except Exception:  # codes instead of names while the store is away
        names = {}
    return c.cut_list(cuts or [], lang, names, ids.CUT_REMOVE)


# --------------------------------------------------------------------------- air: the run
RESULT_OUTPUTS = ((ids.LEFT_TILES, "children"), (ids.RIGHT_TILES, "children"),
                  (ids.LEGEND, "children"), (ids.STATIONS, "children"),
                  (ids.DISTRICTS, "children"), (ids.KPI, "children"), (ids.TOP, "children"),
                  (ids.PROVENANCE, "children"), (ids.EXPORTS, "children"),
                  (ids.RESULT_STATUS, "children"), (ids.TICK, "disabled"),
                  (ids.SWIPE, "className"))


@callback(Output(ids.NEW_RUN, "data"), Output(ids.NOTICE_RUN, "children"),
          Output(ids.SHOWN, "data", allow_duplicate=True), Output(ids.RENDERED, "data"),
          *[Output(i, prop, allow_duplicate=True) for i, prop in RESULT_OUTPUTS],
          Input(ids.RUN, "n_clicks"),
          State(ids.NAME, "value"), State(ids.CUTS, "data"),
          State(ids.NEW_LON, "value"), State(ids.NEW_LAT, "value"),
          State(ids.NEW_HEIGHT, "value"), State(ids.NEW_PM25, "value"),
          State(ids.VIEW, "value"), State(ids.POLLUTANT, "value"),
          State(ids.LANG, "data"), prevent_initial_call=True)
def start_run(n, name, cuts, lon, lat, height, pm25, view, pollutant, lang):
    """Record the scenario; with the matrix cached, run it here and answer the map, the
    tables and the cards at once (the click's only round trip); else hand the job to the
    background callback."""
    if not n or not _writer():
        raise PreventUpdate
    body: dict[str, Any] = {"name": name or t("scenario.name.default", lang),
                            "cuts": cuts or []}
    if lon is not None and lat is not None and pm25:
        body["add_sources"] = [{"lon": lon, "lat": lat, "height_m": height or 15.0,
                                "emissions_t_a": {"PM2_5": pm25, "PM10": pm25}}]
    ctx_ = current_context()
    unchanged = (no_update,) * len(RESULT_OUTPUTS)
    try:
        s, ran = service.create_and_run(ctx_.engine, ctx_.settings, current_actor(), body)
    except Exception as exc:  # bad input or a stopped store: a notice
        return no_update, error_notice(exc, lang), no_update, no_update, *unchanged
    if not ran:  # a matrix build first: the background job
        return {"id": s["id"], "job": s["job_id"]}, "", no_update, no_update, *unchanged
    return no_update, "", s["id"], s["id"], *result_view(s, view, pollutant, lang)


@callback(Output(ids.RUN_ID, "data"), Input(ids.NEW_RUN, "data"), Input(ids.DUP_RUN, "data"),
          prevent_initial_call=True)
def run_to_start(new, dup):
    """The run in progress (what the cancel button stops): from the form, or a duplicate."""
    return dup if ctx.triggered_id == ids.DUP_RUN else new


@callback(Output(ids.SHOWN, "data"), Output(ids.RENDERED, "data", allow_duplicate=True),
          Input(ids.NEW_RUN, "data"), Input(ids.DUP_RUN, "data"),
          Input(ids.DONE, "data"), Input(ids.OPENED, "data"),
          Input(ids.DELETED, "data"), State(ids.SHOWN, "data"), prevent_initial_call=True)
def shown(new, dup, done, opened, deleted, current):
    """The scenario on show: the one just started (its progress), finished or opened (the
    result view then renders it: nothing was answered with it)."""
    trig = ctx.triggered_id
    value: Any = no_update
    if trig in (ids.NEW_RUN, ids.DUP_RUN):
        run = new if trig == ids.NEW_RUN else dup
        value = run["id"] if run else no_update
    elif trig == ids.DONE:
        value = done or no_update
    elif trig == ids.OPENED:
        value = opened or no_update
    elif trig == ids.DELETED and deleted and deleted.get("id") == current:
        value = None
    if value is no_update:
        raise PreventUpdate
    return value, None


@callback(Output(ids.DONE, "data"), Input(ids.NEW_RUN, "data"), Input(ids.DUP_RUN, "data"),
          background=True, prevent_initial_call=True, interval=250,
          progress=[Output(ids.PROGRESS, "value"), Output(ids.STATUS, "children")],
          progress_default=["0", ""],
          running=[(Output(ids.RUN, "disabled"), True, False),
                   (Output(ids.CANCEL, "disabled"), False, True)],
          cancel=[Input(ids.CANCEL, "n_clicks")])
def run_scenario(set_progress, new, dup):
    """The background job (another process, or a Celery worker)."""
    run = dup if ctx.triggered_id == ids.DUP_RUN else new
    if not run:
        raise PreventUpdate
    context = dash.get_app().server.extensions[EXTENSION_KEY]
    engine = context.engine
    engine.dispose(close=False)  # a forked process: fresh connections, never the parent's

    def progress(fraction: float, message: str) -> None:
        set_progress((str(round(fraction * 100)), f"{int(fraction * 100)} % · {message}"))

    runner.execute(engine, context.settings, run["job"], backend="dash", on_progress=progress)
    return run["id"]


@callback(Output(ids.NOTICE_CANCEL, "children"), Output(ids.CANCELLED, "data"),
          Input(ids.CANCEL, "n_clicks"), State(ids.RUN_ID, "data"),
          State(ids.CANCELLED, "data"), State(ids.LANG, "data"), prevent_initial_call=True)
def cancel_run(n, run, count, lang):
    """Mark the scenario and its job cancelled (Dash stops the background job itself)."""
    if not n or not run:
        raise PreventUpdate
    try:
        service.cancel(_engine(), current_actor(), run["id"], is_admin=_admin())
    except Exception as exc:
        return error_notice(exc, lang), no_update
    return notice(t("scenario.cancelled", lang), lang, "info"), (count or 0) + 1


# --------------------------------------------------------------------------- air: result
def _tile_url(s: dict[str, Any], layer: str, pollutant: str) -> str:
    return s["tiles"]["layers"][layer]["url"].replace("{pollutant}", pollutant)


def _tile(url: str) -> dl.TileLayer:
    return dl.TileLayer(url=url, opacity=0.85, maxZoom=14, maxNativeZoom=14)


def _empty(lang: Lang, status: Any = "", tick_disabled: bool = True) -> tuple:
    return ([], [], None, dash.html.P(t("scenario.none", lang), className="hint"), None, None,
            None, None, None, status, tick_disabled, "sc-swipe sc-hidden")


def result_view(s: dict[str, Any], view: str, pollutant: str, lang: Lang) -> tuple:
    """What the map, tables and cards show of scenario ``s`` (one value per
    :data:`RESULT_OUTPUTS`)."""
    status = c.status_text(s, lang)
    if s["status"] != "done" or s["kind"] != "air":
        running = s["status"] in ("queued", "running")
        if running:
            status += f" · {round(s['progress'] * 100)} %"
        return _empty(lang, status, not running)
    sid = s["id"]
    if view == "delta":
        left, right = [_tile(_tile_url(s, "delta", pollutant))], []
    else:
        left = [_tile(_tile_url(s, "baseline", pollutant))]
        right = [_tile(_tile_url(s, "scenario", pollutant))]
    exports = [dash.html.A(t("scenario.export.csv", lang), href=f"/api/scenarios/{sid}/tables.csv",
                           className="btn-link", download=""),
               dash.html.A(t("scenario.export.tif", lang),
                           href=s["tiles"]["geotiff"].replace("{pollutant}", pollutant),
                           className="btn-link", download="")]
    return (left, right, c.legend(s, view, pollutant, lang),
            c.change_table(s["stations"], pollutant, lang, "sc-stations-table"),
            c.change_table(s["districts"], pollutant, lang, "sc-districts-table"),
            c.kpi_card(s.get("kpi"), lang), c.top_card(s.get("top"), pollutant, lang),
            c.provenance_card(s, lang, "sc-provenance-card"), exports, status, True,
            "sc-swipe" + (" sc-hidden" if view == "delta" else ""))


@callback(*[Output(i, prop) for i, prop in RESULT_OUTPUTS],
          Input(ids.SHOWN, "data"), Input(ids.VIEW, "value"), Input(ids.POLLUTANT, "value"),
          Input(ids.TICK, "n_intervals"), Input(ids.CANCELLED, "data"),
          State(ids.RENDERED, "data"), State(ids.LANG, "data"))
def show_result(sid, view, pollutant, _tick, _cancelled, rendered, lang):
    if ctx.triggered_id == ids.SHOWN and sid and sid == rendered:
        raise PreventUpdate  # answered with the run itself (start_run)
    if not sid:
        return _empty(lang)
    try:
        s = service.get(_engine(), int(sid))
    except Exception as exc:  # gone, or the store is stopped
        return _empty(lang, error_notice(exc, lang))
    return result_view(s, view, pollutant, lang)


@callback(Output(ids.SAVED, "children"), Output(ids.COMPARE_WITH, "options"),
          Input(ids.SHOWN, "data"), Input(ids.DELETED, "data"), Input(ids.CANCELLED, "data"),
          Input(ids.DONE, "data"), State(ids.LANG, "data"))
def saved(shown, _deleted, _cancelled, _done, lang):
    try:
        items = service.list_scenarios(_engine(), kind="air", limit=50)
    except Exception as exc:
        return error_notice(exc, lang), []
    principal = current_principal()
    me = principal.username if principal else None
    options = [{"label": f"#{s['id']} {s['name']}", "value": s["id"]} for s in items
               if s["status"] == "done" and s["id"] != shown]
    return c.saved_list(items, lang, me, _admin(), _writer(), shown), options


@callback(Output(ids.OPENED, "data"), Output(ids.DUP_RUN, "data"), Output(ids.DELETED, "data"),
          Output(ids.NOTICE_SAVED, "children"),
          Input({"type": ids.SAVED_ITEM, "action": ALL, "id": ALL}, "n_clicks"),
          State(ids.LANG, "data"), prevent_initial_call=True)
def saved_action(clicks, lang):
    trig = ctx.triggered_id
    if not isinstance(trig, dict) or not any(clicks):
        raise PreventUpdate
    sid, action = int(trig["id"]), trig["action"]
    try:
        if action == "open":
            return sid, no_update, no_update, ""
        if action == "delete":
            service.delete_scenario(_engine(), current_actor(), sid, is_admin=_admin())
            return no_update, no_update, {"id": sid}, ""
        if action == "duplicate":
            ctx_ = current_context()
            s = service.duplicate(ctx_.engine, ctx_.settings, current_actor(), sid, start=False)
            return no_update, {"id": s["id"], "job": s["job_id"]}, no_update, ""
    except Exception as exc:
        return no_update, no_update, no_update, error_notice(exc, lang)
    raise PreventUpdate


@callback(Output(ids.COMPARE, "children"), Input(ids.COMPARE_WITH, "value"),
          Input(ids.POLLUTANT, "value"), State(ids.SHOWN, "data"), State(ids.LANG, "data"))
def compare(other, pollutant, shown, lang):
    if not other or not shown:
        return None
    try:
        data = service.compare(_engine(), int(shown), int(other))
    except Exception as exc:
        return error_notice(exc, lang)
    return c.compare_table(data, pollutant, lang)


# --------------------------------------------------------------------------- water
@callback(Output(ids.W_SELECT_VALUE, "options"), Output(ids.W_SELECT_VALUE, "value"),
          Output(ids.W_SELECT_VALUE, "multi"), Input(ids.W_SELECT_KIND, "value"))
def water_options(kind):
    if kind not in ("river", "catchment", "outfalls"):
        return [], None, False
    try:
        ch = _choices()
    except Exception:  # the water notice says why when it is run
        return [], None, kind == "outfalls"
    if kind in ("river", "catchment"):
        opts = [{"label": r, "value": r} for r in ch["rivers"]]
        return opts, opts[0]["value"] if opts else None, False
    if kind == "outfalls":
        return [{"label": f"{code} {name}", "value": code} for code, name in ch["outfalls"]], \
            [], True
    return [], None, False


@callback(Output(ids.W_CUTS, "data"), Input(ids.W_ADD_CUT, "n_clicks"),
          Input({"type": ids.W_CUT_REMOVE, "index": ALL}, "n_clicks"),
          State(ids.W_CUTS, "data"), State(ids.W_SELECT_KIND, "value"),
          State(ids.W_SELECT_VALUE, "value"), State(ids.W_POLLUTANT_IN, "value"),
          State(ids.W_FRACTION, "value"), prevent_initial_call=True)
def water_cuts(_add, _remove, cuts, kind, value, pollutant, percent):
    cuts = list(cuts or [])
    trig = ctx.triggered_id
    if isinstance(trig, dict):
        if not any(_remove):
            raise PreventUpdate
        return [x for i, x in enumerate(cuts) if i != trig["index"]]
    if kind == "all":
        select: dict[str, Any] = {"all": True}
    elif not value:
        raise PreventUpdate
    else:
        select = {kind: value}
    fraction = max(0.0, min(100.0, float(percent or 0))) / 100.0
    return [*cuts, {"select": select, "pollutant": pollutant, "fraction": fraction}]


@callback(Output(ids.W_CUT_LIST, "children"), Input(ids.W_CUTS, "data"),
          State(ids.LANG, "data"))
def water_cut_list(cuts, lang):
    try:
        names = _names()
    except Exception:
        names = {}
    return c.cut_list(cuts or [], lang, names, ids.W_CUT_REMOVE)


@callback(Output(ids.W_SHOWN, "data"), Output(ids.NOTICE_WATER, "children"),
          Input(ids.W_RUN, "n_clicks"), State(ids.W_NAME, "value"), State(ids.W_CUTS, "data"),
          State(ids.LANG, "data"), prevent_initial_call=True)
def water_run(n, name, cuts, lang):
    """Water scenarios take a fraction of a second: the job runs in the request (and is
    recorded like any other)."""
    if not n or not _writer():
        raise PreventUpdate
    ctx_ = current_context()
    try:
        s, _ = service.create_and_run(
            ctx_.engine, ctx_.settings, current_actor(),
            {"kind": "water", "name": name or "water", "cuts": cuts or []})
    except Exception as exc:
        return no_update, error_notice(exc, lang)
    return s["id"], ""


@callback(Output(ids.W_SECTIONS, "children"), Output(ids.W_LAKE, "children"),
          Output(ids.W_PROVENANCE, "children"), Output(ids.W_RIVER, "options"),
          Output(ids.W_RIVER, "value"), Output(ids.W_SAVED, "children"),
          Input(ids.W_SHOWN, "data"), Input(ids.W_POLLUTANT_IN, "value"),
          Input(ids.DELETED, "data"), State(ids.W_RIVER, "value"), State(ids.LANG, "data"))
def water_result(sid, pollutant, _deleted, river, lang):
    try:
        return _water_result(sid, pollutant, river, lang)
    except Exception as exc:  # a stopped store: a notice, not a broken tab
        return error_notice(exc, lang), None, None, [], None, None


def _water_result(sid, pollutant, river, lang):
    items = service.list_scenarios(_engine(), kind="water", limit=50)
    principal = current_principal()
    me = principal.username if principal else None
    saved_list = c.saved_list(items, lang, me, _admin(), _writer(), sid)
    if not sid and items:
        sid = next((s["id"] for s in items if s["status"] == "done"), None)
    if not sid:
        return None, None, None, [], None, saved_list
    s = service.get(_engine(), int(sid))
    if s["status"] != "done":
        return dash.html.P(c.status_text(s, lang)), None, None, [], None, saved_list
    rivers = sorted((s.get("reaches") or {}).keys())
    river = river if river in rivers else (rivers[0] if rivers else None)
    return (c.sections_table(s, pollutant, lang), c.lake_card(s, lang),
            c.provenance_card(s, lang, "sc-w-provenance-card"),
            [{"label": r, "value": r} for r in rivers], river, saved_list)


@callback(Output(ids.W_LAYER_BEFORE, "children"), Output(ids.W_LAYER_AFTER, "children"),
          Output(ids.W_MAP_NOTE, "children"),
          Input(ids.W_SHOWN, "data"), Input(ids.W_SAVED, "children"), State(ids.LANG, "data"))
def water_maps(sid, _saved, lang):
    """Sections coloured by class before (left) and after (right), the rivers and the cut
    outfalls, for the scenario on show (or the latest done one)."""
    try:
        engine = _engine()
        layers = service.water_map(engine)
        if not sid:
            done = [x["id"] for x in service.list_scenarios(engine, kind="water", limit=20)
                    if x["status"] == "done"]
            sid = done[0] if done else None
        s = service.get(engine, int(sid)) if sid else None
    except Exception as exc:  # a stopped store: a notice, not a broken tab
        return [], [], error_notice(exc, lang)
    if s is not None and s["status"] != "done":
        s = None
    cut = service.water_cut_outfalls(s, layers) if s else set()
    note = "" if s else t("scenario.water.map.none", lang)
    if s:
        note = f"#{s['id']} {s['name']} · {t('scenario.synthetic.short', lang)}"
    return (c.water_map_layers(layers, s, "before", cut, lang),
            c.water_map_layers(layers, s, "after", cut, lang), note)


# the water maps are laid out while their tab is hidden: size them when it is shown
dash.clientside_callback(
    """function (tab) {
        const nu = window.dash_clientside.no_update;
        if (tab !== "water") { return [nu, nu]; }
        const v = Date.now();
        return [v, v];
    }""",
    Output(ids.W_MAP_BEFORE, "invalidateSize"), Output(ids.W_MAP_AFTER, "invalidateSize"),
    Input(ids.TABS, "value"))


@callback(Output(ids.W_PROFILE, "figure"), Input(ids.W_RIVER, "value"),
          Input(ids.W_POLLUTANT_IN, "value"), State(ids.W_SHOWN, "data"),
          State(ids.LANG, "data"))
def water_profile(river, pollutant, sid, lang):
    fig = go.Figure(layout={"margin": {"l": 50, "r": 10, "t": 10, "b": 40}, "height": 260,
                            "legend": {"orientation": "h"},
                            "xaxis": {"title": t("scenario.water.distance", lang)},
                            "yaxis": {"title": f"{c.LABEL[pollutant]} mg/L"}})
    if not river:
        return fig
    try:
        return _water_profile(fig, river, pollutant, sid, lang)
    except Exception:  # the tab's notice says why; an empty chart here
        return fig


def _water_profile(fig, river, pollutant, sid, lang):
    items = [sid] if sid else [s["id"] for s in service.list_scenarios(
        _engine(), kind="water", limit=5) if s["status"] == "done"][:1]
    if not items:
        return fig
    s = service.get(_engine(), int(items[0]))
    prof = (s.get("reaches") or {}).get(river)
    if not prof:
        return fig
    fig.add_scatter(x=prof["distance_km"], y=prof[f"{pollutant}_before"],
                    name=t("scenario.before", lang), line={"color": "#888"})
    fig.add_scatter(x=prof["distance_km"], y=prof[f"{pollutant}_after"],
                    name=t("scenario.after", lang), line={"color": "#2166ac"})
    return fig
