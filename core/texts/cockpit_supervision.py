"""Texts of the cockpit's optional panels of the other supervision systems (无废城市, 声环境,
辐射, 碳达峰; :mod:`cockpit.supervision`). Key → (Chinese, English)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "cockpit.waste.title": ("无废城市 · 危险废物", "Zero-waste city · hazardous waste"),
    "cockpit.waste.generated": ("产生量", "Generated"),
    "cockpit.waste.transferred": ("转移量", "Transferred"),
    "cockpit.waste.utilised": ("自行利用", "Utilised on site"),
    "cockpit.waste.anomalies": ("异常", "Anomalies"),
    "cockpit.waste.clues_open": ("线索待办 {n}", "{n} clues open"),
    "cockpit.waste.by_code": ("产生量前列类别", "Largest categories"),
    "cockpit.waste.note": ("{units} 家产废单位 · 转移联单 {manifests} 份 · 年末贮存 {stored} t",
                           "{units} generating units · {manifests} manifests · "
                           "{stored} t stored at year end"),
    "cockpit.waste.year": ("{year} 年度申报", "{year} declarations"),
    "cockpit.noise.title": ("声环境 · 功能区达标率", "Noise · compliance by zone class"),
    "cockpit.noise.day": ("昼间达标率", "Day compliance"),
    "cockpit.noise.night": ("夜间达标率", "Night compliance"),
    "cockpit.noise.class": ("{zone}类", "Class {zone}"),
    "cockpit.noise.head": ("功能区（昼/夜限值 dB(A)）", "Zone (day/night limit dB(A))"),
    "cockpit.noise.cols": ("昼 · 夜", "day · night"),
    "cockpit.noise.basis": ("GB 3096-2008 表1；{start} 起 30 天，完整时段计",
                            "GB 3096-2008 Table 1; 30 days from {start}, whole periods"),
    "cockpit.rad.title": ("辐射环境", "Radiation"),
    "cockpit.rad.online": ("γ 自动站在线", "Gamma stations online"),
    "cockpit.rad.above": ("超调查水平", "Above investigation level"),
    "cockpit.rad.highest": ("最高剂量率", "Highest dose rate"),
    "cockpit.rad.users": ("放射源使用单位（按最高类别）", "Sealed-source users (highest category)"),
    "cockpit.rad.category": ("{roman}类", "Cat. {roman}"),
    "cockpit.rad.none_7d": ("近 7 天无非降雨原因的超调查水平", "No rise above the investigation "
                            "level in 7 days that rain does not explain"),
    "cockpit.rad.hit_7d": ("{name} {first} 起 {hours} 小时超调查水平（最高 {max} nGy/h，"
                           "调查水平 {level}），非降雨原因",
                           "{name}: {hours} h above its investigation level from {first} "
                           "(max {max} nGy/h, level {level}), not rain"),
    "cockpit.carbon.title": ("碳排放 · 达峰轨迹", "CO₂ · path to the peak"),
    "cockpit.carbon.last": ("{year} 年排放", "{year} emissions"),
    "cockpit.carbon.cap": ("{year} 年达峰上限", "{year} peak cap"),
    "cockpit.carbon.projected": ("按近三年增速推至 {year} 年", "At the last 3 years' pace, {year}"),
    "cockpit.carbon.pace": ("近三年年均 {recent}，达峰前每年不得超过 {required}",
                            "Last 3 years {recent} a year; the cap allows at most "
                            "{required} a year"),
    "cockpit.carbon.on_track": ("按当前增速可在上限内达峰", "On the current pace the peak stays "
                                "under the cap"),
    "cockpit.carbon.off_track": ("按当前增速将突破达峰上限", "On the current pace the peak "
                                 "breaks the cap"),
    "cockpit.carbon.cap_note": ("上限为示例值", "The cap is illustrative"),
    "cockpit.src.waste": ("危险废物台账与转移联单", "Hazardous-waste ledgers and manifests"),
    "cockpit.src.noise": ("功能区声环境监测点", "Functional-zone noise stations"),
    "cockpit.src.radiation": ("辐射环境自动监测站、放射源台账",
                              "Gamma dose-rate stations, sealed-source register"),
    "cockpit.src.carbon": ("二氧化碳排放清单", "CO₂ inventory"),
}
