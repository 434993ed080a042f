"""The enforcement loop: enterprise environment codes, tasks, evidence, clues, statistics
and the wall summary (:mod:`enforcement.api`)."""

from __future__ import annotations

from typing import Any

from apidocs.operations import JSON, Operation, ok, path_param, query_param
from apidocs.schemas import BOOL, INSTANT, INT, NUM, STR, VERSION, list_of, obj, ref
from enforcement import rules

TAG = "Enforcement"
ANY: dict[str, Any] = {"type": "object"}
NULL_STR = {**STR, "nullable": True}
NULL_INT = {**INT, "nullable": True}
NULL_NUM = {**NUM, "nullable": True}
NULL_INSTANT = {**INSTANT, "nullable": True}
STATUS = {"type": "string", "enum": list(rules.STATUSES)}
TYPE = {"type": "string", "enum": list(rules.TYPES)}
BINARY = {"type": "string", "format": "binary"}
CODE = {"type": "string", "enum": ["green", "yellow", "red"]}

SOURCE_ID = path_param("source_id", "The pollution source's id (`pollution_sources.id`).")
TASK_ID = path_param("task_id", "The task's id.")
EVIDENCE_ID = path_param("evidence_id", "The evidence file's id.")
CLUE_ID = path_param("clue_id", "The clue's id.")
LIMIT = query_param("limit", "Page size, 1–500.",
                    {**INT, "minimum": 1, "maximum": 500, "default": 50})
OFFSET = query_param("offset", "Rows to skip.", {**INT, "minimum": 0, "default": 0})
FILTERS = (
    query_param("status", "Only tasks in these statuses (comma-separated), or `open` for "
                "every status but 办结.", STR),
    query_param("district", "District adcode (`340104`) or name (`蜀山区`).", STR),
    query_param("type", "Task type.", TYPE),
    query_param("team", "The assignee team.", STR),
    query_param("overdue", "`true`: not 办结 and past the deadline (on the app's clock); "
                "`false`: the others.", {"type": "string", "enum": ["true", "false"]}),
    query_param("source_id", "Tasks of one pollution source.", {**INT, "minimum": 0}),
    query_param("bbox", "minLon,minLat,maxLon,maxLat (EPSG:4326).", STR),
)
IF_MATCH = {"name": "If-Match", "in": "header", "required": False,
            "description": "The task's version (ETag); a stale one is refused with 409.",
            "schema": STR}
DOC_IF_MATCH = {"name": "If-Match", "in": "header", "required": True,
                "description": "The document's version (ETag); a stale one is refused "
                "with 409.", "schema": STR}
TASK_ERRORS = ("403", "404", "422")


