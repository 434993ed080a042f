"""The hazardous-waste section of a source's 一源一档: the generating units on its site,
their ledger by waste code (台账), the transfer manifests out (转移联单) and the anomalies the
hazardous-waste rules find (the clues of the enforcement loop). Built from
``record["waste"]`` of :func:`layers.enforcement.source_file`; nothing when the source has
no generating unit on its site.
"""

from __future__ import annotations

from typing import Any

from dash import html

from core.i18n import Lang, t


def _n(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, int | float):
        return f"{value:,.{digits}f}"
    return str(value)


def _table(columns: list[str], rows: list[list[Any]]) -> html.Table:
    return html.Table([html.Thead(html.Tr([html.Th(c) for c in columns])),
                       html.Tbody([html.Tr([html.Td(v) for v in row]) for row in rows])],
                      className="record-table record-table--list")


def waste_section(record: dict[str, Any], lang: Lang) -> html.Div:
    """The waste section of a 一源一档 record (an empty ``Div`` without waste data)."""
    w = record.get("waste")
    if not w:
        return html.Div(className="source-file__section source-file__waste", hidden=True)
    units = "；".join(
        f"{u['name']}（{u['industry_zh'] if lang == 'zh' else u['industry_en']}，"
        f"{u['code']}）" for u in w["units"])
    ledger = _table(
        [t("waste.col.code", lang), t("waste.col.generated", lang),
         t("waste.col.utilised", lang), t("waste.col.storage", lang),
         t("waste.col.oldest", lang)],
        [[f"{r['code']} {r['waste_code']}", _n(r["generated_t"]),
          _n(r["utilised_on_site_t"]),
          f"{_n(r['storage_start_t'])} → {_n(r['storage_end_t'])}",
          _n(r["oldest_stored_since"])] for r in w["ledgers"]])
    manifests = _table(
        [t("waste.col.date", lang), t("waste.col.manifest", lang), t("waste.col.code", lang),
         t("waste.col.tonnes", lang), t("waste.col.receiver", lang)],
        [[_n(m["date"]), m["code"], f"{m['hw_code']} {m['waste_code']}", _n(m["tonnes"]),
          m["facility_name"]] for m in w["manifests"]]) if w["manifests"] else \
        html.P(t("waste.no_manifests", lang), className="hint")
    out = "；".join(f"{code} {_n(tonnes)} t" for code, tonnes in w["out_by_code"].items())
    anomalies = [html.Li([html.B(a["rule_zh"] if lang == "zh" else a["rule"]), "：",
                          a["detail_zh"], html.Span(f"（{a['basis']}）", className="hint")])
                 for a in w["anomalies"]]
    return html.Div([
        html.H5([t("waste.title", lang).format(year=w["year"]), " ",
                 html.Span(t("synthetic.badge", lang), className="badge badge--synthetic")]),
        html.P(f"{t('waste.units', lang)}：{units}"),
        html.H6(t("waste.ledger", lang)), ledger,
        html.H6(t("waste.manifests", lang).format(n=w["manifests_total"])), manifests,
        html.P(f"{t('waste.out', lang)}：{out or '—'}"),
        html.H6(t("waste.anomalies", lang)),
        html.Ul(anomalies, className="source-file__anomalies") if anomalies else
        html.P(t("waste.no_anomalies", lang), className="hint"),
    ], className="source-file__section source-file__waste")
