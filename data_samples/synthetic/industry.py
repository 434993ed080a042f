"""Synthetic enforcement data: pollution sources, inspections, 12369 complaints, and the
soil-supervised enterprises and risk sources derived from those sources.

Anchors: ``hefei_region.md`` §5 (industrial zones, their profiles and hazardous materials);
GB/T 4754-2017 industry names; permit classes of the 排污许可 system.
"""

from __future__ import annotations

import datetime as dt
import math
import string
from typing import Any

import numpy as np
from shapely import STRtree
from shapely.geometry import Point

from ._common import Base, feature, km_apart, pick, r

# industry: (name suffixes, main pollutants, emission scale t/a for
#            (so2, nox, pm, voc, cod, nh3n), share of 重点管理)
INDUSTRIES: dict[str, tuple[list[str], list[str], tuple[float, ...], float]] = {
    "化学原料和化学制品制造业": (["化工有限公司", "新材料科技有限公司", "精细化工有限公司"],
                          ["VOCs", "SO2", "NOx", "COD", "氨氮"], (20, 40, 8, 30, 15, 2), 0.6),
    "医药制造业": (["制药有限公司", "生物医药有限公司", "药业有限公司"],
              ["VOCs", "COD", "氨氮"], (2, 5, 1, 12, 10, 1.5), 0.45),
    "非金属矿物制品业": (["水泥有限公司", "建材有限公司", "新型墙材有限公司"],
                  ["颗粒物", "SO2", "NOx"], (60, 180, 60, 1, 0.2, 0.02), 0.35),
    "计算机、通信和其他电子设备制造业": (["电子科技有限公司", "光电有限公司", "半导体有限公司"],
                          ["VOCs", "氟化物", "COD"], (1, 3, 0.5, 15, 20, 2), 0.3),
    "汽车制造业": (["汽车零部件有限公司", "汽车有限公司", "车身部件有限公司"],
              ["VOCs", "颗粒物", "COD"], (2, 6, 4, 40, 5, 0.5), 0.3),
    "电气机械和器材制造业": (["电器有限公司", "电气有限公司", "家电配件有限公司"],
                    ["VOCs", "颗粒物"], (1, 3, 2, 10, 2, 0.2), 0.15),
    "金属制品业": (["金属制品有限公司", "表面处理有限公司", "电镀有限公司"],
              ["重金属", "COD", "颗粒物"], (1, 2, 2, 3, 4, 0.4), 0.35),
    "通用设备制造业": (["机械有限公司", "装备制造有限公司", "精密机械有限公司"],
                ["颗粒物", "VOCs"], (1, 2, 2, 4, 1, 0.1), 0.08),
    "农副食品加工业": (["食品有限公司", "粮油有限公司", "肉类加工有限公司"],
                ["COD", "氨氮"], (1, 2, 1, 0.2, 20, 2), 0.2),
    "食品制造业": (["食品科技有限公司", "乳业有限公司", "调味品有限公司"],
              ["COD", "氨氮"], (1, 2, 1, 0.5, 12, 1.2), 0.12),
    "纺织业": (["纺织有限公司", "印染有限公司"], ["COD", "氨氮"], (2, 3, 1, 1, 25, 2.5), 0.3),
    "造纸和纸制品业": (["纸业有限公司", "包装有限公司"], ["COD", "氨氮"],
                (5, 8, 2, 1, 40, 3), 0.35),
    "橡胶和塑料制品业": (["塑业有限公司", "橡胶制品有限公司"], ["VOCs"],
                  (0.5, 1, 1, 8, 1, 0.1), 0.1),
    "黑色金属冶炼和压延加工业": (["钢铁有限公司", "特钢有限公司", "管业有限公司"],
                          ["颗粒物", "SO2", "NOx"], (80, 150, 90, 5, 3, 0.3), 0.7),
    "石油、煤炭及其他燃料加工业": (["石化有限公司", "焦化有限公司", "能源有限公司"],
                           ["SO2", "NOx", "VOCs", "COD"], (60, 90, 20, 80, 20, 3), 0.8),
    "电力、热力生产和供应业": (["热电有限公司", "发电有限公司", "能源科技有限公司"],
                      ["SO2", "NOx", "颗粒物"], (120, 300, 30, 2, 1, 0.1), 0.8),
    "水的生产和供应业": (["污水处理有限公司", "水务有限公司"], ["COD", "氨氮", "总磷"],
                  (0.1, 0.2, 0.1, 0.5, 200, 20), 0.9),
    "畜牧业": (["生态养殖有限公司", "牧业有限公司", "养殖专业合作社"], ["COD", "氨氮"],
            (0, 0, 0.1, 0, 30, 4), 0.25),
    "印刷和记录媒介复制业": (["印务有限公司", "包装印刷有限公司"], ["VOCs"],
                    (0, 0.2, 0.1, 6, 0.3, 0), 0.1),
    "家具制造业": (["家具有限公司", "木业有限公司"], ["VOCs", "颗粒物"],
              (0, 0.2, 2, 8, 0.2, 0), 0.08),
    "黑色金属矿采选业": (["矿业有限公司", "铁矿有限公司"], ["颗粒物", "重金属"],
                  (1, 2, 40, 0, 2, 0.2), 0.5),
    "有色金属矿采选业": (["铜矿有限公司", "矿业开发有限公司"], ["颗粒物", "重金属"],
                  (1, 2, 30, 0, 2, 0.2), 0.6),
    "废弃资源综合利用业": (["再生资源有限公司", "环保科技有限公司"], ["重金属", "VOCs", "颗粒物"],
                    (2, 4, 5, 5, 3, 0.3), 0.5),
    "机动车、电子产品和日用产品修理业": (["汽车维修有限公司", "汽修服务部"], ["VOCs"],
                          (0, 0, 0.1, 1.5, 0.2, 0), 0.0),
}
IND = list(INDUSTRIES)


