"""``/api/incidents/{id}/events`` (server-sent events) and ``/weather`` (the wind used)."""

from __future__ import annotations

from typing import Any

from apidocs.operations import Operation, ok, path_param, query_param
from apidocs.schemas import INT, NUM, STR, obj, ref

TAG = "Emergency"
ONE = "/api/incidents/{incident_id}"
INCIDENT_ID = path_param("incident_id", "The incident's id.")
STEP = query_param("step", "The incident as it was right after this log entry (after-action "
                   "replay); default: now.", {**INT, "minimum": 0})


def operations() -> list[Operation]:
    return [
        Operation(
            "emergency_api.events", "GET", f"{ONE}/events", "streamIncidentEvents",
            "Server-sent events: the incident moved", TAG,
            ok("`text/event-stream`: an event `change` whose data is the JSON "
               "`{version, log_id, met_time}`, at once and whenever one of them moves (a "
               "change, a log entry, a new hour of wind observations), a comment as heartbeat "
               "each second; the stream ends after 30 s and the browser's EventSource "
               "reconnects. A request without `Accept: text/event-stream` gets the first "
               "event only.", "text/event-stream",
               obj({"event": {"type": "string", "enum": ["change"]},
                    "data": {**STR, "description": "JSON {version, log_id, met_time}"}},
                   ("event", "data"))),
            parameters=(INCIDENT_ID,), errors=("403", "404")),
        Operation(
            "emergency_api.weather", "GET", f"{ONE}/weather", "getIncidentWeather",
            "The wind the zones use, with its source (manual, observed, screening)", TAG,
            ok("`weather`: the wind used (for water spills null); `observed`: the nearest "
               "station's observation within 30 km and 3 h (its station, time, age and "
               "distance), or null.", schema=ref("IncidentWeather")),
            parameters=(INCIDENT_ID, STEP), errors=("403", "404", "422")),
    ]


def schemas() -> dict[str, Any]:
    wind = obj({"wind_speed_m_s": NUM, "wind_from_deg": NUM, "stability": STR,
                "source": {"type": "string", "enum": ["manual", "observed", "screening"]},
                "station": STR, "station_name": STR, "observed_at": STR, "age_min": INT,
                "distance_km": NUM})
    return {"IncidentWeather": obj({"weather": {**wind, "nullable": True},
                                    "observed": {**wind, "nullable": True}},
                                   ("weather", "observed"))}
