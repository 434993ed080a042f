"""Scenario services: create (audited), run (a background job), read, list, compare,
duplicate, delete (owner or admin; audited), exports.

A scenario is created *queued* with its validated parameters; the work runs as a job
(:mod:`jobs`): a REST request starts it with :func:`jobs.runner.submit`, the page inside a
Dash background callback with :func:`jobs.runner.execute`. The job writes progress into
the scenario row, then the frozen result, surfaces and provenance card.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from contextvars import ContextVar
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, insert, select, update

from auth import audit
from auth.audit import Actor
from core.clock import beijing_now
from core.errors import Forbidden, NotFound, Unprocessable
from core.settings import Settings
from core.web.rest import jsonable
from decision_models import source_receptor
from decision_models.air_scenario import (
    POLLUTANTS,
    cut_factors,
    group_means,
    scenario,
    tonnes_per_year_to_g_s,
    top_contributors,
)
from decision_models.source_receptor import Sources, lonlat_to_xy, unit_matrix
from jobs import records, runner
from jobs.kinds import JobCancelled
from scenarios import inputs as inp
from scenarios import validation, water
from scenarios.models import SCENARIOS
from store.db import connection, transaction

OBJECT_TYPE = "scenario"
KINDS = ("air", "water")
TOP_N = 10
LIST_COLUMNS = [SCENARIOS.c[c] for c in ("id", "kind", "name", "owner", "status", "progress",
                                         "error", "created_at", "finished_at", "job_id")]
#: The air inputs already read in this request (:func:`create_and_run`): a run in the
#: request does not fingerprint the store a second time.
_given_inputs: ContextVar[inp.AirInputs | None] = ContextVar("scenario_inputs", default=None)
MODEL_NAME = "ISC3 long-term sector-averaged Gaussian, source–receptor matrix"


# --------------------------------------------------------------------------- create
def params_hash(params: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()


def validate(engine: Engine, body: dict[str, Any], inputs: inp.AirInputs | None = None
             ) -> tuple[str, str, dict[str, Any]]:
    """(kind, name, normalised params) of a request body; 422 when invalid.

    ``inputs``: the air inputs already read in this request (else read here)."""
    if not isinstance(body, dict):
        raise Unprocessable("the body must be a JSON object")
    kind = body.get("kind", "air")
    if kind not in KINDS:
        raise Unprocessable(f"kind: must be one of {', '.join(KINDS)}")
    name = validation.name_of(body)
    if kind == "water":
        return kind, name, water.params_of(engine, body)
    return kind, name, validation.air_params(body, inputs or inp.load_inputs(engine))


def _record(engine: Engine, settings: Settings, actor: Actor, body: dict[str, Any], *,
            backend: str, inputs: inp.AirInputs | None
            ) -> tuple[int, str, inp.AirInputs | None]:
    """Validate and save a queued scenario with its job, audited, in one transaction:
    (scenario id, job id, the air inputs read — None for water)."""
    kind = body.get("kind", "air") if isinstance(body, dict) else "air"
    if kind == "air" and inputs is None:
        inputs = inp.load_inputs(engine)  # the one fingerprint of this request
    kind, name, params = validate(engine, body, inputs)
    if kind != "air":
        inputs = None
    else:  # a built matrix into this process's memory: forked jobs inherit it
        inp.cached_matrix(settings.var_dir, inputs)
    with transaction(engine) as conn:
        sid = conn.execute(insert(SCENARIOS).values(
            kind=kind, name=name, owner=actor.name, status="queued", progress=0.0,
            params=params, created_at=beijing_now()).returning(SCENARIOS.c.id)).scalar_one()
        job_id = records.create_in(conn, f"scenario.{kind}", actor.name,
                                   params={"scenario_id": sid},
                                   result_ref=f"scenario:{sid}", backend=backend)
        conn.execute(update(SCENARIOS).where(SCENARIOS.c.id == sid).values(job_id=job_id))
        audit.record(conn, actor, "scenario.create", object_type=OBJECT_TYPE, object_id=sid,
                     after={"kind": kind, "name": name, "params": params, "job": job_id})
    return sid, job_id, inputs


def create(engine: Engine, settings: Settings, actor: Actor, body: dict[str, Any], *,
           start: bool = True) -> dict[str, Any]:
    """Save a new queued scenario and its job (one transaction, audited) and, with
    ``start``, start the job once both are committed.

    Without ``start`` the job is only recorded (``backend="dash"``): the page runs it in a
    Dash background callback with :func:`jobs.runner.execute`.
    """
    sid, job_id, _ = _record(engine, settings, actor, body,
                             backend=runner.backend_of(settings) if start else "dash",
                             inputs=None)
    if start:
        runner.launch(engine, settings, job_id)  # Celery or a thread
    return get(engine, sid)


def create_and_run(engine: Engine, settings: Settings, actor: Actor, body: dict[str, Any]
                   ) -> tuple[dict[str, Any], bool]:
    """Save a scenario and, when it is quick (a water scenario, or an air scenario whose
    unit matrix is cached), run it in this request: ``(scenario, ran)``.

    The store's inputs are fingerprinted once for the whole request. When ``ran`` is
    False the job is recorded (``backend="dash"``) for a background callback to run.
    """
    sid, job_id, inputs = _record(engine, settings, actor, body, backend="dash",
                                  inputs=None)
    if inputs is not None and inp.cached_matrix(settings.var_dir, inputs) is None:
        return get(engine, sid), False
    token = _given_inputs.set(inputs)
    try:
        runner.execute(engine, settings, job_id, backend="request")
    finally:
        _given_inputs.reset(token)
    return get(engine, sid), True


# --------------------------------------------------------------------------- run
def _row(engine: Engine, sid: int) -> dict[str, Any]:
    with connection(engine) as conn:
        row = conn.execute(select(SCENARIOS).where(SCENARIOS.c.id == sid)).mappings().first()
    if row is None:
        raise NotFound(f"no scenario {sid}")
    return dict(row)


def _set(engine: Engine, sid: int, **values: Any) -> None:
    with transaction(engine) as conn:
        conn.execute(update(SCENARIOS).where(SCENARIOS.c.id == sid).values(**values))


def matrix_ready(engine: Engine, settings: Settings) -> bool:
    """Whether the unit matrix of the current inputs is built (a scenario is then quick)."""
    return inp.cached_matrix(settings.var_dir, inp.load_inputs(engine)) is not None


def run_job(engine: Engine, settings: Settings, params: dict[str, Any], progress,
            should_stop) -> str:
    """Job ``scenario.air`` / ``scenario.water``: compute and store scenario
    ``params["scenario_id"]``."""
    sid = int(params["scenario_id"])
    row = _row(engine, sid)
    _set(engine, sid, status="running", progress=0.0)

    def step(fraction: float, message: str = "") -> None:
        if should_stop():
            raise JobCancelled("cancelled")
        _set(engine, sid, progress=float(fraction))
        progress(fraction, message)

    try:
        if row["kind"] == "water":
            result, surfaces, prov = water.run(engine, row["params"], step)
        else:
            result, surfaces, prov = _run_air(engine, settings, row["params"], step,
                                              should_stop)
    except JobCancelled:
        _set(engine, sid, status="failed", error="cancelled", finished_at=beijing_now())
        raise
    except Exception as exc:
        if type(exc).__name__ == "Cancelled":
            _set(engine, sid, status="failed", error="cancelled", finished_at=beijing_now())
        else:
            _set(engine, sid, status="failed", error=f"{type(exc).__name__}: {exc}"[:2000],
                 finished_at=beijing_now())
        raise
    finished = beijing_now()
    prov = {"who": row["owner"], "created_at": row["created_at"], "finished_at": finished,
            "params_hash": params_hash(row["params"]), "params": row["params"], **prov}
    _set(engine, sid, status="done", progress=1.0, result=jsonable(result),
         surfaces=surfaces, provenance=jsonable(prov), finished_at=finished, error=None)
    return f"scenario:{sid}"


def build_matrix_job(engine: Engine, settings: Settings, params: dict[str, Any], progress,
                     should_stop) -> str:
    """Job ``scenario.matrix``: build (or find) the unit matrix of the current inputs."""
    inputs = inp.load_inputs(engine)
    M, _built = inp.ensure_matrix(settings.var_dir, inputs,
                                  progress=lambda f: progress(f, "matrix"),
                                  should_stop=should_stop)
    return f"matrix:{M.inputs_hash}"


def _extra_columns(inputs: inp.AirInputs, params: dict[str, Any], factors: np.ndarray
                   ) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray]:
    """Unit columns and emission rates [g/s] of new and moved sources, and the mask of the
    moved ones (absent from their old place; their cuts follow them)."""
    lon, lat, height, rates = [], [], [], []
    moved = np.zeros(len(inputs.sources), dtype=bool)
    index = {sid: i for i, sid in enumerate(inputs.sources.ids.tolist())}
    for item in params.get("move_sources", []):
        i = index[item["id"]]
        moved[i] = True
        lon.append(item["lon"])
        lat.append(item["lat"])
        height.append(float(inputs.sources.height_m[i]))
        rates.append(inputs.emissions[i] * factors[i])
    for item in params.get("add_sources", []):
        lon.append(item["lon"])
        lat.append(item["lat"])
        height.append(item["height_m"])
        t_a = np.array([item["emissions_t_a"].get(p, 0.0) for p in POLLUTANTS])
        rates.append(tonnes_per_year_to_g_s(t_a))
    if not lon:
        return None, None, moved
    x, y = lonlat_to_xy(lon, lat)
    extra = unit_matrix(Sources([f"x{i}" for i in range(len(lon))], x, y, height),
                        inputs.receptors, inputs.met)
    return extra.values, np.array(rates), moved


def _run_air(engine: Engine, settings: Settings, params: dict[str, Any], step, should_stop
             ) -> tuple[dict[str, Any], bytes, dict[str, Any]]:
    inputs = _given_inputs.get() or inp.load_inputs(engine)
    step(0.02, "inputs")
    M, built = inp.ensure_matrix(settings.var_dir, inputs,
                                 progress=lambda f: step(0.05 + 0.85 * f, "matrix"),
                                 should_stop=should_stop)
    step(0.92, "scenario")
    cuts = validation.cuts_of(params, inputs)
    extra, extra_e, moved = _extra_columns(inputs, params,
                                           cut_factors(len(inputs.sources), cuts))
    # background: what the modelled sources do not explain at the stations
    year, observed = inp.observed_means(engine)
    answer = scenario(M, inputs.emissions, cuts, removed=moved, extra_columns=extra,
                      extra_emissions=extra_e)
    modelled = answer.baseline[inputs.station_rows()].mean(axis=0)
    background = np.where(np.isfinite(observed), np.maximum(observed - modelled, 0.0), 0.0)
    answer = type(answer)(answer.baseline + background, answer.scenario + background,
                          answer.emissions, answer.factors)
    result = _air_tables(engine, inputs, M, answer, year, background)
    surfaces = _surfaces(inputs, answer)
    prov = {
        "model": {"name": MODEL_NAME, "version": source_receptor.MODEL_VERSION},
        "matrix": {"inputs_hash": M.inputs_hash, "shape": list(M.shape), "built_now": built,
                   "receptors": f"{inputs.n_cells} grid cells "
                                f"({inp.GRID_STEP_DEG[0]}° × {inp.GRID_STEP_DEG[1]}°) + "
                                f"{inputs.station_code.size} stations"},
        "inputs_hash": M.inputs_hash,
        "climatology": inp.climatology_name(settings.region.adcode),
        "emissions": {"sources": len(inputs.sources), "synthetic": True,
                      "basis": f"pollution_sources t/a; PM2.5 = {inp.PM25_SHARE} × "
                               "particulate; NO2 = NOx",
                      "traffic": {
                          "sector": inp.TRAFFIC_SECTOR,
                          "sources": int((inputs.source_industry == inp.TRAFFIC_SECTOR).sum()),
                          "basis": "obd_cells vehicle-hours × heavy-diesel g/veh·h, raised "
                                   "by the rs_points failure rate × high-emitter ratio; "
                                   "nonroad_sites machines × g/machine·h × hours a year; "
                                   "exhaust PM2.5 = PM10 (assumed factors, synthetic data)",
                          "heavy_diesel_g_per_veh_h": inp.HEAVY_DIESEL_G_PER_VEH_H,
                          "high_emitter_ratio": inp.HIGH_EMITTER_RATIO,
                          "nonroad_g_per_machine_h": inp.NONROAD_G_PER_MACHINE_H,
                          "nonroad_hours_a": inp.NONROAD_HOURS_A}},
        "background": {"observed_year": year, "values": {
            p: round(float(v), 3) for p, v in zip(POLLUTANTS, background, strict=True)}},
        "synthetic": True,
    }
    step(1.0, "done")
    return result, surfaces, prov


def _rows(codes, names, districts, base: np.ndarray, scen: np.ndarray) -> list[dict]:
    out = []
    for i, code in enumerate(codes):
        for p, pol in enumerate(POLLUTANTS):
            b, s = float(base[i, p]), float(scen[i, p])
            row = {"code": str(code), "name": str(names[i]), "pollutant": pol,
                   "baseline": round(b, 3), "scenario": round(s, 3), "delta": round(s - b, 3)}
            if districts is not None:
                row["district"] = str(districts[i])
            out.append(row)
    return out


def _air_tables(engine: Engine, inputs: inp.AirInputs, M, answer, year, background
                ) -> dict[str, Any]:
    st = inputs.station_rows()
    stations = _rows(inputs.station_code, inputs.station_name, inputs.station_district,
                     answer.baseline[st], answer.scenario[st])
    cells = slice(0, inputs.n_cells)
    b_means = group_means(answer.baseline[cells], inputs.grid.district)
    s_means = group_means(answer.scenario[cells], inputs.grid.district)
    codes = sorted(b_means)
    districts = _rows(codes, [inputs.district_names.get(c, c) for c in codes], None,
                      np.array([b_means[c] for c in codes]),
                      np.array([s_means[c] for c in codes]))
    weights = M.values[st].mean(axis=0)  # the city mean of the stations (HJ 663 §4)
    names = dict(zip(inputs.sources.ids.tolist(), inputs.source_name.tolist(), strict=True))
    top: dict[str, Any] = {}
    for p, pol in enumerate(POLLUTANTS):
        before = answer.emissions[:, p]
        after = before * answer.factors[:, p]
        top[pol] = {
            "sources_before": [{"id": k, "name": names[k], "value": round(v, 4)} for k, v in
                               top_contributors(weights, before, inputs.sources.ids, TOP_N)],
            "sources_after": [{"id": k, "name": names[k], "value": round(v, 4)} for k, v in
                              top_contributors(weights, after, inputs.sources.ids, TOP_N)],
            "sectors_before": [{"sector": k, "value": round(v, 4)} for k, v in
                               top_contributors(weights, before, inputs.source_industry,
                                                TOP_N)],
            "sectors_after": [{"sector": k, "value": round(v, 4)} for k, v in
                              top_contributors(weights, after, inputs.source_industry,
                                               TOP_N)],
        }
    p25 = POLLUTANTS.index("PM2_5")
    city_b = float(answer.baseline[st, p25].mean())
    city_s = float(answer.scenario[st, p25].mean())
    target = inp.pm25_target(engine, year)
    kpi = {"pollutant": "PM2_5", "year": year, "baseline": round(city_b, 2),
           "scenario": round(city_s, 2), "delta": round(city_s - city_b, 3),
           "target": target}
    if target is not None:
        kpi.update(met_before=city_b <= target["value"], met_after=city_s <= target["value"],
                   gap_before=round(city_b - target["value"], 2),
                   gap_after=round(city_s - target["value"], 2))
    g = inputs.grid
    full_b = g.full(answer.baseline[cells])
    full_s = g.full(answer.scenario[cells])
    ranges = {}
    for p, pol in enumerate(POLLUTANTS):
        d = full_s[..., p] - full_b[..., p]
        ranges[pol] = {"min": float(min(np.nanmin(full_b[..., p]), np.nanmin(full_s[..., p]))),
                       "max": float(np.nanmax(full_b[..., p])),
                       "delta_max": float(np.nanmax(np.abs(d))) if np.isfinite(d).any() else 0.0}
    return {"stations": stations, "districts": districts, "top": top, "kpi": kpi,
            "grid": {"bounds": list(g.bounds), "nx": g.nx, "ny": g.ny},
            "ranges": ranges, "pollutants": list(POLLUTANTS), "synthetic": True}


def _surfaces(inputs: inp.AirInputs, answer) -> bytes:
    cells = slice(0, inputs.n_cells)
    buf = io.BytesIO()
    np.savez_compressed(buf, baseline=inputs.grid.full(answer.baseline[cells]),
                        scenario=inputs.grid.full(answer.scenario[cells]),
                        bounds=np.array(inputs.grid.bounds))
    return buf.getvalue()


# --------------------------------------------------------------------------- read
def _public(row: dict[str, Any]) -> dict[str, Any]:
    result = row.get("result") or {}
    sid = row["id"]
    out = {"id": sid, "kind": row["kind"], "name": row["name"], "owner": row["owner"],
           "status": row["status"], "progress": round(float(row["progress"]), 3),
           "error": row["error"], "created_at": row["created_at"],
           "finished_at": row["finished_at"], "job_id": row["job_id"],
           "params": row["params"],
           "stations": result.get("stations", []), "districts": result.get("districts", []),
           "tiles": tiles_of(sid, result) if row["status"] == "done" else {},
           "provenance": row["provenance"] or {}}
    for key in ("top", "kpi", "sections", "reaches", "lake", "synthetic"):
        if key in result:
            out[key] = result[key]
    return jsonable(out)


def tiles_of(sid: int, result: dict[str, Any]) -> dict[str, Any]:
    from scenarios import render

    if "grid" not in result:
        return {}
    base = f"/api/scenarios/{sid}/tiles"
    layers = {}
    for layer in render.LAYERS:
        legends = {pol: render.legend(layer, result["ranges"][pol]) for pol in POLLUTANTS}
        layers[layer] = {"url": f"{base}/{layer}/{{z}}/{{x}}/{{y}}.png?pollutant={{pollutant}}",
                         "ramp": render.RAMP_OF[layer], "legend": legends}
    return {"bounds": result["grid"]["bounds"], "pollutants": list(POLLUTANTS),
            "units": "µg/m³", "layers": layers,
            "geotiff": f"/api/scenarios/{sid}/delta.tif?pollutant={{pollutant}}"}


def get(engine: Engine, sid: int) -> dict[str, Any]:
    return _public(_row(engine, sid))


def list_scenarios(engine: Engine, *, owner: str | None = None, kind: str | None = None,
                   limit: int = 200) -> list[dict[str, Any]]:
    q = select(*LIST_COLUMNS).order_by(SCENARIOS.c.id.desc()).limit(limit)
    if owner:
        q = q.where(SCENARIOS.c.owner == owner)
    if kind:
        q = q.where(SCENARIOS.c.kind == kind)
    with connection(engine) as conn:
        return [jsonable(dict(r)) for r in conn.execute(q).mappings()]


def surfaces(engine: Engine, sid: int) -> dict[str, np.ndarray]:
    with connection(engine) as conn:
        raw = conn.execute(select(SCENARIOS.c.surfaces).where(SCENARIOS.c.id == sid)).scalar()
    if raw is None:
        raise NotFound(f"scenario {sid} has no surfaces (not done, or a water scenario)")
    with np.load(io.BytesIO(raw), allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


# --------------------------------------------------------------------------- change
def delete_scenario(engine: Engine, actor: Actor, sid: int, *, is_admin: bool) -> None:
    """Delete (owner or admin; audited); a running job is asked to stop."""
    with transaction(engine) as conn:
        row = conn.execute(select(*LIST_COLUMNS, SCENARIOS.c.params).where(
            SCENARIOS.c.id == sid).with_for_update()).mappings().first()
        if row is None:
            raise NotFound(f"no scenario {sid}")
        if row["owner"] != actor.name and not is_admin:
            raise Forbidden("only its owner or an administrator may delete a scenario")
        conn.execute(delete(SCENARIOS).where(SCENARIOS.c.id == sid))
        audit.record(conn, actor, "scenario.delete", object_type=OBJECT_TYPE, object_id=sid,
                     before={"kind": row["kind"], "name": row["name"], "owner": row["owner"],
                             "params": row["params"]})
    if row["job_id"]:
        records.request_cancel(engine, row["job_id"])


def cancel(engine: Engine, actor: Actor, sid: int, *, is_admin: bool) -> dict[str, Any]:
    """Stop a queued or running scenario (owner or admin)."""
    row = _row(engine, sid)
    if row["owner"] != actor.name and not is_admin:
        raise Forbidden("only its owner or an administrator may cancel a scenario")
    if row["job_id"]:
        records.request_cancel(engine, row["job_id"])
        if records.get(engine, row["job_id"])["status"] == "running":
            # a Dash cancel stops the process outright: it cannot write this itself
            records.fail(engine, row["job_id"], "cancelled", cancelled=True)
    if row["status"] in ("queued", "running"):
        _set(engine, sid, status="failed", error="cancelled", finished_at=beijing_now())
    return get(engine, sid)


def duplicate(engine: Engine, settings: Settings, actor: Actor, sid: int,
              name: str | None = None, *, start: bool = True) -> dict[str, Any]:
    """A new scenario with the same parameters (run again on the current inputs)."""
    row = _row(engine, sid)
    body = {"kind": row["kind"], "name": name or f"{row['name']} (2)", **row["params"]}
    return create(engine, settings, actor, body, start=start)


def compare(engine: Engine, a: int, b: int) -> dict[str, Any]:
    """Station and district deltas of two done scenarios side by side."""
    ra, rb = _row(engine, a), _row(engine, b)
    for r in (ra, rb):
        if r["status"] != "done" or r["kind"] != "air":
            raise Unprocessable(f"scenario {r['id']}: only done air scenarios compare")

    def pair(key: str) -> list[dict[str, Any]]:
        other = {(x["code"], x["pollutant"]): x for x in rb["result"][key]}
        out = []
        for x in ra["result"][key]:
            y = other.get((x["code"], x["pollutant"]))
            if y is not None:
                out.append({"code": x["code"], "name": x["name"], "pollutant": x["pollutant"],
                            "delta_a": x["delta"], "delta_b": y["delta"],
                            "difference": round(y["delta"] - x["delta"], 3)})
        return out

    return {"a": {"id": a, "name": ra["name"]}, "b": {"id": b, "name": rb["name"]},
            "stations": pair("stations"), "districts": pair("districts")}


# --------------------------------------------------------------------------- exports
CSV_COLUMNS = ["table", "code", "name", "district", "pollutant", "baseline", "scenario",
               "delta"]


def tables_csv(engine: Engine, sid: int) -> str:
    """The station and district tables (air), or sections (water), as CSV (UTF-8 BOM)."""
    row = _row(engine, sid)
    result = row["result"] or {}
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out)
    if row["kind"] == "water":
        cols = water.CSV_COLUMNS
        w.writerow(cols)
        for r in result.get("sections", []):
            w.writerow(["" if r.get(c) is None else r.get(c) for c in cols])
        return out.getvalue()
    w.writerow(CSV_COLUMNS)
    for table in ("stations", "districts"):
        for r in result.get(table, []):
            w.writerow([table, r["code"], r["name"], r.get("district", ""), r["pollutant"],
                        r["baseline"], r["scenario"], r["delta"]])
    return out.getvalue()


def water_map(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Rivers, sections and outfalls for the water tab's maps (:func:`water.map_layers`)."""
    return water.map_layers(engine)