def _w(**kw: float) -> list[float]:
    """Industry weights for a cluster from short aliases (others get 0.2)."""
    alias = {"chem": IND[0], "pharma": IND[1], "cement": IND[2], "elec": IND[3], "auto": IND[4],
             "appl": IND[5], "metal": IND[6], "equip": IND[7], "agro": IND[8], "food": IND[9],
             "textile": IND[10], "paper": IND[11], "plastic": IND[12], "steel": IND[13],
             "petro": IND[14], "power": IND[15], "water": IND[16], "farm": IND[17],
             "print": IND[18], "furn": IND[19], "ironmine": IND[20], "cumine": IND[21],
             "recycle": IND[22], "repair": IND[23]}
    weights = dict.fromkeys(IND, 0.2)
    for k, v in kw.items():
        weights[alias[k]] = v
    return [weights[i] for i in IND]


# (label, park or None, lon, lat, sigma km, weight, industry weights)
CLUSTERS: list[tuple[str, str | None, float, float, float, float, list[float]]] = [
    ("高新区", "合肥高新区", 117.13, 31.83, 3.0, 0.11, _w(elec=6, pharma=4, appl=3, equip=3)),
    ("经开区", "合肥经开区", 117.21, 31.77, 3.0, 0.11, _w(auto=6, appl=5, metal=3, plastic=3)),
    ("新站", "新站高新区", 117.37, 31.90, 2.8, 0.09, _w(elec=7, chem=2, plastic=2)),
    ("循环园", "合肥循环经济示范园", 117.52, 31.81, 2.0, 0.08,
     _w(chem=8, petro=3, pharma=3, steel=2, metal=2, power=1)),
    ("巢湖经开区", "巢湖经开区", 117.90, 31.62, 3.0, 0.06, _w(cement=6, food=3, textile=2)),
    ("庐江", "庐江经开区", 117.28, 31.25, 4.0, 0.06, _w(ironmine=4, cumine=3, chem=3, cement=3)),
    ("双凤", "长丰双凤经开区", 117.28, 32.02, 3.0, 0.05, _w(equip=3, food=3, plastic=3, metal=2)),
    ("城区", None, 117.28, 31.85, 5.5, 0.22, _w(repair=8, print=4, food=3, water=1)),
    ("店埠", None, 117.47, 31.88, 4.0, 0.05, _w(food=3, furn=3, equip=2)),
    ("上派", None, 117.17, 31.72, 4.0, 0.05, _w(food=3, furn=3, equip=3)),
    ("水湖", None, 117.16, 32.48, 4.0, 0.04, _w(agro=4, food=3, farm=3)),
    ("农村", None, 117.30, 31.85, 0.0, 0.08, _w(farm=8, agro=5, cement=2)),
]
STEM_CHARS = ("恒泰华信瑞丰金鼎永盛新源鑫达宏图中诚远航安科天润佳禾明辉德凯"
              "汇通联创博正国宇晟昌隆兴益嘉富美东方明光成和顺祥云海川江淮庐肥巢皖徽新亚合众广利")
