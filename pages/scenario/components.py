"""Pure builders of the scenario page's parts from a scenario (as the API returns it)."""

from __future__ import annotations

import json
from typing import Any

from dash import html

from core.i18n import Lang, t
from pages.scenario import ids

AIR_POLLUTANTS = ("PM2_5", "PM10", "SO2", "NO2")
WATER_POLLUTANTS = ("COD", "NH3_N", "TP")
LABEL = {"PM2_5": "PM2.5", "PM10": "PM10", "SO2": "SO₂", "NO2": "NO₂", "COD": "COD",
         "NH3_N": "NH₃-N", "TP": "TP"}


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _time(value: Any) -> str:
    """An ISO instant as the bureau reads it: ``2026-11-26 16:40:05`` (Beijing time)."""
    return str(value or "—")[:19].replace("T", " ")


def cut_text(cut: dict[str, Any], lang: Lang, names: dict[str, str]) -> str:
    (key, value), = cut["select"].items()
    if key == "all":
        what = t("scenario.select.all" if cut["pollutant"] in AIR_POLLUTANTS
                 else "scenario.water.select.all", lang)
    elif key == "polygon":
        what = t("scenario.polygon_drawn", lang)
    elif isinstance(value, list):
        what = ", ".join(value[:4]) + (" …" if len(value) > 4 else "")
    else:
        what = names.get(str(value), str(value))
    return f"{what} · {LABEL.get(cut['pollutant'], cut['pollutant'])} −{cut['fraction']:.0%}"


def cut_list(cuts: list[dict[str, Any]], lang: Lang, names: dict[str, str],
             remove_type: str) -> html.Ul | html.P:
    if not cuts:
        return html.P(t("scenario.no_cuts", lang), className="hint")
    return html.Ul([html.Li([html.Span(cut_text(c, lang, names), className="sc-cut-text"),
                             html.Button("×", id={"type": remove_type, "index": i},
                                         n_clicks=0, title=t("scenario.remove", lang),
                                         className="sc-x")])
                    for i, c in enumerate(cuts)], className="sc-cut-list")


def status_text(scenario: dict[str, Any] | None, lang: Lang) -> str:
    if not scenario:
        return ""
    if scenario["status"] == "failed":
        if scenario.get("error") == "cancelled":
            return f"{scenario['name']} · {t('scenario.cancelled', lang)}"
        error = t("scenario.error", lang).format(error=scenario.get("error") or "")
        return f"{scenario['name']} · {error}"
    return f"{scenario['name']} · {t('scenario.status.' + scenario['status'], lang)}"


def change_table(rows: list[dict[str, Any]], pollutant: str, lang: Lang,
                 table_id: str) -> html.Table:
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in (
        "scenario.code", "scenario.place", "scenario.baseline", "scenario.scenario",
        "scenario.delta")]))
    body = []
    for r in rows:
        if r["pollutant"] != pollutant:
            continue
        cls = "sc-down" if r["delta"] < 0 else ("sc-up" if r["delta"] > 0 else "")
        body.append(html.Tr([html.Td(r["code"]), html.Td(r.get("name", "")),
                             html.Td(_fmt(r["baseline"])), html.Td(_fmt(r["scenario"])),
                             html.Td(_fmt(r["delta"], 3), className=cls)],
                            **{"data-code": r["code"]}))
    return html.Table([head, html.Tbody(body)], id=table_id, className="sc-table")


def kpi_card(kpi: dict[str, Any] | None, lang: Lang) -> html.Div:
    if not kpi:
        return html.Div()
    rows = [html.Div([html.Span(t("scenario.kpi.city", lang)),
                      html.B(f"{_fmt(kpi['baseline'])} → {_fmt(kpi['scenario'])} µg/m³ "
                             f"({kpi['delta']:+.3f})")], className="sc-kpi-row")]
    target = kpi.get("target")
    if target:
        def verdict(ok: bool) -> html.Span:
            return html.Span(t("scenario.kpi.met" if ok else "scenario.kpi.missed", lang),
                             className="sc-ok" if ok else "sc-bad")
        rows.append(html.Div(t("scenario.kpi.target", lang).format(
            year=target["year"], value=_fmt(target["value"], 0), source=target["source"]),
            className="hint"))
        rows.append(html.Div([t("scenario.before", lang), " ", verdict(kpi["met_before"]),
                              f" ({kpi['gap_before']:+.2f})  ·  ", t("scenario.after", lang),
                              " ", verdict(kpi["met_after"]), f" ({kpi['gap_after']:+.2f})"],
                             className="sc-kpi-row"))
    else:
        rows.append(html.Div(t("scenario.kpi.none", lang), className="hint"))
    return html.Div([html.H4(t("scenario.kpi", lang)), *rows], className="sc-card")


