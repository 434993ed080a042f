"""Builders of the cockpit's panels: pure functions of the panel dicts of
:mod:`cockpit.kpis` and the language (no Dash state, no database)."""

from __future__ import annotations

import math
from typing import Any

import dash_leaflet as dl
from dash import html
from dash_extensions.javascript import Namespace

from core.i18n import Lang, pick, t
from decision_models import aqi as aqi_std
from emergency.texts import reason_text
from pages.cockpit import ids

NS = Namespace("cockpit", "map")
POLLUTANT_NAMES = {"PM2.5": "PM₂.₅", "PM10": "PM₁₀", "O3_8h": "O₃", "O3_1h": "O₃",
                   "NO2": "NO₂", "SO2": "SO₂", "CO": "CO"}
STATUS_CLASS = {"achieved": "good", "open": "warn", "missed": "bad"}


def fmt(value: float | None, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.{digits}f}"


def badges(panel: dict[str, Any], lang: Lang, example: bool = False) -> list[html.Span]:
    """Replay, stale and sample-data badges of a panel (the stale one is also shown for
    every panel when the wall is offline, by the ``cockpit--offline`` class)."""
    out = []
    if panel.get("replay"):
        out.append(html.Span(t("cockpit.replay", lang), className="cockpit-badge replay",
                             title=t("cockpit.replay_note", lang)))
    out.append(html.Span(t("cockpit.stale", lang), className="cockpit-badge stale"
                         + (" on" if panel.get("stale") else "")))
    if panel.get("synthetic"):
        out.append(html.Span(t("synthetic.badge", lang), className="cockpit-badge synthetic",
                             title=t("synthetic.note", lang)))
    if example:
        out.append(html.Span(t("cockpit.example", lang), className="cockpit-badge synthetic"))
    return out


def footnote(panel: dict[str, Any], lang: Lang, extra: str = "") -> html.Div:
    """The time the data is for and its source, in small but legible text."""
    parts = [f"{t('cockpit.data_for', lang)} {panel.get('data_time') or '—'}",
             f"{t('cockpit.source', lang)} {t(panel['source'], lang)}"]
    if extra:
        parts.append(extra)
    return html.Div(" · ".join(parts), className="cockpit-foot")


def headline(label: str, value: str, unit: str = "", target: str = "",
             status: str = "") -> html.Div:
    return html.Div([
        html.Div(label, className="cockpit-label"),
        html.Div([html.Span(value, className="cockpit-value"),
                  html.Span(unit, className="cockpit-unit")], className="cockpit-figure"),
        html.Div(target, className="cockpit-target"),
    ], className=f"cockpit-headline {STATUS_CLASS.get(status, '')}".strip())


def _outlooks(panel: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["key"]: o for o in panel.get("outlooks", [])}


def _target_text(o: dict[str, Any] | None, lang: Lang) -> str:
    if o is None:
        return ""
    sign = "≥" if o["kind"] == "ratio_min" else "≤"
    return f"{t('cockpit.target', lang)} {sign} {o['target']:g}"


def _status(o: dict[str, Any] | None) -> str:
    if o is None:
        return ""
    if o["status"] == "open":
        return "achieved" if o["on_track"] else "open"
    return o["status"]


