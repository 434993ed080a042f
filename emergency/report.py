"""初报 / 续报 / 处理结果报告 from the incident's state, as HTML or Word (.docx).

Contents follow 《突发环境事件信息报告办法》(环境保护部令 第17号; emergency.md §6): time and
place, source of the information, pollutant and amount, monitoring data (samples of the
log), casualties, the sensitive receptors that may be affected with a sketch map of where
they lie, the response so far (the log), the grade, and to whom and by when it is reported
(第三条, and 第四条 where it applies).

The PDF is drawn with fpdf2 (pure Python) in Noto Sans CJK SC (Debian ``fonts-noto-cjk``,
installed by ``scripts/system_deps.sh``): it prints the same content as the HTML and Word.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from typing import Any

from sqlalchemy import Engine

from core.clock import beijing_now
from core.errors import Unprocessable
from emergency import service, spatial
from emergency.texts import grade_reasons
from store.db import connection

KINDS = {"initial": "初报", "followup": "续报", "final": "处理结果报告"}
FORMATS = ("html", "docx", "pdf")
#: Noto Sans CJK: the collection file and the index of its Simplified Chinese face.
CJK_FONTS = (("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
             ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2))
REPORT_TO_ZH = {"local_government": "本级人民政府",
                "authority_one_up": "上一级人民政府生态环境主管部门",
                "provincial_authority": "省级人民政府生态环境主管部门",
                "national_authority": "生态环境部（同时上报）"}
ARTICLE_4_ZH = {"drinking_water": "对饮用水水源造成或可能造成影响",
                "sensitive_receptors": "涉及居民聚居区、学校、医院等敏感区域和敏感人群",
                "heavy_metal": "涉及重金属或类金属污染",
                "cross_border": "可能产生跨省或跨国影响"}
TYPE_ZH = {"school": "学校", "hospital": "医院", "water_intake": "饮用水取水口",
           "residential": "居民区", "nursing_home": "养老院"}
ZONE_ZH = {"red": "红区", "orange": "橙区", "yellow": "黄区", "wedge": "风向不确定区",
           "downstream": "下游"}
ZONE_COLOURS = {"red": "#d32f2f", "orange": "#f57c00", "yellow": "#fbc02d"}


def _t(value: dt.datetime | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.strftime("%Y年%m月%d日 %H:%M")


def content(engine: Engine, incident_id: int, kind: str) -> dict[str, Any]:
    """The report's sections as data (title, key-value rows, receptors, log, map PNG)."""
    if kind not in KINDS:
        raise Unprocessable(f"kind: must be one of {list(KINDS)}, got {kind!r}")
    inc = service.get(engine, incident_id)
    st = service.state(engine, incident_id)
    with connection(engine) as conn:
        fc = spatial.zones_geojson(conn, st)
        receptors = spatial.receptors_in(conn, st, fc)
    amount = (f"{inc['mass_kg']:g} kg" if inc.get("mass_kg") else
              f"{inc['rate_g_s']:g} g/s × {inc.get('duration_min') or '—'} min")
    g = inc["grade"]
    cas = inc["casualties"]
    samples = [e for e in inc["log"] if e["kind"] == "sample_taken"]
    rows = [
        ("事件发生时间", _t(inc["started_at"])),
        ("获知时间", _t(inc["known_at"])),
        ("事件地点", f"东经 {inc['lon']:.5f}°，北纬 {inc['lat']:.5f}°"),
        ("信息来源", "风险源登记" if inc.get("risk_source_id") else "值班登记"),
        ("事件类型", "大气释放" if inc["kind"] == "air_release" else "水体泄漏"),
        ("主要污染物及数量", f"{inc['substance_name']}（{inc['substance']}），{amount}"),
        ("监测数据", "；".join(f"{e['data'].get('target', '')} {e['data'].get('value')}"
                             f"{e['data'].get('unit', '')}（{_t(e['at'])}）"
                             for e in samples) or "暂无"),
        ("人员伤亡", f"死亡 {cas.get('deaths', 0)} 人，中毒或重伤 {cas.get('poisoned', 0)} 人，"
                  f"疏散转移 {cas.get('evacuated', 0)} 人"),
        ("事件初步分级", f"{g['level']}（{g['roman']}级）："
                   f"{'；'.join(grade_reasons(g, 'zh')) or g['decided_by']}"),
        ("可能受影响的环境敏感点", f"{len(receptors)} 处，涉及人口约 "
                              f"{sum(r['population'] or 0 for r in receptors)} 人"),
        ("事件状态", {"open": "处置中", "contained": "已控制", "closed": "已结束"}[inc["status"]]),
        ("报告时限", f"{inc['deadlines']['article']}：获知后 {inc['deadlines']['hours']:g} 小时内"
                  f"（{_t(inc['deadlines']['initial_due'])} 前）"),
        ("报送对象", "、".join(REPORT_TO_ZH[k] for k in inc["deadlines"].get("report_to", []))),
        ("按重大、特别重大事件程序报告的情形（第四条）",
         "；".join(ARTICLE_4_ZH[k] for k in inc["deadlines"].get("article_4", [])) or "无"),
        ("已关闭的饮用水取水口", "、".join(
            i["name"] for i in (inc["summary"] or {}).get("closed_intakes", [])) or "无"),
        ("事件描述", inc["description"] or "—"),
    ]
    return {"title": f"突发环境事件{KINDS[kind]}", "kind": kind, "incident": inc, "rows": rows,
            "receptors": receptors, "log": inc["log"], "map_png": sketch_png(fc, receptors),
            "made_at": beijing_now()}


