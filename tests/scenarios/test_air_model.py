"""The pure scenario model (:mod:`decision_models.air_scenario`): linearity and limits on a
small matrix built by the real unit-matrix code (no database)."""

from __future__ import annotations

import numpy as np
import pytest

from decision_models.air_scenario import (
    POLLUTANTS,
    Cancelled,
    Cut,
    build_matrix,
    scenario,
    select_sources,
    top_contributors,
)
from decision_models.errors import ModelInputError
from decision_models.source_receptor import MetClimatology, Receptors, Sources, unit_matrix

N_SOURCES = 40


@pytest.fixture(scope="module")
def case():
    rng = np.random.default_rng(7)
    xs, ys = rng.uniform(-20e3, 20e3, N_SOURCES), rng.uniform(-20e3, 20e3, N_SOURCES)
    district = np.where(xs < 0, "west", "east")
    sources = Sources([f"s{i}" for i in range(N_SOURCES)], xs, ys, rng.uniform(0, 60, N_SOURCES),
                      sector=rng.choice(["power", "chem", "food"], N_SOURCES),
                      district=district)
    gx, gy = np.meshgrid(np.linspace(-25e3, 25e3, 12), np.linspace(-25e3, 25e3, 12))
    receptors = Receptors([f"r{i}" for i in range(gx.size)], gx.ravel(), gy.ravel())
    f = rng.uniform(0.2, 1.0, (16, 6))
    met = MetClimatology(f / f.sum(), rng.uniform(1.0, 5.0, (16, 6)))
    M = unit_matrix(sources, receptors, met)
    emissions = rng.uniform(0.1, 5.0, (N_SOURCES, len(POLLUTANTS)))
    return sources, receptors, met, M, emissions, district


def _mask(case, **select):
    sources = case[0]
    lon = sources.x_m / 1e5 + 117.0  # stand-ins for positions in degrees
    lat = sources.y_m / 1e5 + 31.8
    return select_sources(select, ids=sources.ids, district=sources.district,
                          industry=sources.sector, lon=lon, lat=lat)


def test_a_zero_cut_changes_nothing_exactly(case):
    M, e = case[3], case[4]
    ans = scenario(M, e, [Cut(_mask(case, all=True), "PM2_5", 0.0)], background=[5, 6, 7, 8])
    assert np.array_equal(ans.scenario, ans.baseline)
    assert not ans.delta.any()


def test_cutting_every_source_fully_leaves_the_background(case):
    M, e = case[3], case[4]
    background = np.array([30.0, 50.0, 8.0, 25.0])
    cuts = [Cut(_mask(case, all=True), p, 1.0) for p in POLLUTANTS]
    ans = scenario(M, e, cuts, background=background)
    assert np.all(ans.baseline > background)  # the sources add something everywhere
    np.testing.assert_array_equal(ans.scenario, np.broadcast_to(background, ans.scenario.shape))


def test_two_cuts_add_up(case):
    M, e = case[3], case[4]
    west, east = _mask(case, district="west"), _mask(case, district="east")
    d_west = scenario(M, e, [Cut(west, "NO2", 0.4)]).delta
    d_east = scenario(M, e, [Cut(east, "NO2", 0.4)]).delta
    d_both = scenario(M, e, [Cut(west, "NO2", 0.4), Cut(east, "NO2", 0.4)]).delta
    np.testing.assert_allclose(d_both, d_west + d_east, rtol=1e-5, atol=1e-6)
    # and a cut scales linearly with its fraction
    d_half = scenario(M, e, [Cut(west, "NO2", 0.2)]).delta
    np.testing.assert_allclose(d_west, 2 * d_half, rtol=1e-5, atol=1e-6)


def test_a_district_cut_lowers_its_own_receptors_most(case):
    M, e, receptors = case[3], case[4], case[1]
    d = scenario(M, e, [Cut(_mask(case, district="west"), "PM2_5", 0.5)]).delta[:, 0]
    west = receptors.x_m < -5e3
    east = receptors.x_m > 5e3
    assert d.max() <= 0.0
    assert d[west].mean() < 2 * d[east].mean()  # clearly more lowering in the west


