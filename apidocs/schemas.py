"""JSON schemas of the ``/api`` request and response bodies (``components/schemas``).

Enumerations come from the domain modules that enforce them (roles, incident kinds and
statuses, log kinds, scheme panels and layers), so the document follows the rules. Response
schemas name the fields clients rely on and allow more (``additionalProperties``), so a
new field is not a breaking change.
"""

from __future__ import annotations

from typing import Any

from auth.roles import ROLES
from cockpit.schemes import DWELL_RANGE, FORMAT, LAYERS, PANELS, ZOOM_RANGE
from decision_models import radiation as rad
from emergency import rules
from emergency.validation import CASUALTY_FIELDS, RADIATION_FIELDS, WEATHER_FIELDS


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict[str, Any], required: tuple[str, ...] = (), *,
         closed: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if closed:
        schema["additionalProperties"] = False
    return schema


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
ANY_OBJ: dict[str, Any] = {"type": "object"}
INSTANT = {"type": "string", "description": "ISO 8601, Beijing time (naive)"}
NULL_INSTANT = {**INSTANT, "nullable": True}
VERSION = {"type": "integer", "minimum": 1,
           "description": "The record's version; send it back with a change (stale → 409)."}


def _auth() -> dict[str, Any]:
    role = {"type": "string", "enum": sorted(ROLES)}
    user = _obj({"username": STR, "display_name": STR, "roles": _list(STR), "active": BOOL,
                 "must_change_password": BOOL, "created_at": INSTANT, "created_by": STR,
                 "password_changed_at": NULL_INSTANT, "version": INT},
                ("username", "roles", "active", "version"))
    token = _obj({"id": INT, "username": STR, "label": STR, "prefix": STR,
                  "created_at": INSTANT, "expires_at": NULL_INSTANT,
                  "revoked_at": NULL_INSTANT, "last_used_at": NULL_INSTANT},
                 ("id", "username", "label", "prefix"))
    return {
        "Me": _obj({"username": STR, "display_name": STR, "roles": _list(STR), "via": STR,
                    "permissions": _list(STR), "pages": _list(STR)},
                   ("username", "roles", "permissions", "pages")),
        "User": user,
        "UserList": _obj({"users": _list(ref("User"))}, ("users",)),
        "UserOne": _obj({"user": ref("User")}, ("user",)),
        "NewUser": _obj({"username": {**STR, "description": "2–64 letters, digits, '.', '_' "
                                      "or '-'"},
                         "roles": {**_list(role), "minItems": 1},
                         "password": {**STR, "description": "omit to have one generated "
                                      "(returned once as `initial_password`)"},
                         "display_name": STR}, ("username", "roles")),
        "UserCreated": _obj({"user": ref("User"), "initial_password": STR}, ("user",)),
        "UserChange": _obj({"roles": _list(role), "active": BOOL, "display_name": STR,
                            "version": VERSION}, ("version",)),
        "Token": token,
        "TokenList": _obj({"tokens": _list(ref("Token"))}, ("tokens",)),
        "NewToken": _obj({"label": STR, "expires_days": {**INT, "minimum": 1,
                                                         "maximum": 3650}}),
        "TokenCreated": _obj({"token": {**STR, "description": "shown once"},
                              "info": ref("Token")}, ("token", "info")),
        "AuditPage": _obj({"numberMatched": INT, "numberReturned": INT, "offset": INT,
                           "entries": _list(ANY_OBJ)},
                          ("numberMatched", "numberReturned", "offset", "entries")),
    }


def _cockpit() -> dict[str, Any]:
    screen = _obj({
        "title": STR, "title_en": STR,
        "dwell": {**INT, "minimum": DWELL_RANGE[0], "maximum": DWELL_RANGE[1]},
        "panels": _list({"type": "string", "enum": list(PANELS)}),
        "map": _obj({"center": {**_list(NUM), "minItems": 2, "maxItems": 2,
                                "description": "[lat, lon] in degrees"},
                     "zoom": {**INT, "minimum": ZOOM_RANGE[0], "maximum": ZOOM_RANGE[1]},
                     "basemap": STR,
                     "layers": _list({"type": "string", "enum": list(LAYERS)})}),
        "asof": {"type": "string", "format": "date"}}, ("title",), closed=True)
    body = {"format": {"type": "string", "enum": [FORMAT]}, "name": STR,
            "description": STR, "screens": {**_list(ref("Screen")), "minItems": 1}}
    scheme = _obj({"id": INT, "name": STR, "description": STR, "sample": BOOL,
                   "version": INT, "screens": _list(ref("Screen")), "updated_at": INSTANT,
                   "updated_by": STR}, ("id", "name", "version", "screens"))
    return {
        "Screen": screen,
        "SchemeBody": _obj(body, ("name", "screens")),
        "SchemeUpdate": _obj({**body, "version": VERSION}, ("name", "screens", "version")),
        "SchemeExport": _obj(body, ("format", "name", "screens")),
        "Scheme": scheme,
        "SchemeOne": _obj({"scheme": ref("Scheme")}, ("scheme",)),
        "SchemeList": _obj({"schemes": _list(_obj(
            {"id": INT, "name": STR, "description": STR, "sample": BOOL, "version": INT,
             "updated_at": INSTANT, "updated_by": STR, "screens": INT},
            ("id", "name", "version")))}, ("schemes",)),
        "Snapshot": {**ANY_OBJ, "description": "Every panel's numbers, each with its data "
                                               "time, source and replay/stale flags."},
        "Alarm": _obj({"id": INT, "key": STR, "kind": STR, "priority": INT,
                       "title_zh": STR, "title_en": STR, "version": INT},
                      ("id", "kind", "version")),
        "AlarmList": _obj({"alarms": _list(ref("Alarm"))}, ("alarms",)),
        "AlarmOne": _obj({"alarm": ref("Alarm")}, ("alarm",)),
        "VersionBody": _obj({"version": VERSION}, ("version",)),
    }


