"""Builders of the data page: pure functions of catalogue entries, reports and language."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from core.i18n import TEXTS, Lang, t
from layers.spec import THEMES
from pages.data import ids

CRS_CHOICES = [  # offered when the file declares none (the report adds its candidates)
    ("EPSG:4490", "CGCS2000 经纬度 / geographic"),
    ("EPSG:4326", "WGS 84 经纬度 / geographic"),
    ("EPSG:4527", "CGCS2000 3° GK zone 39 (带号)"),
    ("EPSG:4548", "CGCS2000 3° GK CM 117E (无带号)"),
    ("EPSG:2384", "Xi'an 1980 3° GK CM 117E (无带号)"),
    ("EPSG:2363", "Xi'an 1980 3° GK zone 39 (带号)"),
    ("EPSG:2436", "Beijing 1954 3° GK CM 117E (无带号)"),
    ("EPSG:3857", "Web Mercator"),
]
ENCODINGS = ("UTF-8", "GBK", "GB18030")
ROW_CAP = 10


def theme_options(lang: Lang, with_all: bool = True) -> list[dict[str, str]]:
    options = [{"label": t(f"theme.{th}", lang), "value": th} for th in (*THEMES, "basemap")]
    return ([{"label": t("data.all", lang), "value": ""}] if with_all else []) + options


def badges(entry: dict[str, Any], lang: Lang) -> list[Any]:
    out = [html.Span(t(f"theme.{entry['theme']}", lang), className="data-badge data-badge--theme"),
           html.Span(t(f"data.kind.{entry['kind']}", lang), className="data-badge"),
           html.Span(t(f"data.origin.{entry['origin']}", lang),
                     className=f"data-badge data-badge--{entry['origin']}")]
    if entry.get("synthetic"):
        out.append(html.Span(t("synthetic.badge", lang), className="badge badge--synthetic",
                             title=t("synthetic.note", lang)))
    else:
        out.append(html.Span(t("data.real", lang), className="data-badge data-badge--real"))
    if entry["origin"] == "upload" and not entry.get("published"):
        out.append(html.Span(t("data.private", lang), className="data-badge data-badge--private"))
    return out


def entry_card(entry: dict[str, Any], lang: Lang, selected: bool = False) -> html.Button:
    title = entry["title"] if lang == "zh" else entry.get("title_en") or entry["title"]
    count = entry.get("count")
    return html.Button([
        html.Span(title, className="data-card__title"),
        html.Span(badges(entry, lang), className="data-card__badges"),
        html.Span([f"{t('data.features', lang)}: {count:,}" if count is not None else "",
                   html.Span(entry.get("source") or "", className="data-card__source")],
                  className="data-card__meta"),
    ], id={"type": ids.ITEM, "id": str(entry["id"])}, n_clicks=0,
        className="data-card" + (" data-card--selected" if selected else ""))


def _row(label: str, value: Any) -> html.Tr:
    return html.Tr([html.Th(label), html.Td(value if value not in (None, "") else "—")])


def _extent(extent: list[float] | None) -> str:
    if not extent:
        return ""
    return "{:.4f}, {:.4f} — {:.4f}, {:.4f}".format(*extent)


def quality_list(quality: dict[str, Any], lang: Lang) -> html.Ul:
    items = []
    for key, label in (("invalid_repaired", "data.quality.invalid"),
                       ("empty_geometries", "data.quality.empty"),
                       ("duplicate_ids", "data.quality.dup"),
                       ("outside_region", "data.quality.outside")):
        if quality.get(key):
            items.append(html.Li(f"{t(label, lang)}: {quality[key]}"))
    for warning in quality.get("warnings", [])[:5]:
        items.append(html.Li(warning, className="data-warning"))
    if not items:
        items.append(html.Li(t("data.quality.none", lang)))
    return html.Ul(items, className="data-quality")


def entry_detail(entry: dict[str, Any], lang: Lang, can_publish: bool, can_change: bool
                 ) -> html.Div:
    links = entry.get("links", {})
    title = entry["title"] if lang == "zh" else entry.get("title_en") or entry["title"]
    span = entry.get("time_span")
    table = html.Table([
        _row(t("data.source", lang), entry.get("source")),
        _row(t("data.licence", lang), entry.get("licence")),
        _row(t("data.crs", lang), entry.get("crs_of_origin")),
        _row(t("data.features", lang), f"{entry['count']:,}" if entry.get("count") is not None
             else None),
        _row(t("data.extent", lang), _extent(entry.get("extent"))),
        _row(t("data.time_span", lang), " — ".join(str(v)[:16] for v in span) if span else None),
        _row(t("data.updated", lang), str(entry.get("updated_at") or "")[:16] or None),
        _row(t("data.owner", lang), entry.get("owner")),
    ], className="data-table")
    provenance = entry.get("provenance") or {}
    prov_items = []
    if provenance.get("file"):
        prov_items.append(html.Li(f"{provenance['file']} ({provenance.get('format')})"))
    enc = provenance.get("encoding")
    if isinstance(enc, dict) and enc.get("used"):
        prov_items.append(html.Li(f"{t('data.encoding_used', lang)}: {enc['used']} "
                                  f"({enc.get('source')})"))
    if provenance.get("gcj02"):
        prov_items.append(html.Li(f"{t('data.gcj02_note', lang)} — "
                                  f"{provenance.get('gcj02_accuracy')}"))
    for f in entry.get("files") or []:
        prov_items.append(html.Li(f"{f['path']} — {f['source']} — {f['licence']}"))
    link_items = [html.A(t("data.open_map", lang), href=links["map"], className="btn")]
    if links.get("collection"):
        link_items.append(html.A(t("data.ogc", lang), href=links["collection"], className="btn",
                                 target="_blank"))
    if links.get("tileset"):
        link_items.append(html.A(t("data.tileset", lang), href=links["tileset"],
                                 className="btn", target="_blank"))
    for fmt, href in (links.get("downloads") or {}).items():
        link_items.append(html.A(f"{t('data.download', lang)} {fmt.upper()}", href=href,
                                 className="btn", download=""))
    actions = []
    if entry["origin"] == "upload" and can_publish and not entry.get("published"):
        actions.append(html.Button(t("data.publish", lang), n_clicks=0,
                                   id={"type": ids.ACTION, "action": "publish"},
                                   className="btn btn--primary"))
    if entry["origin"] == "upload" and can_change:
        actions.append(html.Button(t("data.delete", lang), n_clicks=0,
                                   id={"type": ids.ACTION, "action": "delete"},
                                   className="btn btn--danger"))
    style = []
    if entry["origin"] == "upload" and can_change and entry["kind"] == "vector":
        current = entry.get("style") or {}
        style = [html.H4(t("data.style", lang)), html.Div([
            dcc.RadioItems(id={"type": ids.STYLE, "part": "mode"},
                           value=current.get("mode", "single"),
                           options=[{"label": t(f"data.style.{m}", lang), "value": m}
                                    for m in ("single", "categories", "graduated")],
                           className="data-style-mode", inline=True),
            dcc.Dropdown(id={"type": ids.STYLE, "part": "field"}, value=current.get("field"),
                         placeholder=t("data.style.field", lang),
                         options=[{"label": f"{f['name']} ({f['type']})", "value": f["name"]}
                                  for f in entry.get("fields") or []],
                         className="data-style-field"),
            html.Button(t("data.style.apply", lang), n_clicks=0,
                        id={"type": ids.ACTION, "action": "style"}, className="btn"),
        ], className="data-style")]
    return html.Div([
        html.H3(title), html.Div(badges(entry, lang), className="data-card__badges"),
        html.P(entry.get("description") or "", className="hint"),
        table,
        html.H4(t("data.quality", lang)), quality_list(entry.get("quality") or {}, lang),
        html.H4(t("data.provenance", lang)), html.Ul(prov_items or [html.Li("—")]),
        html.H4(t("data.links", lang)), html.Div(link_items, className="btn-row data-links"),
        *style,
        html.Div(actions, className="btn-row"),
    ], className="data-detail__body", **{"data-entry": str(entry["id"])})


# -- the upload report ---------------------------------------------------------------------------
def _list(title: str, items: list[Any], cls: str = "") -> list[Any]:
    if not items:
        return []
    return [html.H5(title), html.Ul([html.Li(i) for i in items], className=cls)]


def _table(rows: list[dict[str, Any]]) -> html.Table | None:
    if not rows:
        return None
    cols = list(rows[0])[:8]
    return html.Table([html.Thead(html.Tr([html.Th(c) for c in cols])),
                       html.Tbody([html.Tr([html.Td("" if r.get(c) is None else str(r.get(c))[:40])
                                            for c in cols]) for r in rows[:ROW_CAP]])],
                      className="data-table data-table--sample")


def encoding_view(encoding: dict[str, Any] | None, lang: Lang) -> list[Any]:
    if not encoding or not encoding.get("samples"):
        return []
    how = encoding.get("source", "")
    samples = encoding["samples"]
    rows = [html.Tr([html.Th(enc), html.Td(" · ".join(samples.get(enc, [])[:4]))],
                    className="data-enc--chosen" if enc == encoding.get("encoding") else "")
            for enc in ENCODINGS if enc in samples]
    return [html.P(t("data.upload.guess", lang).format(enc=encoding.get("encoding"), how=how),
                   className="data-guess"),
            html.Table(rows, className="data-table data-table--enc")]


def crs_view(crs: dict[str, Any] | None, lang: Lang) -> list[Any]:
    if not crs:
        return []
    if crs.get("source") == "none":
        items = [html.Li([html.Code(c["code"]), f" {c['name']} — ", c.get("why") or "", " ",
                          html.Span(t("data.upload.in_region" if c.get("in_region") else
                                      "data.upload.out_region", lang),
                                    className="data-badge data-badge--"
                                    + ("ok" if c.get("in_region") else "warn"))
                          if c.get("in_region") is not None else ""])
                 for c in crs.get("candidates", [])[:8]]
        return [html.P(t("data.upload.crs_none", lang), className="data-guess"),
                html.Ul(items, className="data-crs-candidates")]
    text = crs.get("name") or crs.get("used") or ""
    extra = [html.Br(), crs["accuracy"]] if crs.get("gcj02") else []
    return [html.P([f"{t('data.upload.crs', lang)}: {text} ({crs.get('source')})", *extra],
                   className="data-guess")]


def report_view(result: dict[str, Any] | None, lang: Lang) -> list[Any]:
    """The validation report (or the stored notice) of the last POST."""
    if not result:
        return []
    body = result.get("body") or {}
    report = body.get("report") or {}
    status = result.get("status")
    if result.get("stored"):
        return [html.Div(t("data.upload.stored", lang).format(
            title=body.get("title", ""), id=body.get("id")), className="notice notice--ok",
            role="status")]
    valid = status == 200 and report.get("valid", False)
    reason = f"data.refusal.{body.get('code')}"
    head = html.Div([
        html.Strong(t("data.upload.valid" if valid else "data.upload.invalid", lang)),
        *([html.Span(f" — {t(reason, lang)}")] if not valid and reason in TEXTS else []),
        *([html.Div(f"{t('data.refusal.detail', lang)}: {body.get('description')}",
                    className="data-refusal-detail")]
          if not valid and body.get("description") else []),
    ], className="notice " + ("notice--ok" if valid else "notice--warning"), role="status")
    counts = html.Table([
        _row(t("data.upload.count", lang), f"{report.get('count', 0):,}"),
        _row(t("data.upload.geometry", lang), ", ".join(
            f"{k} {v}" for k, v in (report.get("geometry_types") or {}).items())),
        _row(t("data.extent", lang), _extent(report.get("extent"))),
        _row(t("data.upload.invalid_geoms", lang), (report.get("invalid") or {}).get("count", 0)),
        _row(t("data.upload.empty", lang), ", ".join(map(str, (report.get("empty") or {}).get(
            "rows", []))) or "0"),
        _row(t("data.upload.dups", lang), ", ".join(map(str, (report.get("duplicate_ids") or {})
                                                         .get("values", [])[:10])) or "0"),
        _row(t("data.upload.fields", lang), ", ".join(
            f"{f['name']}:{f['type']}" for f in report.get("fields") or [])),
    ], className="data-table") if report.get("kind") == "vector" else html.Table([
        _row(t("data.extent", lang), _extent(report.get("extent"))),
        _row("bands / dtype", f"{report.get('bands')} / {report.get('dtype')}"),
        _row("size", f"{report.get('width')} × {report.get('height')}"),
    ], className="data-table")
    invalid_rows = [f"{t('data.upload.row', lang).format(row=r['row'])}: {r['reason']}"
                    for r in (report.get("invalid") or {}).get("rows", [])[:ROW_CAP]]
    return [
        head,
        *_list(t("data.upload.errors", lang), report.get("errors") or [], "data-errors"),
        *_list(t("data.upload.warnings", lang), report.get("warnings") or [], "data-warnings"),
        *encoding_view(report.get("encoding"), lang),
        *crs_view(report.get("crs"), lang),
        counts if report else html.Div(),
        *_list(t("data.upload.invalid_geoms", lang), invalid_rows),
        *_list(t("data.upload.notes", lang), report.get("notes") or [], "hint"),
        *([html.H5(t("data.upload.sample", lang)), _table(report.get("sample") or [])]
          if report.get("sample") else []),
    ]


def crs_options(report: dict[str, Any] | None, lang: Lang) -> tuple[list[dict], str | None]:
    """The CRS selector: the file's own, the report's candidates, then the usual ones."""
    options = [{"label": t("data.upload.crs_auto", lang), "value": ""}]
    seen = {""}
    crs = (report or {}).get("crs") or {}
    for c in crs.get("candidates", []):
        if c["code"] not in seen and c["code"] != "GCJ-02":
            options.append({"label": f"{c['code']} {c['name']}", "value": c["code"]})
            seen.add(c["code"])
    for code, name in CRS_CHOICES:
        if code not in seen:
            options.append({"label": f"{code} {name}", "value": code})
            seen.add(code)
    return options, crs.get("suggested") if crs.get("source") == "none" else None
