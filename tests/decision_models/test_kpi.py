"""Tests of decision_models.kpi: year-to-date air KPIs, "what it takes", water sections.

The worked examples are computed by hand in the comments. Published figures come from the
Hefei bulletins transcribed in ../shared/reference/hefei_region.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from decision_models.errors import ModelInputError
from decision_models.kpi import (
    HEAVY_CATEGORIES,
    air_year_to_date,
    class_changes,
    count_target_outlook,
    mean_target_outlook,
    ratio_target_outlook,
    section_compliance,
)

DATA = Path(__file__).resolve().parents[2] / "data_samples" / "air"

# PM2.5 24-h means [µg/m³] and their AQI category under HJ 633-2012 (Table 1):
# 20 → IAQI 29 (优); 60 → IAQI 82 (良); 100 → IAQI 132 (轻度); 200 → IAQI 250 (重度).
EXCELLENT, GOOD, LIGHT, HEAVY = 20.0, 60.0, 100.0, 200.0


def _year(values: list[float], start: str, pm10: float = 30.0) -> pd.DataFrame:
    days = pd.date_range(start, periods=len(values), freq="D")
    return pd.DataFrame({"PM2.5": values, "PM10": pm10}, index=days)


# ------------------------------------------------------------------ published figures


def test_hefei_2016_good_ratio_from_the_bulletin_in_a_leap_year():
    # 2016 bulletin: 优良率 69.1 % = 55 优 + 198 良 days; 2016 has 366 days, so the other
    # 113 days were polluted. 253 / 366 = 0.69126… → 69.1 %.
    values = [EXCELLENT] * 55 + [GOOD] * 198 + [LIGHT] * 113
    ytd = air_year_to_date(_year(values, "2016-01-01"), dt.date(2016, 12, 31))
    assert ytd.days_in_year == 366
    assert (ytd.valid_days, ytd.good_days, ytd.remaining_days) == (366, 253, 0)
    assert ytd.level_days["优"] == 55 and ytd.level_days["良"] == 198
    assert round(ytd.good_ratio, 1) == 69.1
    assert ytd.months_complete


def test_hefei_2022_good_ratio_from_the_bulletin():
    # 2022 bulletin: 86.0 % = 71 优 + 243 良 of 365 days: 314 / 365 = 0.86027… → 86.0 %.
    values = [EXCELLENT] * 71 + [GOOD] * 243 + [LIGHT] * 51
    ytd = air_year_to_date(_year(values, "2022-01-01"), "2022-12-31")
    assert ytd.days_in_year == 365
    assert round(ytd.good_ratio, 1) == 86.0


def test_hefei_2016_pm25_mean_of_the_sample_series_matches_the_bulletin():
    # The bulletin gives PM2.5 = 57 µg/m³ for 2016. The sample series (aqistudy crawl of
    # the city average) gives the same integer after GB/T 8170 rounding; the tolerance is
    # that rounding (±0.5 µg/m³), since the crawl is not the official daily file.
    frame = pd.read_csv(DATA / "hefei_city_daily_2013-12_2017-01.csv", parse_dates=["date"])
    frame = frame.drop(columns=["city", "aqi", "aqi_range", "aqi_level", "rank"])
    ytd = air_year_to_date(frame, dt.date(2016, 12, 31))
    assert ytd.valid_days == 366
    assert ytd.pm25_reported == 57
    assert abs(ytd.pm25_mean - 57) <= 0.5


# ------------------------------------------------------------------ year to date


def test_missing_days_do_not_count_and_a_short_february_is_incomplete():
    # 2023 (not leap), as of 31 March = day 90; 10 days of February missing, so February
    # has 18 valid days (< 25, GB 3095 Table 4) and 80 days are valid in all.
    values = [GOOD] * 90
    frame = _year(values, "2023-01-01").drop(pd.date_range("2023-02-05", periods=10))
    ytd = air_year_to_date(frame, dt.date(2023, 3, 31))
    assert (ytd.elapsed_days, ytd.valid_days, ytd.missing_days) == (90, 80, 10)
    assert ytd.remaining_days == 365 - 90
    assert ytd.good_ratio == 100.0
    assert not ytd.months_complete
    # the same series with February complete passes
    full = air_year_to_date(_year(values, "2023-01-01"), dt.date(2023, 3, 31))
    assert full.months_complete


def test_running_month_is_not_judged_for_completeness():
    # as of 10 January only 10 days could exist: January is still running
    ytd = air_year_to_date(_year([GOOD] * 10, "2024-01-01"), "2024-01-10")
    assert ytd.months_complete
    assert ytd.remaining_days == 366 - 10  # 2024 is a leap year


def test_rows_after_asof_and_of_other_years_are_ignored():
    frame = _year([HEAVY] * 40 + [GOOD] * 400, "2022-11-22")  # 40 heavy days in 2022
    ytd = air_year_to_date(frame, "2023-02-01")
    assert ytd.valid_days == 32 and ytd.heavy_days == 0
    assert ytd.pm25_mean == GOOD


def test_heavy_days_and_pm25_mean():
    # 3 heavy days (IAQI 250 → 重度污染) among 10: mean = (3·200 + 7·60) / 10 = 102
    ytd = air_year_to_date(_year([HEAVY] * 3 + [GOOD] * 7, "2021-01-01"), "2021-01-10")
    assert ytd.heavy_days == 3
    assert set(HEAVY_CATEGORIES) == {"重度污染", "严重污染"}
    assert ytd.pm25_mean == pytest.approx(102.0)
    assert ytd.pm25_sum == pytest.approx(1020.0) and ytd.pm25_days == 10


def test_primary_pollutant_day_counts():
    # day 1: PM2.5 60 (IAQI 82) beats PM10 30 (IAQI 30) → PM2.5;
    # day 2: O3_8h 200 µg/m³ (IAQI 137) beats PM2.5 20 → O3_8h;
    # day 3: everything ≤ 50 (AQI 29) → no primary pollutant;
    # day 4: PM2.5 35 (IAQI 50) and PM10 50 (IAQI 50), AQI 50 → none (AQI must be > 50)
    frame = pd.DataFrame(
        {"PM2.5": [60.0, 20.0, 20.0, 35.0], "PM10": [30.0, 30.0, 30.0, 50.0],
         "O3_8h": [50.0, 200.0, 50.0, 50.0]},
        index=pd.date_range("2020-06-01", periods=4))
    ytd = air_year_to_date(frame, "2020-06-04")
    assert ytd.primary_days == {"PM2.5": 1, "O3_8h": 1}


def test_tied_primary_pollutants_count_for_each():
    # PM2.5 63 → 50 + 28·50/40 = IAQI 85; PM10 120 → 50 + 70·50/100 = 85: a tie
    frame = pd.DataFrame({"PM2.5": [63.0], "PM10": [120.0]},
                         index=pd.DatetimeIndex(["2020-06-01"]))
    assert air_year_to_date(frame, "2020-06-01").primary_days == {"PM2.5": 1, "PM10": 1}


def test_empty_year_so_far():
    frame = _year([GOOD] * 5, "2021-12-20")
    ytd = air_year_to_date(frame, "2022-03-01")
    assert ytd.valid_days == 0 and ytd.good_ratio is None and ytd.pm25_mean is None
    assert ytd.missing_days == 60 and not ytd.months_complete


@pytest.mark.parametrize("bad", [
    pytest.param("not a frame", id="not-frame"),
    pytest.param(pd.DataFrame({"PM2.5": [1.0]}), id="no-dates"),
    pytest.param(pd.DataFrame({"PM2.5": [1.0, 2.0]},
                              index=pd.DatetimeIndex(["2020-01-01"] * 2)), id="duplicates"),
    pytest.param(_year([-5.0], "2020-01-01"), id="negative"),
])
def test_air_year_to_date_rejects_bad_frames(bad):
    with pytest.raises(ModelInputError):
        air_year_to_date(bad, "2020-01-01")


def test_air_year_to_date_rejects_bad_asof():
    with pytest.raises(ModelInputError, match="asof"):
        air_year_to_date(_year([GOOD], "2020-01-01"), "yesterday")


# ------------------------------------------------------------------ what it takes


def test_mean_target_worked_example():
    # 289 valid days averaging 45 µg/m³ (sum 13 005), 76 days left, target 44:
    # x = (44 · 365 − 13 005) / 76 = (16 060 − 13 005) / 76 = 3 055 / 76 = 40.197…
    o = mean_target_outlook(13_005.0, 289, 76, 44.0)
    assert o.status == "open" and not o.on_track
    assert o.required == pytest.approx(3055 / 76)
    assert o.current == pytest.approx(45.0)


def test_mean_target_in_a_leap_year_counts_366_days():
    # as of 17 Oct 2024 (day 291), 75 days left; 291 days at 40 µg/m³ (sum 11 640), target 38:
    # x = (38 · 366 − 11 640) / 75 = (13 908 − 11 640) / 75 = 30.24
    ytd = air_year_to_date(_year([40.0] * 291, "2024-01-01"), "2024-10-17")
    assert ytd.remaining_days == 75
    o = mean_target_outlook(ytd.pm25_sum, ytd.pm25_days, ytd.remaining_days, 38.0)
    assert o.required == pytest.approx(30.24)


def test_mean_target_out_of_reach():
    # 300 days at 60 (sum 18 000), 65 left, target 35: x = (12 775 − 18 000)/65 < 0
    o = mean_target_outlook(18_000.0, 300, 65, 35.0)
    assert o.status == "missed" and o.required is None
    # with a plausible floor of 15 µg/m³ a positive but tiny requirement is out of reach too:
    # 300 days at 40 (12 000), target 35 → x = (12 775 − 12 000) / 65 = 11.9 < 15
    assert mean_target_outlook(12_000.0, 300, 65, 35.0, floor=15.0).status == "missed"
    assert mean_target_outlook(12_000.0, 300, 65, 35.0).status == "open"


@pytest.mark.parametrize(("total", "status"), [(365 * 35.0, "achieved"),
                                               (365 * 35.2, "missed")])
def test_mean_target_at_year_end(total, status):
    o = mean_target_outlook(total, 365, 0, 35.0)
    assert o.status == status and o.required is None


def test_ratio_target_worked_example():
    # 230 good of 289 valid, 76 left, target 80 %: the year needs ⌈0.8 · 365⌉ = 292 good
    # days; 292 − 230 = 62 of the remaining 76 must be good.
    o = ratio_target_outlook(230, 289, 76, 80.0)
    assert o.status == "open" and o.required == 62
    assert o.current == pytest.approx(100 * 230 / 289) and not o.on_track


def test_ratio_target_already_met():
    # 300 good of 330 valid, 35 left, target 80 %: 292 needed, 300 held → met even if the
    # remaining 35 days are all polluted (300 / 365 = 82.2 %).
    o = ratio_target_outlook(300, 330, 35, 80.0)
    assert o.status == "achieved" and o.required is None and o.on_track


def test_ratio_target_already_missed():
    # 200 good of 300 valid, 65 left, target 85 %: ⌈0.85 · 365⌉ = ⌈310.25⌉ = 311 needed;
    # 111 more, but only 65 days remain.
    o = ratio_target_outlook(200, 300, 65, 85.0)
    assert o.status == "missed" and o.required is None


def test_ratio_target_exact_boundary_needs_no_extra_day():
    # 86 % of 350 = 301 exactly: 301 good days are enough, not 302
    o = ratio_target_outlook(290, 330, 20, 86.0)
    assert o.status == "open" and o.required == 11  # 301 − 290


def test_ratio_target_with_missing_days_uses_valid_days():
    # 2023 to 31 March with 10 days missing: 80 valid, 60 good; 275 left; target 80 %:
    # N = 80 + 275 = 355, ⌈0.8 · 355⌉ = 284; 284 − 60 = 224 of 275 remaining days.
    values = [GOOD] * 60 + [LIGHT] * 30
    frame = _year(values, "2023-01-01").drop(pd.date_range("2023-03-11", periods=10))
    ytd = air_year_to_date(frame, "2023-03-31")
    assert (ytd.valid_days, ytd.good_days) == (80, 60)
    o = ratio_target_outlook(ytd.good_days, ytd.valid_days, ytd.remaining_days, 80.0)
    assert o.required == 224


@pytest.mark.parametrize(("count", "remaining", "target", "status", "required"), [
    pytest.param(3, 76, 5, "open", 2.0, id="two-more-allowed"),
    pytest.param(6, 76, 5, "missed", None, id="already-over"),
    pytest.param(1, 3, 5, "achieved", None, id="allowance-covers-the-rest"),
])
def test_count_target(count, remaining, target, status, required):
    o = count_target_outlook(count, remaining, target)
    assert (o.status, o.required) == (status, required)


@pytest.mark.parametrize(("call", "param"), [
    pytest.param(lambda: ratio_target_outlook(5, 4, 10, 80.0), "good_days", id="good>valid"),
    pytest.param(lambda: ratio_target_outlook(1, 4, 10, 120.0), "target_percent", id="120%"),
    pytest.param(lambda: mean_target_outlook(float("nan"), 4, 10, 35.0), "total", id="nan"),
    pytest.param(lambda: mean_target_outlook(10.0, -1, 10, 35.0), "days", id="neg-days"),
    pytest.param(lambda: count_target_outlook(1, 10, True), "target_max", id="bool"),
])
def test_outlooks_reject_bad_input(call, param):
    with pytest.raises(ModelInputError, match=param):
        call()


# ------------------------------------------------------------------ water


def test_section_compliance_2016_ring_rivers():
    # 2016 bulletin: of 19 ring-river sections 13 were I–III and 6 were 劣V (6/19 = 31.6 %).
    # With every target class III, 13 of 19 comply: 68.4 %.
    classes = ["II"] * 5 + ["III"] * 8 + ["劣V"] * 6
    r = section_compliance(classes, ["III"] * 19)
    assert (r.sections, r.compliant) == (19, 13)
    assert round(r.compliance_ratio, 1) == 68.4
    assert round(r.worst_share, 1) == 31.6
    assert round(r.good_share, 1) == 68.4
    assert r.failing == list(range(13, 19))


def test_section_compliance_by_code_with_own_targets():
    # a target of IV is met by IV; a lake point at V misses III
    r = section_compliance({"A": "IV", "B": 5, "C": "I"}, {"A": "IV", "B": "III", "C": "II"})
    assert r.compliant == 2 and r.failing == ["B"]
    assert r.worst_share == 0.0


def test_section_compliance_rejects_unknown_classes_and_missing_targets():
    with pytest.raises(ModelInputError):
        section_compliance({"A": "VI"}, {"A": "III"})
    with pytest.raises(ModelInputError, match="targets"):
        section_compliance({"A": "II"}, {"B": "III"})
    with pytest.raises(ModelInputError, match="targets"):
        section_compliance(["II", "III"], ["III"])


def test_section_compliance_of_nothing():
    r = section_compliance({}, {})
    assert r.sections == 0 and r.compliance_ratio is None


def test_class_changes_worst_first():
    prev = {"a": "II", "b": "III", "c": "劣V", "d": "III"}
    curr = {"a": "IV", "b": "III", "c": "V", "e": "I"}
    assert class_changes(prev, curr) == [("a", "II", "IV", 2), ("c", "劣V", "V", -1)]


def test_kpis_are_numpy_friendly():
    o = ratio_target_outlook(np.int64(10), np.int64(20), np.int64(5), np.float64(50.0))
    assert o.required == 3.0  # ⌈0.5 · 25⌉ = 13; 13 − 10
