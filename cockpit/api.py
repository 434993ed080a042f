"""REST under ``/api/cockpit`` (JSON in and out).

===============================================  ===============  ============================
``GET /api/cockpit/snapshot?asof=YYYY-MM-DD``    page:cockpit     every panel's numbers (the
                                                                  supervision panels too),
                                                                  each with data time, source
                                                                  and replay/stale flags
``GET /api/cockpit/schemes``                     page:cockpit     the report schemes
``GET /api/cockpit/schemes/{id}``                page:cockpit     one scheme (with version)
``GET /api/cockpit/schemes/{id}/export``         page:cockpit     portable JSON (attachment)
``POST /api/cockpit/schemes``                    scheme:write     create (also: import an
                                                                  exported file) → 201
``PUT /api/cockpit/schemes/{id}``                scheme:write     ``{…scheme, version}`` → 200,
                                                                  409 when stale
``DELETE /api/cockpit/schemes/{id}?version=N``   scheme:write     → 204, 409 when stale
``GET /api/cockpit/alarms``                      page:cockpit     alarms in force (open
                                                                  incidents raised first)
``POST /api/cockpit/alarms/{id}/ack``            incident:write   ``{version}`` → 200 / 409
===============================================  ===============  ============================

Errors are ``{"code", "description"}`` with 400, 401, 403, 404, 409 or 422.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, request

from auth.roles import INCIDENT_WRITE, PAGE_COCKPIT, SCHEME_WRITE
from auth.web import current_actor, require
from cockpit import alarms, supervision
from cockpit.schemes import SchemeService, to_export
from core.clock import beijing_now
from core.context import current_context
from core.errors import BadRequest, Unprocessable
from core.web.rest import ID, json_body
from core.web.rest import json_response as _json
from store.db import connection
from tiles.errors import register_error_handlers


def _version(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unprocessable(f"version: required integer, got {value!r}")
    return value


def parse_asof(raw: str | None) -> dt.date | None:
    """``asof=YYYY-MM-DD`` (None when absent); a bad date is a 400."""
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"asof: not an ISO date (YYYY-MM-DD), got {raw!r}") from None


def schemes() -> SchemeService:
    service = SchemeService(current_context().engine)
    service.seed_samples()
    return service


def create_blueprint() -> Blueprint:
    bp = Blueprint("cockpit_api", __name__, url_prefix="/api/cockpit")
    register_error_handlers(bp)

    @bp.get("/snapshot")
    @require(PAGE_COCKPIT)
    def snapshot() -> Response:
        asof = parse_asof(request.args.get("asof"))
        with connection(current_context().engine) as conn:
            return _json(supervision.snapshot(conn, beijing_now(), asof,
                                       current_context().settings.var_dir))

    @bp.get("/schemes")
    @require(PAGE_COCKPIT)
    def list_schemes() -> Response:
        return _json({"schemes": schemes().list()})

    @bp.get(f"/schemes/<{ID}:scheme_id>")
    @require(PAGE_COCKPIT)
    def get_scheme(scheme_id: int) -> Response:
        return _json({"scheme": schemes().get(scheme_id)})

    @bp.get(f"/schemes/<{ID}:scheme_id>/export")
    @require(PAGE_COCKPIT)
    def export_scheme(scheme_id: int) -> Response:
        row = schemes().get(scheme_id)
        return _json(to_export(row), headers={
            "Content-Disposition": f'attachment; filename="scheme-{scheme_id}.json"'})

    @bp.post("/schemes")
    @require(SCHEME_WRITE)
    def create_scheme() -> Response:
        return _json({"scheme": schemes().create(current_actor(), json_body())}, 201)

    @bp.put(f"/schemes/<{ID}:scheme_id>")
    @require(SCHEME_WRITE)
    def update_scheme(scheme_id: int) -> Response:
        body = json_body()
        version = _version(body.pop("version", None))
        body.pop("id", None)
        return _json({"scheme": schemes().update(current_actor(), scheme_id, body, version)})

    @bp.delete(f"/schemes/<{ID}:scheme_id>")
    @require(SCHEME_WRITE)
    def delete_scheme(scheme_id: int) -> Response:
        raw = request.args.get("version", "")
        if not raw.isdigit():
            raise Unprocessable("version: required (?version=N)")
        schemes().delete(current_actor(), scheme_id, int(raw))
        return Response(status=204)

    @bp.get("/alarms")
    @require(PAGE_COCKPIT)
    def list_alarms() -> Response:
        service = alarms.AlarmService(current_context().engine)
        return _json({"alarms": service.poll(beijing_now())})

    @bp.post(f"/alarms/<{ID}:alarm_id>/ack")
    @require(INCIDENT_WRITE)
    def ack_alarm(alarm_id: int) -> Response:
        version = _version(json_body().get("version"))
        service = alarms.AlarmService(current_context().engine)
        return _json({"alarm": service.acknowledge(current_actor(), alarm_id, version)})

    return bp