def operations() -> list[Operation]:
    created = {**ok("Created: the id, status 派发, the deadline and the version.",
                    schema=ref("TaskCreated")),
               "headers": {"ETag": {"description": "The version.", "schema": STR},
                           "Location": {"description": "The task's URL.", "schema": STR}}}
    task = {**ok("The task with its timeline, evidence and the steps allowed to you.",
                 schema=ref("TaskOne")),
            "headers": {"ETag": {"description": "The version.", "schema": STR}}}
    return [
        Operation("enforcement_api.source_code", "GET", "/api/sources/{source_id}/code",
                  "getSourceCode",
                  "A source's enterprise environment code (企业环境码) with its reasons", TAG,
                  ok("Recomputed from its inputs now.", schema=ref("SourceCode")),
                  parameters=(SOURCE_ID,), errors=("403", "404")),
        Operation("enforcement_api.enterprise_codes", "GET", "/api/sources/codes",
                  "listEnterpriseCodes",
                  "The catalogue of enterprises with their stored code (red first)", TAG,
                  ok("A page of enterprises and the total.", schema=ref("EnterprisePage")),
                  parameters=(query_param("q", "Name or code contains.", STR),
                              query_param("code", "Only this colour (`none`: not rated).", {
                                  "type": "string",
                                  "enum": ["green", "yellow", "red", "none"]}),
                              query_param("district", "District adcode or name.", STR),
                              LIMIT, OFFSET), errors=("403", "422")),
        Operation("enforcement_api.code_rules", "GET", "/api/sources/code-rules",
                  "getCodeRules", "The rule set of the code (the sample is an example)", TAG,
                  ok("Rules (counts, window_days, threshold, points) and cut-offs.",
                     schema=ref("CodeRules")), errors=("403",)),
        Operation("enforcement_api.replace_code_rules", "PUT", "/api/sources/code-rules",
                  "replaceCodeRules",
                  "Replace the rule set (administrators: task:review; If-Match its version). "
                  "Every source's code is recomputed in the same transaction; audited.", TAG,
                  ok("The rule set now in force, its version and `codes` (the recompute).",
                     schema=ref("CodeRules")),
                  parameters=(DOC_IF_MATCH,), body="CodeRulesEdit",
                  errors=("400", "403", "409", "422")),
        Operation("enforcement_api.reset_code_rules", "DELETE", "/api/sources/code-rules",
                  "resetCodeRules",
                  "Restore the sample rule set (administrators: task:review; If-Match its "
                  "version). It is stored as a new version; every source's code is "
                  "recomputed in the same transaction; audited as code_rules.reset.", TAG,
                  ok("The sample rule set now in force, its version and `codes` (the "
                     "recompute).", schema=ref("CodeRules")),
                  parameters=(DOC_IF_MATCH,), errors=("400", "403", "409")),
        Operation("enforcement_api.task_sla", "GET", "/api/tasks/sla", "getTaskSla",
                  "Deadlines by task type (hours from dispatch) in force", TAG,
                  ok("The deadlines and their version (ETag).", schema=ref("TaskSla")),
                  errors=("403",)),
        Operation("enforcement_api.replace_task_sla", "PUT", "/api/tasks/sla",
                  "replaceTaskSla",
                  "Replace the deadlines (administrators: task:review; If-Match their "
                  "version); they apply to tasks created from then on; audited.", TAG,
                  ok("The deadlines now in force and their version.", schema=ref("TaskSla")),
                  parameters=(DOC_IF_MATCH,), body="TaskSlaEdit",
                  errors=("400", "403", "409", "422")),
        Operation("enforcement_api.reset_task_sla", "DELETE", "/api/tasks/sla",
                  "resetTaskSla",
                  "Restore the sample deadlines (administrators: task:review; If-Match their "
                  "version), as a new version; they apply to tasks created from then on; "
                  "audited as sla.reset.", TAG,
                  ok("The sample deadlines now in force and their version.",
                     schema=ref("TaskSla")),
                  parameters=(DOC_IF_MATCH,), errors=("400", "403", "409")),
        Operation("enforcement_api.refresh_codes", "POST", "/api/sources/codes/refresh",
                  "refreshSourceCodes",
                  "Recompute every code and look for new clues", TAG,
                  ok("What was done.", schema=ANY), body="CodesRefresh",
                  errors=("400", "403")),
        Operation("enforcement_api.create_task", "POST", "/api/tasks", "createTask",
                  "Create a task from a source, a map feature or a drawn region (the team "
                  "defaults to the district's; the deadline follows the type's SLA)", TAG,
                  created, "201", body="NewTask", errors=("400", "403", "422")),
        Operation("enforcement_api.list_tasks", "GET", "/api/tasks", "listTasks",
                  "Tasks, open first by deadline, filtered and paged", TAG,
                  ok("A page of tasks and the total.", schema=ref("TaskPage")),
                  parameters=(*FILTERS, LIMIT, OFFSET), errors=("400", "403", "422")),
        Operation("enforcement_api.tasks_map", "GET", "/api/tasks/map", "mapTasks",
                  "Tasks as small features for the map (at most 4000, most urgent first): "
                  "a point each, or the simplified outline of the drawn region a task was "
                  "made from (kept under 1 MB)", TAG,
                  ok("A GeoJSON FeatureCollection with `id`, `s` (status key), `t` (type), "
                     "`o` (overdue) and, for a region's task, `a` (true: its outline, "
                     "simplified to ~50 m; false: its point, the outlines' budget spent).",
                     JSON, schema=ref("TaskPoints")),
                  parameters=FILTERS, errors=("403", "422")),
        Operation("enforcement_api.task_stats", "GET", "/api/tasks/stats", "taskStats",
                  "Statistics by district or team: on-time closure rate, average handling "
                  "time, tasks reopened", TAG, ok("One row per district or team.",
                                                   schema=ref("TaskStats")),
                  parameters=(query_param("by", "Group by.", {
                      "type": "string", "enum": ["district", "team"],
                      "default": "district"}),), errors=("403", "422")),
        Operation("enforcement_api.show_task", "GET", "/api/tasks/{task_id}", "getTask",
                  "A task with its timeline and evidence", TAG, task,
                  parameters=(TASK_ID,), errors=("403", "404")),
        Operation("enforcement_api.edit_task", "PATCH", "/api/tasks/{task_id}", "editTask",
                  "Change a task's team and/or description (If-Match its version; a closed "
                  "task is 409); audited", TAG, task,
                  parameters=(TASK_ID, {**IF_MATCH, "required": True}), body="TaskEdit",
                  errors=("400", *TASK_ERRORS, "409")),
        Operation("enforcement_api.transition", "POST", "/api/tasks/{task_id}/transitions",
                  "transitionTask",
                  "Move a task one step (派发→签收→处置→反馈→审核→办结; 审核→处置 returns it). "
                  "审核, 办结 and returning need task:review. An illegal step is 409 naming "
                  "the allowed ones.", TAG, task, parameters=(TASK_ID, IF_MATCH),
                  body="TaskTransition", errors=("400", *TASK_ERRORS, "409")),
        Operation("enforcement_api.add_evidence", "POST", "/api/tasks/{task_id}/evidence",
                  "addTaskEvidence",
                  "Add a photo (JPEG, PNG, WebP, HEIC) or PDF: as JSON (`content_base64`) "
                  "or as multipart/form-data (field `file`, optional `note`). The type is "
                  "checked by content, the size by the evidence limit (setting "
                  "evidence_max_mb), sha256 recorded. The same file again returns the "
                  "stored one (200), so a retried upload is safe.", TAG,
                  ok("Stored (201), or already stored (200).", schema=ref("EvidenceOne")),
                  "201", parameters=(TASK_ID,), body="EvidenceUpload",
                  errors=("400", *TASK_ERRORS, "409")),
        Operation("enforcement_api.evidence_file", "GET",
                  "/api/tasks/{task_id}/evidence/{evidence_id}", "getTaskEvidenceFile",
                  "An evidence file (header X-Checksum-SHA256)", TAG,
                  ok("The file.", "image/jpeg", BINARY,
                     **{m: BINARY for m in ("image/png", "image/webp", "image/heic",
                                            "image/heif", "application/pdf")}),
                  parameters=(TASK_ID, EVIDENCE_ID), errors=("403", "404")),
        Operation("enforcement_api.list_clues", "GET", "/api/clues", "listClues",
                  "Clues found in the data (exceedance runs, complaint clusters, redline "
                  "change patches)", TAG, ok("A page of clues.", schema=ref("CluePage")),
                  parameters=(query_param("status", "Clue status.", {
                      "type": "string", "enum": list(rules.CLUE_STATUSES)}),
                      query_param("cause", "Clue cause.", {
                          "type": "string", "enum": list(rules.CLUE_CAUSES)}),
                      LIMIT, OFFSET), errors=("400", "403", "422")),
        Operation("enforcement_api.dismiss_clue", "POST", "/api/clues/{clue_id}/dismiss",
                  "dismissClue", "Dismiss an open clue with a reason", TAG,
                  ok("The clue.", schema=ref("ClueOne")), parameters=(CLUE_ID,),
                  body="ClueDismissal", errors=("400", *TASK_ERRORS, "409")),
        Operation("enforcement_api.clue_task", "POST", "/api/clues/{clue_id}/task",
                  "taskFromClue", "Turn an open clue into a task", TAG, created, "201",
                  parameters=(CLUE_ID,), body="ClueTask",
                  errors=("400", *TASK_ERRORS, "409")),
        Operation("enforcement_api.wall", "GET", "/api/enforcement/wall", "enforcementWall",
                  "What the wall shows of the loop: open, overdue, closure rates, codes", TAG,
                  ok("The summary.", schema=ref("EnforcementWall")), errors=("403",)),
    ]


