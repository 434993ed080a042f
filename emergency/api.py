"""REST under ``/api/incidents`` (JSON in and out; the page uses the same services).

=================================================  ================  =========================
``POST /api/incidents``                            incident:write    create → 201
``GET /api/incidents?status=open``                 data:read         list, open first
``GET /api/incidents/{id}``                        data:read         state, grade, deadlines, log
``PATCH /api/incidents/{id}`` + ``If-Match``       incident:write    change → 200; stale → 409
``GET /api/incidents/{id}/zones``                  data:read         GeoJSON zones + wedge
``GET /api/incidents/{id}/receptors[?f=csv|geojson]``  data:read     receptors, nearest first
``GET /api/incidents/{id}/resources[?f=geojson]``  data:read         depots/teams by road time
``GET /api/incidents/{id}/downstream``             data:read         arrival board (spills)
``GET /api/incidents/{id}/report?kind=&format=``   data:read         初报/续报/处理结果报告
``POST /api/incidents/{id}/log``                   incident:write    add an entry → 201
``GET /api/incidents/{id}/events``                 data:read         server-sent events: a
                                                                     ``change`` on every step
``GET /api/incidents/{id}/weather``                data:read         the wind used, its source
=================================================  ================  =========================

The spatial reads (zones, receptors, resources, downstream) take ``?step=<log entry id>``:
the incident as it was right after that step (the after-action replay).

Errors are ``{"code", "description"}`` with 400, 401, 403, 404, 409 or 422.
"""

from __future__ import annotations

import csv
import io
import json
import time
from typing import Any

from flask import Blueprint, Response, request, stream_with_context

from auth.roles import DATA_READ, INCIDENT_WRITE
from auth.web import current_actor, require
from core.context import current_context
from core.errors import OneMapError, Unprocessable
from core.web.rest import ID, if_match, json_body
from core.web.rest import json_response as _json
from emergency import report, service, spatial
from store.db import connection
from tiles.errors import register_error_handlers

#: A server-sent event stream lasts this long, then the browser reconnects (EventSource
#: does so by itself after ``retry``): no request holds a worker for ever [s].
STREAM_S = 30.0
#: How often a stream looks at the incident [s].
POLL_S = 1.0
RETRY_MS = 1000
RECEPTOR_CSV = ["id", "name", "type", "zone", "distance_m", "bearing_deg", "population",
                "contact", "lon", "lat"]


def _points(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
         "properties": {k: v for k, v in r.items() if k not in ("lon", "lat")}} for r in rows]}


def _step() -> int | None:
    raw = request.args.get("step")
    if raw in (None, ""):
        return None
    if not raw.isdigit():
        raise Unprocessable(f"step: must be a log entry id, got {raw!r}")
    return int(raw)


def _engine():
    return current_context().engine


def _incident_response(incident: dict[str, Any], status: int = 200) -> Response:
    return _json({"incident": incident}, status, {"ETag": f'"{incident["version"]}"'})


