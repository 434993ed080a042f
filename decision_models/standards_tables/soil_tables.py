"""Soil standards GB 15618—2018 (farmland) and GB 36600—2018 (construction land).

Sources (see ../shared/reference/soil.md): the standards' texts on mee.gov.cn, all
values cross-checked there against independent public implementations.
Units: mg/kg dry soil.
"""

from __future__ import annotations

# GB 15618-2018: pH band upper bounds (band 0: pH ≤ 5.5; 1: ≤ 6.5; 2: ≤ 7.5; 3: > 7.5).
PH_BAND_UPPER: tuple[float, float, float] = (5.5, 6.5, 7.5)

# GB 15618-2018 Table 1 (风险筛选值, basic items), rows 1-8, per pH band.
# Key: (item, land-use column); "paddy" 水田, "other" 其他, "orchard" 果园, "all".
FARMLAND_SCREENING: dict[tuple[str, str], tuple[float, float, float, float]] = {
    ("Cd", "paddy"): (0.3, 0.4, 0.6, 0.8),  # row 1 镉 水田
    ("Cd", "other"): (0.3, 0.3, 0.3, 0.6),  # row 1 镉 其他
    ("Hg", "paddy"): (0.5, 0.5, 0.6, 1.0),  # row 2 汞 水田
    ("Hg", "other"): (1.3, 1.8, 2.4, 3.4),  # row 2 汞 其他
    ("As", "paddy"): (30, 30, 25, 20),  # row 3 砷 水田
    ("As", "other"): (40, 40, 30, 25),  # row 3 砷 其他
    ("Pb", "paddy"): (80, 100, 140, 240),  # row 4 铅 水田
    ("Pb", "other"): (70, 90, 120, 170),  # row 4 铅 其他
    ("Cr", "paddy"): (250, 250, 300, 350),  # row 5 铬 水田
    ("Cr", "other"): (150, 150, 200, 250),  # row 5 铬 其他
    ("Cu", "orchard"): (150, 150, 200, 200),  # row 6 铜 果园
    ("Cu", "other"): (50, 50, 100, 100),  # row 6 铜 其他
    ("Ni", "all"): (60, 70, 100, 190),  # row 7 镍
    ("Zn", "all"): (200, 200, 250, 300),  # row 8 锌
}

# GB 15618-2018 Table 1 notes: which column applies to each land use.
# Cd/Hg/As/Pb/Cr: "其他" = dry land + orchard; Cu: "其他" = paddy + dry land.
FARMLAND_COLUMN: dict[str, dict[str, str]] = {
    "paddy": {"Cd": "paddy", "Hg": "paddy", "As": "paddy", "Pb": "paddy", "Cr": "paddy",
              "Cu": "other", "Ni": "all", "Zn": "all"},
    "orchard": {"Cd": "other", "Hg": "other", "As": "other", "Pb": "other", "Cr": "other",
                "Cu": "orchard", "Ni": "all", "Zn": "all"},
    "other": {"Cd": "other", "Hg": "other", "As": "other", "Pb": "other", "Cr": "other",
              "Cu": "other", "Ni": "all", "Zn": "all"},
}  # fmt: skip

# GB 15618-2018 Table 3 (风险管制值), rows 1-5; Cu, Ni, Zn have none.
FARMLAND_INTERVENTION: dict[str, tuple[float, float, float, float]] = {
    "Cd": (1.5, 2.0, 3.0, 4.0),
    "Hg": (2.0, 2.5, 4.0, 6.0),
    "As": (200, 150, 120, 100),
    "Pb": (400, 500, 700, 1000),
    "Cr": (800, 850, 1000, 1300),
}

FARMLAND_CATEGORIES: tuple[str, ...] = ("优先保护类", "安全利用类", "严格管控类")
# Map colours of the farmland categories. GB 15618 defines no colours; this is the
# project's convention (green / amber / red traffic-light, as used in provincial
# 农用地土壤环境质量类别划分 maps).
FARMLAND_CATEGORY_COLORS: dict[str, str] = {
    "优先保护类": "#2E9E44",
    "安全利用类": "#F5B700",
    "严格管控类": "#D7191C",
}