def schemas() -> dict[str, Any]:
    evidence_item = obj({"kind": STR, "at": INSTANT, "ref": STR, "detail": STR})
    reason = obj({"rule": STR, "points": NUM, "count": INT, "title_zh": STR, "title_en": STR,
                  "evidence": list_of(evidence_item)}, ("rule", "points", "evidence"))
    evidence = obj({"id": INT, "task_id": INT, "filename": STR, "content_type": STR,
                    "size_bytes": INT, "sha256": STR, "note": STR, "uploaded_by": STR,
                    "uploaded_at": INSTANT, "url": STR}, ("id", "sha256", "url"))
    task = obj({
        "id": INT, "type": TYPE, "status": STATUS, "status_key": STR, "title": STR,
        "source_id": NULL_INT, "feature": {**ANY, "nullable": True},
        "region": {**ANY, "nullable": True}, "clue_id": NULL_INT, "lon": NULL_NUM,
        "lat": NULL_NUM, "adcode": NULL_STR, "district": NULL_STR, "team": STR,
        "description": STR, "findings": NULL_STR, "due_at": INSTANT, "created_at": INSTANT,
        "created_by": STR, "closed_at": NULL_INSTANT, "returned": INT, "overdue": BOOL,
        "remaining_s": INT, "on_time": {**BOOL, "nullable": True}, "next": list_of(STATUS),
        "synthetic": BOOL, "version": VERSION},
        ("id", "type", "status", "due_at", "overdue", "version"))
    return {
        "SourceCode": obj({"source_id": INT, "code": CODE, "score": NUM,
                           "reasons": list_of(reason), "computed_at": INSTANT,
                           "source": ANY, "rules": STR},
                          ("code", "score", "reasons", "computed_at")),
        "EnterprisePage": obj({"enterprises": list_of(obj({
            "id": INT, "source_code": STR, "name": STR, "industry": NULL_STR,
            "district": NULL_STR, "permit_valid_until": NULL_STR, "synthetic": BOOL,
            "code": {**CODE, "nullable": True}, "score": NULL_NUM,
            "computed_at": NULL_INSTANT}, ("id", "name", "code"))), "total": INT,
            "limit": INT, "offset": INT}, ("enterprises", "total")),
        "CodeRules": obj({"name": STR, "note": STR, "example": BOOL, "cutoffs": ANY,
                          "rules": list_of(ANY), "version": VERSION,
                          "updated_at": NULL_INSTANT, "updated_by": NULL_STR,
                          "codes": ANY}, ("rules", "cutoffs", "version")),
        "CodeRulesEdit": obj({"name": STR, "note": STR, "example": BOOL,
                              "cutoffs": obj({"yellow": NUM, "red": NUM}, ("yellow", "red")),
                              "rules": list_of(obj({
                                  "id": STR, "counts": STR, "window_days": NULL_NUM,
                                  "threshold": INT, "points": NUM, "ahead": BOOL,
                                  "resolvable": BOOL, "title_zh": STR, "title_en": STR},
                                  ("id", "counts", "points")))},
                             ("name", "cutoffs", "rules"), closed=True),
        "TaskSla": obj({"note": STR, "example": BOOL, "types": ANY, "version": VERSION,
                        "updated_at": NULL_INSTANT, "updated_by": NULL_STR},
                       ("types", "version")),
        "TaskSlaEdit": obj({"note": STR, "example": BOOL, "types": obj({
            name: obj({"hours": NUM, "title_zh": STR, "title_en": STR}, ("hours",))
            for name in rules.TYPES}, tuple(rules.TYPES))}, ("types",), closed=True),
        "TaskEdit": obj({"team": STR, "description": STR}, closed=True),
        "NewTask": obj({"type": TYPE, "source_id": INT,
                        "feature": obj({"collection": STR, "id": INT}, ("collection", "id")),
                        "region": ANY, "team": STR, "description": STR, "title": STR},
                       ("type",), closed=True),
        "TaskCreated": obj({"id": INT, "status": STATUS, "due_at": INSTANT,
                            "version": VERSION}, ("id", "status", "due_at", "version")),
        "Task": task,
        "TaskOne": obj({"task": {**task, "properties": {
            **task["properties"], "timeline": list_of(ANY), "evidence": list_of(evidence),
            "allowed": list_of(STATUS)}}}, ("task",)),
        "TaskPage": obj({"tasks": list_of(ref("Task")), "total": INT, "limit": INT,
                         "offset": INT, "now": INSTANT}, ("tasks", "total")),
        "TaskPoints": obj({"type": {"type": "string", "enum": ["FeatureCollection"]},
                           "features": list_of(ANY), "truncated": BOOL},
                          ("type", "features")),
        "TaskStats": obj({"by": STR, "now": INSTANT, "rows": list_of(obj({
            "key": STR, "tasks": INT, "open": INT, "overdue": INT, "closed": INT,
            "on_time": INT, "on_time_rate": NULL_NUM, "avg_handling_h": NULL_NUM,
            "reopened": INT}))}, ("by", "rows")),
        "TaskTransition": obj({"to": STATUS, "note": STR, "findings": STR, "version": INT},
                              ("to",), closed=True),
        "EvidenceUpload": obj({"content_base64": STR, "filename": STR, "note": STR},
                              ("content_base64",), closed=True),
        "CodesRefresh": obj({}, closed=True),
        "EvidenceOne": obj({"evidence": evidence, "created": BOOL}, ("evidence", "created")),
        "Clue": obj({"id": INT, "cause": STR, "subject": STR, "source_id": NULL_INT,
                     "status": STR, "title": STR, "evidence": list_of(evidence_item),
                     "lon": NULL_NUM, "lat": NULL_NUM, "detected_at": INSTANT,
                     "reason": NULL_STR, "task_id": NULL_INT}, ("id", "cause", "status")),
        "ClueOne": obj({"clue": ref("Clue")}, ("clue",)),
        "CluePage": obj({"clues": list_of(ref("Clue")), "total": INT, "limit": INT,
                         "offset": INT}, ("clues", "total")),
        "ClueDismissal": obj({"reason": STR}, ("reason",), closed=True),
        "ClueTask": obj({"type": TYPE, "team": STR, "description": STR, "title": STR},
                        closed=True),
        "EnforcementWall": obj({"open": INT, "overdue": INT, "closed_30d": INT,
                                "on_time_rate": NULL_NUM, "closure_rate": NULL_NUM,
                                "codes": ANY, "codes_at": NULL_STR, "as_of": INSTANT},
                               ("open", "overdue")),
    }

