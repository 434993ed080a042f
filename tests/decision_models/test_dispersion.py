"""Tests of decision_models.dispersion against emergency.md §2–3 and published values."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq
from shapely.geometry import Point

from decision_models.dispersion import (
    SUBSTANCES,
    Release,
    Weather,
    dose,
    gaussian_plume,
    gaussian_puff,
    plume_rise,
    sigmas,
    stability_class,
    threat_zones,
)
from decision_models.dispersion.zones import _local_transformer
from decision_models.errors import ModelInputError
from decision_models.units import mg_m3_to_ppm, ppm_to_mg_m3

HEFEI = (117.27, 31.86)


# ------------------------------------------------------------------ worked examples
def test_turner_workbook_example_1():
    # Turner (1970) AP-26 Example 1 as quoted in emergency.md §2.3: Q = 3 g/s, u = 7 m/s,
    # σy = 190 m, σz = 65 m (chart values), H = 0 → 1.10e-5 g/m³ (3 significant figures,
    # so rel 5e-3); the exact formula value is 3/(π·190·65·7) (rel 1e-12).
    c = gaussian_plume(3.0, 7.0, 0.0, 3000.0, 0.0, sigma_y=190.0, sigma_z=65.0)
    assert c == pytest.approx(1.10e-5, rel=5e-3)
    assert c == pytest.approx(3 / (math.pi * 190 * 65 * 7), rel=1e-12)


def test_briggs_worked_example_2():
    # emergency.md §2.3 example 2 (computed, 4 s.f. → rel 2e-4): rural D, x = 1000 m.
    sy, sz = sigmas(1000.0, "D", "rural")
    assert sy == pytest.approx(76.277, rel=2e-5)
    assert sz == pytest.approx(37.947, rel=2e-5)
    c = gaussian_plume(100.0, 5.0, 50.0, 1000.0, np.array([0.0, 100.0]))
    assert c[0] == pytest.approx(9.232e-4, rel=2e-4)
    assert c[1] == pytest.approx(3.909e-4, rel=2e-4)


# Values written out independently from the emergency.md §2.2 tables at x = 1000 m.
@pytest.mark.parametrize(
    ("stability", "terrain", "sy", "sz"),
    [
        pytest.param("A", "rural", 220 / math.sqrt(1.1), 200.0, id="rural-A"),
        pytest.param("B", "rural", 160 / math.sqrt(1.1), 120.0, id="rural-B"),
        pytest.param("C", "rural", 110 / math.sqrt(1.1), 80 / math.sqrt(1.2), id="rural-C"),
        pytest.param("D", "rural", 80 / math.sqrt(1.1), 60 / math.sqrt(2.5), id="rural-D"),
        pytest.param("E", "rural", 60 / math.sqrt(1.1), 30 / 1.3, id="rural-E-exp-1"),
        pytest.param("F", "rural", 40 / math.sqrt(1.1), 16 / 1.3, id="rural-F-exp-1"),
        pytest.param("A", "urban", 320 / math.sqrt(1.4), 240 * math.sqrt(2.0), id="urban-A+half"),
        pytest.param("B", "urban", 320 / math.sqrt(1.4), 240 * math.sqrt(2.0), id="urban-B=AB"),
        pytest.param("C", "urban", 220 / math.sqrt(1.4), 200.0, id="urban-C"),
        pytest.param("D", "urban", 160 / math.sqrt(1.4), 140 / math.sqrt(1.3), id="urban-D"),
        pytest.param("E", "urban", 110 / math.sqrt(1.4), 80 / math.sqrt(2.5), id="urban-E=EF"),
        pytest.param("F", "urban", 110 / math.sqrt(1.4), 80 / math.sqrt(2.5), id="urban-F=EF"),
    ],
)
def test_briggs_table(stability, terrain, sy, sz):
    got_y, got_z = sigmas(1000.0, stability, terrain)
    assert got_y == pytest.approx(sy, rel=1e-12)
    assert got_z == pytest.approx(sz, rel=1e-12)


@pytest.mark.parametrize(
    ("u", "kwargs", "expected"),
    [
        pytest.param(1.5, {"daytime": True, "insolation": "strong"}, "A", id="day-strong-calm"),
        pytest.param(1.5, {"daytime": True, "insolation": "moderate"}, "B", id="day-AB-to-B"),
        pytest.param(2.5, {"daytime": True, "insolation": "strong"}, "B", id="day-AB-2-3"),
        pytest.param(2.5, {"daytime": True, "insolation": "slight"}, "C", id="day-slight-2-3"),
        pytest.param(4.0, {"daytime": True, "insolation": "moderate"}, "C", id="day-BC-to-C"),
        pytest.param(5.5, {"daytime": True, "insolation": "strong"}, "C", id="day-strong-5-6"),
        pytest.param(5.5, {"daytime": True, "insolation": "moderate"}, "D", id="day-CD-to-D"),
        pytest.param(7.0, {"daytime": True, "insolation": "strong"}, "C", id="day-strong-windy"),
        pytest.param(7.0, {"daytime": True, "insolation": "slight"}, "D", id="day-slight-windy"),
        pytest.param(1.0, {"daytime": False, "cloud_cover": 2}, "F", id="night-calm-F*"),
        pytest.param(2.5, {"daytime": False, "cloud_cover": 5}, "E", id="night-cloudy-2-3"),
        pytest.param(2.5, {"daytime": False, "cloud_cover": 3}, "F", id="night-clear-2-3"),
        pytest.param(4.0, {"daytime": False, "cloud_cover": 4}, "D", id="night-cloudy-3-5"),
        pytest.param(4.0, {"daytime": False, "cloud_cover": 0}, "E", id="night-clear-3-5"),
        pytest.param(7.0, {"daytime": False, "cloud_cover": 0}, "D", id="night-windy"),
        pytest.param(1.0, {"daytime": False, "cloud_cover": 8}, "D", id="overcast-night"),
        pytest.param(1.0, {"daytime": True, "insolation": "overcast"}, "D", id="overcast-day"),
    ],
)
def test_stability_class_turner_table(u, kwargs, expected):
    # Turner (1970) Table 1 / emergency.md §2.1, intermediate cells → more stable class.
    assert stability_class(u, **kwargs) == expected


# ------------------------------------------------------------------ plume properties
def test_ground_source_centreline_formula():
    # emergency.md §2: H = 0, centreline C = Q/(π u σy σz).
    sy, sz = sigmas(500.0, "C")
    c = gaussian_plume(10.0, 3.0, 0.0, 500.0, 0.0, stability="C")
    assert c == pytest.approx(10.0 / (math.pi * 3.0 * sy * sz), rel=1e-12)


def test_plume_upwind_zero_and_far_field_decay():
    c = gaussian_plume(100.0, 5.0, 0.0, np.array([-100.0, 0.0, 1e3, 1e5, 1e6]), 0.0)
    assert c[0] == 0.0 and c[1] == 0.0
    assert c[2] > c[3] > c[4] > 0
    assert c[4] / c[2] < 1e-3


def test_plume_broadcasting_grid():
    x = np.linspace(100, 5000, 30)[:, None]
    y = np.linspace(-500, 500, 21)[None, :]
    c = gaussian_plume(50.0, 4.0, 30.0, x, y, stability="B")
    assert c.shape == (30, 21)
    np.testing.assert_allclose(c, c[:, ::-1], rtol=1e-12)  # crosswind symmetry


@settings(max_examples=60, deadline=None)
@given(
    q=st.floats(0.1, 1e4),
    u=st.floats(0.5, 20),
    h=st.floats(0, 200),
    x=st.floats(50, 2e4),
    y=st.floats(0, 2e3),
    stab=st.sampled_from("ABCDEF"),
)
def test_plume_symmetry_and_linearity(q, u, h, x, y, stab):
    c1 = gaussian_plume(q, u, h, x, y, stability=stab)
    c2 = gaussian_plume(q, u, h, x, -y, stability=stab)
    assert c1 == pytest.approx(c2, rel=1e-12, abs=0)
    assert gaussian_plume(2 * q, u, h, x, y, stability=stab) == pytest.approx(2 * c1, rel=1e-12)
    assert gaussian_plume(q, 2 * u, h, x, y, stability=stab) == pytest.approx(c1 / 2, rel=1e-12)
    assert gaussian_plume(q, u, h, x, 0.0, stability=stab) >= c1


def test_plume_ground_reflection_doubles_at_source_height():
    # At z = H with H ≫ σz the reflected image is negligible, at the ground (H = 0) the
    # two terms coincide: C(z=0, H=0) = 2 × the unreflected value.
    c_ground = gaussian_plume(1.0, 1.0, 0.0, 1000.0, 0.0, 0.0, sigma_y=50.0, sigma_z=20.0)
    unreflected = 1.0 / (2 * math.pi * 50 * 20)
    assert c_ground == pytest.approx(2 * unreflected, rel=1e-12)
    c_high = gaussian_plume(1.0, 1.0, 1000.0, 1000.0, 0.0, 1000.0, sigma_y=50.0, sigma_z=20.0)
    assert c_high == pytest.approx(unreflected, rel=1e-12)


# ------------------------------------------------------------------ puff and dose
@pytest.mark.parametrize(
    ("sig", "h"),
    [
        pytest.param((40.0, 40.0, 15.0), 10.0, id="explicit-sigmas"),
        pytest.param(None, 0.0, id="briggs-D-ground"),
        pytest.param(None, 25.0, id="briggs-D-elevated"),
    ],
)
def test_puff_integrates_to_released_mass(sig, h):
    # Conservation: ∭_{z≥0} C dV = m (reflection keeps all mass above ground).
    # Midpoint rule on a grid of ±7σ: tolerance rel 1e-3.
    m, u, t = 5000.0, 3.0, 400.0
    if sig is None:
        sy, sz = sigmas(u * t, "D")
        sx = sy
        kw = {}
    else:
        sx, sy, sz = sig
        kw = {"sigma_x": sx, "sigma_y": sy, "sigma_z": sz}
    nx, ny, nz = 121, 121, 161
    dx, dy = 14 * sx / nx, 14 * sy / ny
    zmax = h + 8 * sz
    dz = zmax / nz
    x = u * t - 7 * sx + dx * (np.arange(nx) + 0.5)
    y = -7 * sy + dy * (np.arange(ny) + 0.5)
    z = dz * (np.arange(nz) + 0.5)
    c = gaussian_puff(m, u, h, x[:, None, None], y[None, :, None], z[None, None, :], t, **kw)
    assert c.sum() * dx * dy * dz == pytest.approx(m, rel=1e-3)


def test_puff_before_release_is_zero_and_peak_at_centre():
    c = gaussian_puff(
        1.0, 2.0, 0.0, np.array([0.0, 200.0, 400.0]), 0.0, 0.0, np.array([-1, 0, 100])
    )
    assert c[0] == 0 and c[1] == 0
    xs = np.linspace(0, 400, 401)
    cx = gaussian_puff(1.0, 2.0, 0.0, xs, 0.0, 0.0, 100.0)
    assert xs[np.argmax(cx)] == pytest.approx(200.0, abs=1.0)


def test_dose_equals_time_integral_of_puff():
    # emergency.md §2.4: dosage at a point = plume formula with Q → M (constant σ).
    m, u, x, y = 1000.0, 2.0, 800.0, 30.0
    kw = {"sigma_x": 60.0, "sigma_y": 60.0, "sigma_z": 25.0}
    t = np.linspace(1.0, 1200.0, 200_001)
    c = gaussian_puff(m, u, 5.0, x, y, 0.0, t, **kw)
    integral = np.trapezoid(c, t)
    d = dose(m, u, 5.0, x, y, 0.0, sigma_y=60.0, sigma_z=25.0)
    assert integral == pytest.approx(d, rel=1e-6)


# ------------------------------------------------------------------ plume rise
def test_plume_rise_briggs_final_and_transitional():
    # Briggs (1975) / ISC3: F = g v d² ΔT /(4 Ts) = 9.81·15·4·110/1600 = 40.4663 m⁴/s³ (< 55)
    f = 9.81 * 15 * 2**2 * 110 / (4 * 400)
    assert f == pytest.approx(40.4663, rel=1e-5)
    final = plume_rise(5.0, 2.0, 15.0, 400.0, 290.0, "D")
    assert final == pytest.approx(21.425 * f**0.75 / 5.0, rel=1e-12)
    assert final == pytest.approx(68.75, rel=1e-3)  # 21.425·16.044/5, by hand
    xs = np.array([10.0, 100.0, 1000.0, 1e5])
    rise = plume_rise(5.0, 2.0, 15.0, 400.0, 290.0, "D", x=xs)
    assert np.all(np.diff(rise) >= 0) and rise[-1] == pytest.approx(final)
    stable = plume_rise(5.0, 2.0, 15.0, 400.0, 290.0, "F")
    s = 9.81 * 0.035 / 290.0
    assert stable == pytest.approx(2.6 * (f / (5.0 * s)) ** (1 / 3), rel=1e-12)
    assert plume_rise(5.0, 2.0, 15.0, 280.0, 290.0) == 0.0  # cold plume: no buoyant rise


# ------------------------------------------------------------------ units and substances
@pytest.mark.parametrize(
    ("key", "ppm", "mg"),
    [
        pytest.param("chlorine", 20.0, 58.0, id="Cl2-AEGL3"),
        pytest.param("chlorine", 2.0, 5.8, id="Cl2-AEGL2"),
        pytest.param("ammonia", 1100.0, 766.0, id="NH3-AEGL3"),
        pytest.param("ammonia", 30.0, 20.9, id="NH3-AEGL1"),
        pytest.param("hydrogen_sulfide", 27.0, 37.6, id="H2S-AEGL2"),
        pytest.param("benzene", 4000.0, 12780.0, id="benzene-AEGL3"),
        pytest.param("hydrogen_chloride", 100.0, 149.0, id="HCl-AEGL3"),
    ],
)
def test_ppm_mg_conversion_emergency_table(key, ppm, mg):
    # emergency.md §3 table (3 s.f. → rel 3e-3).
    mw = SUBSTANCES[key].molecular_weight
    assert ppm_to_mg_m3(ppm, mw) == pytest.approx(mg, rel=3e-3)
    assert mg_m3_to_ppm(ppm_to_mg_m3(ppm, mw), mw) == pytest.approx(ppm, rel=1e-12)


def test_substance_levels_ordered_red_first():
    lv = SUBSTANCES["chlorine"].levels_mg_m3()
    assert list(lv) == ["AEGL-3", "AEGL-2", "AEGL-1"]
    assert lv["AEGL-3"] == pytest.approx(58.0, rel=3e-3)
    assert SUBSTANCES["ammonia"].levels_mg_m3("ERPG")["ERPG-2"] == pytest.approx(
        150 * 17.03 / 24.45
    )


# ------------------------------------------------------------------ threat zones
@pytest.fixture(scope="module")
def chlorine_zones():
    rel = Release(*HEFEI, rate_g_s=2000.0, substance="chlorine")
    wx = Weather(4.0, 0.0, stability="D")  # wind from the north → plume goes south
    return threat_zones(rel, wx, grid=300)


def test_zone_reach_matches_centreline_root(chlorine_zones):
    # The furthest extent of each level is where the ground centreline = threshold.
    for level, thr in chlorine_zones.thresholds_mg_m3.items():

        def f(x, thr=thr):
            return math.log(gaussian_plume(2000.0, 4.0, 0.0, x, 0.0) * 1000.0 / thr)

        expected = brentq(f, 10.0, 5e4)
        assert chlorine_zones.max_distance_m[level] == pytest.approx(expected, rel=1e-4)


def test_zones_nested_and_downwind(chlorine_zones):
    p = chlorine_zones.polygons
    assert p["AEGL-1"].buffer(1e-7).contains(p["AEGL-2"])
    assert p["AEGL-2"].buffer(1e-7).contains(p["AEGL-3"])
    minx, _miny, maxx, maxy = p["AEGL-1"].bounds
    assert maxy <= HEFEI[1] + 1e-9  # wind from north: everything south of the source
    assert abs((minx + maxx) / 2 - HEFEI[0]) < 1e-3  # symmetric about the meridian
    assert chlorine_zones.colours == {"AEGL-3": "red", "AEGL-2": "orange", "AEGL-1": "yellow"}


def test_zone_polygon_agrees_with_grid_field(chlorine_zones):
    fld = chlorine_zones.field
    thr = chlorine_zones.thresholds_mg_m3["AEGL-1"]
    poly = chlorine_zones.polygons["AEGL-1"]
    tr, _ = _local_transformer(round(HEFEI[0], 8), round(HEFEI[1], 8))
    e, n = np.meshgrid(fld.east_m.values, fld.north_m.values)
    v = fld.values
    inside = v >= 1.05 * thr
    outside = (v <= 0.95 * thr) & (v > 0.05 * thr)
    assert inside.sum() > 50 and outside.sum() > 50
    for mask, want in ((inside, True), (outside, False)):
        lon, lat = tr.transform(e[mask], n[mask])
        got = [poly.contains(Point(a, b)) for a, b in zip(lon, lat, strict=True)]
        assert all(g == want for g in got)


def test_wedge_contains_zone_and_geojson(chlorine_zones):
    z = chlorine_zones
    assert z.wedge.buffer(1e-7).contains(z.polygons["AEGL-1"])
    assert len(z.confidence_lines) == 2
    gj = json.loads(json.dumps(z.to_geojson()))
    kinds = [f["properties"]["kind"] for f in gj["features"]]
    assert kinds.count("zone") == 3 and "wedge" in kinds and "source" in kinds
    assert {w["code"] for w in gj["warnings"]} >= {"dense_gas"}
    zone_levels = [
        f["properties"]["level"] for f in gj["features"] if f["properties"]["kind"] == "zone"
    ]
    assert zone_levels == ["AEGL-1", "AEGL-2", "AEGL-3"]  # outermost drawn first


@pytest.mark.parametrize(
    ("weather", "release", "codes"),
    [
        pytest.param(
            Weather(0.8, 90.0, stability="D"),
            Release(*HEFEI, rate_g_s=100.0, substance="ammonia"),
            {"low_wind"},
            id="low-wind",
        ),
        pytest.param(
            Weather(1.5, 90.0, daytime=False, cloud_cover=1),
            Release(*HEFEI, rate_g_s=100.0, substance="ammonia"),
            {"very_stable"},
            id="night-F",
        ),
        pytest.param(
            Weather(5.0, 90.0, stability="D"),
            Release(*HEFEI, rate_g_s=1.0, substance="ammonia"),
            {"near_source"},
            id="near-source",
        ),
        pytest.param(
            Weather(3.0, 90.0, stability="F"),
            Release(*HEFEI, rate_g_s=5000.0, substance="chlorine"),
            {"beyond_10km", "dense_gas", "very_stable"},
            id="far-stable-dense",
        ),
    ],
)
def test_zone_warnings(weather, release, codes):
    z = threat_zones(release, weather, grid=None)
    got = {w.code for w in z.warnings}
    assert codes <= got


def test_no_warning_in_valid_regime():
    z = threat_zones(
        Release(*HEFEI, rate_g_s=2000.0, substance="ammonia"),
        Weather(4.0, 200.0, stability="C"),
        grid=None,
    )
    assert z.warnings == ()


def test_low_wind_wedge_is_circle():
    z = threat_zones(
        Release(*HEFEI, rate_g_s=50.0, substance="ammonia"), Weather(0.4, 0.0, stability="D")
    )
    assert z.confidence_lines == ()
    assert z.wedge.contains(Point(*HEFEI))
    c = z.wedge.centroid
    assert abs(c.x - HEFEI[0]) < 1e-4 and abs(c.y - HEFEI[1]) < 1e-4


def test_exposure_averaging_scales_short_release():
    # A 10-min continuous release averaged over 60 min = a continuous release of 1/6 rate.
    wx = Weather(3.0, 45.0, stability="D")
    thr = {"L": 10.0}
    short = threat_zones(
        Release(*HEFEI, rate_g_s=600.0, duration_s=600.0), wx, thr, grid=None, averaging="exposure"
    )
    equiv = threat_zones(Release(*HEFEI, rate_g_s=100.0), wx, thr, grid=None)
    assert short.max_distance_m["L"] == pytest.approx(equiv.max_distance_m["L"], rel=1e-9)


def test_instantaneous_exposure_zone_uses_dose():
    wx = Weather(3.0, 45.0, stability="D")
    z = threat_zones(
        Release(*HEFEI, mass_g=1e6),
        wx,
        {"L": 50.0},
        grid=None,
        averaging="exposure",
        exposure_s=3600,
    )
    xr_ = z.max_distance_m["L"]
    assert dose(1e6, 3.0, 0.0, xr_, 0.0) * 1000 / 3600 == pytest.approx(50.0, rel=1e-3)


def test_threshold_never_reached_gives_empty_zone():
    z = threat_zones(Release(*HEFEI, rate_g_s=0.001), Weather(5, 0, stability="D"), {"hi": 1e6})
    assert z.polygons["hi"].is_empty and z.max_distance_m["hi"] == 0.0 and z.wedge.is_empty


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("call", "param"),
    [
        pytest.param(lambda: gaussian_plume(1, 0, 0, 100, 0), "u", id="plume-u-zero"),
        pytest.param(lambda: gaussian_plume(-1, 1, 0, 100, 0), "q", id="plume-q-negative"),
        pytest.param(lambda: gaussian_plume(1, 1, -5, 100, 0), "h", id="plume-h-negative"),
        pytest.param(lambda: gaussian_plume(1, 1, 0, 100, 0, -1), "z", id="plume-z-negative"),
        pytest.param(
            lambda: gaussian_plume(1, 1, 0, 100, 0, stability="G"), "stability", id="stab"
        ),
        pytest.param(
            lambda: gaussian_plume(1, 1, 0, 100, 0, terrain="suburb"), "terrain", id="terr"
        ),
        pytest.param(
            lambda: gaussian_plume(1, 1, 0, 100, 0, sigma_y=-1, sigma_z=1), "sigma_y", id="sy"
        ),
        pytest.param(lambda: gaussian_puff(1, 1, 0, 1, 0, 0, 1, sigma_x=0), "sigma_x", id="sx"),
        pytest.param(lambda: gaussian_puff(1, 1, 0, 1, 0, 0, np.nan), "t", id="puff-t-nan"),
        pytest.param(lambda: sigmas(-5, "D"), "x", id="sigmas-x"),
        pytest.param(
            lambda: stability_class(-1, daytime=True, insolation="strong"), "wind_speed", id="ws"
        ),
        pytest.param(lambda: stability_class(3, daytime=True), "insolation", id="insolation"),
        pytest.param(lambda: stability_class(3, daytime=False), "cloud_cover", id="night-cloud"),
        pytest.param(
            lambda: stability_class(3, daytime=False, cloud_cover=9), "cloud_cover", id="okta"
        ),
        pytest.param(lambda: plume_rise(5, 0, 10, 400, 290), "stack_diameter", id="rise-d"),
        pytest.param(lambda: ppm_to_mg_m3(1, -2), "molecular_weight", id="mw"),
        pytest.param(lambda: Release(*HEFEI, rate_g_s=1, mass_g=1), "rate_g_s", id="rate-and-mass"),
        pytest.param(lambda: Release(117, 95, rate_g_s=1), "lat", id="lat"),
        pytest.param(
            lambda: Release(*HEFEI, rate_g_s=1, substance="unobtainium"), "substance", id="sub"
        ),
        pytest.param(lambda: Weather(0, 0, stability="D"), "wind_speed_m_s", id="weather-u"),
        pytest.param(lambda: Weather(3, 0), "stability", id="weather-no-stability"),
        pytest.param(
            lambda: threat_zones(Release(*HEFEI, rate_g_s=1), Weather(3, 0, stability="D")),
            "thresholds",
            id="zones-no-thresholds",
        ),
        pytest.param(
            lambda: threat_zones(
                Release(*HEFEI, rate_g_s=1), Weather(3, 0, stability="D"), {"x": -1}
            ),
            r"thresholds\[x\]",
            id="zones-negative-threshold",
        ),
        pytest.param(
            lambda: threat_zones(
                Release(*HEFEI, rate_g_s=1, substance="chlorine"),
                Weather(3, 0, stability="D"),
                grid=1,
            ),
            "grid",
            id="zones-grid",
        ),
        pytest.param(
            lambda: threat_zones(
                Release(*HEFEI, rate_g_s=1, substance="chlorine"),
                Weather(3, 0, stability="D"),
                averaging="mean",
            ),
            "averaging",
            id="zones-averaging",
        ),
    ],
)
def test_bad_input_names_parameter(call, param):
    with pytest.raises(ModelInputError, match=rf"^{param}:"):
        call()


def test_zone_field_matches_plume_formula(chlorine_zones):
    # The returned field (log–log interpolated profile) equals gaussian_plume on the grid
    # (rel 1e-4 where C > 1e-6 mg/m³); wind from the north → plume travels south (−north).
    fld = chlorine_zones.field
    e, n = np.meshgrid(fld.east_m.values, fld.north_m.values)
    direct = gaussian_plume(2000.0, 4.0, 0.0, -n, e) * 1000.0
    mask = direct > 1e-6
    np.testing.assert_allclose(fld.values[mask], direct[mask], rtol=1e-4)
    assert np.all(fld.values[n > 0] == 0)  # upwind
