"""Synthetic samples (示例数据) of the other supervision systems for the Hefei sample region.

Hazardous waste (generating units, licensed facilities, transfer manifests, ledgers),
nuclear and radiation (sealed-source users, ambient gamma stations, electromagnetic
sites), mobile sources (remote-sensing points, heavy-diesel OBD density grid, non-road
machinery), carbon (district inventory by sector and fuel, key emitting units, the
trajectory), biodiversity (observations, priority conservation areas, devices) and
noise (functional zones 0–4b, stations with hourly L_Aeq).

Run ``python -m samplegen.supervision --out DIR [--seed N] [--data DIR]`` (or
``--data-dir PACK``, which writes ``PACK/supervision``; ``python -m samplegen.region PACK``
writes a pack's synthetic and supervision layers in one step). Positions
come from the real base layers in ``data_samples/`` (outline, districts, GeoNames places,
lake, rivers, roads, expressway junctions, park polygons): no coordinate of Hefei is
written here. Every record carries ``synthetic: true`` and ``label: 示例数据``. What each
number is modelled on is in ``samplegen/PROVENANCE-supervision.md``.

The hazardous-waste sample contains planted anomalies of every rule of
:mod:`decision_models.hazardous_waste` (listed in ``hw_anomalies.json`` of ``--report``);
the generator checks that the rules find exactly those.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Polygon, box
from shapely.ops import unary_union
from shapely.prepared import prep

from decision_models import biodiversity as bio
from decision_models import carbon as co2
from decision_models import hazardous_waste as hw
from decision_models import mobile_sources as mob
from decision_models import radiation as rad
from samplegen._base import (
    DATA_DIR,
    SYNTHETIC,
    Region,
    feature,
    load_region,
    point,
    polygonal,
    write_csv,
    write_geojson,
)

SEED = 20261117
#: Ledger year of the hazardous-waste sample and the date of the checks (the annual
#: declaration is due by 31 March of the next year).
HW_YEAR = 2025
HW_AS_OF = dt.date(2026, 3, 31)
#: Hourly series: gamma 61 days (31 days of history for the investigation level, then
#: 30 days to judge), noise and remote sensing 30 days.
GAMMA_START = pd.Timestamp("2026-08-31 00:00")
GAMMA_HOURS = 61 * 24
SERIES_START = pd.Timestamp("2026-10-01 00:00")
SERIES_DAYS = 30
#: A short excursion planted in the gamma series (station, start, hours, +nGy/h), with
#: no rain: what an investigation level is for (e.g. a radiography job nearby).
GAMMA_EXCURSION = ("GS05", pd.Timestamp("2026-10-22 14:00"), 3, 45.0)
CO2_YEAR = 2025
PEAK_YEAR = 2030

# Where activity concentrates: the GeoNames places inside the outline, with a weight and
# a spread [km]. Names are those of the places file.
ANCHORS: tuple[tuple[str, float, float], ...] = (
    ("合肥市", 0.62, 9.0), ("店埠", 0.12, 4.0), ("上派", 0.11, 4.0), ("巢湖市", 0.09, 4.0),
    ("庐城", 0.06, 3.5),
)


def _anchor(rng: np.random.Generator, region: Region, scale: float = 1.0,
            weights: dict[str, float] | None = None) -> tuple[float, float]:
    names = [a[0] for a in ANCHORS]
    w = np.array([(weights or {}).get(a[0], a[1]) for a in ANCHORS], dtype=float)
    i = int(rng.choice(len(names), p=w / w.sum()))
    lon, lat = region.town(names[i])
    return region.near(rng, lon, lat, ANCHORS[i][2] * scale)


def _pt(lon: float, lat: float) -> dict[str, Any]:
    return point(lon, lat)


# ======================================================================================
# Hazardous waste
# ======================================================================================

# industry → (Chinese name, English name, number of units, [(waste code, low t, high t)])
# Annual amounts are modelled on 危险废物 declarations of units of that kind (see the
# PROVENANCE text); drawn log-uniformly between the bounds.
HW_INDUSTRIES: tuple[tuple[str, str, str, int, tuple[tuple[str, float, float], ...]], ...] = (
    ("auto_repair", "汽车维修", "Vehicle repair", 14,
     (("900-214-08", 2.0, 25.0), ("900-041-49", 0.3, 3.0))),
    ("plating", "电镀及表面处理", "Electroplating and surface treatment", 8,
     (("336-064-17", 30.0, 400.0), ("900-300-34", 10.0, 120.0), ("900-041-49", 0.5, 6.0))),
    ("auto_making", "汽车及零部件制造", "Vehicles and parts", 8,
     (("900-252-12", 20.0, 300.0), ("900-402-06", 10.0, 150.0), ("900-249-08", 5.0, 60.0),
      ("900-041-49", 2.0, 30.0))),
    ("display", "显示面板及电子", "Display panels and electronics", 5,
     (("900-402-06", 80.0, 900.0), ("900-300-34", 150.0, 2500.0), ("900-041-49", 5.0, 60.0))),
    ("chemical", "化工", "Chemicals", 6,
     (("900-249-08", 5.0, 80.0), ("900-402-06", 20.0, 400.0), ("900-041-49", 2.0, 40.0))),
    ("msw_incineration", "生活垃圾焚烧发电", "Municipal waste-to-energy", 3,
     (("772-002-18", 6000.0, 16000.0),)),
    ("laboratory", "高校及科研院所", "Universities and laboratories", 6,
     (("900-047-49", 1.0, 25.0), ("900-402-06", 0.3, 4.0))),
)

# Licensed facilities: id, name, kind, anchor town, spread [km], categories, methods.
HW_FACILITIES: tuple[tuple[str, str, str, str, float, tuple[str, ...], str], ...] = (
    ("HWF01", "示例危险废物综合处置中心", "综合处置", "店埠", 5.0,
     ("HW06", "HW08", "HW12", "HW17", "HW34", "HW49"), "焚烧 / 物化 / 安全填埋"),
    ("HWF02", "示例废矿物油再生利用企业", "资源化利用", "合肥市", 10.0, ("HW08",), "再生"),
    ("HWF03", "示例表面处理废物资源化企业", "资源化利用", "上派", 4.0, ("HW17", "HW22"),
     "金属回收"),
    ("HWF04", "示例废酸资源化企业", "资源化利用", "店埠", 4.0, ("HW34",), "再生"),
    ("HWF05", "示例飞灰安全填埋场", "处置", "庐城", 5.0, ("HW18",), "稳定化 / 安全填埋"),
    ("HWF06", "示例水泥窑协同处置企业", "处置", "巢湖市", 5.0, ("HW08", "HW12", "HW18"),
     "水泥窑协同处置"),
    ("HWF07", "示例小微企业危险废物收集中心", "收集", "合肥市", 6.0, ("HW08", "HW49"),
     "收集 / 贮存 / 转运"),
    ("HWF08", "示例实验室废物收集贮存企业", "收集", "合肥市", 8.0, ("HW49",),
     "收集 / 贮存 / 转运"),
)
# Preferred receivers (the rest are chosen by distance among licensed facilities).
_HW_PREFER: dict[tuple[str, str], tuple[str, float]] = {
    ("auto_repair", "HW08"): ("HWF07", 0.8), ("auto_repair", "HW49"): ("HWF07", 0.8),
    ("laboratory", "HW49"): ("HWF08", 0.8), ("msw_incineration", "HW18"): ("HWF05", 0.7),
    ("plating", "HW17"): ("HWF03", 0.7), ("display", "HW34"): ("HWF04", 0.7),
}


@dataclass
class _HWUnit:
    id: str
    name: str
    industry: str
    lon: float
    lat: float


def _split(rng: np.random.Generator, total: float, n: int) -> list[float]:
    """``total`` [t] in ``n`` shipments rounded to 0.001 t, summing exactly."""
    w = rng.uniform(0.6, 1.4, n)
    parts = [round(total * x / w.sum(), 3) for x in w[:-1]]
    parts.append(round(total - sum(parts), 3))
    return parts


def hazardous_waste(rng: np.random.Generator, region: Region) -> dict[str, Any]:
    """Units, facilities, licences, ledgers, manifests and the planted anomalies."""
    units: list[_HWUnit] = []
    for key, zh, _en, count, _codes in HW_INDUSTRIES:
        for i in range(count):
            scale = 1.8 if key == "msw_incineration" else 1.0
            lon, lat = _anchor(rng, region, scale)
            units.append(_HWUnit(f"HWU{len(units) + 1:03d}", f"示例{zh}单位{i + 1:02d}", key,
                                 lon, lat))
    facilities = []
    for fid, name, kind, town, spread, cats, method in HW_FACILITIES:
        lon, lat = region.near(rng, *region.town(town), spread)
        facilities.append({"id": fid, "name": name, "kind": kind, "lon": lon, "lat": lat,
                           "codes": cats, "method": method})
    fac_by_id = {f["id"]: f for f in facilities}

    # planted anomalies: which unit/code, decided by position in the lists
    by_ind: dict[str, list[_HWUnit]] = {}
    for u in units:
        by_ind.setdefault(u.industry, []).append(u)
    plant_balance = {(by_ind["auto_making"][0].id, "HW12"), (by_ind["plating"][1].id, "HW17"),
                     (by_ind["chemical"][2].id, "HW06")}
    plant_storage = {(by_ind["plating"][3].id, "HW17"), (by_ind["display"][1].id, "HW34")}
    plant_unlicensed = [(by_ind["plating"][5].id, "HW17", "HWF02"),
                        (by_ind["chemical"][0].id, "HW06", "HWF05")]
    over_capacity = ("HWF07", "HW08")

    ledgers: list[hw.LedgerEntry] = []
    waste_codes: dict[tuple[str, str], str] = {}
    manifests: list[hw.Manifest] = []
    seq = 0
    year_days = (dt.date(HW_YEAR, 12, 31) - dt.date(HW_YEAR, 1, 1)).days
    codes_of = {k: c for k, *_rest, c in HW_INDUSTRIES}
    for u in units:
        for code, lo, hi in codes_of[u.industry]:
            cat = hw.category_of(code)
            if (u.id, cat) in waste_codes:  # a ledger is kept per category
                raise ValueError(f"{u.industry}: two codes of {cat}")
            waste_codes[(u.id, cat)] = code
            g = round(float(math.exp(rng.uniform(math.log(lo), math.log(hi)))), 3)
            util = 0.0
            if u.industry == "chemical" and cat == "HW06" and rng.random() < 0.5:
                util = round(g * float(rng.uniform(0.1, 0.3)), 3)  # 溶剂回收 on site
            s0 = round(g * float(rng.uniform(0.0, 0.12)), 3)
            s1 = round(g * float(rng.uniform(0.02, 0.12)), 3)
            since = dt.date(HW_YEAR, 12, 31) - dt.timedelta(days=int(rng.integers(10, 200)))
            if (u.id, cat) in plant_storage:
                s0 = max(s0, round(g * 0.3, 3))
                s1 = max(s1, round(g * 0.25, 3))
                since = dt.date(HW_YEAR - 1, int(rng.integers(3, 10)), int(rng.integers(1, 28)))
            ledgers.append(hw.LedgerEntry(u.id, cat, HW_YEAR, g, util, s0, s1, since))
            moved = round(g - util - (s1 - s0), 3)
            if (u.id, cat) in plant_balance:
                moved = round(moved * float(rng.uniform(0.55, 0.7)), 3)
            n = int(min(24, max(1, math.ceil(moved / 25.0))))
            dests = _receivers(rng, region, u, cat, facilities)
            days = sorted(int(d) for d in rng.integers(0, year_days + 1, n))
            for part, day in zip(_split(rng, moved, n), days, strict=True):
                seq += 1
                fid = dests[int(rng.integers(0, len(dests)))] if len(dests) > 1 else dests[0]
                manifests.append(hw.Manifest(f"LD{HW_YEAR}{seq:06d}", u.id, fid, code, part,
                                             dt.date(HW_YEAR, 1, 1) + dt.timedelta(days=day)))
    # planted: one manifest of each unit sent to a facility without that category
    for uid, cat, fid in plant_unlicensed:
        i = next(i for i, m in enumerate(manifests)
                 if m.origin_id == uid and hw.category_of(m.code) == cat)
        m = manifests[i]
        manifests[i] = hw.Manifest(m.manifest_id, m.origin_id, fid, m.code, m.tonnes, m.date)
    # licences: capacity with room above the year's receipts; the planted one below them
    received: dict[tuple[str, str], float] = {}
    for m in manifests:
        key = (m.facility_id, hw.category_of(m.code))
        received[key] = received.get(key, 0.0) + m.tonnes
    licences: list[hw.Licence] = []
    for f in facilities:
        for cat in f["codes"]:
            got = received.get((f["id"], cat), 0.0)
            if (f["id"], cat) == over_capacity:
                cap = math.floor(got * 0.9 / 10.0) * 10.0
            else:
                cap = max(500.0, math.ceil(got * float(rng.uniform(1.25, 2.0)) / 100.0) * 100.0)
            licences.append(hw.Licence(f["id"], cat, cap))
    anomalies = hw.find_anomalies(ledgers, manifests, licences, HW_AS_OF)
    expected = ({("hw.balance", u) for u, _ in plant_balance}
                | {("hw.storage_over_one_year", u) for u, _ in plant_storage}
                | {("hw.transfer_code_not_licensed", m.manifest_id) for m in manifests
                   if (m.origin_id, hw.category_of(m.code), m.facility_id) in
                   {(u, c, f) for u, c, f in plant_unlicensed}}
                | {("hw.transfer_over_capacity", over_capacity[0])})
    found = {(a.rule, a.subject) for a in anomalies}
    if found != expected:  # the sample must show exactly what was planted
        raise RuntimeError(f"hazardous-waste anomalies differ: found {sorted(found)}, "
                           f"planted {sorted(expected)}")
    return {"units": units, "facilities": facilities, "fac_by_id": fac_by_id,
            "licences": licences, "ledgers": ledgers, "manifests": manifests,
            "waste_codes": waste_codes, "anomalies": anomalies}


def _receivers(rng: np.random.Generator, region: Region, u: _HWUnit, cat: str,
               facilities: list[dict[str, Any]]) -> list[str]:
    licensed = [f for f in facilities if cat in f["codes"]]
    pref = _HW_PREFER.get((u.industry, cat))
    if pref and rng.random() < pref[1]:
        return [pref[0]]
    d = np.array([region.km((f["lon"], f["lat"]), (u.lon, u.lat)) for f in licensed])
    w = 1.0 / (d + 5.0)
    first = licensed[int(rng.choice(len(licensed), p=w / w.sum()))]["id"]
    return [first]


def _write_hw(out: Path, seed: int, data: dict[str, Any], region: Region) -> dict[str, int]:
    counts: dict[str, int] = {}
    gen_by_unit: dict[str, dict[str, float]] = {}
    for e in data["ledgers"]:
        gen_by_unit.setdefault(e.unit_id, {})[e.code] = e.generated_t
    ind = {k: (zh, en) for k, zh, en, *_ in HW_INDUSTRIES}
    feats = []
    for u in data["units"]:
        adcode, dname = region.district_of(u.lon, u.lat)
        amounts = gen_by_unit[u.id]
        feats.append(feature(_pt(u.lon, u.lat), {
            "id": u.id, "name": u.name, "industry": u.industry,
            "industry_zh": ind[u.industry][0], "industry_en": ind[u.industry][1],
            "adcode": adcode, "district": dname, "year": HW_YEAR,
            "codes": sorted(amounts), "generated_t_by_code": amounts,
            "generated_t": round(sum(amounts.values()), 3)}))
    counts["hw_generators.geojson"] = write_geojson(
        out / "hw_generators.geojson", "hw_generators", feats, seed=seed,
        description="危险废物产生单位 (示例数据): annual generation by category")
    caps: dict[str, dict[str, float]] = {}
    for lic in data["licences"]:
        caps.setdefault(lic.facility_id, {})[lic.code] = lic.capacity_t_per_year
    feats = []
    for f in data["facilities"]:
        adcode, dname = region.district_of(f["lon"], f["lat"])
        feats.append(feature(_pt(f["lon"], f["lat"]), {
            "id": f["id"], "name": f["name"], "kind": f["kind"], "method": f["method"],
            "licence_no": f"皖危废经字示例{f['id'][-2:]}号", "adcode": adcode,
            "district": dname, "codes": list(f["codes"]),
            "capacity_t_by_code": caps[f["id"]],
            "capacity_t": round(sum(caps[f["id"]].values()), 1)}))
    counts["hw_facilities.geojson"] = write_geojson(
        out / "hw_facilities.geojson", "hw_facilities", feats, seed=seed,
        description="危险废物经营单位 (示例数据): licensed capacity by category [t/a]")
    counts["hw_licences.csv"] = write_csv(
        out / "hw_licences.csv", ["facility_id", "code", "capacity_t_per_year"],
        [(lic.facility_id, lic.code, lic.capacity_t_per_year) for lic in data["licences"]])
    counts["hw_ledgers.csv"] = write_csv(
        out / "hw_ledgers.csv",
        ["unit_id", "code", "waste_code", "year", "generated_t", "utilised_on_site_t",
         "storage_start_t", "storage_end_t", "oldest_stored_since", "approved_until"],
        [(e.unit_id, e.code, data["waste_codes"][(e.unit_id, e.code)], e.year, e.generated_t,
          e.utilised_on_site_t, e.storage_start_t, e.storage_end_t,
          e.oldest_stored_since.isoformat() if e.oldest_stored_since else None, None)
         for e in data["ledgers"]])
    units = {u.id: u for u in data["units"]}
    feats = []
    for m in data["manifests"]:
        u, f = units[m.origin_id], data["fac_by_id"][m.facility_id]
        cat = hw.category(m.code)
        feats.append(feature(
            {"type": "LineString", "coordinates": [[u.lon, u.lat], [f["lon"], f["lat"]]]},
            {"id": m.manifest_id, "origin_id": u.id, "origin_name": u.name,
             "facility_id": f["id"], "facility_name": f["name"], "code": cat.code,
             "code_zh": cat.name_zh, "code_en": cat.name_en, "waste_code": m.code,
             "tonnes": m.tonnes, "date": m.date.isoformat()}))
    counts["hw_manifests.geojson"] = write_geojson(
        out / "hw_manifests.geojson", "hw_manifests", feats, seed=seed,
        description="危险废物电子转移联单 (示例数据): origin → receiving facility")
    return counts


def anomaly_report(data: dict[str, Any]) -> dict[str, Any]:
    """The planted hazardous-waste anomalies (``hw_anomalies.json`` of a report folder)."""
    return {**SYNTHETIC, "as_of": HW_AS_OF.isoformat(), "year": HW_YEAR,
            "anomalies": [a.as_dict() for a in data["anomalies"]]}


# ======================================================================================
# Nuclear and radiation
# ======================================================================================

# kind → (Chinese, English, count, [(nuclide, activity [Bq], sources per user)])
RAD_USERS: tuple[tuple[str, str, str, int, tuple[tuple[str, float, int], ...]], ...] = (
    ("irradiation", "辐照装置", "Irradiation facility", 1, (("Co-60", 3.7e16, 1),)),
    ("gamma_knife", "医院（γ刀）", "Hospital (gamma knife)", 1, (("Co-60", 2.2e14, 1),)),
    ("brachytherapy", "医院（后装治疗机）", "Hospital (afterloader)", 6, (("Ir-192", 3.7e11, 1),)),
    ("radiography", "工业γ射线探伤", "Industrial radiography", 6,
     (("Ir-192", 3.7e12, 2), ("Se-75", 3.0e12, 1))),
    ("well_logging", "测井", "Well logging", 2, (("Am-241/Be", 7.4e11, 1), ("Cs-137", 7.4e10, 1))),
    ("level_gauge", "工业料位计/密度计", "Industrial level and density gauges", 10,
     (("Cs-137", 3.7e10, 3), ("Co-60", 3.7e10, 1))),
    ("laboratory", "科研及教学（校准源、ECD）", "Research (check sources, ECD)", 6,
     (("Cs-137", 3.7e5, 2), ("Ni-63", 5.55e8, 1))),
)


def radiation(rng: np.random.Generator, region: Region) -> dict[str, Any]:
    users, sources = [], []
    for kind, zh, en, count, items in RAD_USERS:
        for i in range(count):
            lon, lat = _anchor(rng, region, 1.2)
            uid = f"RSU{len(users) + 1:03d}"
            cats = []
            for nuclide, activity, n in items:
                # activities vary by ± 30 % between users (decay since purchase)
                a = float(activity * rng.uniform(0.7, 1.0))
                cat = rad.source_category(nuclide=nuclide, activity_bq=a)
                cats.append(cat.category)
                for _ in range(n):
                    sources.append((f"{uid}-{len(sources) + 1:04d}", uid, nuclide,
                                    float(f"{a:.3g}"), cat.roman))
            users.append({"id": uid, "name": f"示例{zh}单位{i + 1:02d}", "kind": kind,
                          "kind_zh": zh, "kind_en": en, "lon": lon, "lat": lat,
                          "category": min(cats),
                          "category_roman": rad.CATEGORIES[min(cats)].roman,
                          "n_sources": sum(n for *_x, n in items)})
    # ambient gamma stations near the places and one on the lake shore
    stations = []
    anchors = [(n, 6.0) for n, *_ in ANCHORS] + [("合肥市", 12.0), ("合肥市", 12.0),
                                                  ("巢湖市", 10.0)]
    for i, (town, spread) in enumerate(anchors):
        lon, lat = region.near(rng, *region.town(town), spread)
        stations.append({"id": f"GS{i + 1:02d}", "name": f"示例辐射环境自动监测站{i + 1:02d}",
                         "lon": lon, "lat": lat,
                         "background": float(rng.uniform(72.0, 98.0)),
                         "sigma": float(rng.uniform(1.5, 2.5))})
    t = pd.date_range(GAMMA_START, periods=GAMMA_HOURS, freq="h")
    # rain shared by the city: episodes about every four days, 2–8 h long
    rain = np.zeros(len(t))
    h = int(rng.integers(10, 60))
    while h < len(t):
        dur = int(rng.integers(2, 9))
        rain[h:h + dur] = rng.uniform(0.5, 12.0, len(rain[h:h + dur]))
        h += dur + int(rng.exponential(96.0)) + 6
    # the planted excursion happens on a dry afternoon (no rain in the 12 h before it)
    k0 = t.get_loc(GAMMA_EXCURSION[1])
    rain[max(0, k0 - 12):k0 + GAMMA_EXCURSION[2] + 1] = 0.0
    # washout of radon progeny: a response that builds with rain and decays (τ ≈ 2.5 h)
    wash = np.zeros(len(t))
    for i in range(1, len(t)):
        wash[i] = wash[i - 1] * math.exp(-1 / 2.5) + (3.0 * math.sqrt(rain[i]) if rain[i] else 0)
    hours = t.hour.to_numpy()
    rows = []
    excursion = GAMMA_EXCURSION
    for s in stations:
        amp = float(rng.uniform(0.7, 1.3))
        val = (s["background"] + 2.5 * np.cos(2 * np.pi * (hours - 5) / 24.0)
               + amp * wash + rng.normal(0.0, s["sigma"], len(t)))
        if s["id"] == excursion[0]:
            k = t.get_loc(excursion[1])
            val[k:k + excursion[2]] += excursion[3]
        valid = rng.random(len(t)) > 0.005  # a few invalid hours (HJ 1009 data validity)
        for ts, v, r, ok in zip(t, val, rain, valid, strict=True):
            rows.append((s["id"], ts.strftime("%Y-%m-%d %H:%M"),
                         round(float(v), 1) if ok else None, round(float(r), 1)))
    # electromagnetic sites: base stations around the places, substations
    em = []
    for i in range(120):
        lon, lat = _anchor(rng, region, 1.1)
        em.append({"id": f"EMB{i + 1:03d}", "kind": "base_station", "kind_zh": "移动通信基站",
                   "name": f"示例通信基站{i + 1:03d}", "lon": lon, "lat": lat,
                   "voltage_kv": None,
                   "band": str(rng.choice(["4G", "5G", "4G/5G"]))})
    for i, kv in enumerate([500] * 2 + [220] * 6 + [110] * 12):
        lon, lat = _anchor(rng, region, 1.6)
        em.append({"id": f"EMS{i + 1:02d}", "kind": "substation", "kind_zh": "变电站",
                   "name": f"示例{kv}kV变电站{i + 1:02d}", "lon": lon, "lat": lat,
                   "voltage_kv": kv, "band": None})
    return {"users": users, "sources": sources, "stations": stations, "gamma": rows,
            "excursion": excursion, "em": em}


def _write_rad(out: Path, seed: int, data: dict[str, Any], region: Region) -> dict[str, int]:
    c: dict[str, int] = {}
    feats = []
    for u in data["users"]:
        adcode, dname = region.district_of(u["lon"], u["lat"])
        feats.append(feature(_pt(u["lon"], u["lat"]), {
            **{k: v for k, v in u.items() if k not in ("lon", "lat")},
            "adcode": adcode, "district": dname}))
    c["radiation_source_users.geojson"] = write_geojson(
        out / "radiation_source_users.geojson", "radiation_source_users", feats, seed=seed,
        description="放射源使用单位 (示例数据): highest category I–V of the sources held")
    c["radiation_sources.csv"] = write_csv(
        out / "radiation_sources.csv", ["source_id", "user_id", "nuclide", "activity_bq",
                                        "category"], data["sources"])
    feats = []
    for s in data["stations"]:
        adcode, dname = region.district_of(s["lon"], s["lat"])
        feats.append(feature(_pt(s["lon"], s["lat"]), {
            "id": s["id"], "name": s["name"], "adcode": adcode, "district": dname,
            "quantity": "空气吸收剂量率", "unit": "nGy/h"}))
    c["gamma_stations.geojson"] = write_geojson(
        out / "gamma_stations.geojson", "gamma_stations", feats, seed=seed,
        description="辐射环境自动监测站 (示例数据): hourly air-absorbed dose rate")
    c["gamma_hourly.csv"] = write_csv(out / "gamma_hourly.csv",
                                      ["station_id", "time", "dose_rate_ngy_h", "rain_mm"],
                                      data["gamma"])
    feats = [feature(_pt(e["lon"], e["lat"]), {k: v for k, v in e.items()
                                               if k not in ("lon", "lat")})
             for e in data["em"]]
    c["em_sites.geojson"] = write_geojson(
        out / "em_sites.geojson", "em_sites", feats, seed=seed,
        description="电磁辐射设施 (示例数据): base stations and substations")
    return c


# ======================================================================================
# Mobile sources
# ======================================================================================


def _spread_pick(rng: np.random.Generator, region: Region, pts: list[tuple[float, float]],
                 n: int) -> list[tuple[float, float]]:
    """``n`` of ``pts`` spread out (greedy farthest point from a random start)."""
    pts = [p for p in pts if region.on_land(*p)]
    if not pts:
        return []
    chosen = [pts[int(rng.integers(0, len(pts)))]]
    while len(chosen) < n:
        d = [min(region.km(p, c) for c in chosen) for p in pts]
        chosen.append(pts[int(np.argmax(d))])
    return chosen


#: A region pack's OBD grid is coarsened beyond the sample's 0.025° to keep this many
#: cells at most (a province would have tens of thousands).
OBD_MAX_CELLS = 3000


def mobile(rng: np.random.Generator, region: Region) -> dict[str, Any]:
    # remote-sensing points: 8 at expressway junctions, 6 on urban arterials
    points = []
    for lon, lat in _spread_pick(rng, region, region.junctions, 8):
        points.append({"lon": round(lon, 6), "lat": round(lat, 6), "road": "高速公路出入口"})
    arterials = [g for p, g in region.roads if p.get("road_class") == "arterial"]
    centre = region.town("合肥市")
    urban = [g for g in arterials if region.km((g.centroid.x, g.centroid.y), centre) < 14] \
        or arterials
    tries = 0
    while len(points) < 14 and urban and tries < 5000:
        tries += 1
        line = urban[int(rng.integers(0, len(urban)))]
        p = region.along(rng, line)
        if p and all(region.km(p, (q["lon"], q["lat"])) > 2.0 for q in points):
            points.append({"lon": p[0], "lat": p[1], "road": "城市主干道"})
    days = pd.date_range(SERIES_START, periods=SERIES_DAYS, freq="D")
    daily = []
    for i, p in enumerate(points):
        p["id"] = f"RS{i + 1:02d}"
        p["name"] = f"示例机动车遥感监测点{i + 1:02d}"
        mean = float(rng.uniform(900, 3200))
        diesel_share = float(rng.uniform(0.12, 0.3) if p["road"] == "高速公路出入口"
                             else rng.uniform(0.03, 0.1))
        dirt = float(rng.uniform(0.85, 1.3))  # the fleet at the point: cleaner or dirtier
        for d in days:
            n = int(rng.poisson(mean * (0.85 if d.day_of_week >= 5 else 1.0)))
            nd = int(rng.binomial(n, diesel_share))
            ng = n - nd
            vg = rng.random(ng) < 0.86
            vd = rng.random(nd) < 0.82
            high = rng.random(ng) < 0.015  # poorly maintained "high emitters"
            co = np.exp(rng.normal(math.log(0.12 * dirt), 0.9, ng)) * np.where(high, 8.0, 1.0)
            hc = np.exp(rng.normal(math.log(50 * dirt), 0.7, ng)) * np.where(high, 4.0, 1.0)
            no_g = np.exp(rng.normal(math.log(180 * dirt), 0.85, ng))
            op = np.minimum(99.0, np.exp(rng.normal(math.log(7 * dirt), 0.7, nd)))
            ring = np.floor(op / 20.0)  # Ringelmann 1 ≈ 20 % obscuration
            no_d = np.exp(rng.normal(math.log(500 * dirt), 0.55, nd))
            fg = mob.gasoline_fails(co_pct=co, hc_ppm=hc, no_ppm=no_g) if ng else np.array([])
            fd = mob.diesel_fails(opacity_pct=op, ringelmann=ring, no_ppm=no_d) if nd else \
                np.array([])
            gv, dv = int(vg.sum()), int(vd.sum())
            gf, df = int((fg & vg).sum()), int((fd & vd).sum())
            daily.append((p["id"], d.strftime("%Y-%m-%d"), n, gv + dv, ng, gv, gf, nd, dv, df))
    # heavy-diesel OBD: vehicles seen per cell and day over a 0.025° grid
    w, s, e, n = region.outline.bounds
    cell = 0.025
    fast = bool(region.aliases)  # a region pack: at most OBD_MAX_CELLS cells, whole ones kept
    if fast:
        cell = max(cell, round(math.sqrt(region.land.area / OBD_MAX_CELLS), 3))
        inner = prep(region.outline)
    expressways = unary_union([g for pr, g in region.roads
                               if pr.get("road_class") == "expressway"])
    cells = []
    for iy in range(math.ceil((n - s) / cell)):
        for ix in range(math.ceil((e - w) / cell)):
            b = box(w + ix * cell, s + iy * cell, w + (ix + 1) * cell, s + (iy + 1) * cell)
            if not b.intersects(region.land):
                continue
            c = b.centroid
            d_exp = expressways.distance(c) * region.kx if not expressways.is_empty else 50.0
            d_j = min((region.km((c.x, c.y), j) for j in region.junctions), default=50.0)
            town = sum(wt * math.exp(-region.km((c.x, c.y), region.town(t)) / 6.0)
                       for t, wt, _ in ANCHORS)
            lam = 60 * math.exp(-d_exp / 1.2) + 40 * math.exp(-d_j / 2.0) + 120 * town + 3.0
            vehicles = int(rng.poisson(lam))
            part = b if fast and inner.contains(b) else polygonal(b.intersection(region.outline))
            cells.append((part, {
                "id": f"OBD{iy:03d}{ix:03d}", "vehicles_per_day": vehicles,
                "vehicle_hours_per_day": round(vehicles * float(rng.uniform(0.25, 0.6)), 1),
                "period": SERIES_START.strftime("%Y-%m"), "cell_deg": cell}))
    # non-road machinery by construction site
    sites = []
    types = (("excavator", "挖掘机"), ("loader", "装载机"), ("bulldozer", "推土机"),
             ("roller", "压路机"), ("crane", "起重机"), ("forklift", "叉车"))
    for i in range(45):
        lon, lat = _anchor(rng, region, 1.0)
        kind = str(rng.choice(["房屋建筑", "市政道路", "轨道交通", "水利"], p=[.5, .25, .15, .1]))
        counts = {k: int(rng.poisson(lm)) for (k, _), lm in zip(
            types, (5, 2, 1, 1.5, 2, 1), strict=True)}
        total = max(1, sum(counts.values()))
        if sum(counts.values()) == 0:
            counts["excavator"] = 1
        stages = rng.multinomial(total, [0.12, 0.55, 0.33])
        registered = int(rng.binomial(total, 0.93))
        in_zone = region.km((lon, lat), region.town("合肥市")) < 10.0
        sites.append({"id": f"NRS{i + 1:03d}", "name": f"示例建设工地{i + 1:03d}",
                      "project_type": kind, "lon": lon, "lat": lat,
                      "machines": total, "by_type": counts,
                      "stage_2": int(stages[0]), "stage_3": int(stages[1]),
                      "stage_4": int(stages[2]), "registered": registered,
                      "unregistered": total - registered, "in_restricted_zone": in_zone})
    return {"points": points, "daily": daily, "cells": cells, "sites": sites}


def _write_mobile(out: Path, seed: int, data: dict[str, Any], region: Region) -> dict[str, int]:
    c: dict[str, int] = {}
    agg: dict[str, list[int]] = {}
    for r in data["daily"]:
        a = agg.setdefault(r[0], [0, 0, 0])
        a[0] += r[2]
        a[1] += r[5] + r[8]
        a[2] += r[6] + r[9]
    feats = []
    for p in data["points"]:
        adcode, dname = region.district_of(p["lon"], p["lat"])
        passes, valid, failed = agg[p["id"]]
        rate = mob.exceedance_rate([True] * failed + [False] * (valid - failed)).rate
        feats.append(feature(_pt(p["lon"], p["lat"]), {
            "id": p["id"], "name": p["name"], "road": p["road"], "adcode": adcode,
            "district": dname, "passes": passes, "valid_passes": valid, "failed": failed,
            "exceedance_rate": round(rate, 4) if rate is not None else None,
            "period": f"{SERIES_START:%Y-%m-%d}/{SERIES_DAYS}d"}))
    c["rs_points.geojson"] = write_geojson(
        out / "rs_points.geojson", "rs_points", feats, seed=seed,
        description="机动车遥感监测点 (示例数据): passes and exceedance rate of the period")
    c["rs_daily.csv"] = write_csv(
        out / "rs_daily.csv",
        ["point_id", "date", "passes", "valid_passes", "gasoline_passes", "gasoline_valid",
         "gasoline_failed", "diesel_passes", "diesel_valid", "diesel_failed"], data["daily"])
    feats = [feature(g, p) for g, p in data["cells"]]
    c["obd_density.geojson"] = write_geojson(
        out / "obd_density.geojson", "obd_density", feats, seed=seed,
        description="重型柴油车远程在线监控 (示例数据): vehicles per cell and day (no tracks)")
    feats = []
    for st in data["sites"]:
        adcode, dname = region.district_of(st["lon"], st["lat"])
        feats.append(feature(_pt(st["lon"], st["lat"]), {
            **{k: v for k, v in st.items() if k not in ("lon", "lat")},
            "adcode": adcode, "district": dname}))
    c["nonroad_sites.geojson"] = write_geojson(
        out / "nonroad_sites.geojson", "nonroad_sites", feats, seed=seed,
        description="非道路移动机械 (示例数据): registered machinery by construction site")
    return c


# ======================================================================================
# Carbon
# ======================================================================================

#: The energy mix the sample claims (shares of energy use by standard coal; electricity
#: is net imported electricity at its 当量 value, local generation being in the coal and
#: gas of the power sector).
CLAIMED_MIX: dict[str, float] = {
    "raw_coal": 0.51, "coke": 0.03, "fuel_oil": 0.01, "diesel": 0.08, "gasoline": 0.07,
    "kerosene": 0.02, "lpg": 0.02, "natural_gas": 0.12, "electricity": 0.14,
}
TOTAL_ENERGY_TCE = 24.0e6
#: Fuel → sector shares of that fuel.
FUEL_SECTORS: dict[str, dict[str, float]] = {
    "raw_coal": {"power": 0.78, "industry": 0.20, "residential": 0.01, "agriculture": 0.01},
    "coke": {"industry": 1.0},
    "fuel_oil": {"industry": 0.6, "transport": 0.4},
    "diesel": {"transport": 0.75, "industry": 0.10, "agriculture": 0.10, "buildings": 0.05},
    "gasoline": {"transport": 0.95, "agriculture": 0.05},
    "kerosene": {"transport": 1.0},
    "lpg": {"residential": 0.6, "buildings": 0.3, "industry": 0.1},
    "natural_gas": {"power": 0.25, "industry": 0.35, "buildings": 0.15, "residential": 0.20,
                    "transport": 0.05},
    "electricity": {"industry": 0.55, "buildings": 0.20, "residential": 0.20,
                    "transport": 0.03, "agriculture": 0.02},
}
#: Sector → district (name) weights.
SECTOR_DISTRICTS: dict[str, dict[str, float]] = {
    "power": {"瑶海区": .15, "肥东县": .35, "庐江县": .2, "巢湖市": .2, "长丰县": .1},
    "industry": {"瑶海区": .06, "庐阳区": .03, "蜀山区": .08, "包河区": .10, "长丰县": .12,
                 "肥东县": .20, "肥西县": .15, "庐江县": .08, "巢湖市": .18},
    "transport": {"瑶海区": .11, "庐阳区": .09, "蜀山区": .14, "包河区": .14, "长丰县": .10,
                  "肥东县": .12, "肥西县": .12, "庐江县": .08, "巢湖市": .10},
    "buildings": {"瑶海区": .13, "庐阳区": .15, "蜀山区": .20, "包河区": .20, "长丰县": .06,
                  "肥东县": .07, "肥西县": .08, "庐江县": .05, "巢湖市": .06},
    "residential": {"瑶海区": .12, "庐阳区": .11, "蜀山区": .14, "包河区": .13, "长丰县": .10,
                    "肥东县": .12, "肥西县": .11, "庐江县": .09, "巢湖市": .08},
    "agriculture": {"瑶海区": .01, "庐阳区": .01, "蜀山区": .02, "包河区": .03, "长丰县": .20,
                    "肥东县": .20, "肥西县": .18, "庐江县": .20, "巢湖市": .15},
}
#: Annual growth of the city's CO₂ up to the inventory year (2016 … 2025).
CO2_GROWTH = (0.062, 0.058, 0.052, 0.047, 0.020, 0.055, 0.030, 0.035, 0.022, 0.018)
#: Threshold of a key emitting unit (重点排放单位) [tCO₂/a]: 2.6 × 10⁴ t CO₂e.
KEY_UNIT_THRESHOLD_T = 26_000.0
_KEY_INDUSTRY = {"巢湖市": "水泥", "庐江县": "水泥", "肥东县": "化工", "长丰县": "钢铁",
                 "肥西县": "汽车制造", "包河区": "汽车制造", "瑶海区": "钢铁", "蜀山区": "电子",
                 "庐阳区": "食品"}


def _unit_of(fuel: str) -> str:
    return "MWh" if fuel == co2.ELECTRICITY else co2.FUELS[fuel].unit


def _amount(fuel: str, tce: float) -> float:
    if fuel == co2.ELECTRICITY:
        return tce / co2.ELECTRICITY_TCE_PER_MWH
    return tce * co2.GJ_PER_TCE / co2.FUELS[fuel].ncv


def sector_districts(region: Region) -> dict[str, dict[str, float]]:
    """Sector → district weights: Hefei's table for its districts; elsewhere the mean of
    Hefei's urban districts for a 区 and of its counties for the others (a province's
    cities count as counties), so that the inventory's shape carries over."""
    names = [n for _c, n, _g in region.districts]
    hefei = {n for dw in SECTOR_DISTRICTS.values() for n in dw}
    if set(names) == hefei:
        return SECTOR_DISTRICTS
    out: dict[str, dict[str, float]] = {}
    for sector, dw in SECTOR_DISTRICTS.items():
        urban = [v for n, v in dw.items() if n.endswith("区")]
        rural = [v for n, v in dw.items() if not n.endswith("区")]
        mean_u = sum(urban) / 4 if urban else 0.0  # over Hefei's 4 districts
        mean_r = sum(rural) / 5 if rural else 0.0  # over its 5 counties
        w = {n: (mean_u if n.endswith("区") else mean_r) for n in names}
        if sum(w.values()) <= 0:
            w = dict.fromkeys(names, 1.0)
        out[sector] = {n: v for n, v in w.items() if v > 0}
    return out