def air_body(panel: dict[str, Any], lang: Lang) -> list[Any]:
    if panel.get("empty"):
        return [html.Div(t("cockpit.no_data", lang), className="cockpit-empty")]
    goals = _outlooks(panel)
    ratio, pm, heavy = (goals.get(k) for k in ("air.good_ratio", "air.pm25_mean",
                                                "air.heavy_days"))
    primary = panel.get("primary_days", {})
    top = max(primary.values(), default=0) or 1
    bars = [html.Div([
        html.Span(POLLUTANT_NAMES.get(name, name), className="cockpit-bar-name"),
        html.Span(html.Span(className="cockpit-bar-fill", style={"width": f"{100 * n / top:.0f}%"}),
                  className="cockpit-bar"),
        html.Span(str(n), className="cockpit-bar-value"),
    ], className="cockpit-bar-row") for name, n in list(primary.items())[:4]]
    notes = t("cockpit.air.valid", lang).format(valid=panel["valid_days"],
                                                 elapsed=panel["elapsed_days"],
                                                 remaining=panel["remaining_days"])
    if not panel.get("months_complete", True):
        notes += " · " + t("cockpit.air.incomplete", lang)
    return [
        html.Div([
            headline(t("cockpit.air.good_ratio", lang), fmt(panel["good_ratio"], 1), "%",
                     _target_text(ratio, lang), _status(ratio)),
            headline(t("cockpit.air.pm25", lang), fmt(panel["pm25_mean"]), "µg/m³",
                     _target_text(pm, lang), _status(pm)),
            headline(t("cockpit.air.heavy", lang), str(panel["heavy_days"]),
                     "天" if lang == "zh" else "d", _target_text(heavy, lang), _status(heavy)),
        ], className="cockpit-headlines"),
        html.Div([html.Div(t("cockpit.air.primary", lang), className="cockpit-label"), *bars],
                 className="cockpit-bars"),
        html.Div(notes, className="cockpit-note"),
        html.Div(badges(panel, lang, panel.get("targets_example", False)),
                 className="cockpit-badges"),
        footnote(panel, lang),
    ]


def outlook_line(o: dict[str, Any], lang: Lang) -> html.Div:
    """One "what it takes" sentence, or "already secured" / "out of reach"."""
    title = pick(o["title_zh"], o["title_en"], lang)
    if o["status"] == "open":
        key = {"mean_max": "cockpit.outlook.mean", "ratio_min": "cockpit.outlook.ratio",
               "count_max": "cockpit.outlook.count"}[o["kind"]]
        # a mean is rounded down and a count of good days up: the sentence never promises
        # more room than the arithmetic gives
        value = math.floor(o["required"]) if o["kind"] == "mean_max" else int(o["required"])
        if o["kind"] == "count_max" and value in (0, 1):  # "1 more days" reads badly
            key = f"cockpit.outlook.count{value}"
        text = t(key, lang).format(days=o["remaining_days"], value=value)
    else:
        text = t(f"cockpit.outlook.{o['status']}", lang)
    return html.Div([html.Div(title, className="cockpit-label"),
                     html.Div(text, className="cockpit-sentence")],
                    className=f"cockpit-outlook {STATUS_CLASS[o['status']]}")


def outlook_body(panel: dict[str, Any], lang: Lang) -> list[Any]:
    if panel.get("empty") or not panel.get("outlooks"):
        return [html.Div(t("cockpit.no_data", lang), className="cockpit-empty")]
    return [*(outlook_line(o, lang) for o in panel["outlooks"]),
            html.Div(badges(panel, lang, panel.get("targets_example", False)),
                     className="cockpit-badges"),
            footnote(panel, lang, f"{panel['year']}")]


def water_body(panel: dict[str, Any], lang: Lang) -> list[Any]:
    if panel.get("empty"):
        return [html.Div(t("cockpit.no_data", lang), className="cockpit-empty")]
    ok = panel["target_compliance"] is None or panel["compliance_ratio"] >= \
        panel["target_compliance"]
    worst_ok = panel["target_worst"] is None or panel["worst_share"] <= panel["target_worst"]
    tli = panel.get("tli")
    changes = panel.get("changes") or []
    change_rows = [html.Div(f"{c['name']}  {c['from']} → {c['to']}",
                            className="cockpit-change " + ("bad" if c["change"] > 0
                                                           else "good"))
                   for c in changes[:3]] or [html.Div(t("cockpit.water.none_changed", lang),
                                                      className="cockpit-change")]
    target = t("cockpit.target", lang)
    return [
        html.Div([
            headline(t("cockpit.water.compliance", lang), fmt(panel["compliance_ratio"], 1),
                     "%", f"{target} ≥ {panel['target_compliance']:g}"
                     if panel["target_compliance"] is not None else "",
                     "achieved" if ok else "missed"),
            headline(t("cockpit.water.worst", lang), fmt(panel["worst_share"], 1), "%",
                     f"{target} ≤ {panel['target_worst']:g}"
                     if panel["target_worst"] is not None else "",
                     "achieved" if worst_ok else "missed"),
            headline(t("cockpit.water.tli", lang), fmt(tli["value"], 1) if tli else "—",
                     "", tli["grade"] if tli else ""),
        ], className="cockpit-headlines"),
        html.Div([html.Div(t("cockpit.water.changes", lang), className="cockpit-label"),
                  *change_rows], className="cockpit-changes"),
        html.Div(badges(panel, lang, panel.get("targets_example", False)),
                 className="cockpit-badges"),
        footnote(panel, lang, panel["month"]),
    ]


