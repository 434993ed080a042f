"""REST under ``/api/scenarios`` (JSON in and out; the page uses the same services).

=====================================================  ===============  ======================
``POST /api/scenarios``                                scenario:write   create + run → 202
``GET /api/scenarios[?mine=1&kind=air|water]``         data:read        list, newest first
``GET /api/scenarios/{id}``                            data:read        status, tables, tiles,
                                                                        provenance
``DELETE /api/scenarios/{id}``                         scenario:write   owner or admin → 204
``POST /api/scenarios/{id}/cancel``                    scenario:write   stop a running one
``POST /api/scenarios/{id}/duplicate``                 scenario:write   same params → 202
``GET /api/scenarios/compare?a=&b=``                   data:read        two deltas side by side
``GET /api/scenarios/{id}/tables.csv``                 data:read        the tables as CSV
``GET /api/scenarios/{id}/delta.tif?pollutant=``       data:read        GeoTIFF of the delta
``GET /api/scenarios/{id}/tiles/{layer}/{z}/{x}/{y}.png``  data:read    map tiles
=====================================================  ===============  ======================

Errors are ``{"code", "description"}`` with 400, 401, 403, 404 or 422 (a selection that
matches no source, a fraction outside 0–1, an unknown pollutant).
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from sqlalchemy import select

from auth.roles import DATA_READ, SCENARIO_WRITE
from auth.web import current_actor, current_principal, require
from core.context import current_context
from core.errors import NotFound, Unprocessable
from core.web.rest import ID, json_body, parse_int
from core.web.rest import json_response as _json
from decision_models.air_scenario import POLLUTANTS
from scenarios import render, service
from scenarios.models import SCENARIOS
from tiles.errors import register_error_handlers

PREFIX = "/api/scenarios"
_surfaces = render.SurfaceCache()


def _engine():
    return current_context().engine


def _is_admin() -> bool:
    principal = current_principal()
    return principal is not None and "admin" in principal.roles


def _accepted(scenario: dict) -> Response:
    url = f"{PREFIX}/{scenario['id']}"
    return _json({"id": scenario["id"], "status_url": url}, 202, {"Location": url})


def _pollutant() -> int:
    pol = request.args.get("pollutant", "PM2_5")
    if pol not in POLLUTANTS:
        raise Unprocessable(f"pollutant: must be one of {', '.join(POLLUTANTS)}")
    return POLLUTANTS.index(pol)


def _done_surfaces(sid: int):
    with _engine().connect() as conn:
        row = conn.execute(select(SCENARIOS.c.status, SCENARIOS.c.finished_at,
                                  SCENARIOS.c.result["ranges"]).where(
            SCENARIOS.c.id == sid)).first()
    if row is None:
        raise NotFound(f"no scenario {sid}")
    if row[0] != "done" or row[2] is None:
        raise NotFound(f"scenario {sid} has no surfaces (not done, or a water scenario)")
    data = _surfaces.get((sid, row[1]), lambda: service.surfaces(_engine(), sid))
    return data, row[2]


def create_blueprint() -> Blueprint:
    bp = Blueprint("scenarios_api", __name__, url_prefix=PREFIX)
    register_error_handlers(bp)

    @bp.post("")
    @require(SCENARIO_WRITE)
    def create() -> Response:
        ctx = current_context()
        return _accepted(service.create(ctx.engine, ctx.settings, current_actor(),
                                        json_body()))

    @bp.get("")
    @require(DATA_READ)
    def index() -> Response:
        kind = request.args.get("kind") or None
        if kind not in (None, *service.KINDS):
            raise Unprocessable(f"kind: must be one of {', '.join(service.KINDS)}")
        principal = current_principal()
        owner = principal.username if request.args.get("mine") in ("1", "true") else None
        return _json({"scenarios": service.list_scenarios(_engine(), owner=owner,
                                                          kind=kind)})

    @bp.get("/compare")
    @require(DATA_READ)
    def compare() -> Response:
        a = parse_int("a", request.args.get("a", ""), 0, 2**31 - 1)
        b = parse_int("b", request.args.get("b", ""), 0, 2**31 - 1)
        return _json(service.compare(_engine(), a, b))

    @bp.get(f"/<{ID}:sid>")
    @require(DATA_READ)
    def show(sid: int) -> Response:
        return _json(service.get(_engine(), sid))

    @bp.delete(f"/<{ID}:sid>")
    @require(SCENARIO_WRITE)
    def remove(sid: int) -> Response:
        service.delete_scenario(_engine(), current_actor(), sid, is_admin=_is_admin())
        return Response(status=204)

    @bp.post(f"/<{ID}:sid>/cancel")
    @require(SCENARIO_WRITE)
    def cancel(sid: int) -> Response:
        return _json(service.cancel(_engine(), current_actor(), sid, is_admin=_is_admin()))

    @bp.post(f"/<{ID}:sid>/duplicate")
    @require(SCENARIO_WRITE)
    def duplicate(sid: int) -> Response:
        body = json_body() if request.data else {}
        name = body.get("name")
        if name is not None and not isinstance(name, str):
            raise Unprocessable("name: must be a string")
        ctx = current_context()
        return _accepted(service.duplicate(ctx.engine, ctx.settings, current_actor(), sid,
                                           name))

    @bp.get(f"/<{ID}:sid>/tables.csv")
    @require(DATA_READ)
    def tables(sid: int) -> Response:
        return Response(service.tables_csv(_engine(), sid),
                        content_type="text/csv; charset=utf-8", headers={
                            "Content-Disposition":
                                f'attachment; filename="scenario-{sid}.csv"'})

    @bp.get(f"/<{ID}:sid>/delta.tif")
    @require(DATA_READ)
    def delta_tif(sid: int) -> Response:
        p = _pollutant()
        data, _ranges = _done_surfaces(sid)
        grid = data["scenario"][..., p] - data["baseline"][..., p]
        body = render.geotiff(grid, tuple(data["bounds"]),
                              f"{POLLUTANTS[p]} scenario − baseline [µg/m³] (synthetic sources)")
        return Response(body, content_type="image/tiff", headers={
            "Content-Disposition":
                f'attachment; filename="scenario-{sid}-delta-{POLLUTANTS[p]}.tif"'})

    @bp.get(f"/<{ID}:sid>/tiles/<layer>/<int:z>/<int:x>/<int:y>.png")
    @require(DATA_READ)
    def tile(sid: int, layer: str, z: int, x: int, y: int) -> Response:
        if layer not in render.LAYERS:
            raise NotFound(f"no layer {layer!r}; use {', '.join(render.LAYERS)}")
        if not 0 <= z <= 22 or not 0 <= x < 2**z or not 0 <= y < 2**z:
            raise NotFound(f"no tile {z}/{x}/{y}")
        p = _pollutant()
        data, ranges = _done_surfaces(sid)
        body = render.tile(data, layer, p, ranges[POLLUTANTS[p]], z, x, y)
        return Response(body, content_type="image/png",
                        headers={"Cache-Control": "private, max-age=86400"})

    return bp