def carbon(rng: np.random.Generator, region: Region) -> dict[str, Any]:
    names = {name: code for code, name, _ in region.districts}
    weights: dict[str, dict[str, float]] = {}
    for sector, dw in sector_districts(region).items():
        jit = {d: v * float(rng.uniform(0.9, 1.1)) for d, v in sorted(dw.items())}
        tot = sum(jit.values())
        weights[sector] = {d: v / tot for d, v in jit.items()}
    rows: list[co2.InventoryRow] = []
    for fuel, share in CLAIMED_MIX.items():
        for sector, ss in FUEL_SECTORS[fuel].items():
            for dname, dw in weights[sector].items():
                tce = TOTAL_ENERGY_TCE * share * ss * dw
                amount = round(_amount(fuel, tce), 1)
                rows.append(co2.InventoryRow(names[dname], sector, fuel, amount,
                                             round(co2.emission(fuel, amount), 1)))
    check = co2.check_inventory(rows, CLAIMED_MIX)
    if not check.consistent:
        raise RuntimeError(f"sample inventory inconsistent: {check.problems}")
    # key emitting units: power plants and large industry, taking part of their
    # district's sector fuel (so units never exceed the district inventory)
    pool = {(r.subject, r.sector, r.fuel): r.amount for r in rows}
    units = []
    for code, dname, geom in region.districts:
        plans = []
        if ("power" in weights and dname in weights["power"]):
            plans.append(("power", "火电", float(rng.uniform(0.85, 0.95))))
        if weights["industry"].get(dname, 0) >= 0.07:
            for _ in range(int(rng.integers(2, 4))):
                plans.append(("industry", _KEY_INDUSTRY.get(dname, "化工"),
                              float(rng.uniform(0.08, 0.22))))
        for sector, industry, frac in plans:
            fuels = {}
            for fuel in FUEL_SECTORS:
                key = (code, sector, fuel)
                if key in pool and fuel != co2.ELECTRICITY and pool[key] > 0:
                    take = round(pool[key] * frac, 1)
                    fuels[fuel] = take
                    pool[key] = round(pool[key] - take, 1)
            total = sum(co2.emission(f, a) for f, a in fuels.items())
            if total < KEY_UNIT_THRESHOLD_T:
                continue
            town = [t for t, *_ in ANCHORS if region.district_of(*region.town(t))[0] == code]
            if town:
                lon, lat = region.near(rng, *region.town(town[0]), 5.0)
            else:
                lon, lat = region.inside(rng, geom.difference(region.lake))
            units.append({"id": f"KEU{len(units) + 1:03d}",
                          "name": f"示例{industry}重点排放单位{len(units) + 1:02d}",
                          "industry": industry, "sector": sector, "adcode": code,
                          "district": dname, "lon": lon, "lat": lat, "fuels": fuels,
                          "co2_t": round(total, 1)})
    total = sum(r.co2_t for r in rows)
    history = {CO2_YEAR: total}
    for k, g in enumerate(reversed(CO2_GROWTH)):
        history[CO2_YEAR - k - 1] = history[CO2_YEAR - k] / (1 + g)
    cap = round(total * 1.09, -4)
    return {"rows": rows, "mix": check.mix, "units": units,
            "history": dict(sorted(history.items())), "cap": cap}


