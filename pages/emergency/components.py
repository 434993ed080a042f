"""Pure builders of the emergency page's components (plain functions of plain data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dash import dash_table, dcc, html

from core.i18n import TEXTS, Lang, t
from decision_models.dispersion import SUBSTANCES
from emergency.texts import grade_reasons
from pages.emergency import ids

REPORT_FORMATS = ("docx", "pdf", "html")
GRADE_CLASS = {1: "grade-1", 2: "grade-2", 3: "grade-3", 4: "grade-4"}
TYPE_ZH = {"school": ("学校", "School"), "hospital": ("医院", "Hospital"),
           "water_intake": ("取水口", "Intake"), "residential": ("居民区", "Residential"),
           "nursing_home": ("养老院", "Nursing home")}
ZONE_TEXT = {"red": ("红区", "Red"), "orange": ("橙区", "Orange"), "yellow": ("黄区", "Yellow"),
             "wedge": ("风向不确定区", "Wedge"), "downstream": ("下游", "Downstream")}


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[1] if lang == "en" else pair[0]


def countdown(due: str, now: dt.datetime, lang: Lang) -> tuple[str, bool]:
    """"剩余 1:23" (h:mm) until ``due``, or "已超时 0:12"; True when overdue."""
    left = dt.datetime.fromisoformat(due) - now
    overdue = left.total_seconds() < 0
    minutes = int(abs(left.total_seconds()) // 60)
    text = f"{minutes // 60}:{minutes % 60:02d}"
    return (f"{t('em.overdue', lang)} {text}" if overdue else f"{t('em.due_in', lang)} {text}",
            overdue)


def name_of(inc: dict[str, Any], lang: Lang) -> str:
    """The incident's substance in the page language."""
    return substance_name(inc.get("substance"), lang) or inc.get("substance_name", "")


def substance_name(key: str | None, lang: Lang) -> str | None:
    s = SUBSTANCES.get(key) if key else None
    return None if s is None else (s.name if lang == "en" else s.name_zh)


def grade_badge(grade: dict[str, Any], lang: Lang = "zh") -> html.Span:
    reasons = grade_reasons(grade, lang, cite=False)
    level = t(f"em.level.{grade['level_index']}", lang)
    return html.Span(f"{grade['roman']} {level}",
                     className=f"em-badge {GRADE_CLASS[grade['level_index']]}",
                     title="；".join(reasons) if reasons else grade.get("decided_by", ""))


def incident_list(incidents: list[dict[str, Any]], selected: int | None, now: dt.datetime,
                  lang: Lang) -> list[Any]:
    if not incidents:
        return [html.P(t("em.none", lang), className="hint")]
    items = []
    for inc in incidents:
        due_text, overdue = countdown(inc["deadlines"]["initial_due"], now, lang)
        live = inc["status"] != "closed"
        items.append(html.Button([
            html.Div([grade_badge(inc["grade"], lang),
                      html.Span(t(f"em.status.{inc['status']}", lang),
                                className=f"em-status em-status--{inc['status']}")],
                     className="em-item-head"),
            html.Div(f"#{inc['id']} {name_of(inc, lang)} · "
                     f"{t('em.kind.' + inc['kind'], lang)}", className="em-item-title"),
            html.Div(inc["started_at"][:16].replace("T", " "), className="em-item-time"),
            html.Div(f"{t('em.deadline', lang)} {due_text}" if live else "",
                     className="em-countdown" + (" em-countdown--overdue" if overdue else ""),
                     title=inc["deadlines"]["article"]),
        ], id={"type": ids.ITEM, "id": inc["id"]}, n_clicks=0,
            className="em-item" + (" em-item--selected" if inc["id"] == selected else "")))
    return items


def substance_options(lang: Lang) -> list[dict[str, str]]:
    return [{"label": f"{s.name if lang == 'en' else s.name_zh} ({s.cas})", "value": s.key}
            for s in SUBSTANCES.values()]


def grade_panel(inc: dict[str, Any], lang: Lang) -> html.Div:
    g = inc["grade"]
    s = inc["summary"]
    return html.Div([
        html.H4(t("em.grade", lang)),
        html.Div([grade_badge(g, lang), html.Span(t("em.response", lang).format(
            roman=g["roman"]), className="em-response")]),
        html.Ul([html.Li(r) for r in grade_reasons(g, lang)], className="em-reasons"),
        reporting_block(inc, lang),
        html.P(t("em.closed_intakes", lang).format(names="、".join(
            i["name"] for i in s["closed_intakes"])), className="em-intakes")
        if s.get("closed_intakes") else None,
        html.P(t("em.receptor_total", lang).format(n=s.get("receptors", 0),
                                                   p=f"{s.get('population', 0):,}")),
        html.P(f"{t('em.warnings', lang)}: "
               f"{'；'.join(warning_text(w, lang) for w in s.get('warnings', [])) or '—'}",
               className="hint"),
    ])


