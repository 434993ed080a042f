"""The side panel for a clicked feature: its record, and for a pollution source its
"one source, one file" summary."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from dash import html

from core.i18n import Lang, t
from enforcement.creation import FEATURE_COLLECTIONS
from layers.spec import LayerSpec
from pages.onemap.components import synthetic_badge
from pages.onemap.waste_section import waste_section
from pages.tasks.components import code_badge, code_reasons, colon

DATETIME_FORMAT = "%Y-%m-%d %H:%M"  # the one date-time format of the page
DATE_FORMAT = "%Y-%m-%d"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
# Columns of nested records (depot stock, risk substances) the panels know how to label;
# ``quantity`` is shown together with its ``unit``.
NESTED_COLUMNS = ("name", "cas", "quantity", "storage_t")


def format_time(value: datetime | date) -> str:
    """A date or time as every panel shows it: ``2026-11-26 20:00`` or ``2026-11-26``."""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    return value.strftime(DATE_FORMAT)


def format_value(value: Any) -> str:
    """A record value as the panels show it (— for empty, joined lists, trimmed floats,
    dates in one format)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime | date):
        return format_time(value)
    if isinstance(value, str) and _ISO.match(value):
        return format_time(datetime.fromisoformat(value))
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return "、".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}: {format_value(v)}" for k, v in value.items())
    return str(value)


def is_nested_records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def nested_table(records: list[dict[str, Any]], lang: Lang) -> html.Table:
    """A list of records (depot stock, risk substances) as a small table with units."""
    columns = [c for c in NESTED_COLUMNS if any(c in r for r in records)]
    head = html.Thead(html.Tr([html.Th(t(f"col.{c}", lang)) for c in columns]))

    def cell(record: dict[str, Any], column: str) -> html.Td:
        value = record.get(column)
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        text = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) \
            else format_value(value)
        if column == "quantity" and record.get("unit"):
            text = f"{text} {record['unit']}"
        return html.Td(text, className="num" if is_number else None)

    body = html.Tbody([html.Tr([cell(r, c) for c in columns]) for r in records])
    return html.Table([head, body], className="record-table record-table--list nested-table")


def class_label(spec: LayerSpec, properties: dict[str, Any], lang: Lang) -> Any:
    """The feature's class (``_class``) in ``lang``: the legend item of the same colour
    carries both languages, so no label is repeated here."""
    label = properties.get("_class")
    if lang == "zh" or label is None:
        return label
    colour = properties.get("_color")
    match = next((item for item in spec.legend if item.color == colour), None)
    return match.label(lang) if match else label


def legend_term(spec: LayerSpec, value: Any, lang: Lang) -> Any:
    """A category the store keeps in Chinese (risk level 重大, complaint category 大气,
    outfall type 工业) in ``lang``, when the layer's legend names it."""
    if lang == "zh" or not isinstance(value, str):
        return value
    return next((item.label(lang) for item in spec.legend if item.zh == value), value)


def record_table(rows: list[tuple[str, Any]], lang: Lang = "zh") -> html.Table:
    def cell(value: Any) -> html.Td:
        if is_nested_records(value):
            return html.Td(nested_table(value, lang), className="nested")
        return html.Td(format_value(value))

    return html.Table(html.Tbody([html.Tr([html.Th(label), cell(value)])
                                  for label, value in rows]), className="record-table")


def feature_panel(spec: LayerSpec, properties: dict[str, Any], lang: Lang,
                  extra: list[Any] | None = None) -> list[Any]:
    title: list[Any] = [spec.title(lang)]
    if spec.synthetic:
        title.append(synthetic_badge(lang))
    rows = [(f.label(lang), class_label(spec, properties, lang) if f.key == "_class"
             else legend_term(spec, properties.get(f.key), lang)) for f in spec.popup]
    link = feature_task_link(spec, properties, lang)
    return [html.H4(title, className="feature-panel__layer"),
            html.H3(format_value(properties.get("name") or properties.get("code")
                           or properties.get("source_name")), className="feature-panel__name"),
            record_table(rows, lang), *([html.Div(link, className="feature-panel__actions")]
                                        if link else []), *(extra or [])]


