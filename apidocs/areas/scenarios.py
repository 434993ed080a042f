"""``/api/scenarios``: emission-cut (air) and load-cut (water) scenarios, run as background
jobs, with their tables, map tiles, GeoTIFF and CSV exports (:mod:`scenarios.api`)."""

from __future__ import annotations

from typing import Any

from apidocs.operations import CSV, Operation, ok, path_param, query_param
from apidocs.schemas import BOOL, INSTANT, INT, NUM, STR, list_of, obj, ref

TAG = "Scenarios"
PREFIX = "/api/scenarios"
ONE = f"{PREFIX}/{{sid}}"
SID = path_param("sid", "The scenario's id.")
ANY: dict[str, Any] = {"type": "object"}
NULL_STR = {**STR, "nullable": True}
NULL_INSTANT = {**INSTANT, "nullable": True}
POLLUTANT = query_param("pollutant", "Air pollutant of the surface.",
                        {"type": "string", "enum": ["PM2_5", "PM10", "SO2", "NO2"],
                         "default": "PM2_5"})
STATUS = {"type": "string", "enum": ["queued", "running", "done", "failed"]}
LOCATION = {"Location": {"description": "The scenario's status URL.", "schema": STR}}


def operations() -> list[Operation]:
    accepted = {**ok("Queued; poll `status_url` until `status` is done or failed.",
                     schema=ref("ScenarioAccepted")), "headers": LOCATION}
    return [
        Operation("scenarios_api.create", "POST", PREFIX, "createScenario",
                  "Create and run a scenario (a background job)", TAG, accepted, "202",
                  body="NewScenario", errors=("400", "403", "422")),
        Operation("scenarios_api.index", "GET", PREFIX, "listScenarios",
                  "Saved scenarios, newest first", TAG,
                  ok("The scenarios (without their results).", schema=ref("ScenarioList")),
                  parameters=(query_param("mine", "Only mine (`1`).", STR),
                              query_param("kind", "Only this kind.",
                                          {"type": "string", "enum": ["air", "water"]})),
                  errors=("403", "422")),
        Operation("scenarios_api.compare", "GET", f"{PREFIX}/compare", "compareScenarios",
                  "Two done air scenarios' deltas side by side", TAG,
                  ok("Station and district deltas of a and b.",
                     schema=ref("ScenarioComparison")),
                  parameters=({**query_param("a", "First scenario id.", INT),
                               "required": True},
                              {**query_param("b", "Second scenario id.", INT),
                               "required": True}),
                  errors=("400", "403", "404", "422")),
        Operation("scenarios_api.show", "GET", ONE, "getScenario",
                  "A scenario: status, progress, tables, tiles, provenance", TAG,
                  ok("The scenario.", schema=ref("Scenario")), parameters=(SID,),
                  errors=("403", "404")),
        Operation("scenarios_api.remove", "DELETE", ONE, "deleteScenario",
                  "Delete a scenario (its owner or an administrator; audited)", TAG,
                  {"description": "Deleted (no body)."}, "204", parameters=(SID,),
                  errors=("403", "404")),
        Operation("scenarios_api.cancel", "POST", f"{ONE}/cancel", "cancelScenario",
                  "Stop a queued or running scenario", TAG,
                  ok("The scenario (failed: cancelled).", schema=ref("Scenario")),
                  parameters=(SID,), body="ScenarioCancel", errors=("400", "403", "404")),
        Operation("scenarios_api.duplicate", "POST", f"{ONE}/duplicate",
                  "duplicateScenario", "Run a copy of a scenario's parameters", TAG,
                  accepted, "202", parameters=(SID,), body="ScenarioCopy",
                  errors=("400", "403", "404", "422")),
        Operation("scenarios_api.tables", "GET", f"{ONE}/tables.csv", "getScenarioTables",
                  "The station and district tables (or water sections) as CSV", TAG,
                  ok("CSV, UTF-8 with BOM.", media=CSV, schema=STR), parameters=(SID,),
                  errors=("403", "404")),
        Operation("scenarios_api.delta_tif", "GET", f"{ONE}/delta.tif", "getScenarioDelta",
                  "GeoTIFF of the delta surface (scenario − baseline, µg/m³, EPSG:4326)",
                  TAG, ok("A float32 GeoTIFF.", media="image/tiff",
                          schema={"type": "string", "format": "binary"}),
                  parameters=(SID, POLLUTANT), errors=("403", "404", "422")),
        Operation("scenarios_api.tile", "GET", f"{ONE}/tiles/{{layer}}/{{z}}/{{x}}/{{y}}.png",
                  "getScenarioTile", "Map tile of a baseline, scenario or delta surface",
                  TAG, ok("A 256 × 256 PNG (transparent outside the data).",
                          media="image/png", schema={"type": "string", "format": "binary"}),
                  parameters=(SID, {**path_param("layer", "baseline, scenario or delta.",
                                                 integer=False),
                                    "schema": {"type": "string",
                                               "enum": ["baseline", "scenario", "delta"]}},
                              path_param("z", "Zoom (0–22)."), path_param("x", "Column."),
                              path_param("y", "Row."), POLLUTANT),
                  errors=("403", "404", "422")),
    ]