def forecast_body(panel: dict[str, Any], lang: Lang) -> list[Any]:
    if panel.get("empty"):
        return [html.Div(t("cockpit.no_data", lang), className="cockpit-empty")]
    cells = []
    for day in panel["days"]:
        level = day["level"] or (aqi_std.level_of(day["aqi"]) if day["aqi"] is not None
                                 else None)
        colour = aqi_std.color_of(level) if level else "#666"
        band = (f"{fmt(day['lower'])}–{fmt(day['upper'])}"
                if day["lower"] is not None and day["upper"] is not None else "")
        cells.append(html.Div([
            html.Div(day["date"][5:], className="cockpit-day-date"),
            html.Div(fmt(day["aqi"]), className="cockpit-day-aqi",
                     style={"borderColor": colour}),
            html.Div(band, className="cockpit-day-band"),
            html.Div(aqi_std.category_of(level) if level and lang == "zh" else
                     (aqi_std.LEVELS[level - 1].category_en if level else ""),
                     className="cockpit-day-cat"),
        ], className="cockpit-day"))
    warning = panel["warning"]
    version = panel["model_version"]
    return [
        html.Div(cells, className="cockpit-days"),
        html.Div([html.Span(t("cockpit.forecast.warning", lang) + "："),
                  html.Span(t(f"cockpit.warning.{warning}", lang),
                            className=f"cockpit-warning {warning}")],
                 className="cockpit-warning-line"),
        html.Div(badges(panel, lang), className="cockpit-badges"),
        html.Div(footnote(panel, lang, f"{t('cockpit.forecast.model', lang)} {version}"),
                 title=version),
    ]


def countdown(minutes_left: int, lang: Lang) -> str:
    """"剩余 1:23" (h:mm) to a reporting deadline, or "已超时 0:12"."""
    m = abs(minutes_left)
    key = "em.overdue" if minutes_left < 0 else "em.left"
    return f"{t(key, lang)} {m // 60}:{m % 60:02d}"


def grade_label(grade: dict[str, Any], lang: Lang) -> str:
    """"Ⅱ 重大 · <the deciding criterion>" in the page language (the plan's levels are
    named in Chinese in both languages)."""
    reasons = [reason_text(c, lang, cite=False) for c in grade.get("criteria") or []]
    return f"{grade['roman']} {grade['level']}" + (f" · {reasons[0]}" if reasons else "")


def incident_row(inc: dict[str, Any], lang: Lang) -> html.Div:
    """One open incident: grade, substance, status and the reporting countdown."""
    overdue = inc["minutes_left"] < 0
    criteria = inc["grade"].get("criteria") or []
    return html.Div([
        html.Div(f"#{inc['id']} {inc['substance_name']} · "
                 f"{t('em.status.' + inc['status'], lang)} · {t('em.deadline', lang)} "
                 f"{countdown(inc['minutes_left'], lang)}",
                 className="cockpit-change " + ("bad" if overdue else ""),
                 title=f"{inc['due'].replace('T', ' ')} · {inc['article']}"),
        html.Div(grade_label(inc["grade"], lang), className="cockpit-note",
                 title="；".join(reason_text(c, lang) for c in criteria)),
    ], className=f"cockpit-incident grade-{inc['grade']['level_index']}")


def enforcement_line(enf: dict[str, Any] | None, lang: Lang) -> list[html.Div]:
    """Enforcement tasks open, overdue and the closure rate, with their time and source."""
    if not enf or enf.get("empty"):
        return [html.Div(t("cockpit.ops.enforcement_pending", lang), className="cockpit-note")]
    rate = enf.get("closure_rate")
    return [
        html.Div([
            html.Span(f"{t('cockpit.ops.enf_open', lang)} {enf['open']}"),
            html.Span(" · "),
            html.Span(f"{t('cockpit.ops.enf_closure', lang)} "
                      f"{'—' if rate is None else f'{100 * rate:.0f}%'}"),
        ], className="cockpit-change cockpit-enforcement"),
        html.Div(f"{t('cockpit.data_for', lang)} {enf.get('data_time') or '—'} · "
                 f"{t('cockpit.source', lang)} {t(enf['source'], lang)}",
                 className="cockpit-foot"),
    ]


