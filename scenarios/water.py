"""Water-load scenarios (synthetic data, 示例数据): cut the loads of outfalls or
sub-catchments and see the steady-state rivers, the GB 3838 class of every section and the
TP response of the region's main lake with its trophic state.

* **Network**: the synthetic rivers (``rivers`` with a name), one reach per river, plug
  flow with first-order decay (:func:`decision_models.river.steady_state_load`).
* **Outfall loads**: permitted flow [m³/d] × an effluent concentration by outfall type
  (:data:`EFFLUENT_MG_L`: 生活 at GB 18918—2002 一级A, 工业 at GB 8978—1996 一级, 混合 in
  between; 雨洪 carries none at steady state).
* **Headwater**: the cleanest observed section mean of each pollutant enters every
  headwater reach (a regional background).
* **Sub-catchment loads**: one distributed load per reach, calibrated so that the most
  downstream section of the reach sees its observed mean (never negative): the non-point
  and untracked sources.
* **Main lake** (``lake`` of the served region's ``region.toml``, e.g. 巢湖 for Hefei): the
  TP flux of the rivers entering the lake, through the Vollenweider balance
  (:func:`decision_models.river.lake_tp_response`); the observed lake TP scales by the
  modelled ratio, and TLI(Σ) is recomputed with the other observed lake means. Only a lake
  of known volume (:data:`LAKE_VOLUME_M3`) has a response; otherwise ``lake`` is None.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from sqlalchemy import Engine, text

from core.errors import Unprocessable
from decision_models import water_quality as wq
from decision_models.river import Load, Reach, RiverNetwork, lake_tp_response, steady_state_load
from store.db import connection

POLLUTANTS = ("COD", "NH3_N", "TP")
ITEM = {"COD": "cod", "NH3_N": "nh3_n", "TP": "tp"}  # water_quality item names
EFFLUENT_MG_L: dict[str, dict[str, float]] = {
    "生活": {"COD": 50.0, "NH3_N": 5.0, "TP": 0.5},  # GB 18918—2002 Table 1 一级 A
    "工业": {"COD": 100.0, "NH3_N": 15.0, "TP": 0.5},  # GB 8978—1996 Table 4 一级
    "混合": {"COD": 150.0, "NH3_N": 20.0, "TP": 2.0},  # combined sewer overflow (assumed)
    "雨洪": {"COD": 0.0, "NH3_N": 0.0, "TP": 0.0},
}
DECAY_1_D = {"COD": 0.20, "NH3_N": 0.15, "TP": 0.05}  # plain rivers (Chapra 1997, l. 19)
#: volume of the lakes whose TP response can be computed [m³]
LAKE_VOLUME_M3 = {"巢湖": 4.8e9}  # Chaohu at 12 m (hefei_region.md §1)
SECONDS_PER_YEAR = 365.25 * 86400.0
CSV_COLUMNS = ["code", "name", "river", "target_class", "class_before", "class_after",
               "COD_before", "COD_after", "NH3_N_before", "NH3_N_after", "TP_before",
               "TP_after"]


def main_lake() -> str:
    """The served region's main lake (``region.toml``; "" when it names none): from the
    running app's settings, or in a job worker from the same environment."""
    from flask import current_app, has_app_context

    from core.context import EXTENSION_KEY
    from core.errors import ConfigError
    from core.settings import load_settings

    context = current_app.extensions.get(EXTENSION_KEY) if has_app_context() else None
    try:
        settings = context.settings if context is not None else load_settings()
        return settings.region.lake_name("zh")
    except ConfigError:
        return ""


def _inputs(engine: Engine) -> dict[str, Any]:
    with connection(engine) as conn:
        rivers = [dict(r) for r in conn.execute(text(
            "SELECT name, length_km, mean_flow_m3s, velocity_m_s, width_m, depth_m, downstream "
            "FROM rivers WHERE name IS NOT NULL AND velocity_m_s > 0 AND width_m > 0 "
            "AND depth_m > 0 ORDER BY name")).mappings()]
        outfalls = [dict(r) for r in conn.execute(text(
            "SELECT o.code, o.name, o.river, o.type, o.permitted_m3_per_day AS flow, "
            "ST_LineLocatePoint(ST_GeometryN(ST_LineMerge(r.geom), 1), o.geom) AS frac "
            "FROM sewage_outfalls o JOIN rivers r ON r.name = o.river "
            "ORDER BY o.code")).mappings()]
        sections = [dict(r) for r in conn.execute(text(
            "SELECT s.code, s.name, s.river, s.waterbody, s.target_class, "
            "ST_LineLocatePoint(ST_GeometryN(ST_LineMerge(r.geom), 1), s.geom) AS frac, "
            "avg(w.cod) AS cod, avg(w.nh3_n) AS nh3_n, avg(w.tp) AS tp, avg(w.tn) AS tn, "
            "avg(w.chla) AS chla, avg(w.sd) AS sd, avg(w.codmn) AS codmn "
            "FROM water_sections s LEFT JOIN rivers r ON r.name = s.river "
            "LEFT JOIN water_samples w ON w.section_code = s.code "
            "GROUP BY s.code, s.name, s.river, s.waterbody, s.target_class, r.geom, s.geom "
            "ORDER BY s.code")).mappings()]
    return {"rivers": rivers, "outfalls": outfalls, "sections": sections}