def _write_carbon(out: Path, seed: int, data: dict[str, Any], region: Region) -> dict[str, int]:
    c: dict[str, int] = {}
    dnames = {code: name for code, name, _ in region.districts}
    c["co2_inventory.csv"] = write_csv(
        out / "co2_inventory.csv",
        ["year", "adcode", "district", "sector", "fuel", "unit", "amount", "energy_tce",
         "co2_t"],
        [(CO2_YEAR, r.subject, dnames[r.subject], r.sector, r.fuel, _unit_of(r.fuel),
          r.amount, round(co2.energy_tce(r.fuel, r.amount), 1), r.co2_t)
         for r in data["rows"]])
    c["co2_energy_mix.csv"] = write_csv(
        out / "co2_energy_mix.csv", ["year", "fuel", "claimed_share", "activity_share"],
        [(CO2_YEAR, f, CLAIMED_MIX[f], round(data["mix"].get(f, 0.0), 5))
         for f in CLAIMED_MIX])
    feats = []
    for u in data["units"]:
        feats.append(feature(_pt(u["lon"], u["lat"]), {
            k: v for k, v in u.items() if k not in ("lon", "lat", "fuels")} | {
            "year": CO2_YEAR, "fuel_amounts": u["fuels"],
            "co2_t_by_fuel": {f: round(co2.emission(f, a), 1) for f, a in u["fuels"].items()}}))
    c["co2_key_units.geojson"] = write_geojson(
        out / "co2_key_units.geojson", "co2_key_units", feats, seed=seed,
        description="重点排放单位 (示例数据): CO2 by fuel and sector")
    c["co2_key_unit_fuels.csv"] = write_csv(
        out / "co2_key_unit_fuels.csv",
        ["year", "unit_id", "adcode", "sector", "fuel", "unit", "amount", "co2_t"],
        [(CO2_YEAR, u["id"], u["adcode"], u["sector"], f, _unit_of(f), a,
          round(co2.emission(f, a), 1)) for u in data["units"] for f, a in u["fuels"].items()])
    rows = [(y, round(v, 1), "history") for y, v in data["history"].items()]
    rows.append((PEAK_YEAR, data["cap"], "peak_cap"))
    c["co2_trajectory.csv"] = write_csv(out / "co2_trajectory.csv", ["year", "co2_t", "kind"],
                                        rows)
    return c