def operations_body(panel: dict[str, Any], lang: Lang) -> list[Any]:
    incidents = panel.get("incidents") or []
    rows = [incident_row(i, lang) for i in incidents[:3]] or \
        [html.Div(t("cockpit.ops.no_incidents", lang), className="cockpit-change")]
    enf = panel.get("enforcement")
    overdue = None if not enf or enf.get("empty") else enf["overdue"]
    return [
        html.Div([
            headline(t("cockpit.ops.incidents", lang), str(len(incidents)),
                     status="missed" if incidents else ""),
            headline(t("cockpit.ops.enf_overdue", lang),
                     "—" if overdue is None else str(overdue),
                     status="missed" if overdue else ""),
            headline(t("cockpit.ops.today", lang), str(panel.get("today", 0))),
        ], className="cockpit-headlines"),
        html.Div(rows, className="cockpit-changes cockpit-incidents"),
        *enforcement_line(enf, lang),
        html.Div(badges(panel, lang), className="cockpit-badges"),
        footnote(panel, lang, f"{t('cockpit.ops.week', lang)} {panel.get('week', 0)} · "
                              f"{t('cockpit.ops.open', lang)} {panel.get('open', 0)}"),
        html.Div(f"{t('cockpit.ops.incidents', lang)} · {t('cockpit.data_for', lang)} "
                 f"{panel.get('incidents_time') or '—'} · {t('cockpit.source', lang)} "
                 f"{t('cockpit.src.incidents', lang)}", className="cockpit-foot"),
    ]


def _rank_rows(entries: list[dict[str, Any]], limit: float, top: int) -> list[html.Div]:
    rows = []
    for e in entries[:top]:
        width = min(100.0, 100 * (e["mean"] or 0) / (1.5 * limit))
        rows.append(html.Div([
            html.Span(str(e["rank"] or "—"), className="cockpit-rank-no"),
            html.Span(e["name"], className="cockpit-bar-name cockpit-rank-name"),
            html.Span([html.Span(className="cockpit-bar-fill" + (" over" if e["exceeds"]
                                                                  else ""),
                                 style={"width": f"{width:.0f}%"}),
                       html.Span(className="cockpit-rank-limit",
                                 style={"left": f"{100 / 1.5:.1f}%"})],
                      className="cockpit-bar cockpit-rank-bar"),
            html.Span(fmt(e["mean"]), className="cockpit-bar-value"),
        ], className="cockpit-bar-row" + (" bad" if e["exceeds"] else "")))
    return rows


def ranking_body(panel: dict[str, Any], lang: Lang) -> list[Any]:
    """Stations and districts, worst PM2.5 24-hour mean first, against the limit."""
    if panel.get("empty"):
        return [html.Div(t("cockpit.no_data", lang), className="cockpit-empty")]
    limit = panel["limit"]
    return [
        html.Div([
            html.Div([html.Div(t("cockpit.rank.districts", lang), className="cockpit-label"),
                      *_rank_rows(panel["districts"], limit, 5)], className="cockpit-bars"),
            html.Div([html.Div(t("cockpit.rank.stations", lang), className="cockpit-label"),
                      *_rank_rows(panel["stations"], limit, 5)], className="cockpit-bars"),
        ], className="cockpit-rank-cols"),
        html.Div(t("cockpit.rank.limit", lang).format(limit=f"{limit:g}"),
                 className="cockpit-note"),
        html.Div(badges(panel, lang), className="cockpit-badges"),
        footnote(panel, lang),
    ]


# --------------------------------------------------------------------------- supervision
# the optional panels of cockpit.supervision (a report scheme's screen names them)


def _t(value: float | None) -> str:
    """Tonnes, readable from across the room: 12,345 t or 1.23 万t."""
    return "—" if value is None else f"{value:,.0f}"


