"""Texts of the emergency workspace added after the first catalogue (Chinese, English)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # after-action replay
    "em.replay": ("回放", "Replay"),
    "em.replay.live": ("实时 · 共 {n} 步（拖动滑块回看每一步）",
                       "Live · steps: {n} (drag the slider to review each step)"),
    "em.replay.step": ("回放第 {k}/{n} 步：{t} {who} {what}（拖到最右回到实时）",
                       "Replay step {k}/{n}: {t} {who} {what} (drag to the right end for live)"),
    "em.replay.readonly": ("回放中：地图和表格为该步之后的状态，修改仍作用于最新版本",
                           "Replaying: map and tables show the state after this step; changes "
                           "still apply to the latest version"),
    # weather source
    "em.wx.manual": ("风：手动输入 {speed} m/s，来向 {dir}°，稳定度 {stab}",
                     "Wind: entered by hand {speed} m/s from {dir}°, stability {stab}"),
    "em.wx.observed": ("风：{station} 观测 {speed} m/s，来向 {dir}°，{age} 分钟前（{at}），"
                       "距事发点 {km} km，稳定度 {stab}（{feed}）",
                       "Wind: observed at {station} {speed} m/s from {dir}°, {age} min old "
                       "({at}), {km} km away, stability {stab} ({feed})"),
    "em.wx.screening": ("风：无观测、未输入，按最不利气象筛查（1.5 m/s，F 类，风向未知）",
                        "Wind: no observation and none entered: screening weather (1.5 m/s, "
                        "class F, direction unknown)"),
    "em.wx.use_observed": ("改用站点观测风", "Use the observed wind"),
    "em.wx.override": ("填写风速、风向并“更新”即手动覆盖观测值",
                       "Enter wind speed and direction and Apply to override the observation"),
    "em.wx.synthetic": ("示例数据", "synthetic sample"),
    # log entry kinds
    "em.log.kind": ("记录类型", "Entry kind"),
    "em.log.note": ("备注", "Note"),
    "em.log.notified": ("已通知", "Notified"),
    "em.log.dispatched": ("已调度", "Dispatched"),
    "em.log.intake_closed": ("关闭取水口", "Intake closed"),
    "em.log.intake_reopened": ("恢复取水口", "Intake reopened"),
    "em.log.sample_taken": ("采样监测", "Sample taken"),
    "em.log.created": ("登记", "Recorded"),
    "em.log.changed": ("修改", "Changed"),
    "em.log.target": ("对象（取水口、断面…）", "Target (intake, section…)"),
    "em.log.value": ("监测值", "Value"),
    "em.closed_intakes": ("已关闭取水口：{names}", "Intakes closed: {names}"),
    # reporting (办法 第三条、第四条)
    "em.report_to": ("报送对象", "Report to"),
    "em.report_to.local_government": ("本级人民政府", "the people's government at this level"),
    "em.report_to.authority_one_up": ("上一级生态环境主管部门",
                                      "the environmental authority one level up"),
    "em.report_to.provincial_authority": ("省级生态环境主管部门",
                                          "the provincial environmental authority"),
    "em.report_to.national_authority": ("同时上报生态环境部",
                                        "and at the same time the Ministry of Ecology and "
                                        "Environment"),
    "em.report_due": ("{hours} 小时内（{due} 前），依据{article}",
                      "within {hours} h (by {due}), per {article}"),
    "em.art4": ("按重大、特别重大事件程序报告（第四条）：{items}",
                "Reported by the major-event procedure (article 4): {items}"),
    "em.art4.drinking_water": ("对饮用水水源造成或可能造成影响", "affects a drinking-water source"),
    "em.art4.sensitive_receptors": ("涉及居民聚居区、学校、医院等敏感区域和人群",
                                    "involves residential areas, schools, hospitals or other "
                                    "sensitive receptors"),
    "em.art4.heavy_metal": ("涉及重金属或类金属污染", "involves heavy metals or metalloids"),
    "em.art4.cross_border": ("可能产生跨省或跨国影响", "may reach across a province or border"),
    "em.pdf": ("PDF", "PDF"),
    "em.level.1": ("特别重大", "Especially major"),
    "em.level.2": ("重大", "Major"),
    "em.level.3": ("较大", "Larger"),
    "em.level.4": ("一般", "General"),
    "em.response": ("{roman}级响应", "Level {roman} response"),
    "em.due_in": ("剩余", "in"),
    "em.article.3": ("《突发环境事件信息报告办法》第三条",
                     "article 3 of the Measures for Reporting Sudden Environmental Events"),
    "em.article.3_4": ("《突发环境事件信息报告办法》第三条、第四条",
                       "articles 3 and 4 of the Measures for Reporting Sudden Environmental "
                       "Events"),
    "em.deadline_rule": ("报告时限依据《突发环境事件信息报告办法》：第三条，一般、较大事件获知后 4 "
                         "小时内报本级人民政府和上一级生态环境主管部门，重大、特别重大事件 2 小时内"
                         "报本级人民政府和省级生态环境主管部门并同时报生态环境部；第四条，涉及饮用"
                         "水水源、居民区学校医院等敏感目标、重金属或跨省影响的事件，按重大、特别"
                         "重大事件的程序报告。",
                         "Reporting per the Measures for Reporting Sudden Environmental Events: "
                         "article 3, general and larger events within 4 h of being known to the "
                         "government at this level and the authority one level up, major and "
                         "especially major events within 2 h to the government at this level "
                         "and the provincial authority, and at once to the Ministry; article 4, "
                         "events touching drinking-water sources, residential areas, schools, "
                         "hospitals or other sensitive receptors, heavy metals or another "
                         "province are reported by the major-event procedure."),
    "em.legend.zones": ("分区", "Zones"),
    "em.legend.red": ("红区 AEGL-3", "Red AEGL-3"),
    "em.legend.orange": ("橙区 AEGL-2", "Orange AEGL-2"),
    "em.legend.yellow": ("黄区 AEGL-1", "Yellow AEGL-1"),
    "em.legend.wedge": ("风向不确定区", "Wind-direction wedge"),
    "em.legend.route": ("资源路线", "Resource route"),
    "em.legend.reach": ("受影响河段（水体泄漏）", "Affected reach (spills)"),
    "em.legend.target": ("下游断面、取水口（到达 h）", "Downstream targets (arrival h)"),
    "em.legend.receptors": ("敏感目标", "Receptors"),
    "em.type.school": ("学校", "School"),
    "em.type.hospital": ("医院", "Hospital"),
    "em.type.water_intake": ("取水口", "Intake"),
    "em.type.residential": ("居民区", "Residential"),
    "em.type.nursing_home": ("养老院", "Nursing home"),
    "em.synthetic": ("敏感目标、资源为示例数据", "Receptors and resources: synthetic sample"),
    "em.push.live": ("实时推送已连接", "Live updates connected"),
}
