"""Hazardous waste (示例数据): generating units, licensed facilities, transfer manifests,
ledgers and licences, with planted anomalies of every rule of
:mod:`decision_models.hazardous_waste`."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from decision_models import hazardous_waste as hw
from samplegen._base import (
    SYNTHETIC,
    Region,
    feature,
    write_csv,
    write_geojson,
)
from samplegen._shared import (
    HW_AS_OF,
    HW_YEAR,
    _anchor,
    _pt,
)

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