def reporting_block(inc: dict[str, Any], lang: Lang) -> html.Div:
    """Who must be told and by when (办法 第三条; 第四条 items when they apply)."""
    d = inc["deadlines"]
    sep = "、" if lang != "en" else ", "
    to = sep.join(t(f"em.report_to.{k}", lang) for k in d.get("report_to", []))
    items = d.get("article_4") or []
    article = t("em.article.3_4" if "第四条" in d["article"] else "em.article.3", lang)
    return html.Div([
        html.Div([html.Strong(f"{t('em.report_to', lang)}{': ' if lang == 'en' else '：'}"),
                  html.Span(to)]),
        html.Div(t("em.report_due", lang).format(
            hours=f"{d['hours']:g}", due=d["initial_due"].replace("T", " "),
            article=article), className="em-due"),
        html.Div(t("em.art4", lang).format(items=sep.join(
            t(f"em.art4.{k}", lang) for k in items)), className="em-art4") if items else None,
    ], className="em-reporting")


def weather_line(w: dict[str, Any] | None, lang: Lang) -> html.Div:
    """The wind the zones use, with its source and age."""
    if not w:
        return html.Div()
    stab = w.get("stability") or "—"
    src = w.get("source")
    if src == "observed":
        feed = t("em.wx.synthetic", lang) if w.get("synthetic") else (w.get("feed") or "")
        text = t("em.wx.observed", lang).format(
            station=w.get("station_name", w.get("station")), speed=f"{w['wind_speed_m_s']:g}",
            dir=f"{w['wind_from_deg']:.0f}", age=w.get("age_min"),
            at=str(w.get("observed_at", "")).replace("T", " ")[5:16], km=w.get("distance_km"),
            stab=stab, feed=feed)
    elif src == "manual":
        text = t("em.wx.manual", lang).format(speed=f"{w['wind_speed_m_s']:g}",
                                             dir=f"{w['wind_from_deg']:.0f}", stab=stab)
    else:
        text = t("em.wx.screening", lang)
    return html.Div(text, className=f"em-wx em-wx--{src or 'screening'}")


def log_kind_text(kind: str, lang: Lang) -> str:
    key = f"em.log.{kind}"
    return t(key, lang) if key in TEXTS else kind


def replay_marks(log: list[dict[str, Any]], most: int = 8) -> dict[int, str]:
    """Slider marks: the time of at most ``most`` steps, spread evenly, the last one kept."""
    n = len(log)
    if n == 0:
        return {}
    every = max(1, -(-n // most))
    keep = sorted({*range(0, n, every), n - 1})
    return {i: log[i]["at"][11:16] for i in keep}


def replay_label(log: list[dict[str, Any]], index: int | None, lang: Lang) -> str:
    n = len(log)
    if index is None or index >= n - 1:
        return t("em.replay.live", lang).format(n=n)
    e = log[index]
    return t("em.replay.step", lang).format(k=index + 1, n=n, t=e["at"][11:16], who=e["actor"],
                                            what=log_kind_text(e["kind"], lang))


def warning_text(code: str, lang: Lang) -> str:
    """The catalogue text of a model warning code (the code itself if none is known)."""
    key = f"em.warning.{code}"
    return t(key, lang) if key in TEXTS else code


def receptor_table(rows: list[dict[str, Any]], lang: Lang) -> html.Div:
    data = [{"name": r["name"], "type": _pick(TYPE_ZH.get(r["type"], (r["type"],) * 2), lang),
             "zone": _pick(ZONE_TEXT[r["zone"]], lang), "distance_m": round(r["distance_m"]),
             "bearing_deg": round(r["bearing_deg"]), "population": r["population"]}
            for r in rows]
    totals: dict[str, list[int]] = {}
    for r in rows:
        tot = totals.setdefault(_pick(ZONE_TEXT[r["zone"]], lang), [0, 0])
        tot[0] += 1
        tot[1] += r["population"] or 0
    cols = [("name", "名称", "Name"), ("type", "类型", "Type"), ("zone", "区域", "Zone"),
            ("distance_m", "距离 m", "Distance m"), ("bearing_deg", "方位 °", "Bearing °"),
            ("population", "人口", "People")]
    return html.Div([
        html.H4(t("em.receptors", lang)),
        html.P(" · ".join(f"{z}: {n} / {p}" for z, (n, p) in totals.items()) or "—",
               className="hint em-totals"),
        dash_table.DataTable(data=data, sort_action="native", page_size=12,
                             columns=[{"id": c, "name": en if lang == "en" else zh}
                                      for c, zh, en in cols],
                             style_table={"overflowX": "auto"}, id=ids.RECEPTOR_TABLE + "-dt"),
    ])


def resource_table(rows: list[dict[str, Any]], lang: Lang) -> html.Div:
    def stock(r: dict[str, Any]) -> str:
        s = r["stock"]
        if isinstance(s, list):
            return "、".join(f"{i['name']}{i['quantity']}{i['unit']}" for i in s[:4])
        return f"{s.get('specialty', '')} {s.get('members', '')}人 {r.get('phone') or ''}"

    data = [{"name": r["name"], "kind": "物资库" if r["kind"] == "depot" else "队伍",
             "eta": r["travel_time_min"], "km": r["distance_km"], "stock": stock(r)}
            for r in rows[:10]]
    cols = [("name", "名称", "Name"), ("kind", "类别", "Kind"), ("eta", "行程 min", "ETA min"),
            ("km", "里程 km", "km"), ("stock", "物资/人员", "Stock")]
    return html.Div([
        html.H4(t("em.resources", lang)),
        dash_table.DataTable(data=data, sort_action="native",
                             columns=[{"id": c, "name": en if lang == "en" else zh}
                                      for c, zh, en in cols],
                             style_cell={"whiteSpace": "normal", "textAlign": "left"}),
    ])


def downstream_board(board: dict[str, Any] | None, lang: Lang) -> html.Div:
    if not board:
        return html.Div()
    rows = [html.Tr([html.Td(x["name"]), html.Td(f"{x['distance_km']:g}"),
                     html.Td("—" if x["arrival_h"] is None else
                             f"{x['arrival_h'] - board['hours_since_release']:+.1f} h"),
                     html.Td(f"{x['peak_mg_l']:.3g}"),
                     html.Td((x["close_at"] or "—").replace("T", " ")),
                     html.Td((x["reopen_at"] or "—").replace("T", " "))])
            for x in board["targets"]]
    head = ["名称", "距离 km", "到达倒计时", "峰值 mg/L", "建议关闭", "建议恢复"] if lang != "en" \
        else ["Name", "km", "Arrives in", "Peak mg/L", "Close", "Reopen"]
    profile = board.get("profile") or []
    figure = {"data": [{"x": [p["distance_km"] for p in profile],
                        "y": [p["mg_l"] for p in profile], "type": "scatter",
                        "mode": "lines"}],
              "layout": {"height": 220, "margin": {"l": 50, "r": 10, "t": 10, "b": 40},
                         "xaxis": {"title": {"text": "km"}},
                         "yaxis": {"title": {"text": "mg/L"}}}}
    return html.Div([
        html.H4(t("em.downstream", lang)),
        html.P(t("em.as_of", lang).format(t=board["clock"].replace("T", " "))
               + f" · {board['limit_source'] or ''}", className="hint"),
        html.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)],
                   className="em-board"),
        html.H5(t("em.profile", lang)),
        dcc.Graph(figure=figure, config={"displayModeBar": False, "staticPlot": True}),
    ])


