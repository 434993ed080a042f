"""REST under ``/api/forecast`` (JSON; the page calls the same services).

==========================================================  =============  ==================
``GET /api/forecast?where=&issued_at=&horizon_days=``        data:read      7-day forecast
``GET /api/forecast/model?where=``                           data:read      model card + skill
``GET /api/forecast/history?where=&weeks=&pollutant=&lead=``  data:read     past vs observed
``GET /api/forecast/places``                                 data:read      cities and stations
``POST /api/forecast/retrain`` ``{"where", "methods"?}``     forecast:run   202 + status URL
``GET /api/forecast/retrain/{id}``                           forecast:run   job state
``DELETE /api/forecast/retrain/{id}``                        forecast:run   ask it to stop
==========================================================  =============  ==================

The history also takes ``issued_at`` (the last day of its window). Errors are
``{"code", "description"}``: 422 for a bad ``where``, ``issued_at``, ``horizon_days``,
``weeks``, ``pollutant`` or ``lead``; 404 for an unknown job; 409 when a retraining of the same
place is running.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, request, url_for

from auth.roles import DATA_READ, FORECAST_RUN
from auth.web import current_actor, require
from core.context import current_context
from core.errors import Unprocessable
from core.web.rest import json_body
from core.web.rest import json_response as _json
from forecasting import jobs, service, skill
from tiles.errors import register_error_handlers


def _engine():
    return current_context().engine


def _var_dir() -> Path:
    return Path(current_context().settings.var_dir)


def _where() -> str:
    where = (request.args.get("where") or "").strip()
    if not where:
        raise Unprocessable("where: required (a city code such as 340100, or a station code "
                            "such as 1270A)")
    return where


def _weeks() -> int:
    raw = request.args.get("weeks")
    if raw in (None, ""):
        return 4
    try:
        weeks = int(raw)
    except ValueError:
        raise Unprocessable(f"weeks: must be an integer 1–{skill.MAX_WEEKS}, got {raw!r}"
                            ) from None
    if not 1 <= weeks <= skill.MAX_WEEKS:
        raise Unprocessable(f"weeks: must be between 1 and {skill.MAX_WEEKS}, got {weeks}")
    return weeks


def _region():
    """The region served (its city is the forecasts' city)."""
    return current_context().settings.region


def create_blueprint() -> Blueprint:
    bp = Blueprint("forecast_api", __name__, url_prefix="/api/forecast")
    register_error_handlers(bp)

    @bp.get("")
    @require(DATA_READ)
    def show() -> Response:
        where = _where()
        issued = service.parse_issued_at(request.args.get("issued_at"))
        horizon = service.parse_horizon(request.args.get("horizon_days"))
        result = service.forecast(_engine(), _var_dir(), where, issued, horizon,
                                  region=_region())
        return _json(result.payload())

    @bp.get("/model")
    @require(DATA_READ)
    def model() -> Response:
        return _json(service.model_card(_engine(), _var_dir(), _where(), region=_region()))

    @bp.get("/history")
    @require(DATA_READ)
    def past() -> Response:
        where = _where()
        weeks = _weeks()
        until = service.parse_issued_at(request.args.get("issued_at"))
        pollutant = request.args.get("pollutant") or None
        raw_lead = request.args.get("lead")
        lead = None
        if raw_lead not in (None, ""):
            try:
                lead = int(raw_lead)
            except ValueError:
                raise Unprocessable(f"lead: must be an integer 1–7, got {raw_lead!r}") from None
        return _json(service.past_performance(where, weeks, until, _engine(), pollutant, lead,
                                              region=_region()))

    @bp.get("/places")
    @require(DATA_READ)
    def places() -> Response:
        return _json({"places": service.places(_engine(), _region())})

    @bp.post("/retrain")
    @require(FORECAST_RUN)
    def retrain() -> Response:
        body = json_body()
        where = body.get("where")
        if not isinstance(where, str) or not where.strip():
            raise Unprocessable("where: required (a city or station code)")
        state = jobs.start(_engine(), current_context().settings, current_actor(), where,
                           body.get("methods"))
        status_url = url_for(".job", job_id=state["id"])
        return _json({**state, "status_url": status_url}, 202, {"Location": status_url})

    @bp.get("/retrain/<job_id>")
    @require(FORECAST_RUN)
    def job(job_id: str) -> Response:
        state = jobs.get(_engine(), job_id)
        return _json({**state, "status_url": url_for(".job", job_id=job_id)})

    @bp.delete("/retrain/<job_id>")
    @require(FORECAST_RUN)
    def cancel(job_id: str) -> Response:
        state = jobs.cancel(_engine(), current_actor(), job_id)
        return _json({**state, "status_url": url_for(".job", job_id=job_id)})

    return bp
