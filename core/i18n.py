"""The one catalogue of UI texts: Chinese first, English available.

Every string a user reads comes from :data:`TEXTS` through :func:`t`; switching the
language (``ONEMAP_LANG=en`` or ``?lang=en``) is a data change, not a code change.
Layer titles, legends and popup labels live in the layer specs (``layers/``), which
carry both languages the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from core.region import Region

Lang = Literal["zh", "en"]

# key -> (Chinese, English)
TEXTS: dict[str, tuple[str, str]] = {
    # {region}: the served region's name (region.toml), filled by t()
    "app.title": ("{region}生态环境“一张图”指挥决策平台", "{region} Eco-Environment One Map"),
    "nav.onemap": ("一张图", "One Map"),
    "synthetic.badge": ("示例数据", "sample data"),
    "synthetic.note": ("标注“示例数据”的图层为按公开资料生成的模拟数据，仅供演示。",
                       "Layers marked 'sample data' are synthetic, generated from public facts "
                       "for demonstration."),
    "theme.air": ("大气", "Air"),
    "theme.water": ("水", "Water"),
    "theme.soil": ("土壤", "Soil"),
    "theme.redline": ("生态红线", "Ecological redline"),
    "theme.enforcement": ("执法", "Enforcement"),
    "theme.emergency": ("应急", "Emergency"),
    "theme.basemap": ("底图", "Basemap"),
    "panel.layers": ("图层", "Layers"),
    "panel.basemap": ("底图", "Basemap"),
    "panel.legend": ("图例", "Legend"),
    "panel.time": ("时间", "Time"),
    "panel.region": ("区域查询", "Region query"),
    "panel.opacity": ("透明度", "Opacity"),
    "panel.share": ("复制链接", "Copy link"),
    "region.choose": ("选择下级行政区、流域或在地图上绘制多边形",
                      "Choose a district, county or basin, or draw a polygon on the map"),
    "region.this": ("本地区", "the region"),
    "region.lake": ("湖库", "Lake"),
    "region.served": ("服务区域", "Region served"),
    "region.unit": ("下级行政区", "Unit"),
    "region.by_unit": ("按下级行政区汇总", "By unit"),
    "region.drawn": ("绘制的多边形", "Drawn polygon"),
    # {name}: the served region's name as stored (admin_city), filled by layers.regions
    "region.whole": ("{name}（全域）", "{name} (whole region)"),
    "region.basin": ("巢湖流域（近似）", "Chaohu basin (approximate)"),
    "region.run": ("查询", "Query"),
    "region.clear": ("清除", "Clear"),
    "region.layer": ("图层", "Layer"),
    "region.count": ("数量", "Count"),
    "region.figures": ("关键指标", "Key figures"),
    "region.none": ("请先打开至少一个图层", "Turn on at least one layer first"),
    "region.area_km2": ("面积 (km²)", "Area (km²)"),
    "time.live": ("实时回放", "Live replay"),
    "time.now": ("当前", "Now"),
    "time.replay_note": ("大气“实时”数据为 2020-03-26 至 04-08 的真实小时观测，"
                         "按观测时次循环回放到当前时间。",
                         "The live air feed replays the real hourly observations of "
                         "2020-03-26..04-08 in a cycle, one observed hour per present hour."),
    "time.no_live_note": ("本地区暂无空气质量小时观测：国控站只显示位置，接入实时数据后显示 AQI。",
                          "This region has no hourly air observations yet: the stations show "
                          "their positions only, their AQI once a live feed arrives."),
    "time.sample_note": ("示例数据（信访投诉、执法检查、水质监测、变化图斑、噪声与辐射小时值）"
                         "每次启动时整体平移到当前日期：最新一条对齐今天，先后顺序与间隔不变。",
                         "Sample series (complaints, inspections, water samples, change "
                         "patches, noise and gamma hours) move to the present on every start: "
                         "the newest record falls on today, their order and spacing unchanged."),
    "feature.none": ("点击地图上的要素查看详情", "Click a feature on the map to see its record"),
    "feature.source_file": ("一源一档", "One source, one file"),
    "feature.permit": ("排污许可", "Discharge permit"),
    "feature.monitoring": ("在线监测", "Online monitoring"),
    "feature.inspections": ("执法检查", "Inspections"),
    "feature.complaints": ("信访投诉", "Complaints"),
    "feature.no_records": ("无记录", "No records"),
    "error.title": ("提示", "Notice"),
    "error.store": ("数据库暂时不可用，正在重试……", "Data store unavailable, retrying…"),
    "error.bad_param": ("链接参数有误，已忽略：", "Invalid link parameter ignored: "),
    "error.generic": ("操作失败：", "The action failed: "),
    "status.online.normal": ("正常", "normal"),
    "status.online.exceeding": ("超标", "exceeding"),
    "status.online.offline": ("离线", "offline"),
    "lang.switch": ("English", "中文"),
    "source.permit_no": ("许可证编号", "Permit no."),
    "source.permit_class": ("管理类别", "Permit class"),
    "source.valid_until": ("有效期至", "Valid until"),
    "source.main_pollutants": ("主要污染物", "Main pollutants"),
    "source.online": ("在线监测状态", "Online monitoring status"),
    "source.pm": ("颗粒物 (t/a)", "PM (t/a)"),
    "col.inspected_on": ("检查日期", "Date"),
    "col.result": ("结果", "Result"),
    "col.finding": ("发现问题", "Finding"),
    "col.penalty_cny": ("罚款 (元)", "Penalty (CNY)"),
    "col.received_at": ("受理时间", "Received"),
    "col.category": ("类别", "Category"),
    "col.content": ("内容", "Content"),
    "col.status": ("状态", "Status"),
    "onemap.tab_title": ("{region}生态环境“一张图”", "{region} Eco-Environment One Map"),
    "panel.copied": ("链接已复制", "Link copied"),
    "panel.copy_manual": ("无法自动复制，请按 Ctrl+C 复制下方链接",
                          "Copying was blocked: press Ctrl+C to copy the link below"),
    "panel.collapse": ("收起/展开侧栏", "Hide or show the side panel"),
    "panel.close": ("关闭", "Close"),
    "legend.zoom_in": ("放大到第 {zoom} 级以上显示", "Zoom in to level {zoom} or closer to see"),
    "col.name": ("名称", "Name"),
    "col.cas": ("CAS 号", "CAS no."),
    "col.storage_t": ("储量 (t)", "Stored (t)"),
    "col.quantity": ("数量", "Quantity"),
    "col.unit": ("单位", "Unit"),
    "error.not_found.title": ("页面不存在", "Page not found"),
    "error.not_found.text": ("您访问的页面不存在或已移动。",
                             "This page does not exist or has moved."),
    "error.not_found.home": ("返回一张图", "Back to One Map"),
    # sign-in, roles, account (auth/)
    "auth.sign_in": ("登录", "Sign in"),
    "auth.sign_out": ("退出登录", "Sign out"),
    "auth.username": ("用户名", "User name"),
    "auth.password": ("密码", "Password"),
    "auth.failed": ("用户名或密码错误。", "Wrong user name or password."),
    "auth.locked": ("登录失败次数过多，账号或地址已暂时锁定，请 {minutes} 分钟后再试。",
                    "Too many failed sign-ins: locked for now, try again in {minutes} "
                    "minute(s)."),
    "auth.csrf": ("表单已过期，请刷新页面后重试。",
                  "The form has expired: reload the page and try again."),
    "auth.hint": ("账号由系统管理员分配。连续多次输错密码将暂时锁定。",
                  "Accounts are issued by the system administrator. Repeated wrong passwords "
                  "lock the account for a while."),
    "auth.foot": ("仅限授权人员使用，所有操作均记录审计日志。",
                  "Authorised users only. Every action is recorded in the audit log."),
    "auth.password.title": ("修改密码", "Change password"),
    "auth.password.first": ("首次登录，请先修改初始密码。",
                            "First sign-in: please replace the initial password."),
    "auth.password.old": ("当前密码", "Current password"),
    "auth.password.new": ("新密码", "New password"),
    "auth.password.confirm": ("确认新密码", "Confirm the new password"),
    "auth.password.rule": ("至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类，"
                           "且不含用户名。",
                           "At least 10 characters, mixing at least three of: upper-case, "
                           "lower-case, digits, symbols; not containing the user name."),
    "auth.password.save": ("保存", "Save"),
    "auth.password.mismatch": ("两次输入的新密码不一致。", "The two new passwords differ."),
    "auth.forbidden.title": ("无权访问", "Not allowed"),
    "auth.forbidden.text": ("您的角色无权查看此页面，请联系系统管理员。",
                            "Your roles do not allow this page. Ask the system administrator."),
    "auth.account": ("账号", "Account"),
    "auth.retrying": ("页面每 15 秒自动重试，数据库恢复后即可继续使用。",
                      "This page retries every 15 seconds and goes on once the database is "
                      "back."),
    "auth.tokens.title": ("个人 API 令牌", "Personal API tokens"),
    "auth.tokens.hint": ("QGIS、GDAL、ArcGIS 等客户端用令牌连接：用户名 + 令牌作为密码"
                         "（HTTP Basic），或请求头 Authorization: Bearer 令牌。"
                         "令牌拥有您的全部角色权限。",
                         "GIS clients (QGIS, GDAL, ArcGIS) connect with a token: your user name "
                         "and the token as password (HTTP Basic), or the header "
                         "Authorization: Bearer <token>. A token carries all your roles."),
    "auth.tokens.once": ("新令牌如下，仅显示这一次，请立即复制保存：",
                         "Your new token, shown only this once: copy it now."),
    "auth.tokens.label": ("用途", "Label"),
    "auth.tokens.days": ("有效天数", "Valid for (days)"),
    "auth.tokens.create": ("生成令牌", "Create token"),
    "auth.tokens.prefix": ("令牌开头", "Starts with"),
    "auth.tokens.expires": ("到期", "Expires"),
    "auth.tokens.never": ("不过期", "never"),
    "auth.tokens.revoke": ("吊销", "Revoke"),
    "auth.tokens.revoked": ("已吊销", "revoked"),
    "nav.audit": ("审计日志", "Audit log"),
    "nav.users": ("用户管理", "Users"),
    "audit.title": ("审计日志", "Audit log"),
    "audit.actor": ("操作人", "Who"),
    "audit.action": ("操作类型", "Action"),
    "audit.any": ("全部", "Any"),
    "audit.since": ("起始日期", "From"),
    "audit.until": ("截止日期", "To"),
    "audit.csv": ("导出 CSV", "Export CSV"),
    "audit.at": ("时间（北京时间）", "Time (Beijing)"),
    "audit.via": ("方式", "Via"),
    "audit.object": ("对象", "Object"),
    "audit.change": ("变更", "Change"),
    "audit.address": ("地址", "Address"),
    "audit.count": ("显示最近 {shown} 条，共 {total} 条。",
                    "Showing the newest {shown} of {total}."),
    "users.title": ("用户管理", "Users"),
    "users.name": ("用户名", "User name"),
    "users.roles": ("角色", "Roles"),
    "users.state": ("状态", "State"),
    "users.active": ("启用", "active"),
    "users.disabled": ("停用", "disabled"),
    "users.created": ("创建时间", "Created"),
    "users.create": ("新建用户", "Create user"),
    "users.toggle": ("启用/停用", "Enable / disable"),
    "users.new_section": ("新建账号", "New account"),
    "users.new_name": ("新用户名", "New user name"),
    "users.toggle_section": ("启用或停用已有账号", "Enable or disable an account"),
    "users.toggle_name": ("已有用户名", "Existing user name"),
    "users.made": ("已创建 {name}。初始密码（仅显示一次，首次登录须修改）：",
                   "Created {name}. Initial password (shown once; to be changed at first "
                   "sign-in):"),
    "users.toggled": ("{name} 现为：{state}", "{name} is now {state}"),
    "users.cli": ("也可在服务器上用 python manage.py create-user / create-token 管理账号与令牌。",
                  "Accounts and tokens can also be managed on the server with python "
                  "manage.py create-user / create-token."),
    # leader cockpit for the video wall (cockpit/, pages/cockpit/)
    "nav.cockpit": ("驾驶舱", "Cockpit"),
    "nav.schemes": ("汇报方案", "Report schemes"),
    # {region}: the served region's name (region.toml), filled by t()
    "cockpit.title": ("{region}生态环境领导决策驾驶舱", "{region} eco-environment cockpit"),
    "cockpit.tab_title": ("领导决策驾驶舱", "Leader cockpit"),
    "cockpit.replay": ("回放", "Replay"),
    "cockpit.replay_note": ("回放：显示的是过去的数据，不是当前数据",
                            "Replay: past data, not the present"),
    "cockpit.stale": ("数据过时", "Stale"),
    "cockpit.example": ("示例目标", "example targets"),
    "cockpit.data_for": ("数据时间", "Data for"),
    "cockpit.source": ("来源", "Source"),
    "cockpit.paused": ("已暂停", "Paused"),
    "cockpit.screen": ("第 {n}/{total} 屏", "Screen {n} of {total}"),
    "cockpit.keys": ("翻页 PageUp/PageDown · 空格暂停 · 数字键跳转",
                     "PageUp/PageDown · space pauses · number keys jump"),
    "cockpit.no_data": ("暂无数据", "No data"),
    "cockpit.air.title": ("大气环境 · 年度累计", "Air quality, year to date"),
    "cockpit.air.good_ratio": ("优良天数比例", "Good days"),
    "cockpit.air.pm25": ("PM2.5 累计均值", "PM2.5 mean so far"),
    "cockpit.air.heavy": ("重污染天数", "Heavy-pollution days"),
    "cockpit.air.primary": ("首要污染物天数", "Days by primary pollutant"),
    "cockpit.air.valid": ("有效天数 {valid}/{elapsed}，剩余 {remaining} 天",
                          "{valid} of {elapsed} days valid, {remaining} left"),
    "cockpit.air.incomplete": ("有月份有效天数不足（GB 3095 表4）",
                               "A month lacks valid days (GB 3095 Table 4)"),
    "cockpit.target": ("目标", "Target"),
    "cockpit.outlook.title": ("完成年度目标还需要什么", "What it takes to meet the targets"),
    "cockpit.outlook.mean": ("剩余 {days} 天 PM2.5 均值须 ≤ {value} µg/m³",
                             "The remaining {days} days must average ≤ {value} µg/m³"),
    "cockpit.outlook.ratio": ("剩余 {days} 天中至少 {value} 天须为优良",
                              "At least {value} of the remaining {days} days must be good"),
    "cockpit.outlook.count": ("剩余 {days} 天内重污染最多再有 {value} 天",
                              "At most {value} more heavy-pollution days in the remaining {days}"),
    "cockpit.outlook.achieved": ("已确保完成", "Already secured"),
    "cockpit.outlook.missed": ("已无法完成", "Out of reach"),
    "cockpit.water.title": ("水环境", "Water"),
    "cockpit.water.compliance": ("断面达标率", "Section compliance"),
    "cockpit.water.worst": ("劣V类比例", "Worse than V"),
    "cockpit.water.tli": ("{lake}营养状态指数", "{lake} TLI"),
    "cockpit.water.changes": ("水质类别较上月变化", "Class changes since last month"),
    "cockpit.water.none_changed": ("无断面类别变化", "No section changed class"),
    "cockpit.forecast.title": ("未来 7 天空气质量预报", "Air quality, next 7 days"),
    "cockpit.forecast.warning": ("重污染天气预警", "Heavy-pollution warning"),
    "cockpit.forecast.model": ("模型版本", "Model version"),
    "cockpit.warning.none": ("无", "none"),
    "cockpit.warning.yellow": ("黄色", "yellow"),
    "cockpit.warning.orange": ("橙色", "orange"),
    "cockpit.warning.red": ("红色", "red"),
    "cockpit.ops.title": ("运行态势", "Operations"),
    "cockpit.ops.today": ("今日信访投诉", "Complaints today"),
    "cockpit.ops.week": ("近 7 天", "Last 7 days"),
    "cockpit.ops.open": ("办理中", "Open"),
    "cockpit.map.stations": ("国控站实时 AQI", "Station AQI, live"),
    "cockpit.src.air_daily": ("城市日均值（aqistudy.cn 转载）", "City daily means (aqistudy.cn)"),
    "cockpit.src.air_hourly": ("国控站小时值（实时回放）", "Station hourly values (live replay)"),
    "cockpit.src.water": ("断面月监测（示例数据）", "Monthly section samples (sample data)"),
    "cockpit.src.forecast": ("本平台预报模型", "This platform's forecast model"),
    "cockpit.src.complaints": ("12369 投诉（示例数据）", "12369 complaints (sample data)"),
    "cockpit.alarm.title": ("报警", "Alarm"),
    "cockpit.alarm.ack": ("确认", "Acknowledge"),
    "cockpit.alarm.acked": ("已确认", "Acknowledged"),
    "cockpit.alarm.none": ("当前无报警", "No alarm"),
    "cockpit.alarm.station": ("{name} 小时 AQI {aqi}，超过报警值 {level}",
                              "{name}: hourly AQI {aqi}, above the alarm level {level}"),
    "cockpit.alarm.warning": ("预报触发{level}重污染天气预警",
                              "The forecast triggers a {level} heavy-pollution warning"),
    "schemes.title": ("汇报方案", "Report schemes"),
    "schemes.name": ("名称", "Name"),
    "schemes.screens": ("屏数", "Screens"),
    "schemes.version": ("版本", "Version"),
    "schemes.updated": ("修改", "Updated"),
    "schemes.run": ("在大屏运行", "Run on the wall"),
    "schemes.edit": ("编辑（JSON）", "Edit (JSON)"),
    "schemes.save": ("保存", "Save"),
    "schemes.new": ("新建", "New"),
    "schemes.delete": ("删除", "Delete"),
    "schemes.export": ("导出 JSON", "Export JSON"),
    "schemes.saved": ("已保存 {name}（版本 {version}）", "Saved {name} (version {version})"),
    "schemes.deleted": ("已删除 {name}", "Deleted {name}"),
    "schemes.read_only": ("只读：仅管理员和领导可编辑方案", "Read only: admins and leaders edit"),
    # -- emergency workspace (pages/emergency) --
    "nav.emergency": ("应急指挥", "Emergency"),
    "em.tab_title": ("突发环境事件应急 - 一张图", "Environmental emergencies - One Map"),
    "em.incidents": ("事件列表", "Incidents"),
    "em.none": ("暂无事件", "No incidents"),
    "em.new": ("新建事件", "New incident"),
    "em.read_only": ("只读：仅值班员可登记和修改事件", "Read only: duty officers record incidents"),
    "em.kind": ("类型", "Kind"),
    "em.kind.air_release": ("大气释放", "Air release"),
    "em.kind.water_spill": ("水体泄漏", "Water spill"),
    "em.status.open": ("处置中", "Open"),
    "em.status.contained": ("已控制", "Contained"),
    "em.status.closed": ("已结束", "Closed"),
    "em.risk_source": ("风险源（可选）", "Risk source (optional)"),
    "em.click_map": ("在地图上点击事发位置，或选择风险源", "Click the map or pick a risk source"),
    "em.lon": ("经度", "Longitude"),
    "em.lat": ("纬度", "Latitude"),
    "em.substance": ("物质", "Substance"),
    "em.mass_kg": ("泄漏量 kg", "Amount kg"),
    "em.wind_speed": ("风速 m/s", "Wind m/s"),
    "em.wind_from": ("风向（来向）°", "Wind from °"),
    "em.cloud": ("云量（成）", "Cloud (oktas)"),
    "em.description": ("事件描述", "Description"),
    "em.create": ("登记", "Record"),
    "em.cancel": ("取消", "Cancel"),
    "em.created": ("已登记事件 {id}", "Incident {id} recorded"),
    "em.updated": ("已更新（版本 {version}）", "Updated (version {version})"),
    "em.conflict": ("他人已修改此事件，已重新加载，请再次提交", "Someone changed this incident: "
                    "reloaded, apply your change again"),
    "em.grade": ("事件分级", "Grade"),
    "em.deadline": ("报告时限", "Report due"),
    "em.overdue": ("已超时", "overdue"),
    "em.left": ("剩余", "left"),
    "em.receptors": ("敏感目标", "Receptors"),
    "em.receptor_total": ("共 {n} 处，人口约 {p} 人", "{n} receptors, about {p} people"),
    "em.resources": ("应急资源（按道路行程时间）", "Resources (by road travel time)"),
    "em.downstream": ("下游到达", "Downstream arrival"),
    "em.profile": ("沿程浓度（当前时刻）", "Concentration along the river (now)"),
    "em.timeline": ("处置经过", "Timeline"),
    "em.weather": ("气象与处置", "Weather and response"),
    "em.apply": ("更新", "Apply"),
    "em.deaths": ("死亡", "Deaths"),
    "em.poisoned": ("中毒/重伤", "Poisoned"),
    "em.evacuated": ("疏散转移", "Evacuated"),
    "em.status": ("状态", "Status"),
    "em.log_text": ("记录（通知、调度、采样…）", "Entry (notified, dispatched, sample…)"),
    "em.log_add": ("添加记录", "Add entry"),
    "em.reports": ("报告", "Reports"),
    "em.report.initial": ("初报", "Initial"),
    "em.report.followup": ("续报", "Follow-up"),
    "em.report.final": ("处理结果报告", "Final"),
    "em.csv": ("通知名单 CSV", "Notify list CSV"),
    "em.warnings": ("模型提示", "Model warnings"),
    # the reliability warnings of decision_models.dispersion.zones, by code
    "em.warning.low_wind": ("风速低于 1 m/s，高斯模型不可靠", "wind below 1 m/s: the Gaussian "
                            "model is unreliable"),
    "em.warning.very_stable": ("大气极稳定，烟羽可能蜿蜒或沿地形流动",
                               "very stable air: the plume may meander or follow the terrain"),
    "em.warning.near_source": ("有分区止于源 100 m 内，近场不适用高斯模型",
                               "a zone ends within 100 m of the source, where the Gaussian "
                               "model does not hold"),
    "em.warning.beyond_10km": ("分区超出 10 km，扩散参数为外推，可信度低",
                               "zones beyond 10 km: dispersion extrapolated, low confidence"),
    "em.warning.dense_gas": ("重气（分子量大于空气），近源处应采用重气模型",
                             "dense gas (heavier than air): near the source a heavy-gas model "
                             "applies"),
    "em.as_of": ("数据时刻 {t}", "As of {t}"),
    "em.pick": ("选择左侧事件查看", "Pick an incident on the left"),
    # -- event grade criteria (decision_models.event_grade.REASON_EN), by code; {value}
    # and {threshold} are people or CNY --
    "grade.reason.deaths.at_least": ("因环境污染直接导致死亡 {value} 人（{threshold} 人以上）",
                                     "{value} deaths from the pollution ({threshold} or more)"),
    "grade.reason.deaths.below": ("因环境污染直接导致死亡 {value} 人（{threshold} 人以下）",
                                  "{value} deaths from the pollution (fewer than {threshold})"),
    "grade.reason.poisoned.at_least": ("中毒或重伤 {value} 人（{threshold} 人以上）",
                                       "{value} poisoned or seriously injured "
                                       "({threshold} or more)"),
    "grade.reason.poisoned.below": ("中毒或重伤 {value} 人（{threshold} 人以下）",
                                    "{value} poisoned or seriously injured "
                                    "(fewer than {threshold})"),
    "grade.reason.evacuated.at_least": ("疏散、转移人员 {value} 人（{threshold} 人以上）",
                                        "{value} people evacuated ({threshold} or more)"),
    "grade.reason.evacuated.below": ("疏散、转移人员 {value} 人（{threshold} 人以下）",
                                     "{value} people evacuated (fewer than {threshold})"),
    "grade.reason.economic_loss_cny.at_least": ("直接经济损失 {value} 元（{threshold} 元以上）",
                                                "direct economic loss CNY {value} "
                                                "(CNY {threshold} or more)"),
    "grade.reason.economic_loss_cny.below": ("直接经济损失 {value} 元（{threshold} 元以下）",
                                             "direct economic loss CNY {value} "
                                             "(below CNY {threshold})"),
    "grade.reason.water_source.city": ("设区的市级以上城市集中式饮用水水源地取水中断",
                                       "a city's drinking-water source intake interrupted"),
    "grade.reason.water_source.county": ("县级城市集中式饮用水水源地取水中断",
                                         "a county town's drinking-water intake interrupted"),
    "grade.reason.water_source.township": ("乡镇集中式饮用水水源地取水中断",
                                           "a township's drinking-water intake interrupted"),
    "grade.reason.cross_boundary.national": ("造成重大跨国境影响", "major trans-national impact"),
    "grade.reason.cross_boundary.province": ("跨省级行政区域影响", "impact across provinces"),
    "grade.reason.cross_boundary.city": ("跨设区的市级行政区域影响", "impact across cities"),
    "grade.reason.cross_boundary.county": ("跨县级行政区域纠纷，引起一般性群体影响",
                                           "cross-county dispute with a general group impact"),
    "grade.reason.ecology.function_lost": ("区域生态功能丧失", "regional ecological function lost"),
    "grade.reason.ecology.key_species_extinct": ("该区域国家重点保护物种灭绝",
                                                 "a national key protected species extinct "
                                                 "in the region"),
    "grade.reason.ecology.function_partly_lost": ("区域生态功能部分丧失",
                                                  "regional ecological function partly lost"),
    "grade.reason.ecology.key_species_mass_death": ("国家重点保护野生动植物种群大批死亡",
                                                    "mass death of national key protected "
                                                    "wild species"),
    "grade.reason.ecology.key_species_damaged": ("国家重点保护物种受到破坏",
                                                 "national key protected species damaged"),
    "grade.reason.radiation.source_I_II_out_of_control_large_contamination": (
        "Ⅰ、Ⅱ类放射源失控造成大范围严重辐射污染后果",
        "class I/II source out of control, large-scale serious contamination"),
    "grade.reason.radiation.leak_large_contamination": (
        "放射性物质泄漏，造成大范围辐射污染后果", "radioactive leak, large-scale contamination"),
    "grade.reason.radiation.source_I_II_lost": ("Ⅰ、Ⅱ类放射源丢失、被盗",
                                                "class I/II source lost or stolen"),
    "grade.reason.radiation.leak_wider_contamination": (
        "放射性物质泄漏，造成较大范围辐射污染后果", "radioactive leak, wider-area contamination"),
    "grade.reason.radiation.source_III_lost": ("Ⅲ类放射源丢失、被盗",
                                               "class III source lost or stolen"),
    "grade.reason.radiation.leak_small_contamination": (
        "放射性物质泄漏，造成小范围辐射污染后果", "radioactive leak, small-area contamination"),
    "grade.reason.radiation.source_IV_V_lost": ("Ⅳ、Ⅴ类放射源丢失、被盗",
                                                "class IV/V source lost or stolen"),
    "grade.reason.radiation.dose_limit_exceeded": (
        "放射性同位素和射线装置失控导致人员受到超过年剂量限值的照射",
        "exposure above the annual dose limit"),
    "grade.reason.radiation.plant_contamination": (
        "核设施和铀矿冶炼设施发生的达到进入场区应急状态标准的", "contamination inside the plant"),
    "grade.reason.radiation.uranium_discharge_over_limit": (
        "铀矿冶、伴生矿超标排放，造成环境辐射污染",
        "over-limit uranium-mine or associated-mineral discharge"),
    "grade.reason.radiation_deaths.at_least": ("辐射导致急性死亡 {value} 人（{threshold} 人以上）",
                                               "{value} acute radiation deaths "
                                               "({threshold} or more)"),
    "grade.reason.radiation_deaths.below": ("辐射导致急性死亡 {value} 人（{threshold} 人以下）",
                                            "{value} acute radiation deaths "
                                            "(fewer than {threshold})"),
    "grade.reason.radiation_sickness.at_least": (
        "急性重度放射病、局部器官残疾 {value} 人（{threshold} 人以上）",
        "{value} acute severe radiation sickness ({threshold} or more)"),
    "grade.reason.radiation_sickness.below": (
        "急性重度放射病、局部器官残疾 {value} 人（{threshold} 人以下）",
        "{value} acute severe radiation sickness (fewer than {threshold})"),
    "grade.reason.catch_all": ("对环境造成一定影响，尚未达到较大突发环境事件级别",
                               "some environmental impact, below a large (较大) event"),
    # -- open incidents on the cockpit (cockpit.incidents) --
    "cockpit.ops.incidents": ("突发环境事件", "Environmental incidents"),
    "cockpit.ops.no_incidents": ("当前无未结束的突发环境事件", "No open incident"),
    "cockpit.ops.enforcement_pending": ("执法任务：执法工作台上线后显示",
                                        "Enforcement tasks: shown once that workspace exists"),
    "cockpit.src.incidents": ("应急指挥工作台", "Emergency workspace"),
    "cockpit.alarm.incident": ("突发环境事件 #{id}：{substance}（{grade}）",
                               "Environmental incident #{id}: {substance} ({grade})"),
    "cockpit.alarm.incident_due": ("报告时限 {due}", "Report due {due}"),
}


def _merge_parts() -> None:
    """Add the workspace parts of the catalogue (:mod:`core.texts`); keys must be unique."""
    from core.texts import catalogue_parts

    for name, part in catalogue_parts().items():
        twice = sorted(set(part) & set(TEXTS))
        if twice:
            raise RuntimeError(f"core/texts/{name}.py redefines catalogue keys: {twice}")
        TEXTS.update(part)


_merge_parts()


def t(key: str, lang: Lang = "zh", region: Region | None = None) -> str:
    """The text for ``key`` in ``lang``; a missing key is a programming error.

    ``{region}`` in a text is the served region's name and ``{lake}`` its main lake's
    (``region.toml``; :func:`served_region_names`), so no text names Hefei for another
    region. ``region`` names them outside a request (the app's default tab title, built
    when the app is created).
    """
    zh, en = TEXTS[key]
    text = en if lang == "en" else zh
    if "{" in text and ("{region}" in text or "{lake}" in text):
        name, lake = served_region_names(lang) if region is None else \
            region_names(region, lang)
        text = text.replace("{region}", name).replace("{lake}", lake)
    return text


def region_names(region: Region, lang: Lang = "zh") -> tuple[str, str]:
    """(region name, main lake name) of ``region`` in ``lang``; 湖库 / Lake when it names
    no lake."""
    return region.display_name(lang), region.lake_name(lang) or t("region.lake", lang)


def served_region_names(lang: Lang = "zh") -> tuple[str, str]:
    """(region name, main lake name) of the region the app serves, in ``lang``: read from
    the app's settings (``ONEMAP_DATA_DIR``'s ``region.toml``); outside a running app,
    neutral words (本地区, 湖库)."""
    from flask import current_app, has_app_context

    from core.context import EXTENSION_KEY

    context = current_app.extensions.get(EXTENSION_KEY) if has_app_context() else None
    if context is None:
        return t("region.this", lang), t("region.lake", lang)
    return region_names(context.settings.region, lang)


def pick(zh: str, en: str, lang: Lang) -> str:
    """Choose between a pair carried by data (layer titles, legend labels)."""
    return en if lang == "en" else zh
