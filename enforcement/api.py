"""REST of the enforcement loop (JSON in and out; the page uses the same services).

==============================================  =============  ==================================
``GET /api/sources/{id}/code``                  data:read      the code, score, reasons
``GET /api/sources/codes?q=&code=&district=``   data:read      enterprises with their codes
``GET /api/sources/code-rules``                 data:read      the rule set in force (ETag)
``PUT /api/sources/code-rules``                 task:review    replace it (If-Match); recodes
``DELETE /api/sources/code-rules``              task:review    restore the sample (If-Match)
``POST /api/sources/codes/refresh``             task:review    events, clues, all codes
``POST /api/tasks``                             task:write     create → 201 {id,status,due_at,…}
``GET /api/tasks?status=&district=&overdue=``   page:tasks     list (type, team, bbox, paging)
``GET /api/tasks/map``                          page:tasks     small GeoJSON points (< 1 MB)
``GET /api/tasks/sla``                          page:tasks     deadlines by task type (ETag)
``PUT /api/tasks/sla``                          task:review    replace them (If-Match)
``DELETE /api/tasks/sla``                       task:review    restore the sample (If-Match)
``GET /api/tasks/stats?by=district|team``       page:tasks     on-time rate, handling, reopened
``GET /api/tasks/{id}``                         page:tasks     task, timeline, evidence (ETag)
``PATCH /api/tasks/{id}``                       task:write     {"team", "description"}; If-Match
``POST /api/tasks/{id}/transitions``            task:write     {"to", "note"}; 审核/办结 review
``POST /api/tasks/{id}/evidence``               task:write     multipart ``file``, or JSON
``GET /api/tasks/{id}/evidence/{eid}``          page:tasks     the stored file
``GET /api/clues?status=&cause=``               page:tasks     the clue inbox
``POST /api/clues/{id}/dismiss``                task:write     {"reason"}
``POST /api/clues/{id}/task``                   task:write     turn into a task → 201
``GET /api/enforcement/wall``                   data:read      open, overdue, closure rates
==============================================  =============  ==================================

The rule documents need ``If-Match`` (their version; stale → 409), like a task's edit. A
``DELETE`` restores the sample file as a new version (200, the document in force).
A transition takes an optional ``If-Match`` (the task's version; stale → 409). An illegal
step (order or role) is 409 naming the steps allowed. Bad input is 422 naming the field.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint, Response, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from auth.roles import DATA_READ, PAGE_TASKS, TASK_REVIEW, TASK_WRITE
from auth.web import current_actor, current_principal, require
from core.context import current_context
from core.errors import Unprocessable
from core.web.rest import ID, if_match, int_arg, json_body
from core.web.rest import json_response as _json
from enforcement import config, rules, service
from tiles.errors import register_error_handlers

FORM_SLACK = 64 * 1024  # multipart headers and the note
LIST_ARGS = ("status", "district", "type", "team", "overdue", "source_id", "bbox")


def _engine():
    return current_context().engine


def _settings():
    return current_context().settings


def _optional_version() -> int | None:
    """The task's version in ``If-Match`` when one is sent (a transition may also carry
    ``version`` in its body, or neither)."""
    return if_match("task") if request.headers.get("If-Match") else None


def _versioned(doc: dict[str, Any]) -> Response:
    return _json(doc, 200, {"ETag": f'"{doc["version"]}"'})


def _task_response(task: dict[str, Any], status: int = 200) -> Response:
    return _json({"task": task}, status, {"ETag": f'"{task["version"]}"'})


def _created(task: dict[str, Any]) -> Response:
    body = {k: task[k] for k in ("id", "status", "due_at", "version")}
    return _json(body, 201, {"ETag": f'"{task["version"]}"',
                             "Location": f"/api/tasks/{task['id']}"})


def _args() -> dict[str, Any]:
    return {k: request.args.get(k) for k in LIST_ARGS if request.args.get(k) not in (None, "")}


def _json_file(limit_mb: int) -> tuple[str, bytes, str]:
    """The JSON form: ``{"filename", "content_base64", "note"}``."""
    body = json_body()
    unknown = sorted(set(body) - {"filename", "content_base64", "note"})
    if unknown:
        raise Unprocessable(f"unknown fields {unknown}; allowed: filename, content_base64, "
                            "note")
    raw = body.get("content_base64")
    if not isinstance(raw, str) or not raw:
        raise Unprocessable("content_base64: the file, base64-encoded (or send "
                            "multipart/form-data with the field 'file')")
    if len(raw) > (limit_mb * 2**20 * 4) // 3 + 8:
        raise Unprocessable(f"file: larger than the limit of {limit_mb} MB")
    try:
        data = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise Unprocessable("content_base64: not valid base64") from None
    name, note = body.get("filename") or "", body.get("note") or ""
    if not isinstance(name, str) or not isinstance(note, str):
        raise Unprocessable("filename, note: must be strings")
    return name, data, note.strip()


def _file() -> tuple[str, bytes, str]:
    limit_mb = _settings().evidence_max_mb
    too_large = Unprocessable(f"file: larger than the limit of {limit_mb} MB")
    if request.mimetype == "application/json":
        if request.content_length and request.content_length > limit_mb * 2**20 * 4 // 3 \
                + FORM_SLACK:
            raise too_large
        request.max_content_length = limit_mb * 2**20 * 4 // 3 + FORM_SLACK
        try:
            return _json_file(limit_mb)
        except RequestEntityTooLarge:
            raise too_large from None
    if request.content_length and request.content_length > limit_mb * 2**20 + FORM_SLACK:
        raise too_large
    request.max_content_length = limit_mb * 2**20 + FORM_SLACK
    try:
        upload = request.files.get("file")
        note = request.form.get("note") or ""
    except RequestEntityTooLarge:
        raise too_large from None
    if upload is None:
        raise Unprocessable("file: send the photo or PDF as the multipart field 'file'")
    data = upload.stream.read(limit_mb * 2**20 + 1)
    return upload.filename or "", data, note.strip()


def create_blueprint() -> Blueprint:
    bp = Blueprint("enforcement_api", __name__, url_prefix="/api")
    register_error_handlers(bp)

    # -- codes ---------------------------------------------------------------------------------
    @bp.get(f"/sources/<{ID}:source_id>/code")
    @require(DATA_READ)
    def source_code(source_id: int) -> Response:
        return _json(service.source_code(_engine(), source_id))

    @bp.get("/sources/codes")
    @require(DATA_READ)
    def enterprise_codes() -> Response:
        return _json(service.enterprises(
            _engine(), request.args.get("q") or None, request.args.get("code") or None,
            request.args.get("district") or None, int_arg("limit", 50, 1, 500),
            int_arg("offset", 0, 0, 10**7)))

    @bp.get("/sources/code-rules")
    @require(DATA_READ)
    def code_rules() -> Response:
        return _versioned(service.rule_document(_engine(), config.RULES))

    @bp.put("/sources/code-rules")
    @require(TASK_REVIEW)
    def replace_code_rules() -> Response:
        return _versioned(service.replace_rule_document(
            _engine(), current_actor(), config.RULES, json_body(), if_match("rule set")))

    @bp.delete("/sources/code-rules")
    @require(TASK_REVIEW)
    def reset_code_rules() -> Response:
        return _versioned(service.reset_rule_document(
            _engine(), current_actor(), config.RULES, if_match("rule set")))

    @bp.post("/sources/codes/refresh")
    @require(TASK_REVIEW)
    def refresh_codes() -> Response:
        json_body()  # {} (no options yet)
        return _json(service.refresh(_engine(), actor=current_actor()))

    # -- tasks ---------------------------------------------------------------------------------
    @bp.post("/tasks")
    @require(TASK_WRITE)
    def create_task() -> Response:
        return _created(service.create_task(_engine(), current_actor(), json_body()))

    @bp.get("/tasks")
    @require(PAGE_TASKS)
    def list_tasks() -> Response:
        return _json(service.list_tasks(_engine(), _args(), int_arg("limit", 50, 1, 500),
                                        int_arg("offset", 0, 0, 10**7)))

    @bp.get("/tasks/map")
    @require(PAGE_TASKS)
    def tasks_map() -> Response:
        return _json(service.tasks_geojson(_engine(), _args()))

    @bp.get("/tasks/sla")
    @require(PAGE_TASKS)
    def task_sla() -> Response:
        return _versioned(service.rule_document(_engine(), config.SLA))

    @bp.put("/tasks/sla")
    @require(TASK_REVIEW)
    def replace_task_sla() -> Response:
        return _versioned(service.replace_rule_document(
            _engine(), current_actor(), config.SLA, json_body(), if_match("deadlines")))

    @bp.delete("/tasks/sla")
    @require(TASK_REVIEW)
    def reset_task_sla() -> Response:
        return _versioned(service.reset_rule_document(
            _engine(), current_actor(), config.SLA, if_match("deadlines")))

    @bp.get("/tasks/stats")
    @require(PAGE_TASKS)
    def task_stats() -> Response:
        return _json(service.stats(_engine(), request.args.get("by", "district")))

    @bp.get(f"/tasks/<{ID}:task_id>")
    @require(PAGE_TASKS)
    def show_task(task_id: int) -> Response:
        task = service.get_task(_engine(), task_id)
        principal = current_principal()
        task["allowed"] = rules.allowed_for(task["status"], principal.permissions) \
            if principal else []
        return _task_response(task)

    @bp.patch(f"/tasks/<{ID}:task_id>")
    @require(TASK_WRITE)
    def edit_task(task_id: int) -> Response:
        task = service.edit_task(_engine(), current_actor(), task_id, json_body(),
                                 if_match("task"))
        principal = current_principal()
        task["allowed"] = rules.allowed_for(task["status"], principal.permissions)
        return _task_response(task)

    @bp.post(f"/tasks/<{ID}:task_id>/transitions")
    @require(TASK_WRITE)
    def transition(task_id: int) -> Response:
        principal = current_principal()
        task = service.transition(_engine(), current_actor(), principal.permissions, task_id,
                                  json_body(), _optional_version())
        return _task_response(task)

    @bp.post(f"/tasks/<{ID}:task_id>/evidence")
    @require(TASK_WRITE)
    def add_evidence(task_id: int) -> Response:
        name, data, note = _file()
        evidence, created = service.add_evidence(
            _engine(), current_actor(), task_id, name, data, note, _settings().var_dir,
            _settings().evidence_max_mb)
        return _json({"evidence": evidence, "created": created}, 201 if created else 200)

    # the body limit of this view is the evidence limit, not the app's default (core.web)
    add_evidence.max_body_bytes = lambda: _settings().evidence_max_mb * 2**20 * 4 // 3 \
        + FORM_SLACK

    @bp.get(f"/tasks/<{ID}:task_id>/evidence/<{ID}:evidence_id>")
    @require(PAGE_TASKS)
    def evidence_file(task_id: int, evidence_id: int) -> Response:
        path, ev = service.evidence_file(_engine(), task_id, evidence_id, _settings().var_dir)
        response = send_file(path, mimetype=ev["content_type"], download_name=ev["filename"],
                             conditional=True, max_age=3600)
        response.headers["X-Checksum-SHA256"] = ev["sha256"]
        return response

    # -- clues ---------------------------------------------------------------------------------
    @bp.get("/clues")
    @require(PAGE_TASKS)
    def list_clues() -> Response:
        return _json(service.list_clues(_engine(), request.args.get("status") or None,
                                        request.args.get("cause") or None,
                                        int_arg("limit", 50, 1, 500),
                                        int_arg("offset", 0, 0, 10**7)))

    @bp.post(f"/clues/<{ID}:clue_id>/dismiss")
    @require(TASK_WRITE)
    def dismiss_clue(clue_id: int) -> Response:
        body = json_body()
        return _json({"clue": service.dismiss_clue(_engine(), current_actor(), clue_id,
                                                   body.get("reason"))})

    @bp.post(f"/clues/<{ID}:clue_id>/task")
    @require(TASK_WRITE)
    def clue_task(clue_id: int) -> Response:
        return _created(service.clue_to_task(_engine(), current_actor(), clue_id,
                                             json_body()))

    # -- the wall ------------------------------------------------------------------------------
    @bp.get("/enforcement/wall")
    @require(DATA_READ)
    def wall() -> Response:
        return _json(service.wall_summary(_engine()))

    return bp
