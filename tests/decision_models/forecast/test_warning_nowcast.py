import numpy as np
import pandas as pd
import pytest

from decision_models.forecast import ModelInputError, nowcast, warning_from_forecast
from decision_models.forecast.warning import forecast_aqi_series


def _table(aqi_values):
    days = pd.date_range("2016-12-01", periods=len(aqi_values))
    rows = [
        {
            "where": "340100",
            "issued_at": pd.Timestamp("2016-11-30"),
            "target_date": d,
            "pollutant": "AQI",
            "value": float(v),
        }
        for d, v in zip(days, aqi_values, strict=True)
    ]
    rows.append(
        {
            "where": "340100",
            "issued_at": pd.Timestamp("2016-11-30"),
            "target_date": days[0],
            "pollutant": "PM2.5",
            "value": 999.0,
        }
    )
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("series", "level", "days"),
    [
        ([80, 90, 120, 100, 60, 50, 40], "none", []),
        ([80, 210, 120, 100, 60, 50, 40], "yellow", [1]),
        ([80, 160, 170, 100, 60, 50, 40], "yellow", [1, 2]),
        ([80, 210, 220, 100, 60, 50, 40], "orange", [1, 2]),
        ([80, 210, 320, 250, 60, 50, 40], "red", [1, 2, 3]),
    ],
)
def test_warning_from_hand_made_forecast(series, level, days):
    result = warning_from_forecast(_table(series))
    assert result.level == level
    expected = list(pd.date_range("2016-12-01", periods=7)[days])
    assert [pd.Timestamp(d) for d in result.trigger_days] == expected


def test_aqi_series_extraction_checks_input():
    s = forecast_aqi_series(_table([50, 60]))
    assert list(s) == [50.0, 60.0]  # the PM2.5 row is ignored
    with pytest.raises(ModelInputError):
        forecast_aqi_series(_table([50, np.nan]))
    with pytest.raises(ModelInputError):
        forecast_aqi_series(_table([50]).query("pollutant != 'AQI'"))


def test_nowcast_shape_and_persistence():
    out = nowcast("1270A", "2020-04-01T10:00", hours=6, method="persistence")
    assert out["lead_hours"].max() == 6
    assert set(out["pollutant"]) == {"PM2.5", "PM10", "O3", "NO2", "SO2", "CO", "AQI"}
    raw = pd.read_csv("data_samples/air/hefei_stations_hourly_2020-03-26_2020-04-08.csv")
    now = raw[(raw.stationcode == "1270A") & (raw.time == "2020-04-01T10:00:00")]
    pm = out[out["pollutant"] == "PM2.5"]["value"]
    assert (pm == float(now["pm2_5"].iloc[0])).all()
    # PM10 is missing at the issue hour: NaN, not filled; so no (partial) AQI either
    assert out[out["pollutant"] == "PM10"]["value"].isna().all()
    assert out[out["pollutant"] == "AQI"]["value"].isna().all()


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"hours": 0}, "hours"),
        ({"hours": 25}, "hours"),
        ({"station": "1299A"}, "where"),
        ({"issued_at": "2021-01-01"}, "issued_at"),
        ({"method": "magic"}, "method"),
    ],
)
def test_nowcast_bad_input(kwargs, parameter):
    args = {"station": "1270A", "issued_at": "2020-04-01T10:00", **kwargs}
    with pytest.raises(ModelInputError) as err:
        nowcast(**args)
    assert err.value.parameter == parameter