def test_only_the_cut_pollutant_changes(case):
    M, e = case[3], case[4]
    ans = scenario(M, e, [Cut(_mask(case, all=True), "SO2", 0.3)])
    changed = np.abs(ans.delta).max(axis=0) > 0
    assert changed.tolist() == [p == "SO2" for p in POLLUTANTS]


def test_moved_source_and_extra_columns(case):
    sources, receptors, met, M, e, _ = case
    moved = np.zeros(N_SOURCES, bool)
    moved[0] = True
    # moving a source onto its own position changes nothing
    same = unit_matrix(Sources(["x"], sources.x_m[:1], sources.y_m[:1], sources.height_m[:1]),
                       receptors, met).values
    ans = scenario(M, e, removed=moved, extra_columns=same, extra_emissions=e[:1])
    np.testing.assert_allclose(ans.scenario, ans.baseline, rtol=1e-5, atol=1e-6)


def test_top_contributors_rank_by_contribution():
    weights = np.array([1.0, 2.0, 0.5])
    top = top_contributors(weights, np.array([1.0, 1.0, 10.0]), ["a", "b", "c"], 2)
    assert top == [("c", 5.0), ("b", 2.0)]
    by_sector = top_contributors(weights, np.array([1.0, 1.0, 10.0]), ["x", "x", "y"], 5)
    assert by_sector == [("y", 5.0), ("x", 3.0)]


@pytest.mark.parametrize(("select", "param"), [
    pytest.param({"all": False}, "select.all", id="all-false"),
    pytest.param({"district": "nowhere"}, "select.district", id="no-match"),
    pytest.param({"district": ""}, "select.district", id="empty"),
    pytest.param({"ids": []}, "select.ids", id="no-ids"),
    pytest.param({"ids": ["s1", "zz"]}, "select.ids", id="unknown-id"),
    pytest.param({"polygon": {"type": "Point", "coordinates": [117, 31]}}, "select.polygon",
                 id="not-a-polygon"),
    pytest.param({"polygon": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0],
                                                                  [0, 1], [0, 0]]]}},
                 "select.polygon", id="bow-tie"),
    pytest.param({"colour": "red"}, "select", id="unknown-key"),
    pytest.param({"all": True, "district": "west"}, "select", id="two-keys"),
])
def test_bad_selections_name_the_parameter(case, select, param):
    with pytest.raises(ModelInputError) as err:
        _mask(case, **select) if "colour" not in select else select_sources(
            select, ids=case[0].ids, district=case[0].district, industry=case[0].sector,
            lon=np.zeros(N_SOURCES), lat=np.zeros(N_SOURCES))
    assert err.value.parameter == param


def test_a_polygon_selects_the_sources_inside(case):
    sources = case[0]
    lon = sources.x_m / 1e5 + 117.0
    poly = {"type": "Polygon", "coordinates": [[[116.0, 30.0], [117.0, 30.0], [117.0, 33.0],
                                                [116.0, 33.0], [116.0, 30.0]]]}
    mask = select_sources({"polygon": poly}, ids=sources.ids, district=sources.district,
                          industry=sources.sector, lon=lon, lat=sources.y_m / 1e5 + 31.8)
    assert mask.tolist() == (lon < 117.0).tolist()


@pytest.mark.parametrize("fraction", [-0.1, 1.01, float("nan"), True, "0.3"])
def test_fractions_outside_0_1_are_refused(case, fraction):
    with pytest.raises(ModelInputError):
        Cut(np.ones(N_SOURCES, bool), "PM2_5", fraction)


def test_chunked_build_equals_the_matrix_and_can_be_cancelled(case):
    sources, receptors, met, M, _, _ = case
    seen = []
    built = build_matrix(sources, receptors, met, chunk=7, progress=seen.append)
    np.testing.assert_allclose(built.values, M.values, rtol=1e-6)
    assert built.inputs_hash == M.inputs_hash
    assert seen[-1] == 1.0
    calls = []
    with pytest.raises(Cancelled):
        build_matrix(sources, receptors, met, chunk=7,
                     should_stop=lambda: calls.append(1) or len(calls) > 2)