# ======================================================================================
# Biodiversity
# ======================================================================================

_WINTER = {"小天鹅", "鸿雁", "白额雁", "青头潜鸭", "东方白鹳"}


def biodiversity(rng: np.random.Generator, region: Region) -> dict[str, Any]:
    areas = []
    belt = polygonal(region.buffer_km(region.lake, 1.0).intersection(region.outline)) \
        if not region.lake.is_empty else shapely.Polygon()
    lake_name = "巢湖" if not region.aliases else f"{region.short}主要湖泊"
    if not belt.is_empty:
        areas.append((belt, {"id": "PCA01", "name": f"{lake_name}湖区及湖滨带优先保护区域",
                             "kind": "lake",
                             "based_on": f"{lake_name} (GSHHG lake polygon) + 1 km"}))
    for p, g in region.reserves:
        g = polygonal(g.intersection(region.outline))
        if g.is_empty or g.area < 1e-6:
            continue
        kind = "forest" if "森林" in p.get("category", "") else "wetland"
        areas.append((g, {"id": f"PCA{len(areas) + 1:02d}", "name": f"{p['name']}优先保护区域",
                          "kind": kind, "based_on": p["name"]}))
    devices = []
    for geom, props in areas:
        plan = {"forest": [("infrared_camera", 3)], "wetland": [("acoustic", 2),
                                                                ("infrared_camera", 1)],
                "lake": [("acoustic", 5)]}[props["kind"]]
        land = geom.difference(region.lake)  # devices stand on land
        for kind, n in plan:
            for _ in range(n):
                lon, lat = region.inside(rng, land)
                zh = "红外相机" if kind == "infrared_camera" else "声纹监测仪"
                devices.append({"id": f"BD{len(devices) + 1:03d}", "kind": kind, "kind_zh": zh,
                                "area_id": props["id"], "lon": lon, "lat": lat,
                                "installed": f"{2024 + int(rng.integers(0, 2))}-"
                                             f"{int(rng.integers(1, 13)):02d}-01"})
    # species by habitat and weight (protected ones rarer)
    by_hab: dict[str, list[bio.Species]] = {}
    for s in bio.SPECIES.values():
        by_hab.setdefault(s.habitat, []).append(s)
    shore = region.buffer_km(region.lake, 3.0).intersection(region.lake) \
        if not region.lake.is_empty else shapely.Polygon()
    rivers = unary_union([g for _, g in region.rivers])
    riparian = region.buffer_km(rivers, 0.8).intersection(region.land) \
        if not rivers.is_empty else shapely.Polygon()
    # a region without a lake or rivers: water species by the parks' water, or nowhere
    wet_land = [g for g in (riparian, belt.difference(region.lake)) if not g.is_empty] or \
        [polygonal(g.difference(region.lake)) for g, p in areas] or [region.land]
    obs = []
    start = dt.date(2025, 11, 1)
    protected = [s for s in bio.SPECIES.values() if s.protection]

    def place(hab: str) -> tuple[float, float, str | None]:
        if hab == "water":
            lon, lat = region.inside(rng, shore if not shore.is_empty else wet_land[0])
            return lon, lat, None
        cands = [d for d in devices if {"forest": "forest", "wetland": "wetland"}.get(hab)
                 == next(p["kind"] for _, p in areas if p["id"] == d["area_id"])
                 or (hab == "wetland" and d["area_id"] == "PCA01")]
        if cands and rng.random() < 0.5:
            d = cands[int(rng.integers(0, len(cands)))]
            return d["lon"], d["lat"], d["id"]
        if hab == "farmland":
            lon, lat = _anchor(rng, region, 2.5)
        elif hab == "forest" and any(p["kind"] == "forest" for _, p in areas):
            g = [g for g, p in areas if p["kind"] == "forest"]
            lon, lat = region.inside(rng, g[int(rng.integers(0, len(g)))])
        elif hab == "forest":
            lon, lat = _anchor(rng, region, 2.5)
        elif len(wet_land) == 2 or not region.aliases:
            lon, lat = region.inside(rng, riparian if rng.random() < 0.5 else
                                     belt.difference(region.lake))
        else:
            lon, lat = region.inside(rng, wet_land[0])
        return lon, lat, None

    def month_ok(s: bio.Species, day: dt.date) -> bool:
        return s.name_zh not in _WINTER or day.month in (11, 12, 1, 2, 3)

    habs = {"wetland": 0.45, "water": 0.2, "farmland": 0.2, "forest": 0.15}
    hk = list(habs)
    # every protected species at least twice, then the rest by habitat
    queue: list[bio.Species] = [s for s in protected for _ in range(2)]
    for _ in range(1400):
        hab = hk[int(rng.choice(len(hk), p=np.array(list(habs.values()))))]
        pool = by_hab[hab]
        w = np.array([0.15 if s.protection else 1.0 for s in pool])
        queue.append(pool[int(rng.choice(len(pool), p=w / w.sum()))])
    for s in queue:
        for _ in range(50):
            day = start + dt.timedelta(days=int(rng.integers(0, 365)))
            if month_ok(s, day):
                break
        lon, lat, dev = place(s.habitat)
        if dev:
            method = next(d["kind"] for d in devices if d["id"] == dev)
        else:
            method = "catch_survey" if s.group == "fish" else "transect"
        flock = s.name_zh in {"小天鹅", "鸿雁", "白额雁", "普通鸬鹚", "斑嘴鸭"}
        count = int(rng.integers(5, 200)) if flock else int(rng.integers(1, 8))
        obs.append({"id": f"OBS{len(obs) + 1:05d}", "species": s.name_zh,
                    "scientific": s.scientific, "name_en": s.name_en, "group": s.group,
                    "protection": s.protection, "count": count, "date": day.isoformat(),
                    "method": method, "device_id": dev, "lon": lon, "lat": lat})
    obs.sort(key=lambda o: (o["date"], o["id"]))
    return {"areas": areas, "devices": devices, "observations": obs}


