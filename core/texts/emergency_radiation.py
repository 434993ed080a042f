"""Texts of a radiation event in the emergency workspace (the grade's radiation criteria,
国办函〔2014〕119号 附件1; decision_models.radiation.event_keywords)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "em.rad.title": ("辐射事件（按附件1辐射类指标分级）",
                     "Radiation event (graded by the radiation criteria of Annex 1)"),
    "em.rad.type": ("事件类型", "Event type"),
    "em.rad.none": ("非辐射事件", "Not a radiation event"),
    "em.rad.type.source_lost": ("放射源丢失、被盗", "Sealed source lost or stolen"),
    "em.rad.type.source_out_of_control": ("放射源失控", "Sealed source out of control"),
    "em.rad.type.leak": ("放射性物质泄漏", "Release of radioactive material"),
    "em.rad.type.overexposure": ("射线装置失控致超剂量照射",
                                 "Overexposure from an uncontrolled radiation device"),
    "em.rad.type.plant_contamination": ("核设施、铀矿冶设施厂区内辐射污染",
                                        "Contamination inside a nuclear or uranium facility"),
    "em.rad.type.uranium_discharge": ("铀矿冶、伴生矿超标排放",
                                      "Over-limit discharge of uranium or associated mining"),
    "em.rad.category": ("放射源类别", "Source category"),
    "em.rad.extent": ("辐射污染范围", "Extent of contamination"),
    "em.rad.extent.large": ("大范围（严重）", "Large-scale (serious)"),
    "em.rad.extent.wider": ("较大范围", "Wider area"),
    "em.rad.extent.small": ("小范围", "Small area"),
    "em.rad.extent.none": ("未造成污染", "No contamination"),
    "em.rad.dose": ("最高有效剂量 (mSv)", "Highest effective dose (mSv)"),
    "em.rad.exposed": ("受照人员", "Exposed"),
    "em.rad.exposed.public": ("公众（年限值 1 mSv）", "Public (limit 1 mSv a year)"),
    "em.rad.exposed.worker": ("职业人员（任一年 50 mSv）", "Workers (50 mSv in any year)"),
    "em.rad.deaths": ("急性死亡 (人)", "Acute deaths"),
    "em.rad.sick": ("急性重度放射病、局部器官残疾 (人)",
                    "Acute severe radiation sickness, organ disability"),
    "em.rad.hint": ("剂量限值见 GB 18871-2002 附录B；"
                    "Ⅰ、Ⅱ类源失控且造成大范围严重辐射污染为特别重大。",
                    "Dose limits: GB 18871-2002 Annex B; a category I or II source out of "
                    "control with large-scale serious contamination is 特别重大."),
}
