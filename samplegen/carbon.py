"""Carbon (示例数据): the inventory by district, sector and fuel, key emitting units and
the trajectory against the peaking cap."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from decision_models import carbon as co2
from samplegen._base import (
    Region,
    feature,
    write_csv,
    write_geojson,
)
from samplegen._shared import (
    ANCHORS,
    CO2_YEAR,
    PEAK_YEAR,
    _pt,
)

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