def top_card(top: dict[str, Any] | None, pollutant: str, lang: Lang) -> html.Div:
    if not top or pollutant not in top:
        return html.Div()
    part = top[pollutant]

    def lst(items: list[dict[str, Any]], key: str) -> html.Ol:
        return html.Ol([html.Li([html.Span(i.get("name") or i[key]),
                                 html.Span(_fmt(i["value"], 3), className="sc-num")])
                        for i in items[:5]], className="sc-top-list")

    return html.Div([
        html.H4(t("scenario.top", lang) + f" · {LABEL[pollutant]} µg/m³"),
        html.Div([
            html.Div([html.H5(f"{t('scenario.top.sectors', lang)} · "
                              f"{t('scenario.before', lang)}"),
                      lst(part["sectors_before"], "sector")]),
            html.Div([html.H5(f"{t('scenario.top.sectors', lang)} · "
                              f"{t('scenario.after', lang)}"),
                      lst(part["sectors_after"], "sector")]),
            html.Div([html.H5(f"{t('scenario.top.sources', lang)} · "
                              f"{t('scenario.before', lang)}"),
                      lst(part["sources_before"], "id")]),
            html.Div([html.H5(f"{t('scenario.top.sources', lang)} · "
                              f"{t('scenario.after', lang)}"),
                      lst(part["sources_after"], "id")]),
        ], className="sc-top-grid"),
    ], className="sc-card")


def provenance_card(s: dict[str, Any] | None, lang: Lang, card_id: str) -> html.Div:
    prov = (s or {}).get("provenance") or {}
    if not prov:
        return html.Div(id=card_id)
    model = prov.get("model") or {}
    matrix = prov.get("matrix") or {}
    rows = [("scenario.prov.who", prov.get("who")),
            ("scenario.prov.when", f"{_time(prov.get('created_at'))} → "
                                   f"{_time(prov.get('finished_at'))}"),
            ("scenario.prov.model", f"{model.get('name')} · {model.get('version')}")]
    if matrix:
        rows.append(("scenario.prov.matrix",
                     f"{matrix.get('shape')} · {matrix.get('receptors')}"))
    rows += [("scenario.prov.hash", prov.get("inputs_hash") or "—")]
    if prov.get("climatology"):
        rows.append(("scenario.prov.climatology", prov["climatology"]))
    if prov.get("background"):
        bg = prov["background"]
        rows.append(("scenario.prov.background",
                     f"{bg.get('observed_year')}: " + ", ".join(
                         f"{LABEL.get(k, k)} {v:.1f}" for k, v in bg["values"].items())))
    return html.Div([
        html.H4(t("scenario.provenance", lang)),
        html.Dl([part for key, value in rows for part in (
            html.Dt(t(key, lang)), html.Dd(str(value), className="sc-mono"
                                           if key == "scenario.prov.hash" else None))]),
        html.Details([html.Summary(t("scenario.prov.params", lang)),
                      html.Pre(json.dumps(prov.get("params"), ensure_ascii=False, indent=1),
                               className="sc-params")]),
        html.P(t("scenario.synthetic", lang), className="sc-synthetic"),
    ], id=card_id, className="sc-card sc-provenance", **{"data-hash": prov.get("inputs_hash")
                                                          or ""})


def legend(s: dict[str, Any] | None, view: str, pollutant: str, lang: Lang) -> html.Div:
    tiles = (s or {}).get("tiles") or {}
    if not tiles:
        return html.Div()
    layer = "delta" if view == "delta" else "baseline"
    leg = tiles["layers"][layer]["legend"][pollutant]
    title = t("scenario.legend.delta" if layer == "delta" else "scenario.legend.conc", lang)
    gradient = ", ".join(leg["colors"])
    return html.Div([
        html.Div(f"{LABEL[pollutant]} · {title}", className="sc-legend-title"),
        html.Div(className="sc-legend-bar",  # the ramp itself: data, not theme
                 style={"background": f"linear-gradient(to right, {gradient})"}),
        html.Div([html.Span(_fmt(leg["stops"][0], 2)), html.Span(_fmt(leg["stops"][3], 2)),
                  html.Span(_fmt(leg["stops"][-1], 2))], className="sc-legend-stops"),
    ], className=f"sc-legend sc-legend-{layer}")