def _write_bio(out: Path, seed: int, data: dict[str, Any], region: Region) -> dict[str, int]:
    c: dict[str, int] = {}
    c["bio_priority_areas.geojson"] = write_geojson(
        out / "bio_priority_areas.geojson", "bio_priority_areas",
        [feature(g, p) for g, p in data["areas"]], seed=seed,
        description="生物多样性优先保护区域 (示例数据), drawn on the park polygons and the lake")
    c["bio_devices.geojson"] = write_geojson(
        out / "bio_devices.geojson", "bio_devices",
        [feature(_pt(d["lon"], d["lat"]), {k: v for k, v in d.items() if k not in ("lon", "lat")})
         for d in data["devices"]], seed=seed,
        description="生物多样性监测设备 (示例数据): infrared cameras and acoustic monitors")
    feats = []
    for o in data["observations"]:
        adcode, dname = region.district_of(o["lon"], o["lat"])
        feats.append(feature(_pt(o["lon"], o["lat"]), {
            **{k: v for k, v in o.items() if k not in ("lon", "lat")},
            "adcode": adcode, "district": dname}))
    c["bio_observations.geojson"] = write_geojson(
        out / "bio_observations.geojson", "bio_observations", feats, seed=seed,
        description="物种观测记录 (示例数据): real species of the Chaohu area, "
                    "synthetic records")
    return c


