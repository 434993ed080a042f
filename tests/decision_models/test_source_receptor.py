"""Tests of decision_models.source_receptor (sector-averaged long-term Gaussian matrix)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_models.dispersion import gaussian_plume, sigmas
from decision_models.errors import ModelInputError
from decision_models.source_receptor import (
    MetClimatology,
    Receptors,
    Sources,
    apply_scenario,
    cached_unit_matrix,
    inputs_hash,
    load_matrix,
    save_matrix,
    unit_matrix,
)

DTHETA = 2 * math.pi / 16


def _random_setup(ns=30, nr=400, seed=1):
    rng = np.random.default_rng(seed)
    sources = Sources(
        [f"s{i}" for i in range(ns)],
        rng.uniform(0, 20_000, ns),
        rng.uniform(0, 20_000, ns),
        height_m=rng.uniform(0, 80, ns),
        sector=rng.choice(["industry", "power", "traffic"], ns),
        district=rng.choice(["蜀山区", "包河区"], ns),
        emission_g_s=rng.uniform(0.1, 20, ns),
    )
    g = np.linspace(0, 20_000, int(math.sqrt(nr)))
    xx, yy = np.meshgrid(g, g)
    receptors = Receptors([f"r{i}" for i in range(xx.size)], xx.ravel(), yy.ravel())
    f = rng.random((16, 6))
    met = MetClimatology(f / f.sum(), rng.uniform(1.0, 6.0, (16, 6)))
    return sources, receptors, met


@pytest.fixture(scope="module")
def setup():
    s, r, m = _random_setup()
    return s, r, m, unit_matrix(s, r, m)


# ------------------------------------------------------------------ formula
def test_single_sector_matches_sector_average_formula():
    # ISC3 long-term eq. (Vol. II §2): C = Q·2e^{−H²/2σz²} / (√(2π) σz u R Δθ), ×1e6 µg/g.
    s = Sources(["s"], [0.0], [0.0], height_m=30.0)
    r = Receptors(["east", "north", "west"], [2000.0, 0.0, -2000.0], [0.0, 2000.0, 0.0])
    met = MetClimatology.single(270.0, "C", 3.0)  # wind from the west → plume to the east
    m = unit_matrix(s, r, met).values[:, 0]
    _, sz = sigmas(2000.0, "C")
    expected = (
        2
        * math.exp(-(30**2) / (2 * sz**2))
        / (math.sqrt(2 * math.pi) * sz * 3.0 * 2000 * DTHETA)
        * 1e6
    )
    assert m[0] == pytest.approx(expected, rel=1e-5)  # float32
    assert m[1] == 0.0 and m[2] == 0.0


def test_sector_average_equals_crosswind_integral_of_plume():
    # Independent check with gaussian_plume: the sector average is the crosswind-integrated
    # plume at x = R spread over the arc R·Δθ (ISC3 Vol. II §2.1): rel 1e-5 (float32,
    # trapezoid over ±10σy). Averaging the plume along the 22.5° arc itself differs by the
    # arc's curvature and the tails outside the sector: within 2 %.
    R, H, u = 2000.0, 20.0, 4.0
    s = Sources(["s"], [0.0], [0.0], height_m=H)
    r = Receptors(["r"], [0.0], [-R])  # due south of the source
    met = MetClimatology.single(0.0, "D", u)  # wind from the north
    m = unit_matrix(s, r, met).values[0, 0]
    sy, _ = sigmas(R, "D")
    y = np.linspace(-10 * sy, 10 * sy, 20_001)
    line = np.trapezoid(gaussian_plume(1.0, u, H, R, y, stability="D"), y) / (R * DTHETA)
    assert m == pytest.approx(line * 1e6, rel=1e-5)
    ang = np.linspace(-DTHETA / 2, DTHETA / 2, 20_001)
    arc = np.trapezoid(gaussian_plume(1.0, u, H, R * np.cos(ang), R * np.sin(ang)), ang) / DTHETA
    assert m == pytest.approx(arc * 1e6, rel=2e-2)


def test_rotation_of_wind_rose_rotates_response():
    s = Sources(["s"], [0.0], [0.0])
    r = Receptors(["n", "e", "s", "w"], [0, 1500, 0, -1500], [1500, 0, -1500, 0])
    f = np.zeros((16, 6))
    f[0, 3] = 0.7  # from N
    f[4, 3] = 0.3  # from E
    m = unit_matrix(s, r, MetClimatology(f, 3.0)).values[:, 0]
    assert m[0] == 0 and m[1] == 0  # nothing blows towards N or E
    assert m[2] / m[3] == pytest.approx(0.7 / 0.3, rel=1e-6)  # S from N-wind, W from E-wind


def test_response_falls_with_distance_and_min_distance_floor():
    s = Sources(["s"], [0.0], [0.0])
    d = np.array([0.0, 50.0, 100.0, 500.0, 5000.0, 50_000.0])
    r = Receptors([f"r{i}" for i in range(d.size)], d, np.zeros_like(d))
    m = unit_matrix(s, r, MetClimatology.single(270.0, "D", 3.0), min_distance_m=100.0).values[:, 0]
    assert m[2] == pytest.approx(m[1]) and np.all(np.diff(m[2:]) < 0)


def test_elevated_source_lower_near_ground():
    r = Receptors(["r"], [300.0], [0.0])
    met = MetClimatology.single(270.0, "D", 3.0)
    ground = unit_matrix(Sources(["s"], [0.0], [0.0], height_m=0.0), r, met).values[0, 0]
    tall = unit_matrix(Sources(["s"], [0.0], [0.0], height_m=100.0), r, met).values[0, 0]
    assert tall < 0.01 * ground


def test_chunking_does_not_change_result(setup):
    s, r, m, M = setup
    again = unit_matrix(s, r, m, chunk_size=7)
    np.testing.assert_array_equal(again.values, M.values)
    assert M.values.dtype == np.float32 and M.shape == (len(r), len(s))


# ------------------------------------------------------------------ scenarios
def test_zero_reduction_is_baseline(setup):
    *_, M = setup
    base = apply_scenario(M)
    none = apply_scenario(M, reductions={"sector": {"industry": 0.0}})
    np.testing.assert_array_equal(base.values, none.values)
    np.testing.assert_allclose(base.values, M.values.astype(float) @ M.emission_g_s, rtol=1e-5)


def test_full_reduction_everywhere_is_zero(setup):
    *_, M = setup
    c = apply_scenario(M, reductions={"district": {"蜀山区": 1.0, "包河区": 1.0}})
    assert np.all(c.values == 0)


def test_sector_reduction_equals_scaled_emissions(setup):
    s, _, _, M = setup
    red = {"sector": {"industry": 0.3}, "district": {"包河区": 0.5}, "source": {"s3": 0.1}}
    got = apply_scenario(M, reductions=red).values
    e = s.emission_g_s.copy()
    e[s.sector == "industry"] *= 0.7
    e[s.district == "包河区"] *= 0.5
    e[s.ids == "s3"] *= 0.9
    np.testing.assert_allclose(got, apply_scenario(M, e).values, rtol=1e-6)


def test_mapping_emissions_equal_array(setup):
    s, _, _, M = setup
    mapping = dict(zip(s.ids.tolist(), s.emission_g_s.tolist(), strict=True))
    np.testing.assert_allclose(
        apply_scenario(M, mapping).values, apply_scenario(M).values, rtol=1e-6
    )


@settings(max_examples=25, deadline=None)
@given(
    a=st.floats(0, 10),
    b=st.floats(0, 10),
    seed=st.integers(0, 2**16),
)
def test_linearity_and_additivity(setup, a, b, seed):
    s, _, _, M = setup
    rng = np.random.default_rng(seed)
    e1, e2 = rng.uniform(0, 5, len(s)), rng.uniform(0, 5, len(s))
    lhs = apply_scenario(M, a * e1 + b * e2).values
    rhs = a * apply_scenario(M, e1).values + b * apply_scenario(M, e2).values
    np.testing.assert_allclose(lhs, rhs, rtol=1e-5, atol=1e-9 * (1 + np.abs(rhs).max()))


def test_matrix_additive_over_sources():
    # The response to two sources is the sum of their separate responses.
    s, r, m = _random_setup(ns=2, nr=100, seed=3)
    both = unit_matrix(s, r, m).values
    for i in range(2):
        one = Sources([s.ids[i]], [s.x_m[i]], [s.y_m[i]], height_m=[s.height_m[i]])
        np.testing.assert_allclose(unit_matrix(one, r, m).values[:, 0], both[:, i], rtol=1e-6)


# ------------------------------------------------------------------ storage
def test_save_load_roundtrip_and_hash(tmp_path, setup):
    s, r, m, M = setup
    p = save_matrix(M, tmp_path / "m.npz")
    back = load_matrix(p, expected_inputs_hash=inputs_hash(s, r, m))
    np.testing.assert_array_equal(back.values, M.values)
    assert back.inputs_hash == M.inputs_hash
    assert back.source_district.tolist() == M.source_district.tolist()
    np.testing.assert_array_equal(apply_scenario(back).values, apply_scenario(M).values)


def test_load_rejects_stale_inputs(tmp_path, setup):
    s, r, m, M = setup
    p = save_matrix(M, tmp_path / "m.npz")
    moved = Sources(s.ids, s.x_m + 1.0, s.y_m, s.height_m, s.sector, s.district, s.emission_g_s)
    with pytest.raises(ModelInputError, match=r"^expected_inputs_hash:"):
        load_matrix(p, expected_inputs_hash=inputs_hash(moved, r, m))


def test_load_rejects_tampered_values(tmp_path, setup):
    *_, M = setup
    p = save_matrix(M, tmp_path / "m.npz")
    with np.load(p) as z:
        data = {k: z[k] for k in z.files}
    data["values"] = data["values"] * np.float32(1.01)
    np.savez(p, **data)
    with pytest.raises(ModelInputError, match=r"^path:.*digest"):
        load_matrix(p)


def test_cached_unit_matrix_recomputes_on_change(tmp_path):
    s, r, m = _random_setup(ns=3, nr=25, seed=5)
    p = tmp_path / "cache.npz"
    first = cached_unit_matrix(p, s, r, m)
    assert cached_unit_matrix(p, s, r, m).inputs_hash == first.inputs_hash
    other = MetClimatology(m.frequency, m.wind_speed_m_s * 2)
    second = cached_unit_matrix(p, s, r, other)
    assert second.inputs_hash != first.inputs_hash
    np.testing.assert_allclose(second.values, first.values / 2, rtol=1e-6)


# ------------------------------------------------------------------ bad input
def _one():
    return Sources(["s"], [0.0], [0.0], sector=["a"])


@pytest.mark.parametrize(
    ("call", "param"),
    [
        pytest.param(lambda: Sources(["a", "a"], [0, 1], [0, 1]), r"sources\.ids", id="dup-ids"),
        pytest.param(lambda: Sources(["a"], [0, 1], [0]), r"sources\.x_m", id="length"),
        pytest.param(
            lambda: Sources(["a"], [0], [0], height_m=-1), r"sources\.height_m", id="height"
        ),
        pytest.param(lambda: Receptors(["a"], [np.nan], [0]), r"receptors\.x_m", id="nan"),
        pytest.param(
            lambda: MetClimatology(np.ones((16, 6)), 3.0), r"met\.frequency", id="freq-sum"
        ),
        pytest.param(
            lambda: MetClimatology(np.ones((8, 6)) / 48, 3.0), r"met\.frequency", id="shape"
        ),
        pytest.param(
            lambda: MetClimatology(np.ones((16, 6)) / 96, 0.0), r"met\.wind_speed_m_s", id="speed"
        ),
        pytest.param(
            lambda: unit_matrix(
                _one(),
                Receptors(["r"], [1], [1]),
                MetClimatology.single(0, "D", 2),
                min_distance_m=0,
            ),
            "min_distance_m",
            id="min-dist",
        ),
        pytest.param(
            lambda: apply_scenario(
                unit_matrix(_one(), Receptors(["r"], [1], [1]), MetClimatology.single(0, "D", 2)),
                [1.0],
                {"sector": {"a": 1.5}},
            ),
            r"reductions\.sector\.a",
            id="fraction>1",
        ),
        pytest.param(
            lambda: apply_scenario(
                unit_matrix(_one(), Receptors(["r"], [1], [1]), MetClimatology.single(0, "D", 2)),
                [1.0],
                {"sector": {"nope": 0.5}},
            ),
            r"reductions\.sector\.nope",
            id="unknown-sector",
        ),
        pytest.param(
            lambda: apply_scenario(
                unit_matrix(_one(), Receptors(["r"], [1], [1]), MetClimatology.single(0, "D", 2)),
                [1.0],
                {"city": {"x": 0.5}},
            ),
            "reductions",
            id="unknown-grouping",
        ),
        pytest.param(
            lambda: apply_scenario(
                unit_matrix(_one(), Receptors(["r"], [1], [1]), MetClimatology.single(0, "D", 2))
            ),
            "emissions",
            id="no-baseline",
        ),
        pytest.param(
            lambda: apply_scenario(
                unit_matrix(_one(), Receptors(["r"], [1], [1]), MetClimatology.single(0, "D", 2)),
                [-1.0],
            ),
            "emissions",
            id="negative-emission",
        ),
        pytest.param(lambda: load_matrix("/nonexistent/m.npz"), "path", id="missing-file"),
    ],
)
def test_bad_input_names_parameter(call, param):
    with pytest.raises(ModelInputError, match=rf"^{param}:"):
        call()