def create_blueprint() -> Blueprint:
    bp = Blueprint("emergency_api", __name__, url_prefix="/api/incidents")
    register_error_handlers(bp)

    @bp.post("")
    @require(INCIDENT_WRITE)
    def create() -> Response:
        return _incident_response(service.create(_engine(), current_actor(), json_body()), 201)

    @bp.get("")
    @require(DATA_READ)
    def index() -> Response:
        return _json({"incidents": service.list_incidents(
            _engine(), request.args.get("status") or None)})

    @bp.get(f"/<{ID}:incident_id>")
    @require(DATA_READ)
    def show(incident_id: int) -> Response:
        return _incident_response(service.get(_engine(), incident_id))

    @bp.patch(f"/<{ID}:incident_id>")
    @require(INCIDENT_WRITE)
    def change(incident_id: int) -> Response:
        version = if_match("incident")
        return _incident_response(service.patch(_engine(), current_actor(), incident_id,
                                                 version, json_body()))

    @bp.post(f"/<{ID}:incident_id>/log")
    @require(INCIDENT_WRITE)
    def log(incident_id: int) -> Response:
        return _json({"entry": service.add_log(_engine(), current_actor(), incident_id,
                                               json_body())}, 201)

    @bp.get(f"/<{ID}:incident_id>/events")
    @require(DATA_READ)
    def events(incident_id: int) -> Response:
        """``text/event-stream``: an ``change`` event with ``{"version", "log_id",
        "met_time"}`` at once and whenever one of them moves (a change, a log entry by
        anyone, a new hour of wind observations); a comment line as heartbeat."""
        engine = _engine()
        first = service.marker(engine, incident_id)  # 404 before the stream starts
        # a client that does not ask for a stream (no "Accept: text/event-stream", which
        # EventSource always sends) gets the current marker as one event, and the end
        follow = "text/event-stream" in request.headers.get("Accept", "")

        def stream():
            yield f"retry: {RETRY_MS}\n\n"
            last = None
            mark = first
            end = time.monotonic() + STREAM_S
            while True:
                if mark != last:
                    yield f"event: change\ndata: {json.dumps(mark)}\n\n"
                    last = mark
                else:
                    yield ": idle\n\n"
                if not follow or time.monotonic() + POLL_S > end:
                    return
                time.sleep(POLL_S)
                try:
                    mark = service.marker(engine, incident_id)
                except OneMapError:  # store down or incident gone: end; the client retries
                    return

        return Response(stream_with_context(stream()), content_type="text/event-stream",
                        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @bp.get(f"/<{ID}:incident_id>/weather")
    @require(DATA_READ)
    def weather(incident_id: int) -> Response:
        incident = service.state(_engine(), incident_id, _step())
        with connection(_engine()) as conn:
            observed = spatial.observed_wind(conn, incident)
        return _json({"weather": spatial.weather_used(incident, observed)
                      if incident["kind"] == "air_release" else None,
                      "observed": observed})

    @bp.get(f"/<{ID}:incident_id>/zones")
    @require(DATA_READ)
    def zones(incident_id: int) -> Response:
        incident = service.state(_engine(), incident_id, _step())
        with connection(_engine()) as conn:
            return _json(spatial.zones_geojson(conn, incident))

    @bp.get(f"/<{ID}:incident_id>/receptors")
    @require(DATA_READ)
    def receptors(incident_id: int) -> Response:
        incident = service.state(_engine(), incident_id, _step())
        with connection(_engine()) as conn:
            rows = spatial.receptors_in(conn, incident)
        if request.args.get("f") == "csv":
            out = io.StringIO()
            out.write("\ufeff")
            writer = csv.writer(out)
            writer.writerow(RECEPTOR_CSV)
            for r in rows:
                writer.writerow(["" if r[c] is None else r[c] for c in RECEPTOR_CSV])
            return Response(out.getvalue(), content_type="text/csv; charset=utf-8", headers={
                "Content-Disposition":
                    f'attachment; filename="incident-{incident_id}-receptors.csv"'})
        if request.args.get("f") == "geojson":  # for the map
            return _json(_points(rows))
        return _json({"receptors": rows, "summary": spatial.receptor_summary(rows)})

    @bp.get(f"/<{ID}:incident_id>/resources")
    @require(DATA_READ)
    def resources(incident_id: int) -> Response:
        incident = service.state(_engine(), incident_id, _step())
        with connection(_engine()) as conn:
            rows = spatial.resources(conn, incident)
        if request.args.get("f") == "geojson":  # the routes of the nearest, for the map
            limit = request.args.get("limit", "")
            rows = rows[:int(limit)] if limit.isdigit() else rows
            return _json({"type": "FeatureCollection", "features": [
                {"type": "Feature", "geometry": r["route"], "properties": {
                    k: r[k] for k in ("id", "code", "name", "kind", "travel_time_min",
                                      "distance_km")}} for r in rows]})
        return _json({"resources": rows})

    @bp.get(f"/<{ID}:incident_id>/downstream")
    @require(DATA_READ)
    def downstream(incident_id: int) -> Response:
        incident = service.state(_engine(), incident_id, _step())
        if incident["kind"] != "water_spill":
            raise Unprocessable("kind: the downstream board is for water spills")
        with connection(_engine()) as conn:
            board = spatial.downstream(conn, incident)
        board.pop("features")
        return _json(board)

    @bp.get(f"/<{ID}:incident_id>/report")
    @require(DATA_READ)
    def make_report(incident_id: int) -> Response:
        kind = request.args.get("kind", "initial")
        fmt = request.args.get("format", "html")
        body, ctype, name = report.render(_engine(), incident_id, kind, fmt)
        return Response(body, content_type=ctype,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    return bp
