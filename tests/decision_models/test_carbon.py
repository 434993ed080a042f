"""CO₂ from fuel use, inventory consistency and the peaking trajectory."""

from __future__ import annotations

import pytest

from decision_models import ModelInputError
from decision_models import carbon as co2


@pytest.mark.parametrize(("fuel", "expected", "tol"), [
    # NCV × CC × OF × 44/12, by hand from GB/T 32150-2015 表B.1:
    # natural gas 389.31 GJ/10⁴Nm³ × 15.3 tC/TJ × 0.99 × 44/12 = 21.62 tCO₂/10⁴Nm³
    ("natural_gas", 21.622, 0.005),
    # diesel 42.652 GJ/t × 20.2 × 0.98 × 44/12 = 3.096 tCO₂/t
    ("diesel", 3.096, 0.001),
    # gasoline 43.070 × 18.9 × 0.98 × 44/12 = 2.925 tCO₂/t
    ("gasoline", 2.925, 0.001),
])
def test_emission_factors_by_hand(fuel, expected, tol):
    assert co2.emission_factor(fuel) == pytest.approx(expected, abs=tol)


def test_factors_are_in_the_published_ranges():
    # widely quoted: coal ≈ 1.8–2.0 t/t, natural gas ≈ 2.1–2.2 kg/m³, diesel ≈ 3.1 t/t
    assert 1.8 <= co2.emission_factor("raw_coal") <= 2.0
    assert 21.0 <= co2.emission_factor("natural_gas") <= 22.0
    assert co2.emission_factor("electricity") == 0.5703


def test_emission_and_energy():
    assert co2.emission("diesel", 1000) == pytest.approx(1000 * co2.emission_factor("diesel"))
    # 1 t raw coal at 20.908 GJ/t = 0.7134 tce; 1 MWh = 0.1229 tce (当量值)
    assert co2.energy_tce("raw_coal", 1) == pytest.approx(20.908 / 29.3076)
    assert co2.energy_tce("electricity", 1) == pytest.approx(0.1229)
    with pytest.raises(ModelInputError, match="fuel"):
        co2.emission("peat", 1)
    with pytest.raises(ModelInputError):
        co2.emission("diesel", -1)


def _rows():
    return [
        co2.InventoryRow("A", "power", "raw_coal", 1000.0, co2.emission("raw_coal", 1000)),
        co2.InventoryRow("A", "industry", "natural_gas", 50.0, co2.emission("natural_gas", 50)),
        co2.InventoryRow("B", "transport", "diesel", 200.0, co2.emission("diesel", 200)),
    ]


def test_consistent_inventory():
    rows = _rows()
    mix = co2.energy_mix(rows)
    r = co2.check_inventory(rows, claimed_mix=mix)
    assert r.consistent, r.problems
    assert r.reported_t == pytest.approx(r.recomputed_t)
    assert sum(mix.values()) == pytest.approx(1.0)
    # by hand: coal 713.4, gas 50×389.31/29.3076 = 664.2, diesel 200×42.652/29.3076 = 291.1
    assert mix["raw_coal"] == pytest.approx(713.39 / (713.39 + 664.17 + 291.07), abs=1e-3)


def test_wrong_arithmetic_is_found():
    rows = _rows()
    rows[2] = co2.InventoryRow("B", "transport", "diesel", 200.0, 500.0)
    r = co2.check_inventory(rows)
    assert not r.consistent and "B transport diesel" in r.problems[0]


def test_claimed_mix_that_the_activity_does_not_support():
    rows = _rows()
    mix = dict(co2.energy_mix(rows))
    mix["raw_coal"] -= 0.05
    mix["natural_gas"] += 0.05
    r = co2.check_inventory(rows, claimed_mix=mix)
    assert not r.consistent
    assert any("raw_coal" in p for p in r.problems)
    # a shift within half a percentage point is rounding
    mix = dict(co2.energy_mix(rows))
    mix["raw_coal"] -= 0.004
    mix["natural_gas"] += 0.004
    assert co2.check_inventory(rows, claimed_mix=mix).consistent


def test_unknown_sector_is_a_problem():
    r = co2.check_inventory([co2.InventoryRow("A", "space", "diesel", 1.0, 3.1)])
    assert not r.consistent


def test_required_annual_change_worked_case():
    # 100 → 90 in 5 years: (0.9)^(1/5) − 1 = −2.085 %/a
    assert co2.required_annual_change(100, 90, 5) == pytest.approx(-0.02085, abs=1e-5)
    assert co2.required_annual_change(100, 100, 3) == 0
    with pytest.raises(ModelInputError):
        co2.required_annual_change(100, 90, 0)


def test_trajectory_against_a_peak():
    hist = {2020: 100.0, 2021: 104.0, 2022: 106.0, 2023: 109.0, 2024: 112.0}
    t = co2.trajectory(hist, 2030, cap=120.0)
    assert t.last_year == 2024 and t.years_to_peak == 6
    assert t.recent_change == pytest.approx((112 / 104) ** (1 / 3) - 1)
    assert t.required_change == pytest.approx((120 / 112) ** (1 / 6) - 1)
    # 2.5 %/a for six more years overshoots the cap
    assert t.projected_at_peak == pytest.approx(112 * (1 + t.recent_change) ** 6)
    assert t.on_track is False
    slow = co2.trajectory({2021: 100.0, 2022: 100.5, 2023: 101.0, 2024: 101.2}, 2030, 120.0)
    assert slow.on_track is True


def test_trajectory_refuses_gaps():
    with pytest.raises(ModelInputError, match="consecutive"):
        co2.trajectory({2020: 1.0, 2021: 1.0, 2023: 1.0, 2024: 1.0}, 2030)


def test_totals_by_sector_fuel_and_subject():
    rows = _rows()
    by_sector = co2.totals(rows, "sector")
    # coal 1,867 t, gas 50 × 21.62 = 1,081 t, diesel 200 × 3.096 = 619 t: largest first
    assert list(by_sector) == ["power", "industry", "transport"]
    assert sum(by_sector.values()) == pytest.approx(sum(r.co2_t for r in rows))
    assert co2.totals(rows, "subject")["A"] == pytest.approx(rows[0].co2_t + rows[1].co2_t)
    assert set(co2.totals(rows, "fuel")) == {"raw_coal", "natural_gas", "diesel"}
    with pytest.raises(ModelInputError):
        co2.totals(rows, "colour")