def sketch_png(fc: dict[str, Any], receptors: list[dict[str, Any]]) -> bytes:
    """The distribution sketch of the zones and the receptors (PNG, lon/lat axes)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from shapely.geometry import shape

    fig = Figure(figsize=(6, 5), dpi=110)
    ax = fig.add_subplot()
    for f in fc["features"]:
        p, geom = f["properties"], shape(f["geometry"])
        polys = getattr(geom, "geoms", [geom])
        if p["kind"] in ("zone", "wedge"):
            for poly in polys:
                x, y = poly.exterior.xy
                ax.fill(x, y, alpha=0.35 if p["kind"] == "zone" else 0.08,
                        color=ZONE_COLOURS.get(p.get("colour"), "#757575"), lw=0.8)
        elif p["kind"] == "reach":
            x, y = geom.xy
            ax.plot(x, y, color="#0277bd", lw=2.5)
        elif p["kind"] == "source":
            ax.plot(geom.x, geom.y, marker="*", color="black", ms=14)
    for r in receptors:
        ax.plot(r["lon"], r["lat"], "o", ms=4, color="#1565c0")
    ax.set_aspect(1.18)
    ax.set_xlabel("lon")
    ax.set_ylabel("lat")
    ax.grid(alpha=0.3)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return buf.getvalue()


def to_html(c: dict[str, Any]) -> str:
    import base64

    e = html.escape
    rows = "".join(f"<tr><th>{e(k)}</th><td>{e(str(v))}</td></tr>" for k, v in c["rows"])
    recs = "".join(
        f"<tr><td>{i}</td><td>{e(r['name'])}</td><td>{TYPE_ZH.get(r['type'], r['type'])}</td>"
        f"<td>{ZONE_ZH[r['zone']]}</td><td>{r['distance_m']:.0f}</td>"
        f"<td>{r['bearing_deg']:.0f}</td><td>{r['population'] or ''}</td></tr>"
        for i, r in enumerate(c["receptors"], 1))
    log = "".join(f"<li>{_t(x['at'])} {e(x['actor'])} [{e(x['kind'])}] {e(x['text'])}</li>"
                  for x in c["log"])
    img = base64.b64encode(c["map_png"]).decode()
    return (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{e(c['title'])}"
            "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
            "table{border-collapse:collapse}th,td{border:1px solid #999;padding:4px 8px;"
            "text-align:left}</style></head><body>"
            f"<h1>{e(c['title'])}</h1><p>编号 {c['incident']['id']}，生成于 {_t(c['made_at'])}</p>"
            f"<table>{rows}</table><h2>环境敏感点分布示意图</h2>"
            f"<img alt='示意图' src='data:image/png;base64,{img}'>"
            f"<h2>可能受影响的环境敏感点（{len(c['receptors'])} 处）</h2><table><tr><th>序号</th>"
            "<th>名称</th><th>类型</th><th>区域</th><th>距离 m</th><th>方位 °</th><th>人口</th>"
            f"</tr>{recs}</table><h2>处置经过</h2><ol>{log}</ol></body></html>")


def to_docx(c: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    doc.add_heading(c["title"], 0)
    doc.add_paragraph(f"编号 {c['incident']['id']}，生成于 {_t(c['made_at'])}")
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for k, v in c["rows"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = k, str(v)
    doc.add_heading("环境敏感点分布示意图", 1)
    doc.add_picture(io.BytesIO(c["map_png"]), width=Cm(15))
    doc.add_heading(f"可能受影响的环境敏感点（{len(c['receptors'])} 处）", 1)
    rt = doc.add_table(rows=1, cols=7)
    rt.style = "Table Grid"
    for cell, head in zip(rt.rows[0].cells, ["序号", "名称", "类型", "区域", "距离 m", "方位 °",
                                             "人口"], strict=True):
        cell.text = head
    for i, r in enumerate(c["receptors"], 1):
        cells = rt.add_row().cells
        for cell, v in zip(cells, [i, r["name"], TYPE_ZH.get(r["type"], r["type"]),
                                   ZONE_ZH[r["zone"]], f"{r['distance_m']:.0f}",
                                   f"{r['bearing_deg']:.0f}", r["population"] or ""],
                           strict=True):
            cell.text = str(v)
    doc.add_heading("处置经过", 1)
    for x in c["log"]:
        doc.add_paragraph(f"{_t(x['at'])} {x['actor']} [{x['kind']}] {x['text']}",
                          style="List Number")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _cjk_font() -> tuple[str, int]:
    from pathlib import Path

    from core.errors import ConfigError

    for path, index in CJK_FONTS:
        if Path(path).exists():
            return path, index
    raise ConfigError("format: the PDF needs the Noto Sans CJK font (Debian fonts-noto-cjk, "
                      "scripts/system_deps.sh); use docx or html meanwhile")


def to_pdf(c: dict[str, Any]) -> bytes:
    """The report as PDF (A4, fpdf2), with the same sections as :func:`to_docx`."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    path, index = _cjk_font()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("cjk", fname=path, collection_font_number=index)
    pdf.set_title(c["title"])
    pdf.add_page()
    pdf.set_font("cjk", size=18)
    pdf.cell(0, 12, c["title"], new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("cjk", size=9)
    pdf.cell(0, 6, f"编号 {c['incident']['id']}，生成于 {_t(c['made_at'])}",
             new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(2)
    head = FontFace(fill_color=(230, 236, 245))
    with pdf.table(col_widths=(32, 118), text_align="LEFT", line_height=5.5,
                   first_row_as_headings=False) as table:
        for k, v in c["rows"]:
            row = table.row()
            row.cell(k, style=head)
            row.cell(str(v))
    pdf.ln(3)
    pdf.set_font("cjk", size=12)
    pdf.cell(0, 8, "环境敏感点分布示意图", new_x="LMARGIN", new_y="NEXT")
    pdf.image(io.BytesIO(c["map_png"]), w=140)
    pdf.set_font("cjk", size=12)
    pdf.cell(0, 8, f"可能受影响的环境敏感点（{len(c['receptors'])} 处）",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=8)
    with pdf.table(col_widths=(10, 52, 22, 24, 16, 12, 18), text_align="LEFT",
                   line_height=4.5, headings_style=head) as table:
        cells = table.row()
        for h in ["序号", "名称", "类型", "区域", "距离 m", "方位 °", "人口"]:
            cells.cell(h)
        for i, r in enumerate(c["receptors"], 1):
            cells = table.row()
            for v in [i, r["name"], TYPE_ZH.get(r["type"], r["type"]), ZONE_ZH[r["zone"]],
                      f"{r['distance_m']:.0f}", f"{r['bearing_deg']:.0f}",
                      r["population"] or ""]:
                cells.cell(str(v))
    pdf.ln(3)
    pdf.set_font("cjk", size=12)
    pdf.cell(0, 8, "处置经过", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    for i, x in enumerate(c["log"], 1):
        pdf.multi_cell(0, 5, f"{i}. {_t(x['at'])} {x['actor']} [{x['kind']}] {x['text']}",
                       new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def render(engine: Engine, incident_id: int, kind: str, fmt: str) -> tuple[bytes | str, str, str]:
    """(body, content type, file name) of a report."""
    if fmt not in FORMATS:
        raise Unprocessable(f"format: one of {list(FORMATS)}, got {fmt!r}")
    c = content(engine, incident_id, kind)
    name = f"incident-{incident_id}-{kind}"
    if fmt == "pdf":
        return to_pdf(c), "application/pdf", f"{name}.pdf"
    if fmt == "docx":
        return (to_docx(c), "application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document", f"{name}.docx")
    return to_html(c), "text/html; charset=utf-8", f"{name}.html"
