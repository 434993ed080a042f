"""``/api/observations``: the live feed of monitoring data (air stations, water sections)
and its arrival monitor."""

from __future__ import annotations

from typing import Any

from apidocs.operations import CSV, JSON, Operation, json_or, ok, query_param
from apidocs.schemas import INSTANT, INT, NUM, STR, list_of, obj, ref
from decision_models.qc import FLAGS
from feeds.service import WATER_ITEMS

TAG = "Feeds"
NULL_NUM = {**NUM, "nullable": True}
FLAG_MAP = {"type": "object", "additionalProperties": list_of({"type": "string",
                                                                "enum": list(FLAGS)}),
            "description": "{column: [QC flag codes]} of the flagged values (kept, but left "
                           "out of AQI, KPIs, surfaces and forecasts)."}


def _post(kind: str, body: str, what: str) -> Operation:
    return Operation(
        f"feeds_api.post_{kind}", "POST", f"/api/observations/{kind}", f"post{kind.title()}"
        "Observations", f"Post hourly {what} readings (JSON list or CSV); upsert by "
        "(code, time)", TAG,
        ok("Stored in one transaction: the counts of rows inserted, updated (the previous "
           "values go to the audit log), unchanged and flagged by QC. The same message "
           "twice changes nothing. A CSV body (`Content-Type: text/csv`, same columns, an "
           "empty cell is null) is accepted too. More rows than `settings.feed_max_rows` "
           "→ 413.", schema=ref("FeedResult")),
        body=body, errors=("400", "403", "422"))


def operations() -> list[Operation]:
    return [
        _post("air", "AirReadings", "air-station"),
        _post("water", "WaterReadings", "water-section"),
        Operation(
            "feeds_api.get_arrival", "GET", "/api/observations/arrival", "getArrival",
            "Arrival rate (数据到报率) per station and day; stations silent for hours", TAG,
            json_or("Every station of the network, its last fed reading, whether it is "
                    "stale (no reading for `hours`) and the share of expected readings "
                    "received per day (air 24, water 6 a day; today: the hours begun).",
                    ref("Arrival"), {}),
            parameters=(
                query_param("kind", "The network.", {"type": "string",
                                                     "enum": ["air", "water"],
                                                     "default": "air"}),
                query_param("days", "Days back, today included.",
                            {**INT, "minimum": 1, "maximum": 31, "default": 7}),
                query_param("hours", "Hours of silence that make a station stale.",
                            {**INT, "minimum": 1, "maximum": 72, "default": 3}),
            ),
            errors=("400", "403")),
    ]


def schemas() -> dict[str, Any]:
    time = {**INSTANT, "description": "Beijing time, on the hour (naive, or with an "
                                      "offset: converted to Beijing time)"}
    air = obj({"station": {**STR, "description": "Station code (air_stations), e.g. 1270A"},
               "time": time,
               **{k: {**NULL_NUM, "description": "µg/m³"} for k in
                  ("pm2_5", "pm10", "so2", "no2")},
               "co": {**NULL_NUM, "description": "mg/m³"},
               "o3": {**NULL_NUM, "description": "µg/m³, 1-h value"}},
              ("station", "time"), closed=True)
    water = obj({"section": {**STR, "description": "Section code (water_sections); "
                                                   "`station` is accepted too"},
                 "time": time,
                 **{k: {**NULL_NUM, "description": "as in water_samples (mg/L; pH "
                                                   "dimensionless; °C)"} for k in WATER_ITEMS}},
                ("section", "time"))
    return {
        "AirReadings": list_of(air),
        "WaterReadings": list_of(water),
        "FeedResult": obj({
            "rows": INT, "inserted": INT, "updated": INT, "unchanged": INT, "flagged": INT,
            "flags": {"type": "object", "additionalProperties": INT,
                      "description": "Flagged values per QC flag code"},
            "flagged_rows": list_of(obj({"row": INT, "station": STR, "section": STR,
                                         "time": INSTANT, "flags": FLAG_MAP})),
            "received_at": INSTANT}, ("rows", "inserted", "updated", "unchanged",
                                      "flagged")),
        "Arrival": obj({
            "kind": STR, "now": INSTANT, "stale_after_hours": INT,
            "stations": list_of(obj({
                "code": STR, "name": STR, "last": {**INSTANT, "nullable": True},
                "stale": {"type": "boolean"},
                "days": list_of(obj({"date": STR, "expected": INT, "received": INT,
                                     "flagged": INT, "rate": NUM}))}))},
            ("kind", "stations")),
    }


__all__ = ["CSV", "JSON", "operations", "schemas"]
