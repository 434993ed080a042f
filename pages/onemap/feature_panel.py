"""The side panel for a clicked feature: its record, and for a pollution source its
"one source, one file" summary."""

from __future__ import annotations

from typing import Any

from dash import html

from core.i18n import Lang, t
from layers.spec import LayerSpec
from pages.onemap.components import synthetic_badge


def format_value(value: Any) -> str:
    """A record value as the panels show it (— for empty, joined lists, trimmed floats)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return "、".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}: {format_value(v)}" for k, v in value.items())
    return str(value)


def record_table(rows: list[tuple[str, Any]]) -> html.Table:
    return html.Table(html.Tbody([html.Tr([html.Th(label), html.Td(format_value(value))])
                                  for label, value in rows]), className="record-table")


def feature_panel(spec: LayerSpec, properties: dict[str, Any], lang: Lang,
                  extra: list[Any] | None = None) -> list[Any]:
    title: list[Any] = [spec.title(lang)]
    if spec.synthetic:
        title.append(synthetic_badge(lang))
    rows = [(f.label(lang), properties.get(f.key)) for f in spec.popup]
    return [html.H4(title, className="feature-panel__layer"),
            html.H3(format_value(properties.get("name") or properties.get("code")
                           or properties.get("source_name")), className="feature-panel__name"),
            record_table(rows), *(extra or [])]


def _records(title: str, records: list[dict], columns: list[str], lang: Lang) -> html.Div:
    if not records:
        body: Any = html.P(t("feature.no_records", lang), className="hint")
    else:
        body = html.Table([
            html.Thead(html.Tr([html.Th(t(f"col.{c}", lang)) for c in columns])),
            html.Tbody([html.Tr([html.Td(format_value(r.get(c))) for c in columns])
                        for r in records])], className="record-table record-table--list")
    return html.Div([html.H5(title), body], className="source-file__section")


def source_file_section(record: dict, lang: Lang) -> html.Div:
    """一源一档: permit, online monitoring, inspections, complaints."""
    s = record["source"]
    status = s.get("online_status")
    status_text = t(f"status.online.{status}", lang) if status in (
        "normal", "exceeding", "offline") else status
    return html.Div([
        html.H4(t("feature.source_file", lang), className="source-file__title"),
        html.Div([html.H5(t("feature.permit", lang)), record_table([
            (t("source.permit_no", lang), s.get("permit_no")),
            (t("source.permit_class", lang), s.get("permit_class")),
            (t("source.valid_until", lang), s.get("permit_valid_until")),
            (t("source.main_pollutants", lang), s.get("main_pollutants")),
        ])], className="source-file__section"),
        html.Div([html.H5(t("feature.monitoring", lang)), record_table([
            (t("source.online", lang), status_text if s.get("online_monitoring") else "—"),
            ("SO₂ (t/a)", s.get("so2_t")), ("NOx (t/a)", s.get("nox_t")),
            (t("source.pm", lang), s.get("pm_t")),
            ("VOCs (t/a)", s.get("voc_t")), ("COD (t/a)", s.get("cod_t")),
        ])], className="source-file__section"),
        _records(t("feature.inspections", lang), record["inspections"],
                 ["inspected_on", "result", "finding", "penalty_cny"], lang),
        _records(t("feature.complaints", lang), record["complaints"],
                 ["received_at", "category", "content", "status"], lang),
    ], className="source-file")
