"""Plotly figures of the forecast page (pure: rows in, figure out).

Figures are plain dicts (``{"data", "layout"}``), which ``dcc.Graph`` takes as they are:
building them costs microseconds, where plotly's validating ``go.Figure`` costs tens of
milliseconds a chart. The fan chart draws the interval as a filled band between the lower
and upper bounds, the median as a line, the recent observations as dots, and the AQI level
colours (HJ 633 Appendix A) as horizontal bands behind, with the breakpoints of the HJ 633
version in force on each date (:func:`decision_models.aqi.standard_for`).
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from core.i18n import Lang, t
from decision_models.aqi import standard_for
from decision_models.standards_tables.hj633 import BREAKPOINTS, IAQI_ROWS, LEVELS

LINE = "#1f4e79"
BAND = "rgba(31, 78, 121, 0.22)"
OBSERVED = "#333333"
BAND_OPACITY = 0.16
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
INTERVAL_PERCENT = 80


def breakpoints(pollutant: str, standard: str) -> list[float]:
    """Upper bounds of AQI levels 1–6 for ``pollutant`` (AQI: the IAQI rows) [unit]."""
    if pollutant == "AQI":
        rows = [float(v) for v in IAQI_ROWS]
    else:
        column = pollutant if pollutant.endswith("_8h") else f"{pollutant}_24h"
        rows = [float(v) for v in BREAKPOINTS[standard][column]]
    # IAQI rows 0,50,100,150,200,300,400,500: levels 1–5 end at rows 1–5, level 6 above
    return [*rows[1:6], rows[-1]] if len(rows) > 6 else rows[1:]


def _iso(day: dt.date | dt.datetime) -> str:
    return day.isoformat()


def _level_shapes(pollutant: str, days: list[dt.date], top: float) -> list[dict[str, Any]]:
    """Background rectangles, one per level and run of dates under one standard."""
    shapes = []
    for standard, run in groupby(days, key=standard_for):
        run = list(run)
        x0 = dt.datetime.combine(run[0], dt.time()) - dt.timedelta(hours=12)
        x1 = dt.datetime.combine(run[-1], dt.time()) + dt.timedelta(hours=12)
        lower = 0.0
        for level, upper in zip(LEVELS, breakpoints(pollutant, standard), strict=False):
            if lower >= top:
                break
            shapes.append({"type": "rect", "xref": "x", "yref": "y", "x0": _iso(x0),
                           "x1": _iso(x1), "y0": lower, "y1": min(upper, top),
                           "fillcolor": level.color, "opacity": BAND_OPACITY,
                           "line": {"width": 0}, "layer": "below"})
            lower = upper
    return shapes


def _scatter(x: list[Any], y: list[Any], **more: Any) -> dict[str, Any]:
    return {"type": "scatter", "x": x, "y": y, **more}


def fan_chart(rows: list[dict[str, Any]], recent: list[dict[str, Any]], pollutant: str,
              lang: Lang, unit: str, compact: bool = False) -> dict[str, Any]:
    """The fan chart of one variable: interval band, median line, recent observations."""
    mine = sorted((r for r in rows if r["pollutant"] == pollutant), key=lambda r: r["date"])
    seen = sorted((r for r in recent if r["pollutant"] == pollutant and r["value"] is not None),
                  key=lambda r: r["date"])
    days = [r["date"] for r in mine]
    lower = [r["lower"] for r in mine]
    upper = [r["upper"] for r in mine]
    median = [r["value"] for r in mine]
    data: list[dict[str, Any]] = []
    if any(v is not None for v in upper):
        data.append(_scatter(days, upper, mode="lines", line={"width": 0}, hoverinfo="skip",
                             showlegend=False, name="upper"))
        data.append(_scatter(
            days, lower, mode="lines", line={"width": 0}, fill="tonexty", fillcolor=BAND,
            name=t("forecast.band", lang).format(p=INTERVAL_PERCENT),
            customdata=[[lo, up] for lo, up in zip(lower, upper, strict=True)],
            hovertemplate="%{customdata[0]} – %{customdata[1]}<extra></extra>"))
    data.append(_scatter(days, median, mode="lines+markers",
                         line={"color": LINE, "width": 3}, marker={"size": 7},
                         name=t("forecast.median", lang),
                         hovertemplate="%{x|%m-%d}: %{y}<extra></extra>"))
    if seen:
        data.append(_scatter(
            [r["date"] for r in seen], [r["value"] for r in seen], mode="lines+markers",
            line={"color": OBSERVED, "width": 1, "dash": "dot"},
            marker={"size": 5, "color": OBSERVED}, name=t("forecast.recent", lang),
            hovertemplate="%{x|%m-%d}: %{y}<extra></extra>"))
    values = [v for v in [*upper, *median, *(r["value"] for r in seen)] if v is not None]
    top = max(values) * 1.15 if values else 1.0
    all_days = sorted({dt.date.fromisoformat(d) for d in [*days, *(r["date"] for r in seen)]})
    title = "AQI" if pollutant == "AQI" else f"{pollutant.replace('_8h', ' (8h)')} [{unit}]"
    layout = {
        "shapes": _level_shapes(pollutant, all_days, top) if all_days else [],
        "title": {"text": title, "x": 0.01, "font": {"size": 14 if compact else 17}},
        "margin": {"l": 48, "r": 12, "t": 36, "b": 28}, "height": 230 if compact else 360,
        "font": {"family": FONT, "size": 12}, "plot_bgcolor": "white",
        "paper_bgcolor": "white", "showlegend": not compact, "hovermode": "x unified",
        "legend": {"orientation": "h", "y": -0.12, "x": 0},
        "yaxis": {"range": [0, top], "gridcolor": "#e5e5e5", "zeroline": False},
        "xaxis": {"type": "date", "tickformat": "%m-%d", "gridcolor": "#f0f0f0"},
        "annotations": [],
    }
    return {"data": data, "layout": layout}


def history_chart(rows: list[dict[str, Any]], pollutant: str, lead: int, lang: Lang
                  ) -> dict[str, Any]:
    """Past forecasts (median and interval) of one lead against the observations."""
    mine = sorted((r for r in rows if r["pollutant"] == pollutant and r["lead"] == lead),
                  key=lambda r: r["date"])
    days = [_iso(r["date"]) if isinstance(r["date"], dt.date) else r["date"] for r in mine]
    data = [
        _scatter(days, [r["upper"] for r in mine], mode="lines", line={"width": 0},
                 hoverinfo="skip", showlegend=False),
        _scatter(days, [r["lower"] for r in mine], mode="lines", line={"width": 0},
                 fill="tonexty", fillcolor=BAND, hoverinfo="skip",
                 name=t("forecast.band", lang).format(p=INTERVAL_PERCENT)),
        _scatter(days, [r["value"] for r in mine], mode="lines",
                 line={"color": LINE, "width": 2}, name=t("forecast.median", lang)),
        _scatter(days, [r["observed"] for r in mine], mode="markers",
                 marker={"color": OBSERVED, "size": 6}, name=t("forecast.observed", lang)),
    ]
    layout = {
        "margin": {"l": 48, "r": 12, "t": 12, "b": 28}, "height": 300,
        "font": {"family": FONT, "size": 12}, "plot_bgcolor": "white",
        "paper_bgcolor": "white", "hovermode": "x unified",
        "legend": {"orientation": "h", "y": -0.15, "x": 0},
        "yaxis": {"gridcolor": "#e5e5e5", "rangemode": "tozero"},
        "xaxis": {"type": "date", "tickformat": "%m-%d", "gridcolor": "#f0f0f0"},
    }
    return {"data": data, "layout": layout}


def empty() -> dict[str, Any]:
    """A blank, small figure (no axes)."""
    return {"data": [], "layout": {
        "height": 60, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "xaxis": {"visible": False}, "yaxis": {"visible": False},
        "plot_bgcolor": "white", "paper_bgcolor": "white"}}
