"""REST under ``/api/observations`` (the live feed of monitoring data).

=======================================  ============  ======================================
``POST /api/observations/air``           feed:write    JSON list or CSV of hourly readings
``POST /api/observations/water``         feed:write    the same for water sections
``GET /api/observations/arrival``        data:read     arrival rate per station and day
=======================================  ============  ======================================

A post answers ``200 {"rows", "inserted", "updated", "unchanged", "flagged", "flags",
"flagged_rows", "received_at"}``; a refused one stores nothing and answers ``422
{"code", "description", "stations"|"rows"}`` (unknown codes; malformed rows with their
numbers) or ``413`` (more rows than ``settings.feed_max_rows``).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from auth.roles import DATA_READ, FEED_WRITE
from auth.web import current_actor, require
from core.clock import beijing_now
from core.context import current_context
from core.errors import BadRequest
from core.web.rest import int_arg
from core.web.rest import json_response as _json
from feeds import arrival, service
from feeds.parse import FeedRejected, csv_items, json_items
from tiles.errors import register_error_handlers

CSV_TYPES = frozenset({"text/csv", "application/csv"})


def _rejected(exc: FeedRejected) -> Response:
    response = jsonify({"code": exc.code, "description": exc.message, **exc.detail})
    response.status_code = exc.status
    return response


def _post(kind: service.FeedKind) -> Response:
    context = current_context()
    if request.mimetype in CSV_TYPES:
        items, from_text = csv_items(request.get_data()), True
    elif request.is_json:
        body = request.get_json(silent=True)
        if body is None:
            raise BadRequest("the body is not valid JSON")
        items, from_text = json_items(body), False
    else:
        raise BadRequest("send a JSON list (Content-Type: application/json) or CSV "
                         "(Content-Type: text/csv)")
    result = service.ingest(context.engine, kind, items, current_actor(),
                            max_rows=context.settings.feed_max_rows, from_text=from_text)
    return _json(result)


def create_blueprint() -> Blueprint:
    bp = Blueprint("feeds_api", __name__, url_prefix="/api/observations")
    register_error_handlers(bp)
    bp.register_error_handler(FeedRejected, _rejected)

    @bp.post("/air")
    @require(FEED_WRITE)
    def post_air() -> Response:
        return _post(service.AIR)

    @bp.post("/water")
    @require(FEED_WRITE)
    def post_water() -> Response:
        return _post(service.WATER)

    @bp.get("/arrival")
    @require(DATA_READ)
    def get_arrival() -> Response:
        kind = request.args.get("kind", "air")
        if kind not in service.KINDS:
            raise BadRequest(f"kind: use air or water, got {kind!r}")
        days = int_arg("days", 7, 1, 31)
        hours = int_arg("hours", arrival.STALE_HOURS, 1, 72)
        return _json(arrival.arrival(current_context().engine, beijing_now(), days, kind,
                                     hours))

    return bp
