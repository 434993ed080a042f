"""``/api/forecast``: the 7-day forecast, its model card and skill, past forecasts against
observations, and retraining as a background job (:mod:`forecasting.api`)."""

from __future__ import annotations

from typing import Any

from apidocs.operations import Operation, ok, path_param, query_param
from apidocs.schemas import INSTANT, INT, NUM, STR, list_of, obj, ref

TAG = "Forecast"
PREFIX = "/api/forecast"
NULL_NUM = {**NUM, "nullable": True}
NULL_INT = {**INT, "nullable": True}
NULL_STR = {**STR, "nullable": True}
DATE = {"type": "string", "format": "date"}
ANY: dict[str, Any] = {"type": "object"}

WHERE = {**query_param("where", "A GB/T 2260 city code (`340100`) or a station code "
                       "(`1270A`).", STR), "required": True}
ISSUED_AT = query_param("issued_at", "Issue day (YYYY-MM-DD): the last day whose data is "
                        "used; default the latest day with data in the store.", DATE)
HORIZON = query_param("horizon_days", "Lead days, 1–7.",
                      {**INT, "minimum": 1, "maximum": 7, "default": 7})
JOB_ID = path_param("job_id", "The job's id (32 hex digits).", integer=False)
WEEKS = query_param("weeks", "Weeks of past forecasts, 1–52.",
                    {**INT, "minimum": 1, "maximum": 52, "default": 4})


def operations() -> list[Operation]:
    return [
        Operation("forecast_api.show", "GET", PREFIX, "getForecast",
                  "7-day forecast of AQI and each pollutant with intervals and the warning",
                  TAG, ok("One row per day and pollutant (AQI included).",
                          schema=ref("Forecast")),
                  parameters=(WHERE, ISSUED_AT, HORIZON), errors=("403", "422")),
        Operation("forecast_api.model", "GET", f"{PREFIX}/model", "getForecastModel",
                  "Model card: version, training period, features, backtest skill", TAG,
                  ok("The card; `notice` says why no model answers.",
                     schema=ref("ForecastModelCard")),
                  parameters=(WHERE,), errors=("403", "422")),
        Operation("forecast_api.past", "GET", f"{PREFIX}/history", "getForecastHistory",
                  "Past forecasts against what was observed (stored backtest)", TAG,
                  ok("The forecasts of the window, with hit rate and coverage.",
                     schema=ref("ForecastHistory")),
                  parameters=(WHERE, WEEKS, {**ISSUED_AT, "description":
                                             "Last day of the window (default: the end of "
                                             "the backtest)."},
                              query_param("pollutant", "Only this variable.", {
                                  "type": "string", "enum": [
                                      "AQI", "PM2.5", "PM10", "O3_8h", "NO2", "SO2", "CO"]}),
                              query_param("lead", "Only this lead [days].",
                                          {**INT, "minimum": 1, "maximum": 7})),
                  errors=("403", "422")),
        Operation("forecast_api.places", "GET", f"{PREFIX}/places", "listForecastPlaces",
                  "The region's city (with or without a daily series) and the stations "
                  "with observations", TAG,
                  ok("The places.", schema=ref("ForecastPlaces")), errors=("403",)),
        Operation("forecast_api.retrain", "POST", f"{PREFIX}/retrain", "retrainForecast",
                  "Retrain a place's model (a background job)", TAG,
                  {**ok("The job, queued; poll `status_url`.", schema=ref("ForecastJob")),
                   "headers": {"Location": {"description": "The job's status URL.",
                                            "schema": STR}}},
                  "202", body="ForecastRetrain", errors=("400", "403", "409", "422")),
        Operation("forecast_api.job", "GET", f"{PREFIX}/retrain/{{job_id}}",
                  "getForecastJob", "A retraining job's state and progress", TAG,
                  ok("The job.", schema=ref("ForecastJob")),
                  parameters=(JOB_ID,), errors=("403", "404")),
        Operation("forecast_api.cancel", "DELETE", f"{PREFIX}/retrain/{{job_id}}",
                  "cancelForecastJob", "Ask a retraining job to stop", TAG,
                  ok("The job (cancelled, or stopping after the series in hand).",
                     schema=ref("ForecastJob")),
                  parameters=(JOB_ID,), errors=("403", "404")),
    ]


def schemas() -> dict[str, Any]:
    row = obj({"date": DATE, "pollutant": {"type": "string", "enum": [
                   "AQI", "PM2.5", "PM10", "O3_8h", "NO2", "SO2", "CO"]},
               "value": NULL_NUM, "lower": NULL_NUM, "upper": NULL_NUM,
               "level": {**NULL_INT, "description": "AQI level 1–6 (for a pollutant, the "
                         "level of its IAQI) by the HJ 633 version in force on the date."}},
              ("date", "pollutant", "value", "lower", "upper", "level"), closed=True)
    condition = obj({"level": STR, "above": NUM, "days": INT, "and_above": NULL_NUM,
                     "and_days": NULL_INT, "text": STR})
    warning = obj({"level": {**NULL_STR, "description": "none, yellow, orange or red; null "
                             "when the forecast AQI has a gap."},
                   "conditions": list_of(condition), "trigger_days": list_of(DATE),
                   "basis": STR, "detail": STR}, ("level", "conditions", "trigger_days"))
    job = obj({"id": STR, "where": NULL_STR, "status": {"type": "string", "enum": [
                   "queued", "running", "done", "failed", "cancelled"]},
               "progress": NUM, "done": INT, "total": INT, "message": STR,
               "methods": list_of(STR),
               "created_at": INSTANT, "started_at": {**INSTANT, "nullable": True},
               "finished_at": {**INSTANT, "nullable": True}, "version": NULL_STR,
               "error": NULL_STR, "by": NULL_STR, "status_url": STR},
              ("id", "where", "status", "progress"))
    return {
        "Forecast": obj({"where": STR, "issued_at": DATE,
                         "model_version": {**STR, "description": "The model's registry "
                                           "version, or `baseline:<method>` when no model "
                                           "could be used."},
                         "rows": list_of(row), "warning": warning},
                        ("where", "issued_at", "model_version", "rows", "warning"),
                        closed=True),
        "ForecastModelCard": obj({"where": STR, "kind": STR,
                                  "model": {**ANY, "nullable": True},
                                  "notice": {**ANY, "nullable": True},
                                  "skill": {**ANY, "nullable": True},
                                  "training_need": ANY, "data_period": list_of(DATE)},
                                 ("where", "kind", "model", "notice", "skill")),
        "ForecastHistory": obj({"where": STR, "weeks": INT,
                                "period": {**list_of(DATE), "nullable": True},
                                "rows": list_of(ANY), "summary": list_of(ANY),
                                "notice": {**ANY, "nullable": True}},
                               ("where", "weeks", "rows", "summary")),
        "ForecastPlaces": obj({"places": list_of(obj({"code": STR, "kind": STR,
                                                      "name_zh": STR, "name_en": STR}))},
                              ("places",)),
        "ForecastRetrain": obj({"where": STR, "methods": {
            **list_of(STR), "description": "Candidate methods (default all: persistence, "
            "climatology, seasonal_naive, ridge, hgb, blend)."}}, ("where",)),
        "ForecastJob": job,
    }