# ======================================================================================
# Noise
# ======================================================================================

# GB/T 15190-2014: width of a 4a strip from the road edge, by the class next to it
# (50 m next to class 1, 35 m next to class 2, 20 m next to class 3; as remembered).
STRIP_M = {"1": 50.0, "2": 35.0, "3": 20.0}
# Typical L_Aeq of a class (day, night) [dB(A)], modelled on urban 功能区 monitoring
# results (classes 0–3 mostly compliant by day, 4a often over at night).
TYPICAL_LEQ = {"0": (47.0, 38.5), "1": (52.5, 43.5), "2": (56.5, 47.5), "3": (60.5, 52.0),
               "4a": (66.5, 57.5), "4b": (65.0, 58.5)}
# Urban areas with zones: the places of the file and the radius of their built-up area
URBAN_KM = {"合肥市": 13.0, "店埠": 3.5, "上派": 3.5, "巢湖市": 4.0, "庐城": 3.0}


def _blob(rng: np.random.Generator, region: Region, lon: float, lat: float,
          r_km: float) -> Polygon:
    ang = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    noise = rng.normal(0, 0.18, 24)
    noise = (noise + np.roll(noise, 1) + np.roll(noise, -1)) / 3
    rad_ = r_km * (1 + noise)
    pts = [region.offset(lon, lat, float(r * math.cos(a)), float(r * math.sin(a)))
           for r, a in zip(rad_, ang, strict=True)]
    return Polygon(pts).buffer(0)


