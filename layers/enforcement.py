"""Enforcement theme: pollution sources (online-monitoring status) and 12369 complaints."""

from __future__ import annotations

from core.i18n import t
from layers.spec import Field, Figure, LayerSpec, LegendItem, TimeDimension
from layers.styles import categorical

ONLINE_COLORS = {"normal": "#2e7d32", "exceeding": "#d32f2f", "offline": "#757575"}
ONLINE_LABELS = {status: t(f"status.online.{status}") for status in ONLINE_COLORS}
_COMPLAINT_COLORS = {"大气": "#5c6bc0", "水": "#0288d1", "噪声": "#8e24aa", "固废": "#6d4c41",
                     "辐射": "#f9a825"}

POLLUTION_SOURCES = LayerSpec(
    id="pollution_sources",
    theme="enforcement",
    title_zh="污染源（在线监测状态）",
    title_en="Pollution sources (online monitoring status)",
    geometry="point",
    sql="SELECT s.id, s.code, s.name, s.industry, d.name AS district, s.park, s.permit_no, "
        "s.permit_class, s.permit_valid_until, s.online_monitoring, s.online_status, "
        "s.main_pollutants, s.so2_t, s.nox_t, s.pm_t, s.voc_t, s.cod_t, s.nh3n_t, "
        "s.last_inspection, s.risk_level, s.geom "
        "FROM pollution_sources s LEFT JOIN admin_districts d ON d.adcode = s.adcode",
    properties=("code", "name", "industry", "district", "park", "permit_no", "permit_class",
                "permit_valid_until", "online_monitoring", "online_status", "main_pollutants",
                "so2_t", "nox_t", "pm_t", "voc_t", "cod_t", "nh3n_t", "last_inspection",
                "risk_level"),
    popup=(Field("name", "单位名称", "Name"), Field("industry", "行业", "Industry"),
           Field("permit_class", "许可管理类别", "Permit class"),
           Field("_class", "在线监测", "Online monitoring"),
           Field("last_inspection", "最近检查", "Last inspection")),
    legend=(LegendItem("在线监测正常", "Online: normal", ONLINE_COLORS["normal"]),
            LegendItem("在线监测超标", "Online: exceeding", ONLINE_COLORS["exceeding"]),
            LegendItem("在线监测离线", "Online: offline", ONLINE_COLORS["offline"])),
    style=categorical("online_status", ONLINE_COLORS, labels=ONLINE_LABELS),
    cluster=True,
    default_on=True,
    queryables=("industry", "district", "park", "permit_class", "online_status", "risk_level"),
    figures=(Figure("超标", "Exceeding", "count(*) FILTER (WHERE online_status = 'exceeding')"),
             Figure("SO₂排放", "SO2 emission", "sum(so2_t)", "t/a"),
             Figure("NOx排放", "NOx emission", "sum(nox_t)", "t/a"),
             Figure("COD排放", "COD discharge", "sum(cod_t)", "t/a")),
)

COMPLAINTS = LayerSpec(
    id="complaints",
    theme="enforcement",
    title_zh="12369 信访投诉（近30天）",
    title_en="12369 complaints (last 30 days)",
    geometry="point",
    sql="SELECT id, code, received_at, channel, category, content, status, related_source, geom "
        "FROM complaints WHERE received_at <= :t "
        "AND received_at > CAST(:t AS timestamp) - interval '30 days'",
    properties=("code", "received_at", "channel", "category", "content", "status",
                "related_source"),
    popup=(Field("code", "编号", "Number"), Field("received_at", "受理时间", "Received"),
           Field("category", "类别", "Category"), Field("content", "内容", "Content"),
           Field("status", "办理状态", "Status")),
    legend=tuple(LegendItem(zh, en, _COMPLAINT_COLORS[zh]) for zh, en in (
        ("大气", "Air"), ("水", "Water"), ("噪声", "Noise"), ("固废", "Solid waste"),
        ("辐射", "Radiation"))),
    style=categorical("category", _COMPLAINT_COLORS),
    time=TimeDimension("day"),
    cluster=True,
    queryables=("category", "status", "channel"),
)

