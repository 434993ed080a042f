"""Grading of sudden environmental events 突发环境事件分级标准.

Source: 《国家突发环境事件应急预案》(国办函〔2014〕119号, 2014-12-29), 附件1
突发环境事件分级标准 (see ../shared/reference/emergency.md §1). In all quantities
"以上" includes the number and "以下" excludes it, so every threshold below is "≥".
Tier 1 = 特别重大 (I级, most severe) … 4 = 一般 (IV级).
"""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("特别重大", "重大", "较大", "一般")
RESPONSE: tuple[str, ...] = ("Ⅰ级", "Ⅱ级", "Ⅲ级", "Ⅳ级")

# Numeric criteria (附件1 items (一)1-2 / (二)1-2 / (三)1-2): minimum value for tiers 1, 2, 3.
# Below the tier-3 threshold the criterion gives tier 4 (一般) if non-zero.
NUMERIC: dict[str, tuple[float, float, float]] = {
    "deaths": (30, 10, 3),  # 因环境污染直接导致死亡 (人)
    "poisoned": (100, 50, 10),  # 中毒或重伤 (人)
    "evacuated": (50_000, 10_000, 5_000),  # 疏散、转移人员 (人)
    "economic_loss_cny": (1e8, 2e7, 5e6),  # 直接经济损失 (元): 1亿, 2000万, 500万
}

# 集中式饮用水水源地取水中断 (附件1 (一)4 / (二)4 / (三)4).
WATER_SOURCE: dict[str, int] = {"city": 1, "county": 2, "township": 3}

# Cross-boundary impact (附件1 (一)6 / (二)6 / (三)6 / (四)): 重大跨国境影响, 跨省级,
# 跨设区的市级, 跨县级行政区域纠纷（引起一般性群体影响）.
CROSS_BOUNDARY: dict[str, int] = {"national": 1, "province": 2, "city": 3, "county": 4}

# Ecology (附件1 (一)3 / (二)3 / (三)3).
ECOLOGY: dict[str, int] = {
    "function_lost": 1,  # 区域生态功能丧失
    "key_species_extinct": 1,  # 国家重点保护物种灭绝
    "function_partly_lost": 2,  # 区域生态功能部分丧失
    "key_species_mass_death": 2,  # 国家重点保护野生动植物种群大批死亡
    "key_species_damaged": 3,  # 国家重点保护物种受到破坏
}

# Radiation (附件1 (一)5 / (二)5 / (三)5 / (四)).
RADIATION: dict[str, int] = {
    "source_I_II_out_of_control_large_contamination": 1,  # Ⅰ、Ⅱ类源失控致大范围严重辐射污染
    "leak_large_contamination": 1,  # 放射性物质泄漏, 造成大范围辐射污染后果
    "source_I_II_lost": 2,  # Ⅰ、Ⅱ类放射源丢失、被盗
    "leak_wider_contamination": 2,  # 放射性物质泄漏, 造成较大范围辐射污染后果
    "source_III_lost": 3,  # Ⅲ类放射源丢失、被盗
    "leak_small_contamination": 3,  # 放射性物质泄漏, 造成小范围辐射污染后果
    "source_IV_V_lost": 4,  # Ⅳ、Ⅴ类放射源丢失、被盗
    "dose_limit_exceeded": 4,  # 放射线装置失控导致人员受到超过年剂量限值的照射
    "plant_contamination": 4,  # 核设施和铀矿冶炼设施 … 厂区内辐射污染
    "uranium_discharge_over_limit": 4,  # 铀矿冶、伴生矿超标排放
}
# Radiation casualties: acute deaths ≥ 3 → tier 1, 1-2 → tier 2 ("3人以下");
# acute severe radiation sickness / local organ disability ≥ 10 → tier 2, 1-9 → tier 3.
RADIATION_DEATHS_TIER1 = 3
RADIATION_SICKNESS_TIER2 = 10