def schemas() -> dict[str, Any]:
    select = {"description": "One of `{\"all\": true}`, `{\"district\": \"340104\"}`, "
                             "`{\"industry\": \"...\"}` (an industry of the sources, or "
                             "`交通`: road traffic and non-road machinery, synthetic), "
                             "`{\"ids\": [...]}`, "
                             "`{\"polygon\": <GeoJSON>}`; water: `{\"outfalls\": [...]}`, "
                             "`{\"river\": \"...\"}`, `{\"catchment\": \"...\"}`.",
              "type": "object"}
    cut = obj({"select": select,
               "pollutant": {"type": "string", "description": "Air: PM2_5, PM10, SO2, NO2; "
                             "water: COD, NH3_N, TP."},
               "fraction": {**NUM, "minimum": 0, "maximum": 1,
                            "description": "Reduction, 0.3 = −30 %."}},
              ("select", "pollutant", "fraction"))
    row = obj({"code": STR, "name": STR, "district": STR, "pollutant": STR, "baseline": NUM,
               "scenario": NUM, "delta": NUM}, ("code", "pollutant", "baseline", "scenario",
                                                "delta"))
    summary = obj({"id": INT, "kind": STR, "name": STR, "owner": STR, "status": STATUS,
                   "progress": NUM, "error": NULL_STR, "created_at": INSTANT,
                   "finished_at": NULL_INSTANT, "job_id": NULL_STR},
                  ("id", "kind", "name", "owner", "status", "progress"))
    pair = obj({"code": STR, "name": STR, "pollutant": STR, "delta_a": NUM, "delta_b": NUM,
                "difference": NUM})
    return {
        "NewScenario": obj({
            "name": STR, "kind": {"type": "string", "enum": ["air", "water"],
                                  "default": "air"},
            "cuts": list_of(cut),
            "add_sources": list_of(obj({"name": STR, "lon": NUM, "lat": NUM,
                                        "height_m": NUM, "emissions_t_a": ANY},
                                       ("lon", "lat", "emissions_t_a"))),
            "move_sources": list_of(obj({"id": STR, "lon": NUM, "lat": NUM},
                                        ("id", "lon", "lat")))}, ("name",)),
        "ScenarioCopy": obj({"name": STR}),
        "ScenarioCancel": {**obj({}), "description": "Empty; nothing to say."},
        "ScenarioAccepted": obj({"id": INT, "status_url": STR}, ("id", "status_url")),
        "ScenarioList": obj({"scenarios": list_of(summary)}, ("scenarios",)),
        "Scenario": obj({
            "id": INT, "kind": STR, "name": STR, "owner": STR, "status": STATUS,
            "progress": NUM, "error": NULL_STR, "created_at": INSTANT,
            "finished_at": NULL_INSTANT, "job_id": NULL_STR, "params": ANY,
            "stations": list_of(row), "districts": list_of(row),
            "tiles": {**ANY, "description": "`layers.{baseline,scenario,delta}.url` XYZ "
                      "templates with `{pollutant}`, legends, `bounds`, `geotiff`."},
            "provenance": {**ANY, "description": "Who, when, model and matrix version, "
                           "inputs hash, the full parameters."},
            "top": ANY, "kpi": ANY, "sections": list_of(ANY), "reaches": ANY, "lake": ANY,
            "synthetic": BOOL},
            ("id", "status", "progress", "stations", "districts", "tiles", "provenance")),
        "ScenarioComparison": obj({"a": ANY, "b": ANY, "stations": list_of(pair),
                                   "districts": list_of(pair)}),
    }