def noise_sample(rng: np.random.Generator, region: Region) -> dict[str, Any]:
    zones: list[tuple[Any, dict[str, Any]]] = []
    roads = unary_union([g for p, g in region.roads
                         if p.get("road_class") in ("expressway", "arterial")])
    # a railway for the 4b strips: the places 合肥市 → 店埠 → 巢湖市 joined (synthetic)
    rail = LineString([region.town("合肥市"), region.town("店埠"), region.town("巢湖市")])
    grid = 1e-7  # overlays on a fixed grid (≈ 1 cm): robust and the same on every machine

    def inter(a: Any, b: Any) -> Any:
        return polygonal(shapely.intersection(a, b, grid_size=grid))

    def minus(a: Any, b: Any) -> Any:
        return polygonal(shapely.difference(a, b, grid_size=grid))

    def union(items: list[Any]) -> Any:
        return polygonal(shapely.union_all(items, grid_size=grid))

    for town, r_km in URBAN_KM.items():
        lon, lat = region.town(town)
        urban = inter(_blob(rng, region, lon, lat, r_km), region.land)
        parts: dict[str, Any] = {}
        # residential (class 1) areas: several per town, industrial (class 3) at the edge
        one = [_blob(rng, region, *region.offset(lon, lat, *(rng.normal(0, r_km / 2.5, 2))),
                     r_km / (5.0 if town == "合肥市" else 3.5))
               for _ in range(8 if town == "合肥市" else 2)]
        three = [_blob(rng, region, *region.offset(lon, lat, *(
            r_km * 0.7 * np.array([math.cos(a), math.sin(a)]))), r_km / 4.0)
            for a in rng.uniform(0, 2 * np.pi, 2 if town == "合肥市" else 1)]
        parts["3"] = inter(union(three), urban)
        parts["1"] = minus(inter(union(one), urban), parts["3"])
        if town == "合肥市":  # one quiet area (class 0), e.g. a sanatorium
            quiet = _blob(rng, region, *region.offset(lon, lat, *(rng.normal(0, r_km / 3, 2))),
                          0.8)
            parts["0"] = minus(inter(quiet, urban), union([parts["1"], parts["3"]]))
        parts["2"] = minus(urban, union(list(parts.values())))
        strips = [inter(region.buffer_km(roads, width / 1000.0), parts[cls])
                  for cls, width in STRIP_M.items()]
        parts["4a"] = union(strips)
        parts["4b"] = minus(inter(region.buffer_km(rail, 0.035), urban), parts["4a"])
        for cls in ("0", "1", "2", "3"):
            if cls in parts:
                parts[cls] = minus(parts[cls], union([parts["4a"], parts["4b"]]))
        for cls in ("0", "1", "2", "3", "4a", "4b"):
            g = parts.get(cls)
            if g is None or g.is_empty or g.area < 1e-7:
                continue
            adcode, dname = region.district_of(lon, lat)
            zones.append((g, {"id": f"NZ{len(zones) + 1:03d}", "zone_class": cls,
                              "town": region.town_name(town), "adcode": adcode,
                              "district": dname}))
    # stations: per class, inside a zone of that class
    per_class = {"0": 2, "1": 4, "2": 5, "3": 3, "4a": 4, "4b": 2}
    stations = []
    for cls, n in per_class.items():
        geoms = [g for g, p in zones if p["zone_class"] == cls]
        if not geoms:
            continue
        g = unary_union(geoms)
        for _ in range(n):
            if cls in ("4a", "4b"):
                line = roads if cls == "4a" else rail
                for _try in range(500):
                    p = line.interpolate(float(rng.uniform(0, 1)), normalized=True)
                    if g.contains(p) and region.on_land(p.x, p.y):
                        lon, lat = round(p.x, 6), round(p.y, 6)
                        break
                else:
                    lon, lat = region.inside(rng, g)
            else:
                lon, lat = region.inside(rng, g)
            stations.append({"id": f"NS{len(stations) + 1:02d}",
                             "name": f"示例声环境功能区监测点{len(stations) + 1:02d}",
                             "zone_class": cls, "lon": lon, "lat": lat})
    t = pd.date_range(SERIES_START, periods=SERIES_DAYS * 24, freq="h")
    hours = t.hour.to_numpy()
    weekend = np.asarray(t.day_of_week >= 5)
    rows = []
    for s in stations:
        day, night = TYPICAL_LEQ[s["zone_class"]]
        off = float(rng.normal(0, 1.5))
        base = np.where((hours >= 6) & (hours < 22), day, night)
        shape_ = (-1.5 * np.exp(-((hours - 3) ** 2) / 4.0)
                  + 1.2 * np.exp(-((hours - 8) ** 2) / 2.0)
                  + 1.0 * np.exp(-((hours - 17.5) ** 2) / 3.0))
        leq = base + off + shape_ - 1.0 * (weekend & (hours >= 6) & (hours < 22)) \
            + rng.normal(0, 1.2, len(t))
        lmax = leq + rng.gamma(4.0, 3.0, len(t))
        for ts, a, b in zip(t, leq, lmax, strict=True):
            rows.append((s["id"], ts.strftime("%Y-%m-%d %H:%M"), round(float(a), 1),
                         round(float(b), 1)))
    return {"zones": zones, "stations": stations, "hourly": rows}