# GB 36600-2018 Table 1 (basic items, rows 1-45):
# item -> (screening class 1, screening class 2, intervention class 1, intervention class 2)
CONSTRUCTION: dict[str, tuple[float, float, float, float]] = {
    "As": (20, 60, 120, 140),  # 1 砷 (note ①: background value may apply)
    "Cd": (20, 65, 47, 172),  # 2 镉
    "Cr6": (3.0, 5.7, 30, 78),  # 3 铬（六价）
    "Cu": (2000, 18000, 8000, 36000),  # 4 铜
    "Pb": (400, 800, 800, 2500),  # 5 铅
    "Hg": (8, 38, 33, 82),  # 6 汞
    "Ni": (150, 900, 600, 2000),  # 7 镍
    "四氯化碳": (0.9, 2.8, 9, 36),  # 8
    "氯仿": (0.3, 0.9, 5, 10),  # 9
    "氯甲烷": (12, 37, 21, 120),  # 10
    "1,1-二氯乙烷": (3, 9, 20, 100),  # 11
    "1,2-二氯乙烷": (0.52, 5, 6, 21),  # 12
    "1,1-二氯乙烯": (12, 66, 40, 200),  # 13
    "顺-1,2-二氯乙烯": (66, 596, 200, 2000),  # 14
    "反-1,2-二氯乙烯": (10, 54, 31, 163),  # 15
    "二氯甲烷": (94, 616, 300, 2000),  # 16
    "1,2-二氯丙烷": (1, 5, 5, 47),  # 17
    "1,1,1,2-四氯乙烷": (2.6, 10, 26, 100),  # 18
    "1,1,2,2-四氯乙烷": (1.6, 6.8, 14, 50),  # 19
    "四氯乙烯": (11, 53, 34, 183),  # 20
    "1,1,1-三氯乙烷": (701, 840, 840, 840),  # 21
    "1,1,2-三氯乙烷": (0.6, 2.8, 5, 15),  # 22
    "三氯乙烯": (0.7, 2.8, 7, 20),  # 23
    "1,2,3-三氯丙烷": (0.05, 0.5, 0.5, 5),  # 24
    "氯乙烯": (0.12, 0.43, 1.2, 4.3),  # 25
    "苯": (1, 4, 10, 40),  # 26
    "氯苯": (68, 270, 200, 1000),  # 27
    "1,2-二氯苯": (560, 560, 560, 560),  # 28
    "1,4-二氯苯": (5.6, 20, 56, 200),  # 29
    "乙苯": (7.2, 28, 72, 280),  # 30
    "苯乙烯": (1290, 1290, 1290, 1290),  # 31
    "甲苯": (1200, 1200, 1200, 1200),  # 32
    "间二甲苯+对二甲苯": (163, 570, 500, 570),  # 33
    "邻二甲苯": (222, 640, 640, 640),  # 34
    "硝基苯": (34, 76, 190, 760),  # 35
    "苯胺": (92, 260, 211, 663),  # 36
    "2-氯酚": (250, 2256, 500, 4500),  # 37
    "苯并[a]蒽": (5.5, 15, 55, 151),  # 38
    "苯并[a]芘": (0.55, 1.5, 5.5, 15),  # 39
    "苯并[b]荧蒽": (5.5, 15, 55, 151),  # 40
    "苯并[k]荧蒽": (55, 151, 550, 1500),  # 41
    "䓛": (490, 1293, 4900, 12900),  # 42
    "二苯并[a,h]蒽": (0.55, 1.5, 5.5, 15),  # 43
    "茚并[1,2,3-cd]芘": (5.5, 15, 55, 151),  # 44
    "萘": (25, 70, 255, 700),  # 45
}

# English aliases of the GB 36600 organic items (soil.md table, English column).
CONSTRUCTION_ALIASES: dict[str, str] = {
    "carbon tetrachloride": "四氯化碳",
    "chloroform": "氯仿",
    "chloromethane": "氯甲烷",
    "1,1-dichloroethane": "1,1-二氯乙烷",
    "1,2-dichloroethane": "1,2-二氯乙烷",
    "1,1-dichloroethylene": "1,1-二氯乙烯",
    "cis-1,2-dichloroethylene": "顺-1,2-二氯乙烯",
    "trans-1,2-dichloroethylene": "反-1,2-二氯乙烯",
    "dichloromethane": "二氯甲烷",
    "1,2-dichloropropane": "1,2-二氯丙烷",
    "1,1,1,2-tetrachloroethane": "1,1,1,2-四氯乙烷",
    "1,1,2,2-tetrachloroethane": "1,1,2,2-四氯乙烷",
    "tetrachloroethylene": "四氯乙烯",
    "1,1,1-trichloroethane": "1,1,1-三氯乙烷",
    "1,1,2-trichloroethane": "1,1,2-三氯乙烷",
    "trichloroethylene": "三氯乙烯",
    "1,2,3-trichloropropane": "1,2,3-三氯丙烷",
    "vinyl chloride": "氯乙烯",
    "benzene": "苯",
    "chlorobenzene": "氯苯",
    "1,2-dichlorobenzene": "1,2-二氯苯",
    "1,4-dichlorobenzene": "1,4-二氯苯",
    "ethylbenzene": "乙苯",
    "styrene": "苯乙烯",
    "toluene": "甲苯",
    "m+p-xylene": "间二甲苯+对二甲苯",
    "o-xylene": "邻二甲苯",
    "nitrobenzene": "硝基苯",
    "aniline": "苯胺",
    "2-chlorophenol": "2-氯酚",
    "benzo[a]anthracene": "苯并[a]蒽",
    "benzo[a]pyrene": "苯并[a]芘",
    "benzo[b]fluoranthene": "苯并[b]荧蒽",
    "benzo[k]fluoranthene": "苯并[k]荧蒽",
    "chrysene": "䓛",
    "dibenz[a,h]anthracene": "二苯并[a,h]蒽",
    "indeno[1,2,3-cd]pyrene": "茚并[1,2,3-cd]芘",
    "naphthalene": "萘",
    "cr(vi)": "Cr6",
    "cr6+": "Cr6",
}

CONSTRUCTION_STATUSES: tuple[str, ...] = (
    "below_screening",
    "above_screening",
    "above_intervention",
)
# Map colours of the construction-land statuses (project convention; GB 36600 has none).
CONSTRUCTION_STATUS_COLORS: dict[str, str] = {
    "below_screening": "#2E9E44",
    "above_screening": "#F5B700",
    "above_intervention": "#D7191C",
}
