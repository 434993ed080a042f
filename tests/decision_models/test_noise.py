"""GB 3096-2008 Table 1 limits, periods, sudden noise and daily compliance."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from decision_models import ModelInputError, noise

# GB 3096-2008 Table 1 as written in ../shared/reference/noise.md (typed here again, so
# a changed module table fails the test).
TABLE_1 = [("0", 50, 40), ("1", 55, 45), ("2", 60, 50), ("3", 65, 55), ("4a", 70, 55),
           ("4b", 70, 60)]


@pytest.mark.parametrize(("zone", "day", "night"), TABLE_1, ids=[r[0] for r in TABLE_1])
def test_limit_of_every_class_and_period(zone, day, night):
    assert noise.limit(zone, "day") == day
    assert noise.limit(zone, "night") == night
    assert noise.limit(zone, "昼间") == day and noise.limit(zone, "夜间") == night


@pytest.mark.parametrize(("zone", "day", "night"), TABLE_1, ids=[r[0] for r in TABLE_1])
def test_exceedance_at_each_limit(zone, day, night):
    # at the limit: complies (0); 0.1 dB above: does not
    assert noise.exceedance(zone, "day", day) == 0
    assert noise.exceedance(zone, "night", night) == 0
    assert noise.exceedance(zone, "day", day + 0.1) == pytest.approx(0.1)
    assert noise.exceedance(zone, "night", night - 2.5) == pytest.approx(-2.5)


def test_exceedance_on_arrays_keeps_shape():
    out = noise.exceedance("2", "night", [48.0, 50.0, 53.2])
    np.testing.assert_allclose(out, [-2.0, 0.0, 3.2])


def test_class_spellings():
    assert noise.limit("4A", "night") == 55
    assert noise.limit("2类", "day") == 60
    assert noise.limit(3, "day") == 65


@pytest.mark.parametrize("bad", ["4", "5", "", "4c", None])
def test_unknown_class_is_a_clear_value_error(bad):
    with pytest.raises(ValueError, match="zone_class"):
        noise.limit(bad, "day")


@pytest.mark.parametrize("bad", ["evening", "", "Day time"])
def test_unknown_period_is_a_clear_value_error(bad):
    with pytest.raises(ModelInputError, match="period"):
        noise.limit("1", bad)


def test_exceedance_refuses_bad_levels():
    with pytest.raises(ModelInputError):
        noise.exceedance("1", "day", float("nan"))
    with pytest.raises(ModelInputError):
        noise.exceedance("1", "day", -1)


@pytest.mark.parametrize(("time", "period"), [
    ("05:59", "night"), ("06:00", "day"), ("06:01", "day"), ("12:00", "day"),
    ("21:59:59", "day"), ("22:00", "night"), ("23:59", "night"), ("00:00", "night"),
    (dt.datetime(2026, 5, 1, 6, 0), "day"), (dt.time(22, 0), "night"),
])
def test_period_boundaries(time, period):
    assert noise.period_of(time) == period


def test_period_set_by_local_government():
    # e.g. a city that starts the night at 23:00 and the day at 07:00
    kw = {"day_start": dt.time(7), "night_start": dt.time(23)}
    assert noise.period_of("06:30", **kw) == "night"
    assert noise.period_of("22:30", **kw) == "day"
    assert noise.period_of("23:00", **kw) == "night"


def test_sudden_noise_is_night_limit_plus_15():
    for zone, _day, night in TABLE_1:
        assert noise.sudden_noise_limit(zone) == night + 15
        assert noise.sudden_noise_exceedance(zone, night + 15) == 0
        assert noise.sudden_noise_exceedance(zone, night + 15.5) == pytest.approx(0.5)


def test_energy_mean_worked_case():
    # 60 and 70 dB: 10·lg((10^6 + 10^7)/2) = 67.40 dB (not the arithmetic 65)
    assert noise.energy_mean([60, 70]) == pytest.approx(67.404, abs=1e-3)
    assert noise.energy_mean([55] * 16) == pytest.approx(55)


def _series(day_level: float, night_level: float, start="2026-05-01") -> pd.Series:
    idx = pd.date_range(start, periods=48, freq="h")
    vals = [day_level if 6 <= t.hour < 22 else night_level for t in idx]
    return pd.Series(vals, index=idx)


def test_daily_compliance_day_and_night():
    # class 1: day 55, night 45; 48 hours from 1 May 00:00
    days = noise.compliance("1", _series(54.0, 47.0))
    assert [(d.date, d.day_hours, d.night_hours) for d in days] == [
        (dt.date(2026, 4, 30), 0, 6),  # 00:00–06:00 of 1 May: the night of 30 April
        (dt.date(2026, 5, 1), 16, 8),
        (dt.date(2026, 5, 2), 16, 2)]
    may1 = days[1]
    assert may1.ld == pytest.approx(54.0) and may1.ln == pytest.approx(47.0)
    assert may1.day_compliant is True and may1.night_compliant is False
    assert may1.day_exceedance == pytest.approx(-1.0)
    assert may1.night_exceedance == pytest.approx(2.0)
    assert (may1.day_limit, may1.night_limit) == (55, 45)
    assert days[0].day_compliant is None and days[0].ld is None


def test_night_runs_across_midnight():
    idx = pd.to_datetime(["2026-05-01 22:00", "2026-05-01 23:00", "2026-05-02 00:00",
                          "2026-05-02 05:00", "2026-05-02 06:00"])
    s = pd.Series([40.0, 50.0, 40.0, 40.0, 58.0], index=idx)
    days = noise.compliance("1", s)
    assert [d.date for d in days] == [dt.date(2026, 5, 1), dt.date(2026, 5, 2)]
    may1 = days[0]
    assert may1.night_hours == 4 and may1.day_hours == 0 and may1.ld is None
    assert may1.ln == pytest.approx(10 * np.log10((3 * 1e4 + 1e5) / 4))
    assert days[1].day_hours == 1 and days[1].ld == pytest.approx(58)


def test_min_hours_leaves_a_short_period_undecided():
    s = _series(50.0, 40.0).iloc[8:12]  # 08:00–11:00 only
    (day,) = noise.compliance("1", s, min_day_hours=16)
    assert day.day_compliant is None and day.ld == pytest.approx(50.0)


def test_compliance_refuses_a_plain_list():
    with pytest.raises(ModelInputError):
        noise.compliance("1", [50, 50])