def _write_noise(out: Path, seed: int, data: dict[str, Any], region: Region) -> dict[str, int]:
    c: dict[str, int] = {}
    c["noise_zones.geojson"] = write_geojson(
        out / "noise_zones.geojson", "noise_zones",
        [feature(g, p) for g, p in data["zones"]], seed=seed,
        description="声环境功能区 (示例数据): classes 0, 1, 2, 3, 4a, 4b")
    feats = []
    for s in data["stations"]:
        adcode, dname = region.district_of(s["lon"], s["lat"])
        feats.append(feature(_pt(s["lon"], s["lat"]), {
            **{k: v for k, v in s.items() if k not in ("lon", "lat")},
            "adcode": adcode, "district": dname}))
    c["noise_stations.geojson"] = write_geojson(
        out / "noise_stations.geojson", "noise_stations", feats, seed=seed,
        description="声环境功能区监测点 (示例数据): hourly L_Aeq")
    c["noise_hourly.csv"] = write_csv(out / "noise_hourly.csv",
                                      ["station_id", "time", "leq_dba", "lmax_dba"],
                                      data["hourly"])
    return c


# ======================================================================================

SYSTEMS: tuple[tuple[str, Callable[..., dict[str, Any]], Callable[..., dict[str, int]]], ...] = (
    ("hazardous_waste", hazardous_waste, _write_hw),
    ("radiation", radiation, _write_rad),
    ("mobile", mobile, _write_mobile),
    ("carbon", carbon, _write_carbon),
    ("biodiversity", biodiversity, _write_bio),
    ("noise", noise_sample, _write_noise),
)


def generate(out: Path, *, seed: int = SEED, data_dir: Path = DATA_DIR,
             report: Path | None = None) -> dict[str, Any]:
    """Write every data file of the six systems into ``out``; return the run's manifest.

    Each system draws from its own generator (``seed`` + its position), so changing
    one system does not move the others. Only data files (GeoJSON FeatureCollections and
    CSV) go into ``out``, which may be the ``supervision/`` folder of a data folder; the
    run's own manifest and the list of planted anomalies are returned, and written as
    ``manifest.json`` and ``hw_anomalies.json`` into ``report`` when one is given.
    """
    out.mkdir(parents=True, exist_ok=True)
    region = load_region(data_dir)
    files: dict[str, dict[str, Any]] = {}
    anomalies: dict[str, Any] = {}
    for i, (name, make, write) in enumerate(SYSTEMS):
        rng = np.random.default_rng([seed, i])
        data = make(rng, region)
        counts = write(out, seed, data, region)
        if name == "hazardous_waste":
            anomalies = anomaly_report(data)
        for fname, n in counts.items():
            files[fname] = {"system": name, "records": n}
    manifest = {**SYNTHETIC, "generator": "samplegen.supervision", "seed": seed,
                "provenance": "samplegen/PROVENANCE-supervision.md", "files": files}
    if report is not None:
        report.mkdir(parents=True, exist_ok=True)
        for fname, doc in (("manifest.json", manifest), ("hw_anomalies.json", anomalies)):
            (report / fname).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
    return {**manifest, "hw_anomalies": anomalies}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samplegen.supervision",
                                 description="Write the synthetic supervision samples.")
    ap.add_argument("--out", type=Path, default=None,
                    help="output folder (default: the --data folder's supervision/)")
    ap.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    ap.add_argument("--data", type=Path, default=DATA_DIR,
                    help="folder with the base layers (default: data_samples/)")
    ap.add_argument("--report", type=Path, default=None,
                    help="folder for the run's manifest.json and hw_anomalies.json "
                         "(kept out of --out, which holds data files only)")
    ap.add_argument("--data-dir", dest="data", type=Path, help="same as --data")
    args = ap.parse_args(argv)
    if args.out is None and args.data == DATA_DIR:
        ap.error("--out is required for the Hefei sample (data_samples/ is not written)")
    out = args.out if args.out is not None else args.data / "supervision"
    manifest = generate(out, seed=args.seed, data_dir=args.data, report=args.report)
    for name, info in manifest["files"].items():
        print(f"{name:34s} {info['records']:7d}  ({info['system']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