def _records(title: str, records: list[dict], columns: list[str], lang: Lang) -> html.Div:
    if not records:
        body: Any = html.P(t("feature.no_records", lang), className="hint")
    else:
        body = html.Table([
            html.Thead(html.Tr([html.Th(t(f"col.{c}", lang)) for c in columns])),
            html.Tbody([html.Tr([html.Td(format_value(r.get(c))) for c in columns])
                        for r in records])], className="record-table record-table--list")
    return html.Div([html.H5(title), body], className="source-file__section")


def task_link(query: str, lang: Lang) -> html.A:
    """"派发任务 / Create task": the new-task form of /tasks for this feature."""
    return html.A(t("tasks.feature_link", lang), href=f"/tasks?{query}",
                  className="btn code-new-task feature-task-link")


def feature_task_link(spec: LayerSpec, properties: dict[str, Any], lang: Lang
                      ) -> html.A | None:
    """The task link of a feature a task may be made from (a complaint, a change patch, a
    water section… :data:`enforcement.creation.FEATURE_COLLECTIONS`); a pollution source
    has its link at the head of its 一源一档 instead."""
    fid = properties.get("id")
    if spec.id not in FEATURE_COLLECTIONS or spec.id == "pollution_sources":
        return None
    if isinstance(fid, bool) or not (isinstance(fid, int) or (
            isinstance(fid, str) and fid.isascii() and fid.isdigit())):
        return None
    return task_link(f"feature={spec.id}:{int(fid)}", lang)


def code_head(record: dict, lang: Lang) -> html.Div:
    """The head of 一源一档: the enterprise environment code, why (rules, points, dated
    evidence; the one rendering of :func:`pages.tasks.components.code_reasons`), and a link
    to make a task for the source."""
    code = record.get("code")
    link = task_link(f"source={record['source']['id']}", lang)
    if not code:
        return html.Div(html.Div([html.Span(t("tasks.code", lang) + colon(lang)),
                                  code_badge(None, lang), link], className="code-head"),
                        className="code-box source-file__code")
    box = code_reasons(code, lang)
    box.children[0].children.append(link)
    box.className += " source-file__code"
    return box


def source_file_section(record: dict, lang: Lang) -> html.Div:
    """一源一档: the enterprise code, permit, online monitoring, inspections, complaints."""
    s = record["source"]
    status = s.get("online_status")
    status_text = t(f"status.online.{status}", lang) if status in (
        "normal", "exceeding", "offline") else status
    return html.Div([
        html.H4(t("feature.source_file", lang), className="source-file__title"),
        *([code_head(record, lang)] if "id" in s else []),
        html.Div([html.H5(t("feature.permit", lang)), record_table([
            (t("source.permit_no", lang), s.get("permit_no")),
            (t("source.permit_class", lang), s.get("permit_class")),
            (t("source.valid_until", lang), s.get("permit_valid_until")),
            (t("source.main_pollutants", lang), s.get("main_pollutants")),
        ], lang)], className="source-file__section"),
        html.Div([html.H5(t("feature.monitoring", lang)), record_table([
            (t("source.online", lang), status_text if s.get("online_monitoring") else "—"),
            ("SO₂ (t/a)", s.get("so2_t")), ("NOx (t/a)", s.get("nox_t")),
            (t("source.pm", lang), s.get("pm_t")),
            ("VOCs (t/a)", s.get("voc_t")), ("COD (t/a)", s.get("cod_t")),
        ], lang)], className="source-file__section"),
        _records(t("feature.inspections", lang), record["inspections"],
                 ["inspected_on", "result", "finding", "penalty_cny"], lang),
        _records(t("feature.complaints", lang), record["complaints"],
                 ["received_at", "category", "content", "status"], lang),
        waste_section(record, lang),
    ], className="source-file")
