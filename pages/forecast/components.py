"""The forecast page's pieces built from service answers (pure: dicts in, components out)."""

from __future__ import annotations

from typing import Any

from dash import html

from core.i18n import Lang, t
from decision_models.aqi import category_of, color_of
from decision_models.standards_tables.hj633 import LEVELS

SKILL_POLLUTANTS = ("AQI", "PM2.5", "PM10", "O3_8h", "NO2", "SO2", "CO")


METHODS = ("persistence", "climatology", "seasonal_naive", "ridge", "hgb", "blend")


def method_label(method: str, lang: Lang) -> str:
    """A method name (or ``a+b`` of the AQI's sources) in the page language."""
    return "+".join(t(f"forecast.method.{m}", lang) if m in METHODS else m
                    for m in method.split("+"))


def pollutant_label(pollutant: str) -> str:
    return pollutant.replace("_8h", " (8h)")


def _fmt(value: Any, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def level_chip(level: int | None, lang: Lang) -> html.Span:
    if level is None:
        return html.Span("–", className="fc-chip")
    name = category_of(level) if lang == "zh" else LEVELS[level - 1].category_en
    dark = level >= 4
    return html.Span(name, className="fc-chip" + (" fc-chip--dark" if dark else ""),
                     style={"backgroundColor": color_of(level)})


def notice_box(notice: dict[str, Any] | None, lang: Lang, where: str) -> html.Div | None:
    """The plain notice when no model answers (why, and what is shown instead)."""
    if not notice:
        return None
    code = notice.get("code")
    if code == "station_short":
        text = t("forecast.notice.station_short", lang).format(
            where=where, first=notice["first"], last=notice["last"],
            have=notice["have_days"], need=notice["need_days"])
    elif code in ("no_model", "stale"):
        text = t(f"forecast.notice.{code}", lang)
    else:
        text = notice.get("detail", "")
    return html.Div(text, className="notice notice--warning fc-notice", role="status")


def warning_box(warning: dict[str, Any], lang: Lang) -> html.Div:
    level = warning.get("level")
    if level is None:
        return html.Div([html.H3(t("forecast.warning", lang)),
                         html.P(t("forecast.warning.gap", lang) + warning.get("detail", ""))],
                        className="fc-warning fc-warning--gap")
    rules = []
    for c in warning.get("conditions", []):
        text = t("forecast.warning.rule", lang).format(above=f"{c['above']:g}", days=c["days"])
        if c.get("and_above") is not None:
            text += t("forecast.warning.rule_and", lang).format(above=f"{c['and_above']:g}",
                                                               days=c["and_days"])
        rules.append(html.Li(text))
    body: list[Any] = [
        html.H3(t("forecast.warning", lang)),
        html.Div(t(f"forecast.warning.{level}", lang), className="fc-warning-level"),
    ]
    if rules:
        body.append(html.Ul(rules, className="fc-rules"))
        body.append(html.P(t("forecast.warning.days", lang)
                           + "、".join(d[5:] for d in warning["trigger_days"])))
    else:
        body.append(html.P(t("forecast.warning.none_rule", lang), className="hint"))
    body.append(html.P(t("forecast.warning.basis", lang).format(basis=warning.get("basis", "")),
                       className="hint"))
    return html.Div(body, className=f"fc-warning fc-warning--{level}", role="status")


def day_table(rows: list[dict[str, Any]], lang: Lang) -> html.Table:
    """AQI by day: median, interval, level of the standard in force."""
    aqi = [r for r in rows if r["pollutant"] == "AQI"]
    head = html.Tr([html.Th(t("forecast.date", lang)), html.Th(t("forecast.value", lang)),
                    html.Th(t("forecast.interval", lang)), html.Th(t("forecast.level", lang)),
                    html.Th("HJ 633")])
    body = [html.Tr([html.Td(r["date"][5:]), html.Td(_fmt(r["value"], 0)),
                     html.Td(f"{_fmt(r['lower'], 0)}–{_fmt(r['upper'], 0)}"),
                     html.Td(level_chip(r["level"], lang)),
                     html.Td(r["standard"].removeprefix("HJ633-"))]) for r in aqi]
    return html.Table([html.Thead(head), html.Tbody(body)], className="fc-table fc-days")


def model_card(card: dict[str, Any], lang: Lang) -> html.Div:
    model = card.get("model")
    items: list[Any] = [html.H3(t("forecast.card", lang))]
    if model is None:
        items.append(html.P(t("forecast.card.none", lang), className="fc-card-none"))
        return html.Div(items, className="fc-card")
    source = t("forecast.sample_model" if model["source"] == "sample"
               else "forecast.trained_model", lang)
    features = model.get("features", {}).get("PM2.5") or []
    rows = [
        (t("forecast.card.version", lang), html.Code(model["version"])),
        (t("forecast.card.source", lang), source),
        (t("forecast.card.training", lang), " … ".join(model["training_period"] or [])),
        (t("forecast.card.validation", lang), " … ".join(model["validation_period"] or [])),
        (t("forecast.card.methods", lang),
         "、".join(method_label(m, lang) for m in model.get("methods", []))
         if lang == "zh" else ", ".join(method_label(m, lang) for m in model.get("methods", []))),
        (t("forecast.card.features", lang),
         html.Details([html.Summary(f"PM2.5: {len(features)}"),
                       html.P(", ".join(features), className="fc-features")])),
        (t("forecast.card.created", lang), (model.get("created") or "")[:19]),
    ]
    items.append(html.Dl([part for k, v in rows for part in (html.Dt(k), html.Dd(v))],
                         className="fc-dl"))
    return html.Div(items, className="fc-card")


def skill_section(card: dict[str, Any], lang: Lang) -> html.Div:
    skill = card.get("skill")
    if not skill:
        return html.Div([html.P(t("forecast.skill.none", lang), className="hint")],
                        className="fc-skill")
    a, b = (str(d) for d in (skill.get("period") or ["", ""]))
    leads = sorted({r["lead"] for r in skill["rows"]})
    by = {(r["pollutant"], r["lead"]): r for r in skill["rows"]}
    head = html.Tr([html.Th(t("forecast.pollutant", lang)), html.Th(""),
                    *[html.Th(t("forecast.lead_n", lang).format(n=n)) for n in leads]])

    def cell(r: dict[str, Any] | None, key: str) -> html.Td:
        if r is None or r.get(key) is None:
            return html.Td("–")
        value = r[key]
        cls = "fc-good" if value >= 0.005 else ("fc-bad" if value <= -0.005 else "")
        return html.Td(f"{value:+.2f}", className=cls)

    def hit(r: dict[str, Any] | None) -> html.Td:
        if r is None or r.get("hit") is None:
            return html.Td("–")
        worse = round(r["hit"], 2) < round(r["hit_persistence"], 2)
        return html.Td(f"{r['hit']:.2f} / {r['hit_persistence']:.2f}",
                       className="fc-bad" if worse else "")

    def method(r: dict[str, Any] | None) -> html.Td:
        return html.Td("–" if r is None else method_label(r["method"], lang),
                       className="fc-method")

    body = []
    for p in SKILL_POLLUTANTS:
        if not any((p, n) in by for n in leads):
            continue
        rows = [(t("forecast.skill.vs_pers", lang), lambda r: cell(r, "skill_persistence")),
                (t("forecast.skill.vs_clim", lang), lambda r: cell(r, "skill_climatology")),
                (t("forecast.skill.hit", lang), hit),
                (t("forecast.skill.method", lang), method)]
        for i, (label, fn) in enumerate(rows):
            first = [html.Th(pollutant_label(p), rowSpan=len(rows), className="fc-pollutant")
                     ] if i == 0 else []
            body.append(html.Tr([*first, html.Td(label, className="fc-metric"),
                                 *[fn(by.get((p, n))) for n in leads]]))
    findings = [html.Li(_finding(f, lang)) for f in skill["not_better"]]
    if not findings:
        findings = [html.Li(t("forecast.notbetter.nothing", lang))]
    return html.Div([
        html.H3(t("forecast.skill", lang).format(a=a, b=b)),
        html.Div(html.Table([html.Thead(head), html.Tbody(body)],
                            className="fc-table fc-skill-table"), className="fc-scroll"),
        html.P(t("forecast.skill.note", lang), className="hint"),
        html.P(t("forecast.skill.scope", lang), className="hint"),
        html.H4(t("forecast.notbetter", lang)),
        html.Ul(findings, className="fc-notbetter"),
    ], className="fc-skill")


def _leads(leads: list[int]) -> str:
    return str(leads[0]) if len(leads) == 1 else f"{leads[0]}–{leads[-1]}"


def _finding(f: dict[str, Any], lang: Lang) -> str:
    key = f"forecast.notbetter.{f['finding']}"
    if f["finding"] == "baseline":
        return t(key, lang).format(p=pollutant_label(f["pollutant"]), leads=_leads(f["leads"]),
                                   m=method_label(f["model"], lang))
    return t(key, lang).format(p=pollutant_label(f["pollutant"]), leads=_leads(f["leads"]),
                               a=f["model"],
                               b=f["persistence"])


def history_note(hist: dict[str, Any], pollutant: str, lead: int, lang: Lang) -> list[Any]:
    if not hist.get("period"):
        return [html.P(t("forecast.history.none", lang), className="hint")]
    a, b = (str(d) for d in hist["period"])
    out: list[Any] = [html.P(t("forecast.history.note", lang).format(lead=lead, a=a, b=b),
                             className="hint")]
    for s in hist.get("summary", []):
        if s["pollutant"] == pollutant and s["lead"] == lead:
            out.append(html.P(t("forecast.history.summary", lang).format(
                hit=_fmt(s["hit"]), cover=_fmt(s["coverage"]), n=s["n"])))
    return out