def _bar_row(name: str, value: float, top: float, label: str, cls: str = "") -> html.Div:
    width = 0 if top <= 0 else min(100.0, 100 * value / top)
    return html.Div([
        html.Span(name, className="cockpit-bar-name"),
        html.Span(html.Span(className="cockpit-bar-fill " + cls,
                            style={"width": f"{width:.0f}%"}), className="cockpit-bar"),
        html.Span(label, className="cockpit-bar-value"),
    ], className="cockpit-bar-row")


def waste_body(panel: dict[str, Any], lang: Lang) -> list[Any]:
    """无废城市: generated, transferred, utilised on site [t]; open anomaly clues."""
    if panel.get("empty"):
        return [html.Div(t("cockpit.no_data", lang), className="cockpit-empty")]
    open_n = panel.get("anomalies_open")
    top = max((v for _c, v in panel["by_code"]), default=0.0)
    bars = [_bar_row(code, v, top, _t(v)) for code, v in panel["by_code"]]
    return [
        html.Div([
            headline(t("cockpit.waste.generated", lang), _t(panel["generated_t"]), "t"),
            headline(t("cockpit.waste.transferred", lang), _t(panel["transferred_t"]), "t"),
            headline(t("cockpit.waste.utilised", lang), _t(panel["utilised_on_site_t"]), "t"),
            headline(t("cockpit.waste.anomalies", lang), str(panel["anomalies"]), "",
                     t("cockpit.waste.clues_open", lang).format(
                         n="—" if open_n is None else open_n),
                     status="missed" if panel["anomalies"] else "achieved"),
        ], className="cockpit-headlines cockpit-headlines--four"),
        html.Div([html.Div(t("cockpit.waste.by_code", lang), className="cockpit-label"),
                  *bars], className="cockpit-bars cockpit-bars--wide"),
        html.Div(t("cockpit.waste.note", lang).format(
            units=panel["units"], manifests=panel["manifests"],
            stored=_t(panel["stored_end_t"])), className="cockpit-note"),
        html.Div(badges(panel, lang), className="cockpit-badges"),
        footnote(panel, lang, t("cockpit.waste.year", lang).format(year=panel["year"])),
    ]


def _rate_class(rate: float | None) -> str:
    if rate is None:
        return ""
    return "good" if rate >= 90 else ("warn" if rate >= 70 else "bad")


def noise_body(panel: dict[str, Any], lang: Lang) -> list[Any]:
    """Day and night compliance by functional-zone class (GB 3096-2008 Table 1)."""
    if panel.get("empty"):
        return [html.Div(t("cockpit.no_data", lang), className="cockpit-empty")]
    rows = [html.Div([
        html.Span(t("cockpit.noise.class", lang).format(zone=c["zone"]),
                  className="cockpit-noise-zone",
                  title=f"{c['day_limit']:g}/{c['night_limit']:g} dB(A)"),
        html.Span(f"{c['day_limit']:g}/{c['night_limit']:g}", className="cockpit-noise-limit"),
        html.Span(f"{fmt(c['day_rate'])}%", className="cockpit-noise-rate "
                  + _rate_class(c["day_rate"])),
        html.Span(f"{fmt(c['night_rate'])}%", className="cockpit-noise-rate "
                  + _rate_class(c["night_rate"])),
    ], className="cockpit-noise-row") for c in panel["classes"]]
    status = {"good": "achieved", "warn": "open", "bad": "missed"}
    return [
        html.Div([
            headline(t("cockpit.noise.day", lang), fmt(panel["day_rate"], 1), "%",
                     status=status.get(_rate_class(panel["day_rate"]), "")),
            headline(t("cockpit.noise.night", lang), fmt(panel["night_rate"], 1), "%",
                     status=status.get(_rate_class(panel["night_rate"]), "")),
        ], className="cockpit-headlines"),
        html.Div([html.Div([html.Span(t("cockpit.noise.head", lang)),
                            html.Span(t("cockpit.noise.cols", lang))],
                           className="cockpit-label cockpit-noise-head"), *rows],
                 className="cockpit-noise-table"),
        html.Div(t("cockpit.noise.basis", lang).format(start=panel["from"]),
                 className="cockpit-note"),
        html.Div(badges(panel, lang), className="cockpit-badges"),
        footnote(panel, lang),
    ]


