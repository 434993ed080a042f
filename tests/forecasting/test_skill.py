"""Skill from the stored backtest: where the model does not beat persistence is computed,
not written down."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from forecasting import skill


def _row(pollutant, lead, method="ridge", rmse=10.0, pers=12.0, hit=0.6, hit_pers=0.5):
    return {"pollutant": pollutant, "lead": lead, "method": method, "rmse": rmse,
            "rmse_persistence": pers, "hit": hit, "hit_persistence": hit_pers}


def test_findings_group_consecutive_leads():
    rows = [_row("CO", n, method="climatology") for n in (3, 4, 5)] + [
        _row("PM2.5", 2, hit=0.49, hit_pers=0.50), _row("NO2", 1, rmse=13.0, pers=12.0),
        _row("NO2", 2)]
    found = {(f["pollutant"], f["finding"]): f for f in skill.not_better(rows)}
    assert found[("CO", "baseline")]["leads"] == [3, 4, 5]
    assert found[("CO", "baseline")]["model"] == "climatology"
    assert found[("PM2.5", "hit_rate")]["leads"] == [2]
    assert found[("PM2.5", "hit_rate")]["model"] == pytest.approx(0.49)
    assert found[("NO2", "rmse")]["leads"] == [1]
    assert len(found) == 3


def test_a_model_better_everywhere_has_no_findings():
    assert skill.not_better([_row("AQI", n) for n in range(1, 8)]) == []


def test_the_stored_backtest_names_co_and_the_lead_2_hit_rate():
    table = skill.skill_table("340100")
    assert table is not None
    assert len(table["rows"]) == 7 * 7
    found = {(f["pollutant"], f["finding"]): f["leads"] for f in table["not_better"]}
    assert found[("CO", "baseline")] == [3, 4, 5, 6, 7]
    assert found[("PM2.5", "hit_rate")] == [2]
    # the findings agree with the figures they come from
    metrics = skill.metrics()
    sel = metrics[(metrics.pollutant == "PM2.5") & (metrics.lead == 2)].set_index("method")
    assert sel.at["selected", "hit_rate"] < sel.at["persistence", "hit_rate"]


def test_a_place_without_backtest_has_no_skill():
    assert skill.skill_table("1270A") is None
    assert skill.history("1270A", 4) is None


def test_history_window_ends_at_the_issue_day(tmp_path):
    days = pd.date_range("2016-01-01", periods=30, freq="D")
    frame = pd.DataFrame({"pollutant": "AQI", "lead": 1, "origin": days - pd.Timedelta(days=1),
                          "target_date": days, "method": "selected", "source_method": "ridge",
                          "value": 100.0, "lower": 80.0, "upper": 120.0,
                          "observed": [110.0] * 20 + [130.0] * 10, "level": 2.0,
                          "observed_level": [2.0] * 20 + [3.0] * 10})
    frame.to_csv(tmp_path / "predictions_selected.csv", index=False)
    out = skill.history("340100", 1, dt.date(2016, 1, 20), directory=tmp_path)
    assert out["period"] == [dt.date(2016, 1, 14), dt.date(2016, 1, 20)]
    assert len(out["rows"]) == 7
    assert out["summary"][0]["hit"] == 1.0 and out["summary"][0]["coverage"] == 1.0
    out = skill.history("340100", 2, None, directory=tmp_path)  # the last two weeks
    assert out["period"][1] == dt.date(2016, 1, 30)
    assert out["summary"][0]["hit"] == pytest.approx(4 / 14)
    assert out["summary"][0]["coverage"] == pytest.approx(4 / 14)