def timeline(log: list[dict[str, Any]], lang: Lang) -> html.Div:
    return html.Div([
        html.H4(t("em.timeline", lang)),
        html.Ol([html.Li([html.Span(e["at"][:16].replace("T", " "), className="em-when"),
                          html.Span(f" {e['actor']} ", className="em-who"),
                          html.Span(f"[{log_kind_text(e['kind'], lang)}] {e['text']}"),
                          html.Span(f" {e['data'].get('target', '')} "
                                    f"{e['data'].get('value', '')}{e['data'].get('unit', '')}"
                                    if e.get("data") and ("value" in e["data"]
                                                          or "target" in e["data"]) else "")])
                 for e in reversed(log)], className="em-timeline", reversed=True),
    ])


def report_links(incident_id: int, lang: Lang) -> html.Div:
    base = f"/api/incidents/{incident_id}"
    links = [html.A(f"{t('em.report.' + k, lang)} ({fmt})",
                    href=f"{base}/report?kind={k}&format={fmt}", className="btn btn--secondary")
             for k in ("initial", "followup", "final") for fmt in REPORT_FORMATS]
    links.append(html.A(t("em.csv", lang), href=f"{base}/receptors?f=csv",
                        className="btn btn--secondary"))
    return html.Div([html.H4(t("em.reports", lang)), html.Div(links, className="em-links")])


#: the colours are those of assets/emergency_map.js, in assets/emergency.css (em-key--*)
LEGEND_ZONES = ("red", "orange", "yellow", "wedge", "reach", "target", "route")
LEGEND_TYPES = ("school", "hospital", "water_intake", "residential", "nursing_home")


def legend(lang: Lang) -> html.Div:
    """The map's key: zone colours, the wedge and routes, receptor types (示例数据)."""
    def row(key: str, label: str) -> html.Div:
        return html.Div([html.Span(className=f"em-key em-key--{key}"), html.Span(label)],
                        className="em-legend-row")
    return html.Div([
        html.Strong(t("em.legend.zones", lang)),
        *[row(k, t(f"em.legend.{k}", lang)) for k in LEGEND_ZONES],
        html.Strong(t("em.legend.receptors", lang)),
        *[row(k, t(f"em.type.{k}", lang)) for k in LEGEND_TYPES],
        html.Div(t("em.synthetic", lang), className="em-legend-note"),
    ], className="em-legend")
