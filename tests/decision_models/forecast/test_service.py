import json

import numpy as np
import pandas as pd
import pytest

from decision_models.forecast import (
    ModelInputError,
    ModelNotAvailable,
    ModelStale,
    baseline_forecast,
    forecast,
    load_current,
    save,
    train,
)
from decision_models.forecast.constants import POLLUTANTS
from tests.decision_models.forecast.synth import daily_series

FAST = ("persistence", "climatology", "seasonal_naive", "ridge")


@pytest.fixture(scope="module")
def history():
    return daily_series(430, start="2015-01-01")


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory, history):
    root = tmp_path_factory.mktemp("models")
    bundle = train(
        history, "340100", leads=(1, 2, 3), methods=FAST, val_months=3, refit_every_days=None
    )
    save(bundle, root)
    return root


def test_registry_files_and_metadata(models_dir):
    where = models_dir / "340100"
    version = (where / "CURRENT").read_text().strip()
    meta = json.loads((where / version / "metadata.json").read_text())
    assert (where / version / "model.joblib").is_file()
    assert meta["training_period"] == ["2015-01-01", "2016-03-05"]
    assert meta["code_version"] and meta["source_hash"] in version
    assert set(meta["features"]) == set(POLLUTANTS)
    assert meta["metrics"]["PM2.5|1"]["selected"] in FAST


def test_forecast_table(models_dir, history):
    out = forecast(
        "340100",
        "2016-03-05",
        horizon_days=3,
        models_dir=models_dir,
        history=history,
        standard="HJ633-2012",
    )
    assert len(out) == 3 * (len(POLLUTANTS) + 1)
    assert set(out["pollutant"]) == {*POLLUTANTS, "AQI"}
    assert (out["lower"] <= out["value"]).all() and (out["value"] <= out["upper"]).all()
    assert out["model_version"].str.startswith("v").all()
    assert list(out["target_date"].drop_duplicates()) == list(
        pd.date_range("2016-03-06", periods=3)
    )
    assert not out["in_sample"].any()
    aqi = out[out["pollutant"] == "AQI"]
    assert aqi["level"].between(1, 6).all()
    # the AQI row is the standards engine applied to the forecast concentrations
    from decision_models.aqi import aqi_frame

    wide = out[out["pollutant"] != "AQI"].pivot(
        index="target_date", columns="pollutant", values="value"
    )
    expected = aqi_frame(wide, standard="HJ633-2012")["aqi"].astype(float).to_numpy()
    np.testing.assert_array_equal(aqi["value"].to_numpy(), expected)


def test_pollutant_subset_keeps_aqi(models_dir, history):
    out = forecast(
        "340100",
        "2016-03-01",
        horizon_days=2,
        pollutants=["PM2.5"],
        models_dir=models_dir,
        history=history,
    )
    assert set(out["pollutant"]) == {"PM2.5", "AQI"}


def test_missing_and_stale_models(models_dir, history, tmp_path):
    with pytest.raises(ModelNotAvailable, match="no trained model"):
        forecast("340100", "2016-03-01", models_dir=tmp_path, history=history)
    with pytest.raises(ModelStale, match="days before the issue date"):
        load_current("340100", models_dir, issued_at=pd.Timestamp("2018-01-01"))
    assert issubclass(ModelNotAvailable, ModelInputError)


def test_baseline_fallback_has_the_same_shape(models_dir, history):
    base = baseline_forecast("340100", "2016-03-05", horizon_days=3, history=history)
    model = forecast("340100", "2016-03-05", horizon_days=3, models_dir=models_dir, history=history)
    assert list(base.columns) == list(model.columns)
    assert len(base) == len(model)
    assert (base["model_version"] == "baseline:persistence").all()
    pm = base[base["pollutant"] == "PM2.5"]["value"]
    assert (pm == history.at[pd.Timestamp("2016-03-05"), "PM2.5"]).all()
    assert base["lower"].notna().all()


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"horizon_days": 0}, "horizon_days"),
        ({"horizon_days": 8}, "horizon_days"),
        ({"horizon_days": 2.5}, "horizon_days"),
        ({"pollutants": ["PM1"]}, "pollutants"),
        ({"where": "9999A"}, "where"),
        ({"where": "hefei"}, "where"),
        ({"issued_at": "2016-04-01"}, "issued_at"),
        ({"method": "oracle"}, "method"),
    ],
)
def test_bad_input(history, kwargs, parameter):
    args = {"where": "340100", "issued_at": "2016-03-01", "history": history, **kwargs}
    with pytest.raises(ModelInputError) as err:
        baseline_forecast(**args)
    assert err.value.parameter == parameter


def test_gap_at_the_origin_is_not_filled(history):
    gappy = history.copy()
    gappy.loc["2016-02-26":"2016-02-28", "CO"] = np.nan
    with pytest.raises(ModelInputError, match="CO: only 4 valid days"):
        baseline_forecast("340100", "2016-03-01", history=gappy)
    gappy.loc["2016-03-01", "NO2"] = np.nan
    with pytest.raises(ModelInputError, match="NO2: no valid daily value"):
        baseline_forecast("340100", "2016-03-01", history=gappy)


def test_station_daily_baseline_respects_the_20_hour_rule():
    # the 2020 hourly sample has < 20 valid hours on most days
    with pytest.raises(ModelInputError, match="valid"):
        baseline_forecast("1270A", "2020-04-05")


def test_forecast_matches_the_model_on_the_full_history(models_dir, history):
    out = forecast("340100", "2016-02-20", horizon_days=3, models_dir=models_dir, history=history)
    bundle = load_current("340100", models_dir)
    origin = pd.DatetimeIndex(["2016-02-20"])
    for pollutant in POLLUTANTS:
        for lead in (1, 2, 3):
            full = bundle.series[(pollutant, lead)].model.predict(history, origin)[0]
            row = out[(out["pollutant"] == pollutant) & (out["lead_days"] == lead)]
            assert row["value"].iloc[0] == pytest.approx(full, rel=1e-9)