def saved_list(items: list[dict[str, Any]], lang: Lang, me: str | None, admin: bool,
               writer: bool, shown: int | None) -> html.Ul | html.P:
    if not items:
        return html.P("—", className="hint")
    out = []
    for s in items:
        actions = [html.Button(t("scenario.open", lang), n_clicks=0, className="btn-link",
                               id={"type": ids.SAVED_ITEM, "action": "open", "id": s["id"]})]
        if writer:
            actions.append(html.Button(t("scenario.duplicate", lang), n_clicks=0,
                                       className="btn-link",
                                       id={"type": ids.SAVED_ITEM, "action": "duplicate",
                                           "id": s["id"]}))
        if writer and (admin or s["owner"] == me):
            actions.append(html.Button(t("scenario.delete", lang), n_clicks=0,
                                       className="btn-link sc-danger",
                                       id={"type": ids.SAVED_ITEM, "action": "delete",
                                           "id": s["id"]}))
        out.append(html.Li([
            html.Div([html.B(f"#{s['id']} {s['name']}"),
                      html.Span(t(f"scenario.status.{s['status']}", lang)
                                if s["error"] != "cancelled" else t("scenario.cancelled", lang),
                                className=f"sc-badge sc-{s['status']}")]),
            html.Div(f"{s['owner']} · {str(s['created_at'])[:16].replace('T', ' ')}",
                     className="hint"),
            html.Div(actions, className="sc-actions"),
        ], className="sc-saved-item" + (" sc-current" if s["id"] == shown else ""),
            **{"data-id": str(s["id"])}))
    return html.Ul(out, className="sc-saved-list")


def compare_table(data: dict[str, Any] | None, pollutant: str, lang: Lang) -> html.Div:
    if not data:
        return html.Div()
    rows = [r for r in data["stations"] if r["pollutant"] == pollutant]
    return html.Div([
        html.H4(f"#{data['a']['id']} {data['a']['name']}  ↔  #{data['b']['id']} "
                f"{data['b']['name']}"),
        html.Table([html.Thead(html.Tr([html.Th(t(k, lang)) for k in (
            "scenario.code", "scenario.place", "scenario.compare.a", "scenario.compare.b",
            "scenario.compare.diff")])),
            html.Tbody([html.Tr([html.Td(r["code"]), html.Td(r["name"]),
                                 html.Td(_fmt(r["delta_a"], 3)), html.Td(_fmt(r["delta_b"], 3)),
                                 html.Td(_fmt(r["difference"], 3))]) for r in rows])],
            className="sc-table"),
    ], className="sc-card")


def sections_table(s: dict[str, Any] | None, pollutant: str, lang: Lang) -> html.Div:
    sections = (s or {}).get("sections") or []
    if not sections:
        return html.Div()
    head = [t(k, lang) for k in ("scenario.code", "scenario.place", "scenario.water.river",
                                 "scenario.water.target", "scenario.water.class_before",
                                 "scenario.water.class_after")]
    head += [f"{LABEL[pollutant]} {t('scenario.before', lang)}",
             f"{LABEL[pollutant]} {t('scenario.after', lang)}"]
    body = []
    for r in sections:
        changed = r["class_before"] != r["class_after"]
        body.append(html.Tr([
            html.Td(r["code"]), html.Td(r["name"]), html.Td(r["river"]),
            html.Td(r["target_class"]),
            html.Td(r["class_before"], className="sc-ok" if r["meets_before"] else "sc-bad"),
            html.Td(r["class_after"], className=("sc-ok" if r["meets_after"] else "sc-bad")
                    + (" sc-changed" if changed else "")),
            html.Td(_fmt(r[f"{pollutant}_before"], 3)),
            html.Td(_fmt(r[f"{pollutant}_after"], 3))]))
    return html.Div([html.H4(t("scenario.water.sections", lang)),
                     html.Table([html.Thead(html.Tr([html.Th(h) for h in head])),
                                 html.Tbody(body)], className="sc-table")],
                    className="sc-card")