REGION_PREFIX = {"340102": "合肥", "340103": "合肥", "340104": "合肥", "340111": "合肥",
                 "340121": "长丰", "340122": "肥东", "340123": "肥西", "340124": "庐江",
                 "340181": "巢湖"}
PERMIT_TYPE_LETTER = ["V", "P", "U", "W", "X", "Y"]


def _credit_code(rng: np.random.Generator, head: str = "913401") -> str:
    alnum = string.digits + "ABCDEFGHJKLMNPQRTUWXY"
    body = "".join(alnum[int(i)] for i in rng.integers(0, len(alnum), 9))
    return f"{head}{int(rng.integers(0, 100)):02d}{body}{alnum[int(rng.integers(0, 31))]}"


def hefei_prefix(adcode: str | None) -> str:
    """The name prefix of an enterprise or team of the Hefei sample, by district."""
    return REGION_PREFIX.get(adcode or "", "合肥")


def pollution_sources(rng: np.random.Generator, base: Base, n: int = 2200, *,
                      clusters: list | None = None, prefix=hefei_prefix,
                      region_code: str = "340100", stem_chars: str = STEM_CHARS
                      ) -> list[dict[str, Any]]:
    """Source records (properties + lon/lat), clustered around parks and towns.

    ``clusters`` (default :data:`CLUSTERS`, Hefei's) as (label, park, lon, lat, sigma km,
    weight, industry weights); ``prefix(adcode)`` starts every name.
    """
    clusters = CLUSTERS if clusters is None else clusters
    head = f"91{region_code[:4]}"
    weights = np.array([c[5] for c in clusters])
    weights /= weights.sum()
    used: set[str] = set()
    out: list[dict[str, Any]] = []
    for i in range(n):
        _label, park, lon0, lat0, sig, _w0, iw = clusters[int(rng.choice(len(clusters),
                                                                         p=weights))]
        if sig == 0.0:
            lon, lat = base.sample_in(rng, base.city)
        else:
            lon, lat = base.sample_near(rng, lon0, lat0, sig)
        industry = pick(rng, IND, iw)
        suffixes, pollutants, scale, key_share = INDUSTRIES[industry]
        adcode = base.adcode(lon, lat) or region_code
        for _ in range(50):
            stem = "".join(pick(rng, stem_chars) for _ in range(2))
            name = f"{prefix(adcode)}{stem}{pick(rng, suffixes)}"
            if name not in used:
                break
        used.add(name)
        u = rng.random()
        if u < key_share:
            pclass = "重点管理"
        elif u < key_share + (1 - key_share) * 0.55:
            pclass = "简化管理"
        else:
            pclass = "登记管理"
        size = math.exp(rng.normal(0, 0.9)) * {"重点管理": 1.0, "简化管理": 0.25,
                                                "登记管理": 0.05}[pclass]
        em = [r(s * size, 3) for s in scale]
        online = (pclass == "重点管理" and rng.random() < 0.85) or \
            (pclass == "简化管理" and rng.random() < 0.1)
        status = pick(rng, ["normal", "exceeding", "offline"], [0.88, 0.05, 0.07]) \
            if online else None
        valid = dt.date(2025, 3, 1) + dt.timedelta(days=int(rng.integers(0, 5 * 365)))
        risk = "高" if (pclass == "重点管理" and (status == "exceeding" or size > 1.5)) else \
            ("中" if pclass != "登记管理" else "低")
        out.append({
            "code": f"PS{i + 1:05d}", "name": name, "industry": industry, "adcode": adcode,
            "park": park if park and km_apart(lon, lat, lon0, lat0) < 2.2 * sig else None,
            "permit_no": f"{_credit_code(rng, head)}001{pick(rng, PERMIT_TYPE_LETTER)}"
            if pclass != "登记管理" else f"{_credit_code(rng, head)}001W",
            "permit_class": pclass, "permit_valid_until": valid.isoformat(),
            "online_monitoring": bool(online), "online_status": status,
            "main_pollutants": pollutants[: int(rng.integers(1, len(pollutants) + 1))],
            "so2_t": em[0], "nox_t": em[1], "pm_t": em[2], "voc_t": em[3], "cod_t": em[4],
            "nh3n_t": em[5], "last_inspection": None, "risk_level": risk,
            "_lon": lon, "_lat": lat})
    return out