def params_of(engine: Engine, body: Mapping[str, Any]) -> dict[str, Any]:
    """Normalised parameters of a water scenario (422 when invalid)."""
    unknown = set(body) - {"name", "kind", "cuts"}
    if unknown:
        raise Unprocessable(f"unknown field(s): {', '.join(sorted(unknown))}")
    data = _inputs(engine)
    rivers = {r["name"] for r in data["rivers"]}
    codes = {o["code"] for o in data["outfalls"]}
    cuts = body.get("cuts")
    if not isinstance(cuts, list) or not cuts or len(cuts) > 50:
        raise Unprocessable("cuts: must be a list of 1 to 50 cuts")
    out = []
    for i, cut in enumerate(cuts):
        if not isinstance(cut, Mapping):
            raise Unprocessable(f"cuts[{i}]: must be an object")
        select = cut.get("select")
        if not isinstance(select, Mapping) or len(select) != 1:
            raise Unprocessable(f"cuts[{i}].select: one of {{all}}, {{outfalls: [...]}}, "
                                "{river: ...}, {catchment: ...}")
        (key, value), = select.items()
        valid = ((key == "all" and value is True)
                 or (key == "outfalls" and isinstance(value, list) and bool(value)
                     and set(map(str, value)) <= codes)
                 or (key in ("river", "catchment") and isinstance(value, str)
                     and value in rivers))
        if not valid:
            raise Unprocessable(f"cuts[{i}].select.{key}: unknown or empty selection")
        if cut.get("pollutant") not in POLLUTANTS:
            raise Unprocessable(f"cuts[{i}].pollutant: must be one of {', '.join(POLLUTANTS)}")
        fr = cut.get("fraction")
        if isinstance(fr, bool) or not isinstance(fr, int | float) or not 0 <= fr <= 1:
            raise Unprocessable(f"cuts[{i}].fraction: must be a number in [0, 1]")
        out.append({"select": dict(select), "pollutant": cut["pollutant"],
                    "fraction": float(fr)})
    return {"cuts": out}


def _network(rivers: list[dict[str, Any]], pollutant: str) -> RiverNetwork:
    names = {r["name"] for r in rivers}
    k = DECAY_1_D[pollutant] / 86400.0
    return RiverNetwork([Reach(
        id=r["name"], length_m=r["length_km"] * 1000.0, velocity_m_s=r["velocity_m_s"],
        area_m2=r["width_m"] * r["depth_m"], flow_m3_s=r["mean_flow_m3s"], decay_1_s=k,
        downstream_id=r["downstream"] if r["downstream"] in names else None,
        width_m=r["width_m"], slope=1e-4) for r in rivers])


def _factor(cuts: list[dict[str, Any]], pollutant: str, *, outfall: dict | None = None,
            catchment: str | None = None) -> float:
    f = 1.0
    for c in cuts:
        if c["pollutant"] != pollutant:
            continue
        (key, value), = c["select"].items()
        if outfall is not None and (key == "all" or (key == "outfalls"
                                                     and outfall["code"] in value)
                                    or (key == "river" and outfall["river"] == value)):
            f *= 1.0 - c["fraction"]
        if catchment is not None and (key == "all" or (key == "catchment"
                                                       and catchment == value)):
            f *= 1.0 - c["fraction"]
    return f