def radiation_body(panel: dict[str, Any], lang: Lang) -> list[Any]:
    """Gamma stations online and above their level; source users by category I–V."""
    if panel.get("empty"):
        return [html.Div(t("cockpit.no_data", lang), className="cockpit-empty")]
    cats = panel.get("by_category") or []
    top = max((n for _r, n in cats), default=0)
    bars = [_bar_row(t("cockpit.rad.category", lang).format(roman=roman), n, top, str(n),
                     "cat-" + roman) for roman, n in cats]
    hits = panel.get("investigate_7d") or []
    lines = [html.Div(t("cockpit.rad.hit_7d", lang).format(
        name=h["name"], first=h["first"], hours=h["hours"], max=fmt(h["max"]),
        level=fmt(h["level"])), className="cockpit-change bad") for h in hits[:2]] or \
        [html.Div(t("cockpit.rad.none_7d", lang), className="cockpit-change good")]
    above = panel.get("above_now")
    online, total = panel.get("online"), panel.get("stations")
    return [
        html.Div([
            headline(t("cockpit.rad.online", lang), "—" if online is None else
                     f"{online}/{total}", status="achieved" if online == total else "open"),
            headline(t("cockpit.rad.above", lang), "—" if above is None else str(above),
                     status="missed" if above else "achieved"),
            headline(t("cockpit.rad.highest", lang), fmt(panel.get("highest_ngy_h")),
                     "nGy/h"),
        ], className="cockpit-headlines"),
        html.Div(lines, className="cockpit-changes"),
        html.Div([html.Div(t("cockpit.rad.users", lang), className="cockpit-label"), *bars],
                 className="cockpit-bars cockpit-bars--wide"),
        html.Div(badges(panel, lang), className="cockpit-badges"),
        footnote(panel, lang),
    ]


def _pct(change: float | None) -> str:
    return "—" if change is None else f"{100 * change:+.1f}%"


def carbon_body(panel: dict[str, Any], lang: Lang) -> list[Any]:
    """The CO₂ history as columns, the peak cap as a line, and the pace it takes."""
    if panel.get("empty"):
        return [html.Div(t("cockpit.no_data", lang), className="cockpit-empty")]
    cap = panel.get("cap_mt")
    history = panel["history"]
    top = max([v / 1e6 for _y, v in history] + [cap or 0, panel["projected_mt"]]) * 1.05
    cols = [html.Div([html.Div(className="cockpit-co2-fill",
                               style={"height": f"{100 * v / 1e6 / top:.1f}%"},
                               title=f"{y}: {v / 1e6:.1f} Mt"),
                      html.Div(str(y)[2:], className="cockpit-co2-year")],
                     className="cockpit-co2-col") for y, v in history]
    cols.append(html.Div([html.Div(className="cockpit-co2-fill projected " +
                                   ("good" if panel["on_track"] else "bad"),
                                   style={"height": f"{100 * panel['projected_mt'] / top:.1f}%"},
                                   title=f"{panel['peak_year']}: "
                                         f"{panel['projected_mt']:.1f} Mt"),
                          html.Div(str(panel["peak_year"])[2:], className="cockpit-co2-year")],
                         className="cockpit-co2-col cockpit-co2-col--peak"))
    chart = html.Div([*cols, *([html.Div(className="cockpit-co2-cap",
                                         style={"bottom": f"{100 * cap / top:.1f}%"},
                                         title=f"{cap:.1f} Mt")] if cap else [])],
                     className="cockpit-co2-chart")
    verdict = None if panel["on_track"] is None else (
        t("cockpit.carbon.on_track", lang) if panel["on_track"]
        else t("cockpit.carbon.off_track", lang))
    return [
        html.Div([
            headline(t("cockpit.carbon.last", lang).format(year=panel["last_year"]),
                     fmt(panel["last_mt"], 1), "Mt"),
            headline(t("cockpit.carbon.cap", lang).format(year=panel["peak_year"]),
                     fmt(cap, 1), "Mt"),
            headline(t("cockpit.carbon.projected", lang).format(year=panel["peak_year"]),
                     fmt(panel["projected_mt"], 1), "Mt",
                     status="achieved" if panel["on_track"] else
                     ("missed" if panel["on_track"] is False else "")),
        ], className="cockpit-headlines"),
        chart,
        html.Div([html.Div(verdict or "", className="cockpit-change "
                           + ("good" if panel["on_track"] else "bad")),
                  html.Div(t("cockpit.carbon.pace", lang).format(
                      recent=_pct(panel["recent_change"]),
                      required=_pct(panel["required_change"])), className="cockpit-note")]),
        html.Div(badges(panel, lang, example=True), className="cockpit-badges",
                 title=t("cockpit.carbon.cap_note", lang)),
        footnote(panel, lang),
    ]


