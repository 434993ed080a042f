"""The table of ``/api`` operations: one row per Flask route, named by its endpoint.

The permission of each operation is not written here: it is read from the view's
``@require`` decorator (:func:`auth.web.require` sets ``.permission``), so the document
cannot drift from what the server enforces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apidocs.schemas import INT, STR, ref
from emergency.report import FORMATS as REPORT_FORMATS
from emergency.report import KINDS as REPORT_KINDS

JSON = "application/json"
GEOJSON = "application/geo+json"
CSV = "text/csv"
HTML = "text/html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OPENAPI_JSON = "application/vnd.oai.openapi+json;version=3.0"

#: The largest id a path takes (PostgreSQL ``integer``; larger is 404: ``core.web.rest.ID``).
MAX_ID = 2**31 - 1
#: Errors every operation may answer: not signed in, store down.
ALWAYS = ("401", "503")


@dataclass(frozen=True)
class Operation:
    """One ``/api`` operation (``path`` in OpenAPI form, ``{name}`` for a path variable)."""

    endpoint: str
    method: str
    path: str
    operation_id: str
    summary: str
    tag: str
    ok: dict[str, Any]  # the success response object
    status: str = "200"
    parameters: tuple[dict[str, Any], ...] = ()
    body: str | None = None  # schema name of the JSON request body
    errors: tuple[str, ...] = ()


def _ok(description: str, media: str = JSON, schema: dict[str, Any] | None = None,
        **more: dict[str, Any]) -> dict[str, Any]:
    content = {media: {"schema": schema or {"type": "object"}}}
    for other, other_schema in more.items():
        content[other] = {"schema": other_schema}
    return {"description": description, "content": content}


def _json_or(description: str, schema: dict[str, Any], alternatives: dict[str, Any]
             ) -> dict[str, Any]:
    return {"description": description,
            "content": {JSON: {"schema": schema}, **{m: {"schema": s}
                                                     for m, s in alternatives.items()}}}


NO_CONTENT = {"description": "Done (no body)."}


def _path(name: str, description: str, integer: bool = True) -> dict[str, Any]:
    schema = {**INT, "minimum": 0, "maximum": MAX_ID} if integer else STR
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": schema}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


TOKEN_ID = _path("token_id", "The token's id.")
USERNAME = _path("username", "The account's user name.", integer=False)
SCHEME_ID = _path("scheme_id", "The scheme's id.")
ALARM_ID = _path("alarm_id", "The alarm's id.")
INCIDENT_ID = _path("incident_id", "The incident's id.")
STEP = _query("step", "The incident as it was right after this log entry (after-action "
              "replay); default: now.", {**INT, "minimum": 0})
AUDIT_FILTERS = (
    _query("actor", "Only this user's entries.", STR),
    _query("action", "Only this action (e.g. `incident.create`).", STR),
    _query("since", "Entries at or after this instant (ISO 8601).", STR),
    _query("until", "Entries before this instant (ISO 8601).", STR),
    _query("offset", "Skip this many entries.", {**INT, "minimum": 0, "default": 0}),
)


def _audit_limit(maximum: int) -> dict[str, Any]:
    return _query("limit", "Entries per page.",
                  {**INT, "minimum": 1, "maximum": maximum, "default": 200})


def _auth_ops() -> list[Operation]:
    tag = "Accounts"
    return [
        Operation("auth_api.me", "GET", "/api/me", "getMe",
                  "Who am I: roles, permissions, pages", tag, _ok("The signed-in account.",
                                                                  schema=ref("Me"))),
        Operation("auth_api.users", "GET", "/api/users", "listUsers", "Accounts", tag,
                  _ok("Every account.", schema=ref("UserList")), errors=("403",)),
        Operation("auth_api.create_user", "POST", "/api/users", "createUser",
                  "Create an account", tag,
                  _ok("Created; a generated password is returned once.",
                      schema=ref("UserCreated")), "201", body="NewUser",
                  errors=("400", "403", "409", "422")),
        Operation("auth_api.update_user", "PATCH", "/api/users/{username}", "updateUser",
                  "Change an account's roles, state or name", tag,
                  _ok("The account after the change.", schema=ref("UserOne")),
                  parameters=(USERNAME,), body="UserChange",
                  errors=("400", "403", "404", "409", "422")),
        Operation("auth_api.tokens", "GET", "/api/tokens", "listTokens", "API tokens", tag,
                  _ok("My tokens (an administrator: everyone's, or `?user=`'s).",
                      schema=ref("TokenList")),
                  parameters=(_query("user", "Administrators: only this user's tokens.",
                                     STR),),
                  errors=("403",)),
        Operation("auth_api.create_token", "POST", "/api/tokens", "createToken",
                  "Create a personal API token", tag,
                  _ok("The token (shown once) and its record.", schema=ref("TokenCreated")),
                  "201", body="NewToken", errors=("400", "403", "409", "422")),
        Operation("auth_api.revoke_token", "DELETE", "/api/tokens/{token_id}", "revokeToken",
                  "Revoke a token (mine; an administrator: anyone's)", tag, NO_CONTENT,
                  "204", parameters=(TOKEN_ID,), errors=("403", "404")),
        Operation("auth_api.audit_rows", "GET", "/api/audit", "listAudit",
                  "The audit log, newest first", tag,
                  _ok("A page of audit entries.", schema=ref("AuditPage")),
                  parameters=(*AUDIT_FILTERS, _audit_limit(1000)), errors=("400", "403")),
        Operation("auth_api.audit_csv", "GET", "/api/audit.csv", "exportAudit",
                  "The audit log as CSV (UTF-8 with BOM)", tag,
                  _ok("CSV, one entry a row (attachment).", CSV, STR),
                  parameters=(*AUDIT_FILTERS, _audit_limit(10000)), errors=("400", "403")),
    ]


def _cockpit_ops() -> list[Operation]:
    tag = "Cockpit"
    prefix = "/api/cockpit"
    return [
        Operation("cockpit_api.snapshot", "GET", f"{prefix}/snapshot", "getCockpitSnapshot",
                  "Every panel's numbers", tag,
                  _ok("The snapshot, each number with its data time and source.",
                      schema=ref("Snapshot")),
                  parameters=(_query("asof", "Replay this day (YYYY-MM-DD); default: now.",
                                     {"type": "string", "format": "date"}),),
                  errors=("400", "403")),
        Operation("cockpit_api.list_schemes", "GET", f"{prefix}/schemes", "listSchemes",
                  "Report schemes (汇报方案)", tag,
                  _ok("Every scheme (screens counted).", schema=ref("SchemeList")),
                  errors=("403",)),
        Operation("cockpit_api.create_scheme", "POST", f"{prefix}/schemes", "createScheme",
                  "Create a scheme (also: import an exported file)", tag,
                  _ok("The stored scheme.", schema=ref("SchemeOne")), "201",
                  body="SchemeBody", errors=("400", "403", "409", "422")),
        Operation("cockpit_api.get_scheme", "GET", f"{prefix}/schemes/{{scheme_id}}",
                  "getScheme", "One scheme (with its version)", tag,
                  _ok("The scheme.", schema=ref("SchemeOne")), parameters=(SCHEME_ID,),
                  errors=("403", "404")),
        Operation("cockpit_api.update_scheme", "PUT", f"{prefix}/schemes/{{scheme_id}}",
                  "updateScheme", "Replace a scheme", tag,
                  _ok("The scheme after the change.", schema=ref("SchemeOne")),
                  parameters=(SCHEME_ID,), body="SchemeUpdate",
                  errors=("400", "403", "404", "409", "422")),
        Operation("cockpit_api.delete_scheme", "DELETE", f"{prefix}/schemes/{{scheme_id}}",
                  "deleteScheme", "Delete a scheme", tag, NO_CONTENT, "204",
                  parameters=(SCHEME_ID, {**_query("version", "The scheme's version "
                                                   "(stale → 409).", {**INT, "minimum": 0}),
                                          "required": True}),
                  errors=("403", "404", "409", "422")),
        Operation("cockpit_api.export_scheme", "GET",
                  f"{prefix}/schemes/{{scheme_id}}/export", "exportScheme",
                  "A scheme as portable JSON (attachment)", tag,
                  _ok("The portable scheme (no id, version or audit fields).",
                      schema=ref("SchemeExport")), parameters=(SCHEME_ID,),
                  errors=("403", "404")),
        Operation("cockpit_api.list_alarms", "GET", f"{prefix}/alarms", "listAlarms",
                  "Alarms in force", tag, _ok("The alarms.", schema=ref("AlarmList")),
                  errors=("403",)),
        Operation("cockpit_api.ack_alarm", "POST", f"{prefix}/alarms/{{alarm_id}}/ack",
                  "ackAlarm", "Acknowledge an alarm", tag,
                  _ok("The alarm after the acknowledgement.", schema=ref("AlarmOne")),
                  parameters=(ALARM_ID,), body="VersionBody",
                  errors=("400", "403", "404", "409", "422")),
    ]


def _emergency_ops() -> list[Operation]:
    tag = "Emergency"
    prefix = "/api/incidents"
    one = f"{prefix}/{{incident_id}}"
    etag = {"ETag": {"description": "The incident's version, quoted: send it as `If-Match`.",
                     "schema": STR}}
    incident = {**_ok("The incident: state, grade, deadlines and log.",
                      schema=ref("IncidentOne")), "headers": etag}
    fmt = {"type": "string", "enum": ["json", "csv", "geojson"], "default": "json"}
    spatial = ("403", "404", "422")
    return [
        Operation("emergency_api.create", "POST", prefix, "createIncident",
                  "Register an incident", tag,
                  {**incident, "description": "Created."}, "201", body="NewIncident",
                  errors=("400", "403", "404", "422")),
        Operation("emergency_api.index", "GET", prefix, "listIncidents",
                  "Incidents, open first", tag, _ok("The incidents.",
                                                    schema=ref("IncidentList")),
                  parameters=(_query("status", "Only incidents in this state.",
                                     {"type": "string"}),), errors=("403", "422")),
        Operation("emergency_api.show", "GET", one, "getIncident", "One incident", tag,
                  incident, parameters=(INCIDENT_ID,), errors=("403", "404")),
        Operation("emergency_api.change", "PATCH", one, "updateIncident",
                  "Change an incident (optimistic: `If-Match` with its version)", tag,
                  incident, parameters=(INCIDENT_ID, {
                      "name": "If-Match", "in": "header", "required": True,
                      "description": "The incident's version (its ETag).", "schema": STR}),
                  body="IncidentChange", errors=("400", "403", "404", "409", "422")),
        Operation("emergency_api.log", "POST", f"{one}/log", "addIncidentLog",
                  "Add a log entry", tag, _ok("The entry (who and when recorded).",
                                              schema=ref("LogEntryOne")), "201",
                  parameters=(INCIDENT_ID,), body="NewLogEntry",
                  errors=("400", "403", "404", "422")),
        Operation("emergency_api.zones", "GET", f"{one}/zones", "getIncidentZones",
                  "Danger zones and the plume wedge (GeoJSON)", tag,
                  _ok("The zones as features.", schema=ref("JsonFeatureCollection")),
                  parameters=(INCIDENT_ID, STEP), errors=spatial),
        Operation("emergency_api.receptors", "GET", f"{one}/receptors",
                  "getIncidentReceptors", "Receptors in the zones, nearest first", tag,
                  _json_or("The receptors and a summary; with `f=geojson` points; with "
                           "`f=csv` a spreadsheet (UTF-8 with BOM).",
                           {"oneOf": [ref("Receptors"), ref("JsonFeatureCollection")]},
                           {CSV: STR}),
                  parameters=(INCIDENT_ID, STEP, _query("f", "Output format.", fmt)),
                  errors=spatial),
        Operation("emergency_api.resources", "GET", f"{one}/resources",
                  "getIncidentResources", "Depots and teams by road time", tag,
                  _ok("The resources; with `f=geojson` the routes of the nearest.",
                      schema={"oneOf": [ref("Resources"), ref("JsonFeatureCollection")]}),
                  parameters=(INCIDENT_ID, STEP,
                              _query("f", "Output format.",
                                     {"type": "string", "enum": ["json", "geojson"],
                                      "default": "json"}),
                              _query("limit", "With `f=geojson`: only the nearest N.",
                                     {**INT, "minimum": 0})),
                  errors=spatial),
        Operation("emergency_api.downstream", "GET", f"{one}/downstream",
                  "getIncidentDownstream", "Downstream arrival board (water spills)", tag,
                  _ok("The arrival board.", schema=ref("Downstream")),
                  parameters=(INCIDENT_ID, STEP), errors=spatial),
        Operation("emergency_api.make_report", "GET", f"{one}/report", "getIncidentReport",
                  "初报 / 续报 / 处理结果报告 (attachment)", tag,
                  {"description": "The report (HTML to print, Word, or PDF with CJK fonts).",
                   "content": {HTML: {"schema": STR},
                               DOCX: {"schema": {"type": "string", "format": "binary"}},
                               "application/pdf": {"schema": {"type": "string",
                                                              "format": "binary"}}}},
                  parameters=(INCIDENT_ID,
                              _query("kind", "Which report.",
                                     {"type": "string", "enum": list(REPORT_KINDS),
                                      "default": "initial"}),
                              _query("format", "File format.",
                                     {"type": "string", "enum": list(REPORT_FORMATS),
                                      "default": "html"})),
                  errors=("403", "404", "422")),
    ]


def _other_ops() -> list[Operation]:
    return [
        Operation("api.region", "GET", "/api/regions/{region_id}", "getRegion",
                  "A region's outline (simplified, about 50 m)", "Regions",
                  _ok("The outline as one feature.", GEOJSON, ref("JsonFeatureCollection")),
                  parameters=(_path("region_id", "`region:<adcode>` (the whole region served), "
                                    "`district:<adcode>`, `basin:chaohu` …",
                                    integer=False),), errors=("400", "404")),
        Operation("apidocs.openapi", "GET", "/api/openapi.json", "getOpenApi",
                  "This document (OpenAPI 3.0)", "Documentation",
                  _ok("The OpenAPI document.", OPENAPI_JSON, {"type": "object"})),
        Operation("apidocs.docs", "GET", "/api/docs", "getApiDocs",
                  "This document as a web page", "Documentation",
                  _ok("The API documentation.", HTML, STR)),
    ]


def api_operations() -> list[Operation]:
    """Every ``/api`` operation, in the order of the documentation page."""
    from apidocs.areas import area_modules

    areas = [op for module in area_modules() for op in module.operations()]
    return [*_auth_ops(), *_cockpit_ops(), *_emergency_ops(), *areas, *_other_ops()]


# the row builders, for the workspace modules of apidocs.areas
ok = _ok
json_or = _json_or
path_param = _path
query_param = _query
