"""Nuclear and radiation (示例数据): sealed-source users, ambient gamma stations with
hourly dose rates, electromagnetic sites."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from decision_models import radiation as rad
from samplegen._base import (
    Region,
    feature,
    write_csv,
    write_geojson,
)
from samplegen._shared import (
    ANCHORS,
    GAMMA_EXCURSION,
    GAMMA_HOURS,
    GAMMA_START,
    _anchor,
    _pt,
)

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
