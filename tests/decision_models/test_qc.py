"""Worked cases of each QC flag (decision_models.qc), and the real sample left clean."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from decision_models import qc
from decision_models.errors import ModelInputError

SAMPLE = (Path(__file__).resolve().parents[2]
          / "data_samples/air/hefei_stations_hourly_2020-03-26_2020-04-08.csv")
T0 = pd.Timestamp("2026-11-26 00:00")


def hours(n: int, start: pd.Timestamp = T0) -> list[pd.Timestamp]:
    return list(pd.date_range(start, periods=n, freq="h"))


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


def network(values_by_station: dict[str, list[float]], item: str = "pm2_5") -> pd.DataFrame:
    rows = []
    for station, values in values_by_station.items():
        for t, v in zip(hours(len(values)), values, strict=True):
            rows.append({"station": station, "time": t, item: v})
    return frame(rows)


def flags_at(df: pd.DataFrame, flags: pd.Series, station: str, t: pd.Timestamp) -> dict:
    row = df.index[(df["station"] == station) & (df["time"] == t)][0]
    return flags.loc[row]


def test_negative_and_above_range():
    df = frame([{"station": "A", "time": T0, "so2": -1.0, "co": 57.3, "pm10": 1000.0,
                 "pm2_5": 0.0}])
    got = qc.air_flags(df).iloc[0]
    assert got == {"so2": ["negative"], "co": ["above_range"]}  # 1000 is the range's top


def test_instrument_ranges_convert_at_the_reference_state():
    # HJ 654-2013: 500 nmol/mol SO2 × 64.066 g/mol / 24.465 L/mol = 1309.3 µg/m³
    assert qc.AIR_RANGE["so2"] == pytest.approx(1309.3, abs=0.05)
    assert qc.AIR_RANGE["co"] == pytest.approx(57.25, abs=0.005)


def test_pm25_above_pm10_flags_both():
    df = frame([{"station": "A", "time": T0, "pm2_5": 61.0, "pm10": 60.0},
                {"station": "A", "time": T0 + pd.Timedelta(hours=1), "pm2_5": 60.0,
                 "pm10": 60.0}])
    got = qc.air_flags(df)
    assert got.iloc[0] == {"pm2_5": ["pm25_gt_pm10"], "pm10": ["pm25_gt_pm10"]}
    assert got.iloc[1] == {}  # equal is possible (all particles below 2.5 µm)


def test_constant_from_the_sixth_hour():
    df = network({"A": [40.0] * 7 + [41.0]}, "no2")
    got = qc.air_flags(df)
    assert [bool(f) for f in got] == [False] * 5 + [True, True, False]
    assert got.iloc[5] == {"no2": ["constant"]}


def test_constant_run_broken_by_a_missing_hour():
    df = network({"A": [40.0] * 6}, "no2").drop(index=3)
    assert not any(qc.air_flags(df))


def test_constant_at_low_values_is_not_flagged():
    # SO2 = 5 µg/m³ for 16 h is in the real Hefei sample: 5 resolution steps, below the floor
    df = network({"A": [5.0] * 16}, "so2")
    assert not any(qc.air_flags(df))
    df = network({"A": [2.0] * 8}, "co")  # 20 steps of 0.1 mg/m³: flagged
    assert qc.air_flags(df).iloc[7] == {"co": ["constant"]}


def test_spike_against_previous_hours_and_neighbours():
    # station A jumps from ~30 to 200 µg/m³; its neighbours stay near 30
    df = network({"A": [30.0, 32.0, 28.0, 200.0],
                  "B": [31.0, 30.0, 29.0, 33.0],
                  "C": [29.0, 27.0, 30.0, 31.0]})
    got = qc.air_flags(df)
    assert flags_at(df, got, "A", T0 + pd.Timedelta(hours=3)) == {"pm2_5": ["spike"]}
    assert sum(bool(f) for f in got) == 1


def test_a_regional_rise_is_not_a_spike():
    # every station rises together (a real pollution episode)
    df = network({"A": [30.0, 30.0, 30.0, 200.0],
                  "B": [30.0, 31.0, 29.0, 190.0],
                  "C": [29.0, 30.0, 31.0, 210.0]})
    assert not any(qc.air_flags(df))


def test_small_absolute_jump_is_not_a_spike():
    # ×4 but only +30 µg/m³ (< SPIKE_JUMP 75 for PM2.5)
    df = network({"A": [10.0, 10.0, 10.0, 40.0], "B": [10.0] * 4, "C": [11.0] * 4})
    assert not any(qc.air_flags(df))


def test_spike_with_too_few_neighbours_decided_by_time_alone():
    df = network({"A": [30.0, 30.0, 200.0]})
    assert qc.air_flags(df).iloc[2] == {"pm2_5": ["spike"]}


def test_water_bounds_and_nh3n_above_tn():
    df = frame([{"section": "W1", "time": T0, "ph": 14.5, "do": 21.0, "temperature": 12.0,
                 "nh3_n": 2.5, "tn": 2.0, "codmn": -0.1}])
    got = qc.water_flags(df, ["ph", "do", "temperature", "nh3_n", "tn", "codmn"]).iloc[0]
    assert got == {"codmn": ["negative"], "ph": ["out_of_bounds"], "do": ["out_of_bounds"],
                   "nh3_n": ["nh3n_gt_tn"], "tn": ["nh3n_gt_tn"]}


def test_water_constant_readings():
    times = pd.date_range(T0, periods=7, freq="4h")
    df = frame([{"section": "W1", "time": t, "nh3_n": 0.42} for t in times])
    got = qc.water_flags(df, ["nh3_n"])
    assert [bool(f) for f in got] == [False] * 5 + [True, True]


def test_flags_keep_the_caller_index():
    df = network({"A": [30.0, -1.0]}).set_axis([10, 20])
    got = qc.air_flags(df)
    assert list(got.index) == [10, 20] and got.loc[20] == {"pm2_5": ["negative"]}


def test_valid_values_drop_only_flagged_items():
    assert qc.valid_values({"pm2_5": 80, "pm10": 60}, {"pm10": ["spike"], "so2": []}) == {
        "pm2_5": 80, "pm10": None}


def test_the_real_hefei_sample_is_clean():
    df = pd.read_csv(SAMPLE, parse_dates=["time"]).rename(
        columns={"stationcode": "station", "o3_1h": "o3"})
    flags = qc.air_flags(df)
    assert len(flags) == len(df) > 1600
    assert not any(flags)


@pytest.mark.parametrize("bad", [
    pytest.param("not a frame", id="type"),
    pytest.param(pd.DataFrame({"time": [T0]}), id="no-station"),
    pytest.param(pd.DataFrame({"station": ["A", "A"], "time": [T0, T0]}), id="duplicate"),
])
def test_bad_input(bad):
    with pytest.raises(ModelInputError):
        qc.air_flags(bad)


def test_bad_constant_hours():
    with pytest.raises(ModelInputError):
        qc.air_flags(network({"A": [1.0]}), constant_hours=1)