def lake_card(s: dict[str, Any] | None, lang: Lang) -> html.Div:
    lake = (s or {}).get("lake")
    if not lake:
        return html.Div()
    rows = [
        (t("scenario.water.tp_load", lang),
         f"{lake['tp_load_before_kg_a'] / 1000:.1f} → {lake['tp_load_after_kg_a'] / 1000:.1f}"),
        (t("scenario.water.tp", lang),
         f"{_fmt(lake.get('tp_observed_mg_l'), 4)} → {_fmt(lake.get('tp_after_mg_l'), 4)}"),
    ]
    if "tli_before" in lake:
        rows.append((t("scenario.water.tli", lang),
                     f"{lake['tli_before']} ({lake['grade_before']}) → {lake['tli_after']} "
                     f"({lake['grade_after']})"))
        rows.append(("GB 3838", f"{lake['class_before']} → {lake['class_after']}"))
    return html.Div([
        html.H4(t("scenario.water.lake", lang)),
        html.Dl([p for k, v in rows for p in (html.Dt(k), html.Dd(v))]),
        html.P(t("scenario.water.response", lang).format(years=lake["response_time_a"]),
               className="hint"),
        html.P(t("scenario.synthetic", lang), className="sc-synthetic"),
    ], className="sc-card")


# --------------------------------------------------------------------------- water maps
WATER_CLASSES = ("I", "II", "III", "IV", "V", "劣V")
RIVER_COLOR = "#3a7bd5"


def water_map_layers(layers: dict[str, list[dict[str, Any]]], s: dict[str, Any] | None,
                     side: str, cut: set[str], lang: Lang) -> list[Any]:
    """The overlays of one water map (``side`` = ``before`` | ``after``): the rivers (a
    sub-catchment cut drawn thicker), the outfalls (the cut ones ringed), and the sections
    coloured by their GB 3838 class on that side."""
    import dash_leaflet as dl

    from decision_models.water_quality import grade_color

    catchments = {c["select"]["catchment"] for c in ((s or {}).get("params") or {})
                  .get("cuts", []) if "catchment" in c["select"] and c.get("fraction", 0) > 0}
    out: list[Any] = []
    for r in layers["rivers"]:
        heavy = r["name"] in catchments
        for line in r["lines"]:
            out.append(dl.Polyline(positions=[[lat, lon] for lon, lat, *_ in line],
                                   color="#1b4f9c" if heavy else RIVER_COLOR,
                                   weight=5 if heavy else 2, opacity=0.8,
                                   children=dl.Tooltip(r["name"])))
    for o in layers["outfalls"]:
        is_cut = o["code"] in cut
        label = f"{o['code']} {o['name']} ({o['type']})"
        if is_cut:
            label += " · " + t("scenario.water.map.cut", lang)
        out.append(dl.CircleMarker(
            center=[o["lat"], o["lon"]], radius=6 if is_cut else 3,
            color="#111" if is_cut else "#777", weight=2 if is_cut else 1,
            fillColor="#ffffff" if is_cut else "#999", fillOpacity=0.9,
            className="sc-w-outfall-cut" if is_cut else "sc-w-outfall",
            children=dl.Tooltip(label)))
    by_code = {x["code"]: x for x in (s or {}).get("sections") or []}
    for sec in layers["sections"]:
        res = by_code.get(sec["code"])
        if s is not None and res is None:
            continue  # not on a modelled river (the lake's sections: the lake card)
        grade = res.get(f"class_{side}") if res else None
        color = grade_color(grade) if grade in WATER_CLASSES else "#bbbbbb"
        text = f"{sec['code']} {sec['name']}"
        if res:
            text += f" · {t(f'scenario.water.class_{side}', lang)} {grade} " \
                    f"({t('scenario.water.target', lang)} {res['target_class']})"
        level = WATER_CLASSES.index(grade) + 1 if grade in WATER_CLASSES else 0
        out.append(dl.CircleMarker(
            center=[sec["lat"], sec["lon"]], radius=8, color="#333", weight=1,
            fillColor=color, fillOpacity=0.95, className=f"sc-w-section sc-w-class-{level}",
            children=dl.Tooltip(text)))
    return out


def water_legend(lang: Lang) -> html.Div:
    from decision_models.water_quality import grade_color

    items = [html.Span([html.I(style={"background": grade_color(g)}), g],
                       className="sc-w-legend-item") for g in WATER_CLASSES]
    items.append(html.Span([html.I(className="sc-w-legend-cut"),
                            t("scenario.water.map.cut", lang)], className="sc-w-legend-item"))
    return html.Div([html.Span("GB 3838—2002", className="sc-w-legend-title"), *items,
                     html.Span(t("scenario.synthetic.short", lang), className="sc-synthetic")],
                    className="sc-w-legend")