FINDINGS = {
    "合格": ["现场检查未发现环境违法行为", "治理设施运行正常", "台账记录完整",
           "在线监测数据正常"],
    "责令整改": ["危险废物贮存场所标识不规范", "环境管理台账记录不全", "VOCs收集设施破损",
             "雨污分流不彻底", "排污口标志牌缺失", "自行监测频次不足"],
    "立案处罚": ["超标排放水污染物", "未按证排污", "废气治理设施未正常运行", "私设暗管排放",
             "在线监测数据弄虚作假", "未批先建"],
}


def inspections(rng: np.random.Generator, sources: list[dict[str, Any]], *,
                prefix=hefei_prefix) -> list[list[Any]]:
    """Inspection rows for about 70 % of sources; fills ``last_inspection``."""
    rows = []
    start = dt.date(2024, 1, 1)
    span = (dt.date(2026, 10, 31) - start).days
    for s in sources:
        if rng.random() > 0.7:
            continue
        k = int(rng.integers(1, 4 if s["permit_class"] != "重点管理" else 6))
        dates = sorted(start + dt.timedelta(days=int(d)) for d in rng.integers(0, span, k))
        region = prefix(s["adcode"])
        team = f"{region}生态环境执法大队第{int(rng.integers(1, 5))}中队"
        for d in dates:
            bad = 2.5 if s["online_status"] == "exceeding" else 1.0
            res = pick(rng, ["合格", "责令整改", "立案处罚"], [0.72, 0.2 * bad, 0.08 * bad])
            pen = float(int(rng.integers(2, 50)) * 10000) if res == "立案处罚" else None
            rows.append([s["code"], d.isoformat(), team, res, pick(rng, FINDINGS[res]), pen])
        s["last_inspection"] = dates[-1].isoformat()
    rows.sort(key=lambda t: (t[1], t[0]))
    return rows


