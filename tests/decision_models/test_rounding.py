"""GB/T 8170 rounding: one implementation, used by the AQI and the annual evaluation."""

import numpy as np
import pandas as pd
import pytest

from decision_models import aqi
from decision_models.air_quality_eval import annual_evaluation
from decision_models.errors import ModelInputError
from decision_models.rounding import QUANTUM, round_gbt8170, round_half_even
from decision_models.standards_tables import hj633


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        # GB/T 8170-2008 §3.3 examples: 12.1498 → 12.1 (one decimal) and 12 (units);
        # 10.5002 → 11; 1.050 → 1.0 and 0.35 → 0.4 (interval 0.1, a tie goes to even).
        pytest.param(12.1498, 1, 12.1, id="12.1498-to-0.1"),
        pytest.param(12.1498, 0, 12.0, id="12.1498-to-1"),
        pytest.param(10.5002, 0, 11.0, id="above-half-up"),
        pytest.param(1.050, 1, 1.0, id="tie-to-even-down"),
        pytest.param(0.35, 1, 0.4, id="tie-to-even-up"),
        pytest.param(35.5, 0, 36.0, id="35.5"),
        pytest.param(36.5, 0, 36.0, id="36.5"),
        pytest.param(2.45, 1, 2.4, id="co-tie"),
    ],
)
def test_round_gbt8170_published_examples(value, decimals, expected):
    assert round_gbt8170(value, decimals) == expected


def test_scalar_and_array_paths_agree():
    q = np.arange(-3 * QUANTUM, 3 * QUANTUM, QUANTUM // 4, dtype=np.int64)
    step = QUANTUM
    array = round_half_even(q, step)
    assert [round_half_even(int(v), step) for v in q] == array.tolist()
    assert array.tolist()[:4] == [-3 * QUANTUM, -3 * QUANTUM, -2 * QUANTUM, -2 * QUANTUM]


def test_bad_decimals():
    with pytest.raises(ModelInputError, match="decimals"):
        round_gbt8170(1.0, -1)


def test_annual_mean_ties_round_to_even():
    # a year of 35.5 µg/m³ (a decimal tie) is reported as 36, one of 36.5 also as 36
    index = pd.date_range("2021-01-01", periods=365, freq="D")
    for value in (35.5, 36.5):
        frame = pd.DataFrame({"PM2.5": np.full(365, value)}, index=index)
        assert annual_evaluation(frame).statistics["PM2.5_mean"] == 36.0


def test_hj633_2026_rounds_before_indexing():
    # PM2.5 60.5 → 60 (tie to even) → IAQI 100 under HJ 633-2026; 61.5 → 62 → above 100
    assert aqi.iaqi("PM2.5", 60.5, standard="HJ633-2026") == 100
    assert aqi.iaqi("PM2.5", 61.5, standard="HJ633-2026") > 100
    frame = aqi.aqi_frame(pd.DataFrame({"PM2.5": [60.5, 61.5]}), standard="HJ633-2026")
    assert frame["iaqi_PM2.5"].tolist()[0] == 100 < frame["iaqi_PM2.5"].tolist()[1]


def test_primary_pollutant_threshold_is_the_standard_constant(monkeypatch):
    values = {"SO2": 5, "NO2": 10, "PM10": 20, "PM2.5": 60, "CO": 0.5, "O3_8h": 60}
    result = aqi.aqi(values, period="24h", standard="HJ633-2012")
    assert 50 < result.aqi <= 100 and result.primary == ["PM2.5"]
    monkeypatch.setattr(hj633, "PRIMARY_ABOVE", 100)
    assert aqi.aqi(values, period="24h", standard="HJ633-2012").primary == []
    frame = aqi.aqi_frame(pd.DataFrame({k: [v] for k, v in values.items()}),
                          standard="HJ633-2012")
    assert frame["primary"].tolist() == [""]