def water_cut_outfalls(s: dict[str, Any], layers: dict[str, list[dict[str, Any]]]) -> set[str]:
    """The outfall codes a water scenario cuts."""
    return water.cut_outfalls(s.get("params") or {}, layers["outfalls"])


# --------------------------------------------------------------------------- page choices
def choices(engine: Engine) -> dict[str, list]:
    """What a cut can select: districts, industries, rivers, outfalls (for the page)."""
    from sqlalchemy import text

    with connection(engine) as conn:
        return {
            "districts": [tuple(r) for r in conn.execute(text(
                "SELECT adcode, name FROM admin_districts ORDER BY adcode"))],
            "industries": [r[0] for r in conn.execute(text(
                "SELECT industry FROM pollution_sources GROUP BY industry "
                "ORDER BY sum(pm_t) DESC"))] + ([inp.TRAFFIC_SECTOR] if conn.execute(text(
                    "SELECT EXISTS (SELECT 1 FROM obd_cells) OR "
                    "EXISTS (SELECT 1 FROM nonroad_sites)")).scalar() else []),
            "rivers": [r[0] for r in conn.execute(text(
                "SELECT name FROM rivers WHERE name IS NOT NULL AND velocity_m_s > 0 "
                "ORDER BY name"))],
            "outfalls": [tuple(r) for r in conn.execute(text(
                "SELECT code, name FROM sewage_outfalls ORDER BY code"))],
        }