def run(engine: Engine, params: dict[str, Any], step) -> tuple[dict, None, dict]:
    """The water scenario: (result, no surfaces, provenance)."""
    data = _inputs(engine)
    rivers = {r["name"]: r for r in data["rivers"]}
    on_rivers = [s for s in data["sections"] if s["river"] in rivers and s["frac"] is not None]
    cuts = params["cuts"]
    conc: dict[str, dict[str, list[float]]] = {}  # pollutant → code → [before, after]
    inflow_tp = [0.0, 0.0]
    lake_name = main_lake()
    profiles: dict[str, dict[str, list]] = {}
    for n, pol in enumerate(POLLUTANTS):
        step(0.1 + 0.8 * n / len(POLLUTANTS), pol)
        net = _network(data["rivers"], pol)
        observed = [float(s[ITEM[pol]]) for s in on_rivers if s[ITEM[pol]] is not None]
        head = min(observed) if observed else 0.0

        def at(res, s, net=net):
            return res.concentration(s["river"], s["frac"] * net.reaches[s["river"]].length_m)

        point = [(o, Load(o["river"], o["flow"] * EFFLUENT_MG_L[o["type"]][pol] / 86400.0,
                          o["frac"] * net.reaches[o["river"]].length_m, o["code"]))
                 for o in data["outfalls"] if o["frac"] is not None]
        catch: dict[str, float] = {}
        for rid in net.order:  # upstream first: calibrate each sub-catchment load
            mine = [s for s in on_rivers if s["river"] == rid and s[ITEM[pol]] is not None]
            if not mine:
                continue
            last = max(mine, key=lambda s: s["frac"])
            loads = [ld for _, ld in point] + [Load(r, v, None, r) for r, v in catch.items()]
            c0 = at(steady_state_load(net, loads, headwater_mg_l=head), last)
            unit = at(steady_state_load(net, [Load(rid, 1.0, None)]), last)
            catch[rid] = max(0.0, (float(last[ITEM[pol]]) - c0) / unit) if unit > 0 else 0.0
        base = [ld for _, ld in point] + [Load(r, v, None, r) for r, v in catch.items()]
        scen = [Load(ld.reach_id, ld.rate_g_s * _factor(cuts, pol, outfall=o), ld.distance_m,
                     ld.name) for o, ld in point]
        scen += [Load(r, v * _factor(cuts, pol, catchment=r), None, r) for r, v in catch.items()]
        rb = steady_state_load(net, base, headwater_mg_l=head)
        rs = steady_state_load(net, scen, headwater_mg_l=head)
        conc[pol] = {s["code"]: [at(rb, s), at(rs, s)] for s in on_rivers}
        for rid, r in net.reaches.items():
            xs = np.linspace(0.0, r.length_m, 21)
            prof = profiles.setdefault(rid, {"distance_km": (xs / 1000).round(2).tolist()})
            prof[f"{pol}_before"] = [round(rb.concentration(rid, x), 4) for x in xs]
            prof[f"{pol}_after"] = [round(rs.concentration(rid, x), 4) for x in xs]
        if pol == "TP" and lake_name:
            for rid, r in rivers.items():
                if r["downstream"] == lake_name:
                    inflow_tp[0] += rb.flux_out_g_s[rid]
                    inflow_tp[1] += rs.flux_out_g_s[rid]
    step(0.92, "classes")
    sections, rows = [], []
    for s in on_rivers:
        before = {ITEM[p]: conc[p][s["code"]][0] for p in POLLUTANTS}
        after = {ITEM[p]: conc[p][s["code"]][1] for p in POLLUTANTS}
        cb, ca = wq.classify(before), wq.classify(after)
        target = s["target_class"]
        sec = {"code": s["code"], "name": s["name"], "river": s["river"],
               "target_class": target, "class_before": cb.grade, "class_after": ca.grade,
               "meets_before": cb.grade_index <= _index(target),
               "meets_after": ca.grade_index <= _index(target)}
        for p in POLLUTANTS:
            b, a = conc[p][s["code"]]
            sec[f"{p}_before"], sec[f"{p}_after"] = round(b, 4), round(a, 4)
            rows.append({"code": s["code"], "name": s["name"], "pollutant": p,
                         "baseline": round(b, 4), "scenario": round(a, 4),
                         "delta": round(a - b, 4)})
        sections.append(sec)
    lake = _lake(data, inflow_tp, lake_name) if lake_name in LAKE_VOLUME_M3 else None
    step(1.0, "done")
    prov = {"model": {"name": "steady-state plug flow with first-order decay + "
                              "Vollenweider lake TP balance", "version": "onemap-water-1"},
            "inputs_hash": None, "effluent_mg_l": EFFLUENT_MG_L, "decay_1_d": DECAY_1_D,
            "synthetic": True}
    return ({"stations": rows, "districts": [], "sections": sections, "lake": lake,
             "reaches": profiles, "synthetic": True}, None, prov)


