"""The forecast page (``/forecast``): pick a city or station and an issue day; read the
7-day fan charts of AQI and each pollutant, the heavy-pollution warning with the rule that
fired, the model card with its backtest skill (and where it does not beat persistence),
and how good past forecasts have been. Analysts and admins retrain the model as a
background job. Deep links: ``/forecast?where=340100&issued_at=2016-12-20&lang=en``.
"""

from __future__ import annotations

import datetime as dt

from dash import dcc, html, register_page

from auth.roles import FORECAST_RUN, PAGE_ANALYSIS
from auth.web import current_principal
from core.context import current_context
from core.i18n import Lang, t
from forecasting import jobs, service
from pages.common import error_notice
from pages.forecast import (
    callbacks,  # registers the page's callbacks; renders the first view
    ids,
)
from pages.forecast.components import pollutant_label

HISTORY_POLLUTANTS = ("AQI", "PM2.5", "PM10", "O3_8h", "NO2", "SO2", "CO")


def tab_title() -> str:
    return t("forecast.tab_title", current_context().settings.lang)


register_page(__name__, path="/forecast", name="空气质量预报", title=tab_title, order=30,
              nav_key="forecast.nav", permission=PAGE_ANALYSIS)


def can_retrain() -> bool:
    principal = current_principal()
    return principal is not None and principal.can(FORECAST_RUN)


def _lang(query: dict[str, str]) -> Lang:
    lang = query.get("lang")
    return lang if lang in ("zh", "en") else current_context().settings.lang  # type: ignore


def _label(place: dict[str, str], lang: Lang) -> str:
    kind = t(f"forecast.{place['kind']}", lang)
    name = place["name_zh"] if lang == "zh" else place["name_en"]
    return f"{name} · {kind}"


def _field(label: str, component) -> html.Label:
    return html.Label([html.Span(label), component], className="fc-field")


def _loading(part, chart: bool = False) -> dcc.Loading:
    """A part of the page with its own loading indicator. Text parts are shown at once
    (``show_initially`` off: the layout already holds them); a chart part keeps its
    indicator until plotly.js has drawn it."""
    return dcc.Loading(part, type="dot", parent_className="fc-part", show_initially=chart)


def _data_note(lang: str) -> str:
    """Where the daily series comes from: the Hefei sample's aqistudy file, or the region's."""
    region = current_context().settings.region
    hefei_sample = region.adcode == "340100" and region.path("air_city_daily") is not None
    return t("forecast.data_note" if hefei_sample else "forecast.data_note.region", lang,
             region=region)


def layout(**query: str) -> html.Div:
    context = current_context()
    lang = _lang(query)
    notices = []
    try:
        places = service.places(context.engine, context.settings.region)
    except Exception as exc:  # a stopped store: the notice says so
        places, notices = [], [error_notice(exc, lang)]
    codes = [p["code"] for p in places]
    where = query.get("where") if query.get("where") in codes else (codes[0] if codes else None)
    issued = None
    if query.get("issued_at"):
        try:
            issued = dt.date.fromisoformat(query["issued_at"]).isoformat()
        except ValueError:
            issued = None
    running = None
    if where and can_retrain():
        try:
            open_jobs = jobs.open_jobs(context.engine, where)
        except Exception:  # a stopped store: said by the notice above
            open_jobs = []
        running = open_jobs[0]["id"] if open_jobs else None
    # the first view is rendered here, not by a callback: the charts (and plotly) load
    # with the page instead of one round trip later (the callbacks answer later changes)
    headline, aqi, warning, grid, card, skill, more = callbacks.render_forecast(
        where, issued, lang, places)
    hist_figure, hist_note = callbacks.render_history(where, "AQI", 1, 8, issued, lang,
                                                      places)
    notices = [*notices, *more]
    retrain = html.Div([
        html.Button(t("forecast.retrain", lang), id=ids.RETRAIN, n_clicks=0,
                    className="btn btn--secondary"),
        html.Button(t("forecast.retrain.cancel", lang), id=ids.CANCEL, n_clicks=0,
                    className="btn btn--secondary", hidden=running is None),
        html.Span(t("forecast.retrain.hint", lang), className="hint"),
        html.Div(id=ids.JOB_STATUS, className="fc-job", role="status"),
    ], className="fc-retrain", hidden=not can_retrain())
    return html.Div([
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.JOB, data=running),
        dcc.Store(id=ids.REFRESH, data=0),
        dcc.Interval(id=ids.JOB_TICK, interval=1500, disabled=running is None),
        html.Header([
            html.H2(t("forecast.title", lang)),
            html.Div([
                _field(t("forecast.where", lang), dcc.Dropdown(
                    id=ids.WHERE, value=where, clearable=False, searchable=True,
                    options=[{"label": _label(p, lang), "value": p["code"]} for p in places])),
                _field(t("forecast.issued_at", lang), dcc.DatePickerSingle(
                    id=ids.ISSUED, date=issued, display_format="YYYY-MM-DD",
                    first_day_of_week=1, clearable=True,
                    placeholder=t("forecast.issued_at", lang))),
                retrain,
            ], className="fc-controls"),
            html.P(t("forecast.issued_hint", lang) + " " + _data_note(lang), className="hint"),
        ], className="fc-head"),
        html.Div(notices, id=ids.NOTICE, className="notices"),
        # one loading indicator per part: the text parts (headline, warning and day table,
        # model card, skill) show as soon as the page is there, the fan charts when plotly.js
        # has loaded and drawn them (a loading indicator hides a part until it is ready, and
        # while a new place or day is being answered, so nothing stale shows)
        html.Section([
            _loading(html.Div(headline, id=ids.HEADLINE, className="fc-headline")),
            html.Div([
                _loading(dcc.Graph(id=ids.AQI_CHART, figure=aqi, className="fc-aqi-chart",
                                   config={"displaylogo": False, "responsive": True}),
                         chart=True),
                _loading(html.Div(warning, id=ids.WARNING, className="fc-warning-slot")),
            ], className="fc-top"),
            _loading(html.Div(grid, id=ids.CHARTS, className="fc-grid"), chart=True),
        ], className="fc-forecast"),
        html.Section([
            _loading(html.Div(card, id=ids.CARD, className="fc-card-slot")),
            _loading(html.Div(skill, id=ids.SKILL, className="fc-skill-slot")),
        ], className="fc-model"),
        html.Section([
            html.H3(t("forecast.history", lang)),
            html.Div([
                _field(t("forecast.pollutant", lang), dcc.Dropdown(
                    id=ids.HIST_POLLUTANT, value="AQI", clearable=False,
                    options=[{"label": pollutant_label(p), "value": p}
                             for p in HISTORY_POLLUTANTS])),
                _field(t("forecast.lead", lang), dcc.Dropdown(
                    id=ids.HIST_LEAD, value=1, clearable=False,
                    options=[{"label": t("forecast.lead_n", lang).format(n=n), "value": n}
                             for n in range(1, 8)])),
                _field(t("forecast.weeks", lang), dcc.Input(
                    id=ids.HIST_WEEKS, type="number", value=8, min=1, max=52, step=1,
                    debounce=True)),
            ], className="fc-controls"),
            html.Div(hist_note, id=ids.HIST_NOTE),
            dcc.Graph(id=ids.HIST_CHART, figure=hist_figure,
                      config={"displaylogo": False, "responsive": True}),
        ], className="fc-history"),
    ], id=ids.PAGE, className="forecast")
