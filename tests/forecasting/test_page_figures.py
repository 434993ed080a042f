"""The forecast page's figures and pieces as plain functions: the fan chart's band, the
level colours of the standard in force on each date, the skill table's findings."""

from __future__ import annotations

import pytest

from pages.forecast import components, figures


def _rows(pollutant: str, dates: list[str], value: float = 50.0) -> list[dict]:
    return [{"date": d, "pollutant": pollutant, "value": value, "lower": value * 0.6,
             "upper": value * 1.5, "level": 2} for d in dates]


def test_the_fan_chart_has_a_band_between_the_bounds_and_a_median_line():
    fig = figures.fan_chart(_rows("AQI", ["2016-12-21", "2016-12-22"]), [], "AQI", "en", "-")
    band = [tr for tr in fig["data"] if tr.get("fill") == "tonexty"]
    assert len(band) == 1 and band[0]["y"] == [30.0, 30.0]
    upper = fig["data"][fig["data"].index(band[0]) - 1]  # the band fills up to this trace
    assert upper["y"] == [75.0, 75.0]
    assert any(tr["name"] == "Median forecast" and tr["y"] == [50.0, 50.0]
               for tr in fig["data"])


def test_level_bands_follow_the_standard_in_force_on_each_date():
    # HJ 633-2026 (in force 2026-03-01) moves the PM2.5 24-h IAQI-100 breakpoint 75 → 60
    dates = ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]
    fig = figures.fan_chart(_rows("PM2.5", dates, 100.0), [], "PM2.5", "zh", "µg/m³")
    good = [s for s in fig["layout"]["shapes"] if s["fillcolor"] == "#FFFF00"]
    assert [(s["y0"], s["y1"]) for s in good] == [(35.0, 75.0), (35.0, 60.0)]
    assert good[0]["x1"] == good[1]["x0"] == "2026-02-28T12:00:00"


def test_the_aqi_bands_stop_at_the_top_of_the_chart():
    fig = figures.fan_chart(_rows("AQI", ["2016-12-21"], 60.0), [], "AQI", "zh", "-")
    tops = [s["y1"] for s in fig["layout"]["shapes"]]
    # upper bound 90 → axis top 103.5: levels 1, 2 and the start of 3, nothing above
    assert tops == pytest.approx([50.0, 100.0, 103.5])


def test_the_skill_section_words_each_finding():
    card = {"skill": {"period": ["2016-02-01", "2017-01-31"], "rows": [], "not_better": [
        {"pollutant": "CO", "leads": [3, 4, 5, 6, 7], "finding": "baseline",
         "model": "climatology", "persistence": None},
        {"pollutant": "PM2.5", "leads": [2], "finding": "hit_rate", "model": 0.49,
         "persistence": 0.5}]}}
    text = str(components.skill_section(card, "en"))
    assert "CO lead 3–7: no learned model beat the baselines" in text
    assert "PM2.5 lead 2: persistence hits the AQI level more often (0.49 vs 0.50)" in text