def map_layers(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """What the water tab's maps draw (synthetic, 示例数据): the named rivers as lon/lat
    lines (simplified to ~100 m), the monitoring sections on them and the outfalls, as
    points. ``{"rivers": [{"name", "lines"}], "sections": [{"code", "name", "river",
    "lon", "lat"}], "outfalls": [... + "type"]}``."""
    import json

    with connection(engine) as conn:
        rivers = [{"name": r[0], "geometry": json.loads(r[1])} for r in conn.execute(text(
            "SELECT name, ST_AsGeoJSON(ST_Simplify(ST_Force2D(geom), 0.001), 5) FROM rivers "
            "WHERE name IS NOT NULL AND velocity_m_s > 0 ORDER BY name"))]
        sections = [dict(r) for r in conn.execute(text(
            "SELECT code, name, river, ST_X(geom) AS lon, ST_Y(geom) AS lat "
            "FROM water_sections ORDER BY code")).mappings()]
        outfalls = [dict(r) for r in conn.execute(text(
            "SELECT code, name, river, type, ST_X(geom) AS lon, ST_Y(geom) AS lat "
            "FROM sewage_outfalls ORDER BY code")).mappings()]
    for r in rivers:
        g = r.pop("geometry")
        r["lines"] = g["coordinates"] if g["type"] == "MultiLineString" else [g["coordinates"]]
    return {"rivers": rivers, "sections": sections, "outfalls": outfalls}


def cut_outfalls(params: dict[str, Any], outfalls: list[dict[str, Any]]) -> set[str]:
    """Codes of the outfalls whose loads a water scenario cuts (by id, by river, or all)."""
    out: set[str] = set()
    for cut in params.get("cuts", []):
        (key, value), = cut["select"].items()
        if cut.get("fraction", 0) <= 0:
            continue
        if key == "all":
            out |= {o["code"] for o in outfalls}
        elif key == "outfalls":
            out |= set(map(str, value))
        elif key == "river":
            out |= {o["code"] for o in outfalls if o["river"] == value}
    return out


def _index(grade: str) -> int:
    return ("I", "II", "III", "IV", "V", "劣V").index(grade) + 1


def _lake(data: dict[str, Any], inflow_tp_g_s: list[float], name: str) -> dict[str, Any]:
    volume_m3 = LAKE_VOLUME_M3[name]
    inflow_m3_s = sum(r["mean_flow_m3s"] or 0.0 for r in data["rivers"]
                      if r["downstream"] == name)
    q = inflow_m3_s * SECONDS_PER_YEAR
    loads = [g * SECONDS_PER_YEAR / 1000.0 for g in inflow_tp_g_s]  # kg/a
    model = [lake_tp_response(w, volume_m3, q) for w in loads]
    pts = [s for s in data["sections"] if s["river"] == name]

    def mean(key: str) -> float | None:
        vals = [float(s[key]) for s in pts if s[key] is not None]
        return float(np.mean(vals)) if vals else None

    tp_obs = mean("tp")
    ratio = loads[1] / loads[0] if loads[0] > 0 else 1.0
    out: dict[str, Any] = {
        "tp_load_before_kg_a": round(loads[0], 1), "tp_load_after_kg_a": round(loads[1], 1),
        "tp_model_before_mg_l": round(model[0].steady_mg_l, 4),
        "tp_model_after_mg_l": round(model[1].steady_mg_l, 4),
        "response_time_a": round(1.0 / (q / volume_m3 + (q / volume_m3) ** 0.5), 2),
        "tp_observed_mg_l": None if tp_obs is None else round(tp_obs, 4)}
    others = {k: mean(k) for k in ("chla", "tn", "sd", "codmn")}
    if tp_obs and all(v and v > 0 for v in others.values()):
        tp_after = tp_obs * ratio
        t0 = wq.tli(others["chla"], tp_obs, others["tn"], others["sd"], others["codmn"])
        t1 = wq.tli(others["chla"], tp_after, others["tn"], others["sd"], others["codmn"])
        out.update(tp_after_mg_l=round(tp_after, 4), tli_before=round(t0.value, 1),
                   tli_after=round(t1.value, 1), grade_before=t0.grade, grade_after=t1.grade,
                   class_before=wq.classify({"tp": tp_obs}, "lake").grade,
                   class_after=wq.classify({"tp": tp_after}, "lake").grade)
    return out