def source_features(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [feature({k: v for k, v in s.items() if not k.startswith("_")},
                    Point(s["_lon"], s["_lat"])) for s in sources]


CONTENT = {
    "大气": ["夜间有刺鼻异味", "工厂烟囱冒黑烟", "露天焚烧垃圾", "工地扬尘严重", "餐饮油烟扰民",
           "喷漆房废气味道大"],
    "水": ["河道出现黑臭水体", "企业偷排污水", "雨水口排出浑浊污水", "河面漂浮死鱼",
          "养殖废水直排"],
    "噪声": ["夜间施工噪声扰民", "工厂设备噪声大", "商铺音响噪声", "冷却塔噪声"],
    "固废": ["建筑垃圾乱倒", "工业固废随意堆放", "危险废物疑似非法转移", "垃圾堆放散发臭味"],
    "辐射": ["担心基站辐射", "变电站电磁辐射担忧"],
}


def complaint_features(rng: np.random.Generator, base: Base, sources: list[dict[str, Any]],
                       n: int = 720, *, centre: tuple[float, float] = (117.27, 31.84),
                       sigma_km: float = 6.0) -> list[dict[str, Any]]:
    """12369 complaints over the 24 months 2024-11 … 2026-10."""
    pts = [Point(s["_lon"], s["_lat"]) for s in sources]
    tree = STRtree(pts)
    start = dt.datetime(2024, 11, 1)
    end = dt.datetime(2026, 10, 31, 23, 59)
    span_min = int((end - start).total_seconds() // 60)
    items = []
    for _ in range(n):
        when = start + dt.timedelta(minutes=int(rng.integers(0, span_min)))
        hour = int(pick(rng, list(range(24)), [1, 1, 1, 1, 1, 2, 3, 5, 8, 9, 9, 8, 6, 7, 8, 8,
                                                7, 6, 6, 6, 6, 5, 4, 2]))
        when = when.replace(hour=hour)
        winter = when.month in (11, 12, 1, 2)
        summer = when.month in (6, 7, 8)
        cat = pick(rng, ["大气", "水", "噪声", "固废", "辐射"],
                   [0.42 + 0.1 * winter, 0.12 + 0.04 * summer, 0.3 + 0.1 * summer, 0.12, 0.04])
        if cat != "辐射" and rng.random() < 0.6:
            s = sources[int(rng.integers(len(sources)))]
            lon, lat = base.sample_near(rng, s["_lon"], s["_lat"], 0.6)
        else:
            lon, lat = base.sample_near(rng, *centre, sigma_km)
        related = None
        if cat in ("大气", "水", "噪声", "固废") and rng.random() < 0.75:
            j = int(tree.nearest(Point(lon, lat)))
            s = sources[j]
            if km_apart(s["_lon"], s["_lat"], lon, lat) < 1.0:
                related = s["code"]
        age_days = (end - when).days
        status = "已办结" if age_days > 20 else pick(rng, ["已受理", "处理中", "已办结"],
                                                      [0.3, 0.4, 0.3])
        items.append((when, cat, lon, lat, related, status))
    items.sort(key=lambda t: t[0])
    feats = []
    for i, (when, cat, lon, lat, related, status) in enumerate(items):
        feats.append(feature({
            "code": f"TS{when:%Y%m}{i + 1:05d}", "received_at": when.isoformat(),
            "channel": pick(rng, ["12369电话", "微信", "网络"], [0.45, 0.35, 0.2]),
            "category": cat, "content": pick(rng, CONTENT[cat]), "status": status,
            "related_source": related, "adcode": base.adcode(lon, lat)}, Point(lon, lat)))
    return feats


SOIL_INDUSTRIES = {IND[0], IND[1], IND[6], IND[13], IND[14], IND[20], IND[21], IND[22], IND[3]}
SOIL_POLLUTANTS = {IND[0]: ["苯", "氯乙烯", "三氯乙烯"], IND[1]: ["苯", "二氯甲烷"],
                   IND[6]: ["Cr6", "Ni", "Cu", "Cd"], IND[13]: ["Pb", "Cd", "苯并[a]芘"],
                   IND[14]: ["苯", "苯并[a]芘", "石油烃"], IND[20]: ["As", "Pb", "Cd"],
                   IND[21]: ["Cd", "Cu", "Pb", "As"], IND[22]: ["Pb", "Cd", "Hg"],
                   IND[3]: ["氟化物", "Cu", "Ni"]}


def soil_enterprise_features(rng: np.random.Generator, sources: list[dict[str, Any]],
                             n: int = 36) -> list[dict[str, Any]]:
    cands = [s for s in sources if s["industry"] in SOIL_INDUSTRIES
             and s["permit_class"] == "重点管理"]
    idx = sorted(rng.choice(len(cands), size=min(n, len(cands)), replace=False).tolist())
    feats = []
    for k, i in enumerate(idx):
        s = cands[i]
        feats.append(feature({
            "code": f"TR{k + 1:03d}", "name": s["name"], "industry": s["industry"],
            "adcode": s["adcode"], "park": s["park"], "source_code": s["code"],
            "key_pollutants": SOIL_POLLUTANTS[s["industry"]],
            "self_monitoring": bool(rng.random() < 0.85)}, Point(s["_lon"], s["_lat"])))
    return feats


CHEMICALS = {  # name: (CAS, typical max storage t)
    "液氨": ("7664-41-7", 150), "液氯": ("7782-50-5", 40), "甲醇": ("67-56-1", 800),
    "盐酸": ("7647-01-0", 200), "苯": ("71-43-2", 300), "硫酸": ("7664-93-9", 600),
    "液化石油气": ("68476-85-7", 100), "煤气": ("—", 20), "重油": ("—", 2000),
    "氢氟酸": ("7664-39-3", 30), "硅烷": ("7803-62-5", 2), "三氟化氮": ("7783-54-2", 5),
    "甲苯": ("108-88-3", 150), "二甲苯": ("1330-20-7", 150), "乙酸乙酯": ("141-78-6", 100),
    "氰化钠": ("143-33-9", 10), "硝酸铵": ("6484-52-2", 50), "柴油": ("68334-30-5", 500),
}
RISK_CHEM = {
    IND[0]: ["液氨", "甲醇", "盐酸", "液氯", "苯", "硫酸", "甲苯"],
    IND[14]: ["重油", "煤气", "苯", "液化石油气", "柴油"],
    IND[1]: ["甲醇", "乙酸乙酯", "甲苯", "盐酸"],
    IND[3]: ["硅烷", "三氟化氮", "氢氟酸", "液氨", "液氯"],
    IND[4]: ["二甲苯", "乙酸乙酯", "液化石油气"],
    IND[6]: ["氰化钠", "盐酸", "硫酸"],
    IND[16]: ["液氯"],
    IND[2]: ["液氨", "柴油"],
    IND[15]: ["液氨", "柴油"],
    IND[20]: ["硝酸铵", "硫酸", "柴油"],
    IND[21]: ["硝酸铵", "硫酸", "柴油"],
}


def risk_source_features(rng: np.random.Generator, sources: list[dict[str, Any]],
                         n: int = 72, *, chem_park: str = "合肥循环经济示范园"
                         ) -> list[dict[str, Any]]:
    """Hazardous-chemical enterprises: mostly the chemical park, then other parks."""
    cands = [s for s in sources if s["industry"] in RISK_CHEM and s["permit_class"] != "登记管理"]
    n = min(n, len(cands))
    w = np.array([6.0 if s["park"] == chem_park else
                  (2.0 if s["park"] else 0.6) for s in cands])
    idx = sorted(rng.choice(len(cands), size=n, replace=False, p=w / w.sum()).tolist())
    feats = []
    for k, i in enumerate(idx):
        s = cands[i]
        pool = RISK_CHEM[s["industry"]]
        m = int(rng.integers(1, min(4, len(pool)) + 1))
        names = [pool[j] for j in sorted(rng.choice(len(pool), size=m, replace=False))]
        chems = [{"name": c, "cas": CHEMICALS[c][0],
                  "storage_t": r(CHEMICALS[c][1] * math.exp(rng.normal(-0.5, 0.7)), 1)}
                 for c in names]
        total = max(c["storage_t"] for c in chems)
        ratio = max(c["storage_t"] / CHEMICALS[c["name"]][1] for c in chems)
        level = "重大" if ratio > 1.2 or (s["park"] == chem_park and ratio > 0.8) \
            else ("较大" if ratio > 0.4 else "一般")
        feats.append(feature({
            "code": f"FX{k + 1:03d}", "name": s["name"], "industry": s["industry"],
            "park": s["park"], "adcode": s["adcode"], "source_code": s["code"],
            "chemicals": chems, "max_storage_t": total, "risk_level": level},
            Point(s["_lon"], s["_lat"])))
    return feats
