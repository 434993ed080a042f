"""Ambient gamma investigation level and sealed-source categories."""

from __future__ import annotations

import numpy as np
import pytest

from decision_models import ModelInputError
from decision_models import radiation as rad


def test_investigation_level_worked_case():
    # alternating 80/90 nGy/h: mean 85, population σ 5 → 85 + 3·5 = 100 nGy/h
    lvl = rad.investigation_level([80.0, 90.0] * 400)
    assert (lvl.mean, lvl.std, lvl.n) == (85.0, 5.0, 800)
    assert lvl.level == pytest.approx(100.0) and lvl.method == "sigma"


def test_investigation_level_is_the_stations_own():
    rng = np.random.default_rng(1)
    low = rad.investigation_level(rng.normal(70, 3, 2000))
    high = rad.investigation_level(rng.normal(110, 3, 2000))
    # a reading of 100 nGy/h is an alarm at the low-background station only
    assert rad.exceeds_investigation_level(100.0, low)
    assert not rad.exceeds_investigation_level(100.0, high)


def test_level_boundary_is_strict():
    lvl = rad.investigation_level([80.0, 90.0] * 400)
    assert not rad.exceeds_investigation_level(100.0, lvl)
    assert rad.exceeds_investigation_level(100.01, lvl)
    np.testing.assert_array_equal(
        rad.exceeds_investigation_level([99.0, 100.0, 101.0], lvl), [False, False, True])


def test_rain_widens_the_background():
    rng = np.random.default_rng(2)
    dry = rng.normal(85, 2, 2000)
    wet = dry.copy()
    wet[::50] += 25  # rain episodes: radon progeny washout
    assert rad.investigation_level(wet).level > rad.investigation_level(dry).level


def test_fixed_multiple_alternative():
    lvl = rad.investigation_level([80.0, 90.0] * 400, factor=1.5)
    assert lvl.level == pytest.approx(127.5) and lvl.method == "multiple"
    with pytest.raises(ModelInputError, match="factor"):
        rad.investigation_level([80.0] * 800, factor=1.0)


def test_invalid_hours_are_skipped_but_a_short_history_is_refused():
    hist = np.r_[[80.0, 90.0] * 400, [np.nan] * 50]
    assert rad.investigation_level(hist).n == 800
    with pytest.raises(ModelInputError, match="720"):
        rad.investigation_level([85.0] * 719)
    with pytest.raises(ModelInputError):
        rad.investigation_level([-1.0] * 800)


@pytest.mark.parametrize(("ratio", "roman"), [
    (5000, "I"), (1000, "I"), (999.9, "II"), (10, "II"), (9.99, "III"), (1, "III"),
    (0.999, "IV"), (0.01, "IV"), (0.00999, "V"), (1e-6, "V"),
])
def test_source_category_at_every_bound(ratio, roman):
    assert rad.source_category(ratio).roman == roman


def test_source_category_from_nuclide_and_activity():
    # Co-60 irradiator, 1e16 Bq: A/D = 1e16 / 3e10 ≈ 3.3e5 → I
    assert rad.source_category(nuclide="Co-60", activity_bq=1e16).category == 1
    # Ir-192 radiography source, 3.7e12 Bq (100 Ci): A/D = 46 → II
    assert rad.source_category(nuclide="Ir-192", activity_bq=3.7e12).roman == "II"
    # Cs-137 level gauge, 3.7e10 Bq (1 Ci): A/D = 0.37 → IV
    assert rad.source_category(nuclide="Cs-137", activity_bq=3.7e10).roman == "IV"
    # Am-241 smoke-detector-size source, 3.7e4 Bq: V
    assert rad.source_category(nuclide="Am-241", activity_bq=3.7e4).roman == "V"


def test_source_category_bad_input():
    with pytest.raises(ModelInputError, match="nuclide"):
        rad.a_over_d("Xx-999", 1e9)
    with pytest.raises(ModelInputError):
        rad.source_category(0)
    with pytest.raises(ModelInputError):
        rad.source_category()


def test_classify_readings_puts_rises_after_rain_down_to_washout():
    lvl = 100.0
    dose = [90, 120, 95, 120, 120, 90, np.nan]
    rain = [0, 0, 5, 0, 0, 0, 0]
    # hour 1: over, no rain before → investigate; hours 3–4: over, rain 1–2 h before
    out = rad.classify_readings(dose, lvl, rain, rain_window_h=1)
    assert list(out) == ["normal", "investigate", "normal", "rain", "investigate", "normal",
                         "normal"]
    out = rad.classify_readings(dose, lvl, rain, rain_window_h=6)
    assert list(out[3:5]) == ["rain", "rain"]
    assert list(rad.classify_readings(dose, lvl)).count("investigate") == 3
    with pytest.raises(ModelInputError):
        rad.classify_readings(dose, lvl, [0, 1])