# 企业环境码 (enforcement.codes keeps it in source_codes; the rules are a sample, labelled)
CODE_COLORS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}
SOURCE_CODES = LayerSpec(
    id="source_codes",
    theme="enforcement",
    title_zh="企业环境码（示例规则）",
    title_en="Enterprise environment code (sample rules)",
    geometry="point",
    sql="SELECT s.id, s.code, s.name, s.industry, d.name AS district, c.code AS env_code, "
        "c.score AS env_score, c.computed_at AS code_computed_at, s.geom "
        "FROM pollution_sources s LEFT JOIN admin_districts d ON d.adcode = s.adcode "
        "LEFT JOIN source_codes c ON c.source_id = s.id",
    properties=("code", "name", "industry", "district", "env_code", "env_score",
                "code_computed_at"),
    popup=(Field("name", "单位名称", "Name"), Field("_class", "企业环境码", "Enterprise code"),
           Field("env_score", "评分", "Score"),
           Field("code_computed_at", "评码时间", "Computed at")),
    legend=(LegendItem("绿码", "Green", CODE_COLORS["green"]),
            LegendItem("黄码", "Yellow", CODE_COLORS["yellow"]),
            LegendItem("红码", "Red", CODE_COLORS["red"])),
    style=categorical("env_code", CODE_COLORS,
                      labels={"green": "绿码", "yellow": "黄码", "red": "红码"}),
    cluster=True,
    queryables=("env_code", "district", "industry"),
    figures=(Figure("红码", "Red", "count(*) FILTER (WHERE env_code = 'red')"),
             Figure("黄码", "Yellow", "count(*) FILTER (WHERE env_code = 'yellow')")),
    description_zh="按示例评码规则计算（在线监测超标与离线、经核实投诉、检查发现问题、许可证状态、"
                   "未办结整改任务）；点击“污染源”图层中的企业可查看评码依据。",
    description_en="Computed by the sample rules (online exceedances and offline periods, "
                   "verified complaints, inspection findings, permit status, open "
                   "rectification tasks); click the source on the pollution-source layer "
                   "for the reasons.",
)

LAYERS = (POLLUTION_SOURCES, COMPLAINTS, SOURCE_CODES)


def source_file(engine, code: str) -> dict:
    """The "one source, one file" (一源一档) record of a pollution source.

    Permit, online monitoring, inspections, related 12369 complaints, the enterprise
    environment code last computed (``code``, None before the first) and the source's
    hazardous waste (``waste``, :func:`source_waste`; None when no generating unit is on
    its site); raises :class:`core.errors.NotFound` for an unknown code.
    """
    from sqlalchemy import text

    from core.errors import NotFound
    from store.db import connection

    with connection(engine) as conn:
        source = conn.execute(text(
            "SELECT id, code, name, industry, park, permit_no, permit_class, "
            "permit_valid_until, online_monitoring, online_status, main_pollutants, so2_t, "
            "nox_t, pm_t, voc_t, cod_t, nh3n_t, last_inspection, risk_level "
            "FROM pollution_sources WHERE code = :code"), {"code": code}).mappings().one_or_none()
        if source is None:
            raise NotFound(f"unknown pollution source {code!r}")
        inspections = conn.execute(text(
            "SELECT inspected_on, inspector_team, result, finding, penalty_cny FROM inspections "
            "WHERE source_code = :code ORDER BY inspected_on DESC LIMIT 10"),
            {"code": code}).mappings().all()
        complaints = conn.execute(text(
            "SELECT code, received_at, category, content, status FROM complaints "
            "WHERE related_source = :code ORDER BY received_at DESC LIMIT 10"),
            {"code": code}).mappings().all()
        code = conn.execute(text(
            "SELECT code, score, reasons, computed_at FROM source_codes "
            "WHERE source_id = :i"), {"i": source["id"]}).mappings().one_or_none()
        waste = source_waste(conn, source["code"])
    return {"source": dict(source), "inspections": [dict(r) for r in inspections],
            "complaints": [dict(r) for r in complaints],
            "code": dict(code) if code else None, "waste": waste}


#: A hazardous-waste generating unit belongs to a pollution source when it bears the same
#: name or stands on the same site, within this distance [m] (the two registers carry no
#: common key).
SAME_SITE_M = 150.0
MANIFESTS_SHOWN = 10


