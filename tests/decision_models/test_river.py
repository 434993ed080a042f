"""Tests of decision_models.river against emergency.md §4–5, water.md and published values."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
from scipy.integrate import quad
from shapely.geometry import LineString

from decision_models.errors import ModelInputError
from decision_models.river import (
    Load,
    Reach,
    RiverNetwork,
    Target,
    continuous_spill,
    elder_dispersion,
    fischer_dispersion,
    instantaneous_peak,
    instantaneous_spill,
    lake_tp_response,
    network_from_geodataframe,
    seo_cheong_dispersion,
    shear_velocity,
    spill_along_network,
    steady_state_load,
    streeter_phelps,
    streeter_phelps_critical,
)

K_01_PER_DAY = 0.1 / 86_400.0


# ------------------------------------------------------------------ dispersion coefficients
def test_fischer_worked_example():
    # emergency.md §4: u = 0.8, B = 50, h = 2, S = 0.0002 → u* = 0.06264, D = 140.5 m²/s
    # (4 s.f. → rel 5e-4).
    assert shear_velocity(2.0, 0.0002) == pytest.approx(0.06264, rel=5e-4)
    assert fischer_dispersion(0.8, 2.0, 50.0, 0.0002) == pytest.approx(140.5, rel=5e-4)


def test_alternative_dispersion_formulas():
    us = math.sqrt(9.81 * 2.0 * 0.0002)
    assert elder_dispersion(2.0, 0.0002) == pytest.approx(5.93 * 2.0 * us, rel=1e-12)
    expected = 5.915 * 25**0.62 * (0.8 / us) ** 1.428 * 2.0 * us
    assert seo_cheong_dispersion(0.8, 2.0, 50.0, 0.0002) == pytest.approx(expected, rel=1e-12)


# ------------------------------------------------------------------ instantaneous spill
@pytest.mark.parametrize(
    ("k", "expected"),
    [
        pytest.param(K_01_PER_DAY, 2.756, id="with-decay"),
        pytest.param(0.0, 2.821, id="no-decay"),
    ],
)
def test_spill_worked_example(k, expected):
    # emergency.md §4: M = 1e6 g, A = 100 m², u = 0.5, D = 50, x = 10 km, t = x/u
    # (4 s.f. → abs 5e-4 mg/L).
    c = instantaneous_spill(1e6, 100.0, 0.5, 50.0, k, 10_000.0, 20_000.0)
    assert c == pytest.approx(expected, abs=5e-4)


def test_spill_exact_peak_worked_example():
    # emergency.md §4: t* = 19 792 s, C = 2.764 mg/L.
    tp, cp = instantaneous_peak(1e6, 100.0, 0.5, 50.0, K_01_PER_DAY, 10_000.0)
    assert tp == pytest.approx(19_792.0, abs=1.0)
    assert cp == pytest.approx(2.764, abs=5e-4)
    t = np.linspace(18_000, 22_000, 40_001)
    c = instantaneous_spill(1e6, 100.0, 0.5, 50.0, K_01_PER_DAY, 10_000.0, t)
    assert t[np.argmax(c)] == pytest.approx(tp, abs=0.2)


@pytest.mark.parametrize("t", [pytest.param(t, id=f"t={t:g}s") for t in (600.0, 7200.0, 86_400.0)])
def test_spill_conserves_decayed_mass(t):
    # ∫ C A dx = M e^{−kt} (trapezoid over ±10σ; rel 1e-6).
    m, a, u, d, k = 5e5, 80.0, 0.6, 30.0, 2e-6
    sd = math.sqrt(2 * d * t)
    x = np.linspace(u * t - 10 * sd, u * t + 10 * sd, 20_001)
    c = instantaneous_spill(m, a, u, d, k, x, t)
    assert np.trapezoid(c * a, x) == pytest.approx(m * math.exp(-k * t), rel=1e-6)


def test_spill_limits():
    assert instantaneous_spill(1e6, 100, 0.5, 50, 0, 1000, 0.0) == 0.0
    assert instantaneous_spill(1e6, 100, 0.5, 50, 0, 1e6, 2000.0) == 0.0  # far ahead
    c = instantaneous_spill(1e6, 100, 0.5, 50, 0, 1000 + np.array([-300.0, 300.0]), 2000.0)
    assert c[0] == pytest.approx(c[1], rel=1e-12)  # symmetric about the centre x = ut


# ------------------------------------------------------------------ continuous spill
def test_continuous_equals_time_integral_of_slugs():
    # C(x,t) = ∫₀ᵗ W G(x, s) ds, checked by adaptive quadrature (rel 1e-6).
    w, a, u, d, k, x, t = 20.0, 60.0, 0.4, 25.0, 5e-6, 3000.0, 12_000.0
    val, _ = quad(
        lambda s: instantaneous_spill(w, a, u, d, k, x, s), 0, t, limit=200, points=[x / u]
    )
    assert continuous_spill(w, a, u, d, k, x, t) == pytest.approx(val, rel=1e-6)
    upstream, _ = quad(lambda s: instantaneous_spill(w, a, u, d, k, -200.0, s), 0, t, limit=200)
    assert continuous_spill(w, a, u, d, k, -200.0, t) == pytest.approx(upstream, rel=1e-6)


def test_continuous_steady_state():
    # k = 0: fully mixed C = W/(uA) downstream; with decay W/(AΓ) e^{(u−Γ)x/2D}.
    assert continuous_spill(10.0, 100.0, 0.5, 50.0, 0.0, 5000.0, 1e7) == pytest.approx(
        0.2, rel=1e-9
    )
    k = K_01_PER_DAY
    gam = math.sqrt(0.25 + 4 * k * 50)
    expected = 10 / (100 * gam) * math.exp((0.5 - gam) * 10_000 / 100)
    assert continuous_spill(10.0, 100.0, 0.5, 50.0, k, 10_000.0, 1e8) == pytest.approx(expected)


def test_finite_continuous_release_conserves_mass():
    # Q ∫ C dt at a section = W·T when k = 0 (rel 1e-4).
    w, a, u, d, dur, x = 5.0, 40.0, 0.5, 20.0, 3600.0, 4000.0
    t = np.linspace(0, 60_000, 60_001)
    c = continuous_spill(w, a, u, d, 0.0, x, t, duration=dur)
    assert np.trapezoid(c, t) * u * a == pytest.approx(w * dur, rel=1e-4)


# ------------------------------------------------------------------ network routing
def _reach(rid, length, down=None, u=0.5, area=100.0, flow=None, d=50.0, k=0.0):
    return Reach(rid, length, u, area, flow, k, down, D=d)


def test_single_reach_network_matches_analytical():
    net = RiverNetwork([_reach("a", 20_000.0, k=K_01_PER_DAY)])
    (imp,) = spill_along_network(
        net, ("a", 0.0), 1e6, [("a", 10_000.0, "intake")], threshold_mg_l=1.0
    )
    tp, cp = instantaneous_peak(1e6, 100.0, 0.5, 50.0, K_01_PER_DAY, 10_000.0)
    assert imp.peak_time_s == pytest.approx(tp, rel=1e-12)
    assert imp.peak_mg_l == pytest.approx(cp, rel=1e-12)
    t = np.linspace(5000, 40_000, 50)
    np.testing.assert_allclose(
        imp.concentration(t),
        instantaneous_spill(1e6, 100.0, 0.5, 50.0, K_01_PER_DAY, 10_000.0, t),
        rtol=1e-12,
    )
    # leading edge and duration above 1 mg/L, checked on a dense series (abs 1 s)
    ts = np.arange(0, 60_000, 0.5)
    above = ts[imp.concentration(ts) >= 1.0]
    assert imp.arrival_s == pytest.approx(above[0], abs=1.0)
    assert imp.duration_above_s == pytest.approx(above[-1] - above[0], abs=1.0)
    assert imp.concentration(imp.arrival_s) == pytest.approx(1.0, rel=1e-6)


def test_series_reaches_equal_one_long_reach():
    one = RiverNetwork([_reach("a", 30_000.0, k=1e-6)])
    three = RiverNetwork(
        [
            _reach("a", 10_000.0, "b", k=1e-6),
            _reach("b", 10_000.0, "c", k=1e-6),
            _reach("c", 10_000.0, k=1e-6),
        ]
    )
    r1 = spill_along_network(one, ("a", 2000.0), 1e6, [("a", 25_000.0, "x")])[0]
    r3 = spill_along_network(three, ("a", 2000.0), 1e6, [("c", 5000.0, "x")])[0]
    assert r3.peak_mg_l == pytest.approx(r1.peak_mg_l, rel=1e-12)
    assert r3.arrival_s == pytest.approx(r1.arrival_s, rel=1e-9)
    assert r3.travel_distance_m == pytest.approx(23_000.0)


@pytest.fixture
def confluence():
    # trib (10 m³/s) and main (40 m³/s) join into "down" (50 m³/s)
    return RiverNetwork(
        [
            _reach("main", 8000.0, "down", u=0.5, area=80.0),
            _reach("trib", 5000.0, "down", u=0.4, area=25.0),
            _reach("down", 12_000.0, None, u=0.6, area=250.0 / 3),
        ]
    )


def test_confluence_mass_balance(confluence):
    # Mass passing a section, Q ∫C dt, is the spilled mass above and below the confluence
    # (k = 0; rel 1e-4), and tributary inflow dilutes by the flow ratio 40/50.
    targets = [
        Target("main", 7999.0, "above"),
        Target("down", 1.0, "below"),
        Target("down", 10_000.0, "far"),
    ]
    res = spill_along_network(confluence, ("main", 0.0), 1e6, targets)
    t = np.linspace(1.0, 200_000.0, 400_001)
    for imp in res:
        passed = np.trapezoid(imp.concentration(t), t) * imp.flow_m3_s
        assert passed == pytest.approx(1e6, rel=1e-4), imp.name
    above, below, _ = res
    assert above.flow_m3_s == pytest.approx(40.0) and below.flow_m3_s == pytest.approx(50.0)
    assert below.peak_mg_l / above.peak_mg_l == pytest.approx(40 / 50, rel=2e-3)


def test_decay_along_network(confluence):
    net = RiverNetwork(
        [
            _reach("main", 8000.0, "down", k=1e-5),
            _reach("trib", 5000.0, "down"),
            _reach("down", 12_000.0, None, u=0.6, area=250.0 / 3, k=2e-5),
        ]
    )
    (imp,) = spill_along_network(net, ("main", 1000.0), 1e6, [("down", 6000.0, "x")])
    expected = 1e6 * math.exp(-(1e-5 * 7000 / 0.5 + 2e-5 * 6000 / 0.6))
    assert imp.mass_arriving_g == pytest.approx(expected, rel=1e-12)


def test_unreached_targets(confluence):
    res = spill_along_network(
        confluence,
        ("main", 4000.0),
        1e6,
        [("trib", 100.0, "other branch"), ("main", 1000.0, "upstream")],
    )
    assert [r.reached for r in res] == [False, False]
    assert res[0].arrival_s is None and res[0].peak_mg_l == 0.0
    assert np.all(res[0].concentration([10.0, 1e4]) == 0)


def test_threshold_not_reached_has_zero_duration(confluence):
    (imp,) = spill_along_network(
        confluence, ("main", 0.0), 10.0, [("down", 5000.0, "x")], threshold_mg_l=1.0
    )
    assert imp.arrival_s is None and imp.duration_above_s == 0.0


def test_network_from_geodataframe_infers_topology():
    # three lines digitised downstream in WGS84; a and b end where c starts
    gdf = gpd.GeoDataFrame(
        {"id": ["a", "b", "c"], "velocity_m_s": [0.5, 0.4, 0.6], "area_m2": [80.0, 25.0, 90.0]},
        geometry=[
            LineString([(117.00, 31.80), (117.05, 31.80)]),
            LineString([(117.05, 31.85), (117.05, 31.80)]),
            LineString([(117.05, 31.80), (117.10, 31.78)]),
        ],
        crs="EPSG:4326",
    )
    net = network_from_geodataframe(gdf, defaults={"D": 30.0})
    assert net.reaches["a"].downstream_id == "c" and net.reaches["b"].downstream_id == "c"
    assert net.reaches["c"].downstream_id is None
    # 0.05° of longitude at 31.8° N ≈ 4.73 km (geodesic, rel 1e-2)
    assert net.reaches["a"].length_m == pytest.approx(4733.0, rel=1e-2)
    assert net.order.index("c") > max(net.order.index("a"), net.order.index("b"))


def test_network_from_geodataframe_missing_velocity():
    gdf = gpd.GeoDataFrame(
        {"id": ["a"]}, geometry=[LineString([(0, 0), (1000, 0)])], crs="EPSG:32650"
    )
    with pytest.raises(ModelInputError, match=r"^velocity_m_s:"):
        network_from_geodataframe(gdf)


def test_reach_default_dispersion_is_fischer():
    r = Reach("a", 1000.0, 0.8, 100.0, width_m=50.0, slope=0.0002)
    assert r.dispersion == pytest.approx(140.5, rel=5e-4)


# ------------------------------------------------------------------ Streeter–Phelps
def test_masters_ela_do_sag():
    # Masters & Ela DO-sag example (emergency.md §5): L0 = 50, D0 = 0, kd = 0.30/d,
    # ka = 0.90/d, u = 48 mi/d → t_c = 1.831 d, x_c = 87.9 mi, D_c = 9.62, DO_min = 0.38
    # (printed to 3–4 s.f.; abs tolerance of half the last digit).
    tc, dc = streeter_phelps_critical(50.0, 0.0, 0.30, 0.90)
    assert tc == pytest.approx(1.831, abs=5e-4)
    assert 48 * tc == pytest.approx(87.9, abs=0.05)
    assert dc == pytest.approx(9.62, abs=5e-3)
    assert 10.0 - dc == pytest.approx(0.38, abs=5e-3)


@pytest.mark.parametrize(
    ("L0", "D0", "kd", "ka"),
    [
        pytest.param(50.0, 0.0, 0.3, 0.9, id="masters-ela"),
        pytest.param(20.0, 2.0, 0.4, 0.4, id="ka=kd"),
        pytest.param(12.0, 1.0, 0.5, 0.3, id="ka<kd"),
        pytest.param(5.0, 4.0, 0.2, 1.5, id="high-D0"),
    ],
)
def test_critical_point_is_numerical_maximum(L0, D0, kd, ka):
    t = np.linspace(0, 30, 300_001)
    d = streeter_phelps(L0, D0, kd, ka, t)
    tc, dc = streeter_phelps_critical(L0, D0, kd, ka)
    assert dc == pytest.approx(d.max(), rel=1e-8)
    assert tc == pytest.approx(t[np.argmax(d)], abs=2e-4)
    assert streeter_phelps(L0, D0, kd, ka, 0.0) == pytest.approx(D0)


def test_streeter_phelps_equal_rates_is_continuous_limit():
    t = np.linspace(0, 10, 101)
    exact = streeter_phelps(20.0, 1.0, 0.4, 0.4, t)
    near = streeter_phelps(20.0, 1.0, 0.4, 0.4 * (1 + 1e-7), t)
    np.testing.assert_allclose(near, exact, rtol=1e-5)
    np.testing.assert_allclose(exact, (0.4 * 20 * t + 1.0) * np.exp(-0.4 * t), rtol=1e-12)


def test_streeter_phelps_falling_from_start():
    # A large initial deficit only recovers: the bracket ≤ 0 → critical point at t = 0.
    assert streeter_phelps_critical(2.0, 8.0, 0.2, 1.0) == (0.0, 8.0)
    assert streeter_phelps_critical(0.0, 3.0, 0.2, 1.0) == (0.0, 3.0)


# ------------------------------------------------------------------ steady loads, lakes
def test_steady_point_load_decays_along_reach():
    net = RiverNetwork([_reach("a", 10_000.0, u=0.5, area=100.0)])
    res = steady_state_load(net, [Load("a", 50.0, 0.0)], k=1e-5)
    assert res.concentration("a", 6000.0) == pytest.approx(1.0 * math.exp(-1e-5 * 6000 / 0.5))
    assert res.conc_out_mg_l["a"] == pytest.approx(math.exp(-0.2))


def test_steady_confluence_dilution_and_conservation(confluence):
    # k = 0: fluxes add at the confluence, C = ΣW / Q_down; distributed load adds W at the end.
    loads = [Load("main", 20.0, 100.0), Load("trib", 5.0, None), Load("down", 10.0, 6000.0)]
    res = steady_state_load(confluence, loads, k=0.0, headwater_mg_l=0.1)
    head = 0.1 * (40 + 10)
    assert res.flux_in_g_s["down"] == pytest.approx(25.0 + head)
    assert res.conc_in_mg_l["down"] == pytest.approx((25.0 + head) / 50.0)
    assert res.conc_out_mg_l["down"] == pytest.approx((35.0 + head) / 50.0)
    assert res.concentration("trib", 2500.0) == pytest.approx((1.0 + 2.5) / 10.0)


def test_steady_zero_loads_zero_concentration(confluence):
    res = steady_state_load(confluence, [])
    assert all(v == 0 for v in res.conc_out_mg_l.values())


def test_lake_tp_vollenweider():
    # Vollenweider (1976): P = P_in / (1 + √τw). W = 1000 kg/a, V = 1e8 m³, Q = 5e7 m³/a
    # → τw = 2 a, P_in = 0.02 mg/L, P = 0.02/(1 + √2) = 0.008284 mg/L.
    res = lake_tp_response(1000.0, 1e8, 5e7, t_a=[0.0, 1.0, 50.0], p0_mg_l=0.05)
    assert res.residence_time_a == pytest.approx(2.0)
    assert res.inflow_mg_l == pytest.approx(0.02)
    assert res.steady_mg_l == pytest.approx(0.02 / (1 + math.sqrt(2)), rel=1e-12)
    assert res.series_mg_l[0] == pytest.approx(0.05)
    assert res.series_mg_l[-1] == pytest.approx(res.steady_mg_l, rel=1e-9)
    # no settling: in-lake = inflow concentration
    assert lake_tp_response(1000.0, 1e8, 5e7, settling_1_a=0.0).steady_mg_l == pytest.approx(0.02)


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("call", "param"),
    [
        pytest.param(lambda: fischer_dispersion(0.8, 0, 50, 1e-4), "depth", id="fischer-depth"),
        pytest.param(lambda: fischer_dispersion(0.8, 2, 50, -1e-4), "slope", id="fischer-slope"),
        pytest.param(lambda: instantaneous_spill(-1, 100, 0.5, 50, 0, 1, 1), "mass", id="mass"),
        pytest.param(lambda: instantaneous_spill(1, 0, 0.5, 50, 0, 1, 1), "area", id="area"),
        pytest.param(lambda: instantaneous_spill(1, 100, 0.5, 0, 0, 1, 1), "D", id="D"),
        pytest.param(lambda: instantaneous_spill(1, 100, 0.5, 50, -1, 1, 1), "k", id="k"),
        pytest.param(
            lambda: continuous_spill(1, 100, 0.5, 50, 0, 1, 1, duration=0), "duration", id="dur"
        ),
        pytest.param(lambda: streeter_phelps(50, 0, 0, 0.9, 1), "kd", id="sp-kd"),
        pytest.param(lambda: streeter_phelps(50, 0, 0.3, 0.9, -1), "t", id="sp-t"),
        pytest.param(lambda: streeter_phelps_critical(-5, 0, 0.3, 0.9), "L0", id="sp-L0"),
        pytest.param(lambda: Reach("x", 0, 0.5, 100, D=10), "reach x.length_m", id="reach-length"),
        pytest.param(lambda: Reach("x", 10, 0.5, 100), "reach x.D", id="reach-no-D"),
        pytest.param(
            lambda: RiverNetwork([_reach("a", 10, "zz")]), "reach a.downstream_id", id="down"
        ),
        pytest.param(
            lambda: RiverNetwork([_reach("a", 10, "b"), _reach("b", 10, "a")]), "reaches", id="loop"
        ),
        pytest.param(lambda: RiverNetwork([_reach("a", 10), _reach("a", 10)]), "reaches", id="dup"),
        pytest.param(
            lambda: spill_along_network(RiverNetwork([_reach("a", 10)]), ("q", 0), 1, []),
            r"spill_point\.reach_id",
            id="spill-reach",
        ),
        pytest.param(
            lambda: spill_along_network(RiverNetwork([_reach("a", 10)]), ("a", 20), 1, []),
            r"spill_point\.distance_along_m",
            id="spill-beyond",
        ),
        pytest.param(
            lambda: spill_along_network(RiverNetwork([_reach("a", 10)]), ("a", 0), 0, []),
            "mass",
            id="spill-m",
        ),
        pytest.param(
            lambda: spill_along_network(
                RiverNetwork([_reach("a", 10)]), ("a", 0), 1, [("a", -1, "t")]
            ),
            r"targets\[0\]\.distance_along_m",
            id="target-neg",
        ),
        pytest.param(
            lambda: steady_state_load(RiverNetwork([_reach("a", 10)]), [Load("b", 1.0)]),
            r"loads\[0\]\.reach_id",
            id="load-reach",
        ),
        pytest.param(lambda: lake_tp_response(1, 0, 1), "volume_m3", id="lake-V"),
        pytest.param(lambda: lake_tp_response(-1, 1, 1), "load_kg_a", id="lake-W"),
    ],
)
def test_bad_input_names_parameter(call, param):
    with pytest.raises(ModelInputError, match=rf"^{param}:"):
        call()
