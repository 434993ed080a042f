"""Thin callbacks of the forecast page: they call :mod:`forecasting.service` (the same
services as ``/api/forecast``) and :mod:`forecasting.jobs`, and build figures from the
answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from auth.roles import FORECAST_RUN
from auth.web import current_actor, current_principal
from core.context import current_context
from core.errors import Forbidden, OneMapError
from core.i18n import t
from decision_models.forecast.constants import POLLUTANTS, UNITS
from decision_models.forecast.data import TRAIN_NEED_DAYS
from forecasting import jobs, service
from forecasting.history import NoDailyHistory
from pages.common import error_notice, notice
from pages.forecast import components as c
from pages.forecast import figures, ids

GRAPH_CONFIG = {"displaylogo": False, "responsive": True}


def _context():
    context = current_context()
    return context.engine, Path(context.settings.var_dir)


def _region():
    return current_context().settings.region


def headline(result: service.Forecast, lang: str) -> list[Any]:
    parts: list[Any] = [html.Span(t("forecast.issued", lang).format(day=result.issued_at),
                                  className="fc-issued")]
    if result.baseline:
        method = result.model_version.removeprefix("baseline:")
        parts.append(html.Span(t("forecast.baseline_label", lang).format(
                                   m=c.method_label(method, lang)),
                               className="fc-badge fc-badge--baseline"))
    else:
        parts.append(html.Span([t("forecast.model_version", lang) + " ",
                                html.Code(result.model_version)], className="fc-version"))
    out: list[Any] = [html.Div(parts, className="fc-headline-row")]
    if result.in_sample:
        out.append(html.P(t("forecast.in_sample", lang), className="fc-replay"))
    return out


FORECAST_OUTPUTS = (ids.HEADLINE, "children"), (ids.AQI_CHART, "figure"), \
    (ids.WARNING, "children"), (ids.CHARTS, "children"), (ids.CARD, "children"), \
    (ids.SKILL, "children"), (ids.NOTICE, "children")
HISTORY_OUTPUTS = (ids.HIST_CHART, "figure"), (ids.HIST_NOTE, "children")


def render_forecast(where: str | None, issued: str | None, lang: str,
                    known: list[dict[str, str]] | None = None) -> tuple:
    """The forecast part of the page (one value per :data:`FORECAST_OUTPUTS`). The place
    is resolved once (kind, fingerprint, history) for the card and the forecast;
    ``known``: the places the layout already read."""
    if not where:
        return [], figures.empty(), None, [], None, None, []
    engine, var_dir = _context()
    try:
        place = service.resolve(engine, where, _region(), known)
        card = service.model_card(engine, var_dir, where, resolved=place)
    except NoDailyHistory as exc:
        text = t("forecast.no_history", lang).format(name=exc.name, where=exc.where,
                                                     days=TRAIN_NEED_DAYS)
        return [], figures.empty(), None, [], None, None, [notice(text, lang, "warning")]
    except Exception as exc:  # unknown place, a stopped store
        return [], figures.empty(), None, [], None, None, [error_notice(exc, lang)]
    card_part = c.model_card(card, lang)
    skill_part = c.skill_section(card, lang)
    notices: list[Any] = []
    try:
        day = service.parse_issued_at(issued)
        result = service.forecast(engine, var_dir, where, day, resolved=place)
    except OneMapError as exc:
        box = c.notice_box(card.get("notice"), lang, where)
        if box is not None and card["kind"] == "station":
            notices.append(box)
        else:
            notices.append(error_notice(exc, lang))
        return [], figures.empty(), None, [], card_part, skill_part, notices
    box = c.notice_box(result.notice, lang, where)
    if box is not None:
        notices.append(box)
    recent = result.extras.get("recent", [])
    aqi = figures.fan_chart(result.rows, recent, "AQI", lang, "-")
    aqi["layout"]["annotations"].append({
        "text": t("forecast.level_axis", lang).format(
            std=", ".join(sorted({r["standard"] for r in result.rows}))),
        "xref": "paper", "yref": "paper", "x": 1, "y": 1.08, "showarrow": False,
        "xanchor": "right", "font": {"size": 11, "color": "#555"}})
    grid = [dcc.Graph(figure=figures.fan_chart(result.rows, recent, p, lang, UNITS[p],
                                               compact=True),
                      config=GRAPH_CONFIG, className="fc-small-chart") for p in POLLUTANTS]
    warning = [c.warning_box(result.warning, lang), c.day_table(result.rows, lang)]
    return (headline(result, lang), aqi, warning, grid, card_part, skill_part, notices)


@callback(
    *[Output(i, prop) for i, prop in FORECAST_OUTPUTS],
    Input(ids.WHERE, "value"), Input(ids.ISSUED, "date"), Input(ids.REFRESH, "data"),
    State(ids.LANG, "data"), prevent_initial_call=True)
def show(where, issued, _refresh, lang):
    if not where:
        raise PreventUpdate
    return render_forecast(where, issued, lang)


def render_history(where: str | None, pollutant: str, lead: int, weeks: Any,
                   issued: str | None, lang: str,
                   known: list[dict[str, str]] | None = None) -> tuple:
    """Past forecasts of one variable and lead against the observations."""
    if not where:
        return figures.empty(), []
    try:
        weeks = max(1, min(52, int(weeks or 8)))
        until = service.parse_issued_at(issued)
        past = service.past_performance(where, weeks, until, current_context().engine,
                                        pollutant, int(lead), region=_region(), known=known)
    except Exception as exc:  # bad input or a stopped store: a notice
        return figures.empty(), [error_notice(exc, lang)]
    if not past["rows"]:
        return figures.empty(), c.history_note(past, pollutant, int(lead), lang)
    return (figures.history_chart(past["rows"], pollutant, int(lead), lang),
            c.history_note(past, pollutant, int(lead), lang))


@callback(
    *[Output(i, prop) for i, prop in HISTORY_OUTPUTS],
    Input(ids.WHERE, "value"), Input(ids.HIST_POLLUTANT, "value"),
    Input(ids.HIST_LEAD, "value"), Input(ids.HIST_WEEKS, "value"),
    Input(ids.ISSUED, "date"), State(ids.LANG, "data"), prevent_initial_call=True)
def show_history(where, pollutant, lead, weeks, issued, lang):
    if not where or not pollutant or not lead:
        raise PreventUpdate
    return render_history(where, pollutant, lead, weeks, issued, lang)


def job_text(state: dict[str, Any], lang: str) -> list[Any]:
    status = t(f"forecast.status.{state['status']}", lang)
    text = t("forecast.retrain.status", lang).format(
        id=state["id"][:8], status=status, done=state.get("done", 0),
        total=state.get("total", 0))
    if state["status"] == "done":
        text += " · " + t("forecast.retrain.done", lang).format(v=state.get("version"))
    if state["status"] in ("failed", "cancelled"):
        text += " · " + t("forecast.retrain.failed", lang).format(e=state.get("error"))
    return [html.Progress(value=str(state.get("progress", 0)), max="1",
                          className="fc-progress"), html.Span(text)]


@callback(
    Output(ids.JOB, "data"), Output(ids.JOB_TICK, "disabled"),
    Output(ids.JOB_STATUS, "children"), Output(ids.REFRESH, "data"),
    Output(ids.CANCEL, "hidden"),
    Input(ids.RETRAIN, "n_clicks"), Input(ids.CANCEL, "n_clicks"),
    Input(ids.JOB_TICK, "n_intervals"),
    State(ids.JOB, "data"), State(ids.WHERE, "value"), State(ids.REFRESH, "data"),
    State(ids.LANG, "data"))
def retrain_job(clicks, cancels, _tick, job_id, where, refresh, lang):
    """Start a retraining (the button), cancel it, or follow it (the interval)."""
    context = current_context()
    engine = context.engine
    try:
        if ctx.triggered_id in (ids.RETRAIN, ids.CANCEL):
            principal = current_principal()
            if principal is None or not principal.can(FORECAST_RUN):
                raise Forbidden("retraining needs the analyst or admin role")
            if ctx.triggered_id == ids.RETRAIN:
                if not clicks or not where:
                    raise PreventUpdate
                state = jobs.start(engine, context.settings, current_actor(), where)
                return state["id"], False, job_text(state, lang), no_update, False
            if not cancels or not job_id:
                raise PreventUpdate
            state = jobs.cancel(engine, current_actor(), job_id)
        else:
            if not job_id:
                raise PreventUpdate
            state = jobs.get(engine, job_id)
    except OneMapError as exc:
        return no_update, True, error_notice(exc, lang), no_update, True
    finished = state["status"] not in jobs.OPEN
    return (no_update, finished, job_text(state, lang),
            (refresh or 0) + 1 if state["status"] == "done" else no_update, finished)