BODIES = {"air": air_body, "outlook": outlook_body, "ranking": ranking_body,
          "water": water_body, "forecast": forecast_body, "operations": operations_body,
          "waste": waste_body, "noise": noise_body, "radiation": radiation_body,
          "carbon": carbon_body}
TITLES = {"air": "cockpit.air.title", "outlook": "cockpit.outlook.title",
          "ranking": "cockpit.rank.title", "water": "cockpit.water.title",
          "forecast": "cockpit.forecast.title", "operations": "cockpit.ops.title",
          "waste": "cockpit.waste.title", "noise": "cockpit.noise.title",
          "radiation": "cockpit.rad.title", "carbon": "cockpit.carbon.title"}
PANEL_DATA = {"air": "air", "outlook": "air", "ranking": "ranking", "water": "water",
              "forecast": "forecast", "operations": "operations", "waste": "waste",
              "noise": "noise", "radiation": "radiation", "carbon": "carbon"}
#: the side of the map each panel sits on (in :data:`ids.PANELS` order within a side); the
#: supervision panels are hidden unless a screen names them
LEFT = ("air", "outlook", "ranking", "waste", "carbon")
RIGHT = ("water", "forecast", "operations", "noise", "radiation")



def stale_notice(snapshot: dict[str, Any], lang: Lang,
                 shown: tuple[str, ...] | list[str] = ids.CORE_PANELS) -> list[html.Div]:
    """The wall-wide notice naming every feed past its update period (not a replay), of
    the panels ``shown`` (default the six core panels: an optional panel's feed is named
    only on a wall that shows it)."""
    late = {}
    for name in ids.PANELS:
        p = snapshot.get(PANEL_DATA[name]) or {}
        if name not in shown:
            continue
        if p.get("stale") and not p.get("replay") and not p.get("empty"):
            late[p["source"]] = p.get("data_time") or "—"
    if not late:
        return []
    feeds = "；".join(t("cockpit.feed_item", lang).format(source=t(src, lang), time=when)
                     for src, when in late.items())
    return [html.Div(t("cockpit.feeds_stale", lang).format(feeds=feeds),
                     className="cockpit-stale-notice", title=feeds)]


def panel_bodies(snapshot: dict[str, Any], lang: Lang) -> list[list[Any]]:
    """The bodies of :data:`ids.PANELS`, in that order."""
    return [BODIES[name](snapshot.get(PANEL_DATA[name]) or {"empty": True}, lang)
            for name in ids.PANELS]


def panel_box(name: str, lang: Lang, shown: bool = True) -> html.Section:
    return html.Section([
        html.H2(t(TITLES[name], lang), className="cockpit-panel-title"),
        html.Div(id=ids.panel_body(name), className="cockpit-panel-body"),
    ], id=ids.panel(name), className=f"cockpit-panel cockpit-panel--{name}"
       + ("" if shown else " cockpit-panel--hidden"))