def source_waste(conn, code: str) -> dict | None:
    """The hazardous waste of a pollution source (一源一档 waste section), or None.

    ``units`` the generating units on its site; ``ledgers`` their ledger lines by waste
    code (台账: generated, utilised on site, storage, the oldest waste stored) of the
    latest year; ``manifests`` the last transfer manifests out and ``out_by_code`` the
    tonnes moved per HW category that year; ``anomalies`` what
    :func:`decision_models.hazardous_waste.find_anomalies` finds in them as of the
    declaration date (the rules the enforcement loop turns into clues).
    """
    import datetime as dt

    from sqlalchemy import text

    from decision_models import hazardous_waste as hw

    if conn.execute(text("SELECT to_regclass('hw_generators')")).scalar() is None:
        return None
    units = conn.execute(text(
        "SELECT g.code, g.name, g.industry_zh, g.industry_en, g.year, "
        "round(CAST(ST_Distance(g.geom::geography, p.geom::geography) AS numeric), 0) "
        "AS distance_m FROM hw_generators g JOIN pollution_sources p ON p.code = :c "
        "WHERE g.name = p.name OR ST_DWithin(g.geom::geography, p.geom::geography, :d) "
        "ORDER BY 6, g.code"), {"c": code, "d": SAME_SITE_M}).mappings().all()
    if not units:
        return None
    unit_codes = [u["code"] for u in units]
    year = max(u["year"] for u in units)
    ledgers = [dict(r) for r in conn.execute(text(
        "SELECT unit_code, code, waste_code, year, generated_t, utilised_on_site_t, "
        "storage_start_t, storage_end_t, oldest_stored_since, approved_until "
        "FROM hw_ledgers WHERE unit_code = ANY(:u) AND year = :y "
        "ORDER BY unit_code, waste_code"), {"u": unit_codes, "y": year}).mappings()]
    manifests = [dict(r) for r in conn.execute(text(
        "SELECT code, origin_code, facility_code, facility_name, hw_code, waste_code, tonnes, "
        "date FROM hw_manifests WHERE origin_code = ANY(:u) AND extract(year FROM date) = :y "
        "ORDER BY date DESC, code"), {"u": unit_codes, "y": year}).mappings()]
    licences = [hw.Licence(r.code, cat, float(cap)) for r in conn.execute(text(
        "SELECT code, capacity_t_by_code FROM hw_facilities ORDER BY code"))
        for cat, cap in sorted(r.capacity_t_by_code.items())]
    entries = [hw.ledger_from_mapping({
        **r, "unit_id": r["unit_code"],
        "oldest_stored_since": r["oldest_stored_since"] and r["oldest_stored_since"].isoformat(),
        "approved_until": r["approved_until"] and r["approved_until"].isoformat()})
        for r in ledgers]
    moves = [hw.Manifest(m["code"], m["origin_code"], m["facility_code"], m["hw_code"],
                         m["tonnes"], m["date"]) for m in sorted(manifests,
                                                                 key=lambda m: m["date"])]
    from enforcement.rules import HW_DECLARATION_DUE  # the date the checks are made
    anomalies = hw.find_anomalies(entries, moves, licences,
                                  dt.date(year + 1, *HW_DECLARATION_DUE))
    mine = set(unit_codes) | {m["code"] for m in manifests}
    out_by_code: dict[str, float] = {}
    for m in manifests:
        out_by_code[m["hw_code"]] = out_by_code.get(m["hw_code"], 0.0) + float(m["tonnes"])
    return {
        "year": year, "units": [dict(u, distance_m=float(u["distance_m"])) for u in units],
        "ledgers": [{k: v for k, v in r.items() if k != "approved_until"} for r in ledgers],
        "manifests": manifests[:MANIFESTS_SHOWN], "manifests_total": len(manifests),
        "out_by_code": dict(sorted(out_by_code.items())),
        "anomalies": [{"rule": a.rule, "rule_zh": hw.RULES[a.rule][0], "subject": a.subject,
                       "detail_zh": a.detail_zh, "basis": a.basis,
                       "observed_on": a.observed_on}
                      for a in anomalies if a.subject in mine],
        "synthetic": True,
    }
