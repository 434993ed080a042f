"""The heavy-pollution warning rule as data: which condition fired, on worked cases.

Thresholds: 环办大气函〔2018〕875号 (air.md §6) — yellow: AQI > 200 on a day, or > 150 for
2 days; orange: > 200 for 2 days, or > 150 for 3 days; red: > 200 for 3 days with > 300
on 1 day. The highest level met wins.
"""

from __future__ import annotations

import pandas as pd
import pytest

from decision_models.air_quality_eval import WarningCriteria, assess_warning
from decision_models.errors import ModelInputError
from decision_models.forecast.warning import warning_conditions, warning_from_forecast


def _conditions(aqi: list[float], criteria=None):
    result = assess_warning(aqi, criteria)
    return result.level, [(c["above"], c["days"], c["and_above"], c["and_days"])
                          for c in warning_conditions(result, criteria)]


@pytest.mark.parametrize("aqi, level, fired", [
    pytest.param([80, 90, 100, 120, 140, 150, 150], "none", [], id="150-is-not-above-150"),
    pytest.param([80, 201, 100, 90, 80, 70, 60], "yellow", [(200.0, 1, None, None)],
                 id="one-day-above-200"),
    pytest.param([80, 151, 160, 100, 90, 80, 70], "yellow", [(150.0, 2, None, None)],
                 id="two-days-above-150"),
    pytest.param([80, 151, 160, 170, 90, 80, 70], "orange", [(150.0, 3, None, None)],
                 id="three-days-above-150"),
    pytest.param([80, 210, 220, 100, 90, 80, 70], "orange", [(200.0, 2, None, None)],
                 id="two-days-above-200"),
    pytest.param([210, 220, 230, 160, 90, 80, 70], "orange",
                 [(200.0, 2, None, None), (150.0, 3, None, None)], id="both-orange-rules"),
    pytest.param([80, 210, 320, 230, 90, 80, 70], "red", [(200.0, 3, 300.0, 1)],
                 id="red-needs-a-day-above-300"),
])
def test_the_condition_that_fired_is_named(aqi, level, fired):
    assert _conditions(aqi) == (level, fired)


def test_three_days_above_200_without_300_is_orange_not_red():
    level, fired = _conditions([80, 210, 290, 230, 90, 80, 70])
    assert level == "orange"
    assert (200.0, 2, None, None) in fired


def test_local_criteria_are_followed():
    strict = WarningCriteria(elevated=100, yellow_elevated_days=2)
    assert _conditions([80, 120, 130, 90, 80, 70, 60], strict) == (
        "yellow", [(100.0, 2, None, None)])


def test_the_rule_comes_from_a_forecast_table():
    days = pd.date_range("2016-12-21", periods=3, freq="D")
    frame = pd.DataFrame({"where": "340100", "issued_at": pd.Timestamp("2016-12-20"),
                          "target_date": days, "pollutant": "AQI", "value": [160, 170, 90]})
    result = warning_from_forecast(frame)
    assert result.level == "yellow"
    assert result.trigger_days == list(days[:2])
    assert warning_conditions(result)[0]["text"] == "AQI > 150 for ≥ 2 d"


def test_unknown_reasons_are_refused():
    from decision_models.air_quality_eval import WarningResult

    with pytest.raises(ModelInputError):
        warning_conditions(WarningResult("yellow", [0], ["something else"]))
