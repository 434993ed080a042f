"""The emergency workspace's rules, as data.

References
----------
.. [1] 环境保护部令 第17号《突发环境事件信息报告办法》(2011), 第三条: a preliminary grade of
   一般/较大 is reported within 4 hours of learning of the event, 重大/特别重大 within
   2 hours (../shared/reference/emergency.md §6).
.. [2] GB 3838-2002《地表水环境质量标准》 表1 (basic items, class III) and 表3 (集中式生活
   饮用水地表水源地特定项目).
.. [3] US EPA (1999), *Risk Management Program Guidance for Offsite Consequence
   Analysis*, §2.2: worst-case weather 1.5 m/s wind and class F stability.
.. [4] 《突发环境事件信息报告办法》第四条: events whose grade cannot be told at once are
   reported by the procedure of 重大/特别重大 (第三条 third paragraph: within 2 hours, to the
   people's government at the same level and the provincial authority, and at the same time
   to the national authority) when they affect a drinking-water source, involve residential
   areas, schools, hospitals or other sensitive receptors, involve heavy metals, may reach
   across a provincial or national border, or cause a mass incident. 第八条 refers to 第三条
   and 第四条 as the two reporting procedures; the wording of the items below is a summary
   (../shared/reference/emergency.md §6: confirm against the official text).
.. [5] 国办函〔2014〕119号 附件1 (一)4 / (二)4 / (三)4: a centralised drinking-water intake
   interrupted for a city at or above 设区的市 level → 特别重大, a county-level city → 重大,
   a township → 较大. GB/T 2260: county-level codes 01–20 are 市辖区 (the city's districts),
   21–80 counties, 81–99 county-level cities.
"""

from __future__ import annotations

import datetime as dt

KINDS = ("air_release", "water_spill")
STATUSES = ("open", "contained", "closed")
#: status → the statuses it may move to (closure is final)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("contained", "closed"),
    "contained": ("open", "closed"),
    "closed": (),
}
LOG_KINDS = ("note", "notified", "dispatched", "intake_closed", "intake_reopened",
             "sample_taken")
#: grade level_index (1 = 特别重大 … 4 = 一般) → reporting deadline after the event is known
REPORT_DEADLINE_H: dict[int, float] = {1: 2.0, 2: 2.0, 3: 4.0, 4: 4.0}
REPORT_DEADLINE_ARTICLE = "《突发环境事件信息报告办法》(环境保护部令 第17号) 第三条"
GRADE_ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}

#: Screening weather when none is known: EPA RMP worst case (1.5 m/s, F) with the wind
#: direction unknown, so the wedge is a full circle.
SCREENING_WEATHER = {"wind_speed_m_s": 1.5, "wind_from_deg": 0.0, "stability": "F",
                     "direction_uncertainty_deg": 180.0, "assumed": True}

#: Substance key → (limit [mg/L], source) for water spills: the applicable surface-water
#: limit for a drinking-water source (GB 3838-2002).
WATER_LIMITS_MG_L: dict[str, tuple[float, str]] = {
    "benzene": (0.01, "GB 3838-2002 表3 苯"),
    "chlorine": (0.01, "GB 3838-2002 表3 活性氯"),
    "ammonia": (1.0, "GB 3838-2002 表1 氨氮 Ⅲ类"),
    "hydrogen_sulfide": (0.2, "GB 3838-2002 表1 硫化物 Ⅲ类"),
}
#: Hours after the release the downstream board looks ahead.
ARRIVAL_HORIZON_H = 72.0
#: Intakes within this distance of the affected reach count as on it [m].
INTAKE_SNAP_M = 1500.0
#: Off-network legs (incident → road, road → depot) at this speed [km/h], straight line.
ACCESS_SPEED_KMH = 20.0
#: Bed slope assumed for the plain rivers of the sample region (Fischer's dispersion needs
#: one; the store has none) [-].
PLAIN_RIVER_SLOPE = 1e-4
#: How far a water spill may lie from a river to be routed on it [m].
RIVER_SNAP_M = 3000.0


#: 第三条 [1]: to whom each procedure reports. "grade_3_4" for 一般/较大; "grade_1_2" for
#: 重大/特别重大 and for the events of 第四条 [4].
REPORT_TO: dict[str, tuple[str, ...]] = {
    "grade_3_4": ("local_government", "authority_one_up"),
    "grade_1_2": ("local_government", "provincial_authority", "national_authority"),
}
REPORT_HOURS: dict[str, float] = {"grade_3_4": 4.0, "grade_1_2": 2.0}
ARTICLE_3 = "《突发环境事件信息报告办法》第三条"
ARTICLE_4 = "《突发环境事件信息报告办法》第四条"
#: 第四条 [4]: receptor types of 居民聚居区、学校、医院等敏感区域和敏感人群.
SENSITIVE_TYPES = ("school", "hospital", "residential", "nursing_home")
#: Substance keys that are heavy metals or metalloids (第四条 (三)); none in today's table.
HEAVY_METALS: frozenset[str] = frozenset()
#: casualties.cross_boundary values that may reach across a province or a border.
CROSS_PROVINCE = ("national", "province")


def intake_serves(adcode: str | None) -> str:
    """Which 附件1 water-source tier an intake of county-level area ``adcode`` supplies [5]:
    a city district (市辖区, codes 01–20) serves the prefecture-level city ("city");
    a county or county-level city serves a county-level town ("county"). Township intakes
    are not told apart by the code: the officer records them with ``serves``."""
    if adcode and len(adcode) == 6 and adcode[4:].isdigit() and 1 <= int(adcode[4:]) <= 20:
        return "city"
    return "county"


def reporting_deadline(known_at: dt.datetime, level_index: int) -> dt.datetime:
    """When the next report is due: ``known_at`` + 2 h (Ⅰ/Ⅱ) or 4 h (Ⅲ/Ⅳ) [1]."""
    return known_at + dt.timedelta(hours=REPORT_DEADLINE_H[level_index])


def is_daytime(t: dt.datetime) -> bool:
    """Day for the stability table: 06:00–18:00 Beijing time (a plain rule, no sun model)."""
    return 6 <= t.hour < 18