def _emergency() -> dict[str, Any]:
    weather = _obj({"wind_speed_m_s": NUM, "wind_from_deg": NUM,
                    "stability": {"type": "string", "enum": list("ABCDEF"), "nullable": True},
                    "cloud_cover": {**NUM, "minimum": 0, "maximum": 8}},
                   ("wind_speed_m_s", "wind_from_deg"), closed=True)
    assert set(weather["properties"]) == WEATHER_FIELDS
    radiation = _obj({
        "event_type": {"type": "string", "enum": list(rad.EVENT_TYPES)},
        "source_category": {"type": "string", "enum": ["I", "II", "III", "IV", "V"],
                            "nullable": True},
        "extent": {"type": "string", "enum": list(rad.LEAK_EXTENTS), "nullable": True},
        "dose_msv": {**NUM, "minimum": 0, "nullable": True},
        "exposed": {"type": "string", "enum": list(rad.ANNUAL_DOSE_LIMIT_MSV),
                    "nullable": True},
        "acute_deaths": {**INT, "minimum": 0}, "severe_sickness": {**INT, "minimum": 0}},
        ("event_type",), closed=True)
    assert set(radiation["properties"]) == RADIATION_FIELDS
    casualties = _obj({**{name: NUM for name in sorted(CASUALTY_FIELDS - {"radiation"})},
                       "radiation": {**radiation, "nullable": True}})
    status = {"type": "string", "enum": list(rules.STATUSES)}
    incident = _obj({"id": INT, "kind": {"type": "string", "enum": list(rules.KINDS)},
                     "status": status, "version": INT, "lon": NUM, "lat": NUM,
                     "substance": STR, "started_at": INSTANT, "known_at": INSTANT,
                     "closed_at": NULL_INSTANT, "grade": ANY_OBJ, "log": _list(ANY_OBJ),
                     "deadlines": _obj({
                         "initial_due": STR, "hours": NUM, "article": STR,
                         "procedure": {"type": "string", "enum": list(rules.REPORT_TO)},
                         "report_to": _list({"type": "string", "enum": sorted(
                             {k for v in rules.REPORT_TO.values() for k in v})}),
                         "article_4": _list(STR)}, ("initial_due", "hours", "report_to"))},
                    ("id", "kind", "status", "version"))
    return {
        "Weather": weather,
        "Incident": incident,
        "IncidentOne": _obj({"incident": ref("Incident")}, ("incident",)),
        "IncidentList": _obj({"incidents": _list(ANY_OBJ)}, ("incidents",)),
        "NewIncident": _obj({
            "kind": {"type": "string", "enum": list(rules.KINDS)},
            "lon": {**NUM, "minimum": -180, "maximum": 180},
            "lat": {**NUM, "minimum": -80, "maximum": 84},
            "substance": {**STR, "description": "a substance of the table, or its CAS"},
            "mass_kg": {**NUM, "exclusiveMinimum": True, "minimum": 0},
            "rate_g_s": {**NUM, "exclusiveMinimum": True, "minimum": 0},
            "duration_min": {**NUM, "exclusiveMinimum": True, "minimum": 0},
            "started_at": INSTANT, "risk_source_id": INT, "description": STR,
            "weather": ref("Weather")}, ("kind",), closed=True),
        "IncidentChange": _obj({
            "weather": {"allOf": [ref("Weather")], "nullable": True,
                        "description": "null: back to the observed wind (or screening)"},
            "mass_kg": NUM, "rate_g_s": NUM, "duration_min": NUM,
            "status": status, "casualties": casualties, "description": STR},
            closed=True) | {"minProperties": 1},
        "NewLogEntry": _obj({"kind": {"type": "string", "enum": list(rules.LOG_KINDS),
                                      "default": "note"},
                             "text": STR, "value": NUM, "unit": STR, "target": STR,
                             "serves": {"type": "string", "enum": ["city", "county",
                                                                   "township"]}},
                            closed=True),
        "LogEntry": _obj({"id": INT, "at": INSTANT, "actor": STR, "kind": STR, "text": STR,
                          "data": ANY_OBJ}, ("id", "at", "actor", "kind")),
        "LogEntryOne": _obj({"entry": ref("LogEntry")}, ("entry",)),
        "Receptors": _obj({"receptors": _list(ANY_OBJ), "summary": ANY_OBJ},
                          ("receptors", "summary")),
        "Resources": _obj({"resources": _list(ANY_OBJ)}, ("resources",)),
        "Downstream": ANY_OBJ,
        "JsonFeatureCollection": _obj({"type": {"type": "string",
                                                "enum": ["FeatureCollection"]},
                                       "features": _list(ANY_OBJ)}, ("type", "features")),
    }


def api_schemas() -> dict[str, Any]:
    """Every ``/api`` schema by name (the error shape is the OGC document's ``Exception``)."""
    from apidocs.areas import area_modules

    schemas = {**_auth(), **_cockpit(), **_emergency()}
    for module in area_modules():
        part = module.schemas()
        twice = sorted(set(part) & set(schemas))
        if twice:
            raise RuntimeError(f"{module.__name__} redefines API schemas: {twice}")
        schemas.update(part)
    return schemas


# the schema builders, for the workspace modules of apidocs.areas
obj = _obj
list_of = _list
