"""Synthetic emergency data: sensitive receptors, material depots, response teams, and the
town list used as road-network nodes.

Anchors: ``hefei_region.md`` §3 (water intakes), §5 (parks), real GeoNames places; town
positions of the road nodes are approximate (P3) and only serve the synthetic network.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from shapely.geometry import Point

from ._common import Base, fake_phone, feature, pick

# Towns (lon, lat approximate, P3): road-network nodes and receptor anchors.
TOWNS: list[tuple[str, float, float, int]] = [  # name, lon, lat, weight (people)
    ("合肥市区", 117.27, 31.86, 60), ("滨湖新区", 117.30, 31.74, 12), ("政务区", 117.22, 31.82, 10),
    ("高新区", 117.13, 31.83, 8), ("经开区", 117.21, 31.77, 8), ("新站区", 117.37, 31.90, 8),
    ("瑶海", 117.33, 31.87, 10), ("庐阳", 117.26, 31.88, 10), ("蜀山", 117.22, 31.85, 10),
    ("店埠", 117.47, 31.88, 6), ("上派", 117.17, 31.72, 6), ("水湖", 117.16, 32.48, 5),
    ("庐城", 117.28, 31.25, 5), ("巢湖", 117.87, 31.60, 8), ("撮镇", 117.42, 31.84, 3),
    ("长临河", 117.52, 31.74, 2), ("桥头集", 117.60, 31.81, 2), ("梁园", 117.55, 32.07, 2),
    ("杨店", 117.40, 32.02, 1), ("石塘", 117.76, 31.97, 2), ("众兴", 117.58, 32.04, 1),
    ("岗集", 117.22, 32.02, 2), ("双墩", 117.29, 32.00, 2), ("下塘", 117.23, 32.22, 2),
    ("吴山", 117.08, 32.18, 2), ("杨庙", 117.38, 32.17, 1), ("庄墓", 117.02, 32.38, 1),
    ("杜集", 117.30, 32.36, 1), ("三河", 117.25, 31.51, 2), ("桃花", 117.14, 31.76, 3),
    ("官亭", 116.93, 31.82, 1), ("严店", 117.02, 31.63, 1), ("丰乐", 116.94, 31.48, 1),
    ("花岗", 117.08, 31.68, 1), ("紫蓬", 117.04, 31.72, 1), ("同大", 117.36, 31.47, 1),
    ("盛桥", 117.48, 31.40, 1), ("白湖", 117.47, 31.30, 1), ("汤池", 117.10, 31.16, 1),
    ("泥河", 117.35, 31.12, 1), ("万山", 117.20, 31.10, 1), ("柘皋", 117.74, 31.79, 2),
    ("烔炀", 117.67, 31.69, 1), ("中庙", 117.56, 31.67, 1), ("黄麓", 117.63, 31.67, 1),
    ("槐林", 117.62, 31.48, 1), ("散兵", 117.72, 31.51, 1), ("夏阁", 117.72, 31.86, 1),
    ("苏湾", 117.93, 31.72, 1), ("坝镇", 117.99, 31.67, 1), ("银屏", 117.80, 31.49, 1),
]
STREET = ["长江", "淮河", "芜湖", "金寨", "望江", "宁国", "黄山", "潜山", "徽州", "包河", "滨湖",
          "蜀山", "琥珀", "翡翠", "天鹅湖", "政务", "北城", "庐阳", "瑶海", "新站", "龙岗", "磨店",
          "烟墩", "大兴", "方兴", "锦绣", "紫云", "青阳", "清溪", "双岗", "亳州", "阜阳", "合作化",
          "桐城", "安庆", "六安", "寿春", "花园", "明珠", "繁华", "玉兰", "香樟", "梧桐", "银杏"]
RESIDENTIAL_SUFFIX = ["花园", "小区", "家园", "新村", "公寓", "苑", "嘉园", "名邸"]
INTAKES = [  # name, lon, lat, capacity m³/d
    ("董铺水库取水口", 117.185, 31.893, 400000), ("大房郢水库取水口", 117.245, 31.925, 800000),
    ("巢湖市三水厂取水口", 117.80, 31.58, 100000),
    ("循环经济示范园工业原水取水口", 117.55, 31.66, 100000),
    ("众兴水库取水口", 117.585, 32.008, 50000), ("磨墩水库取水口", 116.99, 31.598, 400000),
    ("果树园山水库取水口", 117.178, 31.22, 30000),
    ("杭埠河三河应急取水口", 117.27, 31.525, 50000),
    ("滁河干渠应急取水口", 117.10, 31.875, 100000), ("巢湖西半湖备用取水口", 117.45, 31.64, 200000),
]


def _ordinal(k: int) -> str:
    """"" for 1, then 第二 … 第九, then the number."""
    if k == 1:
        return ""
    return "第" + "一二三四五六七八九"[k - 1] if k < 10 else str(k)


def town_weights() -> np.ndarray:
    w = np.array([t[3] for t in TOWNS], dtype=float)
    return w / w.sum()


HEFEI_URBAN = ("合肥市区", "滨湖新区", "政务区", "高新区", "经开区", "新站区", "瑶海", "庐阳",
               "蜀山")


def receptor_features(rng: np.random.Generator, base: Base, *, towns: list | None = None,
                      urban: tuple[str, ...] = HEFEI_URBAN, streets: list[str] = STREET,
                      intakes: list | None = None, big: str = "合肥市区"
                      ) -> list[dict[str, Any]]:
    """Schools, hospitals, nursing homes, residential areas (with population), intakes.

    ``towns`` (default Hefei's :data:`TOWNS`) as (name, lon, lat, weight); receptors of the
    ``urban`` towns take a street stem, the others the town's name; ``big`` spreads wider.
    """
    towns = TOWNS if towns is None else towns
    intakes = INTAKES if intakes is None else intakes
    feats: list[dict[str, Any]] = []
    used: set[str] = set()
    w = np.array([t[3] for t in towns], dtype=float)
    w = w / w.sum()
    plan = [("school", 130), ("hospital", 42), ("nursing_home", 32), ("residential", 150)]
    n = 0
    for typ, count in plan:
        for _ in range(count):
            name_t, lon0, lat0, _ = towns[int(rng.choice(len(towns), p=w))]
            sig = 4.0 if name_t == big else 1.2
            lon, lat = base.sample_near(rng, lon0, lat0, sig)
            stem = pick(rng, streets) if name_t in urban else name_t
            for k in range(1, 30):
                if typ == "school":
                    kind = pick(rng, ["小学", "中学", "幼儿园", "实验学校"], [4, 3, 3, 1])
                    name = f"{stem}{_ordinal(k)}{kind}"
                elif typ == "hospital":
                    kind = pick(rng, ["医院", "中医院", "社区卫生服务中心", "妇幼保健院"],
                                [3, 1, 4, 1])
                    name = f"{stem}{kind}" if k == 1 else f"{stem}第{k}{kind}"
                elif typ == "nursing_home":
                    name = f"{stem}{'养老院' if k == 1 else f'第{k}养老院'}"
                else:
                    sfx = pick(rng, RESIDENTIAL_SUFFIX)
                    name = f"{stem}{sfx}" if k == 1 else f"{stem}{sfx}{k}期"
                if name not in used:
                    break
            used.add(name)
            n += 1
            pop = cap = None
            if typ == "school":
                cap = int(rng.integers(3, 60)) * 50
            elif typ == "hospital":
                cap = int(rng.integers(1, 40)) * 50
            elif typ == "nursing_home":
                cap = int(rng.integers(5, 50)) * 10
            else:
                pop = int(rng.integers(8, 250)) * 100
            feats.append(feature({"code": f"MG{n:04d}", "type": typ, "name": name,
                                  "population": pop, "capacity": cap,
                                  "adcode": base.adcode(lon, lat)}, Point(lon, lat)))
    for name, lon, lat, cap in intakes:
        n += 1
        feats.append(feature({"code": f"MG{n:04d}", "type": "water_intake", "name": name,
                              "population": None, "capacity": cap,
                              "adcode": base.adcode(lon, lat)}, Point(lon, lat)))
    return feats


DEPOT_ITEMS = [  # name, unit, (min, max)
    ("吸油毡", "kg", (200, 3000)), ("围油栏", "m", (200, 2000)), ("活性炭", "t", (2, 60)),
    ("防化服", "套", (10, 120)), ("正压式空气呼吸器", "台", (4, 40)), ("应急监测车", "辆", (1, 3)),
    ("便携式多气体检测仪", "台", (2, 20)), ("石灰", "t", (5, 100)), ("聚合氯化铝", "t", (2, 40)),
    ("沙袋", "个", (500, 8000)), ("应急水泵", "台", (2, 20)), ("橡皮艇", "艘", (1, 6)),
    ("中和剂 (碳酸氢钠)", "t", (1, 30)), ("吸附棉", "kg", (100, 2000)), ("无人机", "架", (1, 4)),
]
DEPOTS = [
    ("合肥市环境应急物资储备库", 117.24, 31.84), ("瑶海区应急物资储备点", 117.34, 31.88),
    ("庐阳区应急物资储备点", 117.25, 31.90), ("蜀山区应急物资储备点", 117.19, 31.84),
    ("包河区应急物资储备点", 117.31, 31.78), ("长丰县应急物资储备库", 117.16, 32.47),
    ("肥东县应急物资储备库", 117.47, 31.885), ("肥西县应急物资储备库", 117.17, 31.715),
    ("庐江县应急物资储备库", 117.285, 31.255), ("巢湖市应急物资储备库", 117.86, 31.615),
    ("循环经济示范园应急物资库", 117.53, 31.815), ("高新区应急物资库", 117.12, 31.835),
    ("经开区应急物资库", 117.20, 31.765), ("新站高新区应急物资库", 117.38, 31.905),
    ("巢湖北岸(中庙)水上应急物资点", 117.56, 31.675),
    ("巢湖西岸(派河口)水上应急物资点", 117.29, 31.69),
    ("杭埠河三河应急物资点", 117.255, 31.525), ("董铺水库应急物资点", 117.19, 31.905),
]
TEAMS = [  # name, specialty, lon, lat
    ("合肥市生态环境应急监测队", "应急监测", 117.25, 31.85),
    ("合肥市危险化学品应急救援队", "危化品处置", 117.30, 31.83),
    ("合肥循环经济示范园专职消防救援队", "危化品处置", 117.525, 31.805),
    ("巢湖水上应急救援队", "水上救援/溢油处置", 117.86, 31.60),
    ("滨湖水上应急救援队", "水上救援/溢油处置", 117.31, 31.715),
    ("瑶海区环境应急分队", "综合", 117.34, 31.875), ("庐阳区环境应急分队", "综合", 117.26, 31.89),
    ("蜀山区环境应急分队", "综合", 117.20, 31.845), ("包河区环境应急分队", "综合", 117.31, 31.79),
    ("长丰县环境应急分队", "综合", 117.165, 32.475), ("肥东县环境应急分队", "综合", 117.475, 31.88),
    ("肥西县环境应急分队", "综合", 117.175, 31.72), ("庐江县环境应急分队", "综合", 117.28, 31.25),
    ("高新区危化品应急救援队", "危化品处置", 117.125, 31.83),
]


def depot_features(rng: np.random.Generator, base: Base, depots: list | None = None
                   ) -> list[dict[str, Any]]:
    feats = []
    for i, (name, lon, lat) in enumerate(DEPOTS if depots is None else depots):
        lon, lat = base.nudge_to_land(lon, lat)
        k = int(rng.integers(5, 10))
        chosen = sorted(rng.choice(len(DEPOT_ITEMS), size=k, replace=False).tolist())
        items = []
        for j in chosen:
            nm, unit, (lo, hi) = DEPOT_ITEMS[j]
            items.append({"name": nm, "quantity": int(rng.integers(lo, hi + 1)), "unit": unit})
        feats.append(feature({"code": f"WZ{i + 1:02d}", "name": name,
                              "adcode": base.adcode(lon, lat), "items": items},
                             Point(lon, lat)))
    return feats


def team_features(rng: np.random.Generator, base: Base, teams: list | None = None,
                  area_code: str = "0551") -> list[dict[str, Any]]:
    feats = []
    for i, (name, spec, lon, lat) in enumerate(TEAMS if teams is None else teams):
        lon, lat = base.nudge_to_land(lon, lat)
        feats.append(feature({"code": f"DW{i + 1:02d}", "name": name, "specialty": spec,
                              "members": int(rng.integers(8, 61)),
                              "phone": fake_phone(rng, area_code),
                              "vehicles": int(rng.integers(2, 13)),
                              "adcode": base.adcode(lon, lat)}, Point(lon, lat)))
    return feats