def incident_points(incidents: list[dict[str, Any]]) -> dict[str, Any]:
    """The open incidents as a small GeoJSON (a handful of points: it rides in the
    callback, the layers of data stay behind URLs)."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [i["lon"], i["lat"]]},
         "properties": {"id": i["id"], "grade": i["grade"]["level_index"],
                        "roman": i["grade"]["roman"], "name": i["substance_name"],
                        "status": i["status"]}}
        for i in incidents if i.get("lon") is not None and i.get("lat") is not None]}


def station_url(hour: str) -> str:
    """Station AQI of one hour from the OGC API (by URL; the map never gets data from a
    callback)."""
    return ("/ogc/collections/air_stations/items?limit=100&properties=id,name,aqi,_color,"
            f"_class,source_time&datetime={hour}")


def overlay_url(layer_id: str, on: bool) -> str:
    props = {"water_sections": "id,name,_color,_class", "complaints": "id,_color",
             "risk_sources": "id,name,_color"}[layer_id]
    base = f"/ogc/collections/{layer_id}/items"
    return f"{base}?limit=2000&properties={props}" if on else f"{base}?limit=0"


#: Station labels (AQI and name) only where they fit: from this zoom in, and for no more
#: than this many stations (a province's 68 stacked in a column off the map); otherwise
#: each station is its coloured dot (assets/cockpit_map.js).
LABEL_MIN_ZOOM = 9
LABEL_MAX_STATIONS = 20


def station_hideout(lang: Lang) -> dict[str, Any]:
    return {"lang": lang, "labelZoom": LABEL_MIN_ZOOM, "labelMax": LABEL_MAX_STATIONS}


def cockpit_map(center: tuple[float, float], zoom: int, basemap_url: str,
                basemap_bounds: list[list[float]] | None, hour: str, layers: list[str],
                lang: Lang, incidents: list[dict[str, Any]] | None = None) -> dl.Map:
    tile_options = {"bounds": basemap_bounds} if basemap_bounds else {}
    return dl.Map(
        id=ids.MAP, center=list(center), zoom=zoom, zoomControl=False,
        attributionControl=False, className="cockpit-map",
        children=[
            dl.TileLayer(url=basemap_url, maxZoom=16, **tile_options),
            dl.GeoJSON(url="/ogc/collections/lakes/items?limit=50&properties=id,name",
                       style=NS("lake"), interactive=False),
            dl.GeoJSON(url="/ogc/collections/admin_districts/items?limit=50"
                           "&properties=id,name", style=NS("district"), interactive=False),
            *(dl.GeoJSON(id=ids.overlay(layer_id), url=overlay_url(layer_id,
                                                                  layer_id in layers),
                         pointToLayer=NS("point"), interactive=False,
                         hideout={"layer": layer_id, "lang": lang})
              for layer_id in ids.OVERLAYS),
            dl.GeoJSON(id=ids.STATIONS, url=station_url(hour), pointToLayer=NS("station"),
                       interactive=False, hideout=station_hideout(lang)),
            dl.GeoJSON(id=ids.INCIDENTS, data=incident_points(incidents or []),
                       pointToLayer=NS("incident"), interactive=False),
        ])


def _incident_facts(facts: dict[str, Any], lang: Lang) -> list[html.Div]:
    g = facts["grade"]
    return [html.Div(f"{g['roman']} {g['level']} · {g['response']}",
                     className="cockpit-alarm-fact"),
            *(html.Div(reason_text(c, lang), className="cockpit-alarm-fact")
              for c in g.get("criteria") or []),
            html.Div(t("cockpit.alarm.incident_due", lang).format(
                due=facts["due"].replace("T", " ")), className="cockpit-alarm-fact",
                title=facts.get("article", ""))]


def alarm_box(alarms: list[dict[str, Any]], lang: Lang) -> list[Any]:
    """The alarm that takes over the wall (the highest priority), or nothing."""
    if not alarms:
        return []
    top = alarms[0]
    facts = top.get("facts") or {}
    if top.get("kind") == "incident" and "grade" in facts:
        rows = _incident_facts(facts, lang)
    else:
        rows = [html.Div(f"{k}: {v}", className="cockpit-alarm-fact")
                for k, v in facts.items() if not isinstance(v, list | dict)]
    return [
        html.Div(t("cockpit.alarm.title", lang) + (f" · {len(alarms)}" if len(alarms) > 1
                                                    else ""), className="cockpit-alarm-head"),
        html.Div(pick(top["title_zh"], top["title_en"], lang), className="cockpit-alarm-title"),
        html.Div(rows, className="cockpit-alarm-facts"),
        html.Div(f"{t('cockpit.data_for', lang)} {top.get('data_time') or '—'}",
                 className="cockpit-foot"),
    ]
