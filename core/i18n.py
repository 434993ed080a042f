"""The one catalogue of UI texts: Chinese first, English available.

Every string a user reads comes from :data:`TEXTS` through :func:`t`; switching the
language (``ONEMAP_LANG=en`` or ``?lang=en``) is a data change, not a code change.
Layer titles, legends and popup labels live in the layer specs (``layers/``), which
carry both languages the same way.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]

# key -> (Chinese, English)
TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("生态环境“一张图”指挥决策平台", "Eco-Environment One Map"),
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
    "region.choose": ("选择区县、巢湖流域或在地图上绘制多边形",
                      "Choose a district, the Chaohu basin, or draw a polygon on the map"),
    "region.drawn": ("绘制的多边形", "Drawn polygon"),
    "region.basin": ("巢湖流域（近似）", "Chaohu basin (approximate)"),
    "region.run": ("查询", "Query"),
    "region.clear": ("清除", "Clear"),
    "region.layer": ("图层", "Layer"),
    "region.count": ("数量", "Count"),
    "region.figures": ("关键指标", "Key figures"),
    "region.none": ("请先打开至少一个图层", "Turn on at least one layer first"),
    "region.area_km2": ("面积 (km²)", "Area (km²)"),
    "time.live": ("实时回放", "Live replay"),
    "time.replay_note": ("大气“实时”数据为 2020-03-26 至 04-08 的真实小时观测，"
                         "按观测时次循环回放到当前时间。",
                         "The live air feed replays the real hourly observations of "
                         "2020-03-26..04-08 in a cycle, one observed hour per present hour."),
    "feature.none": ("点击地图上的要素查看详情", "Click a feature on the map to see its record"),
    "feature.source_file": ("一源一档", "One source, one file"),
    "feature.permit": ("排污许可", "Discharge permit"),
    "feature.monitoring": ("在线监测", "Online monitoring"),
    "feature.inspections": ("执法检查", "Inspections"),
    "feature.complaints": ("信访投诉", "Complaints"),
    "feature.no_records": ("无记录", "No records"),
    "basemap.vector": ("矢量底图（行政区与水系）", "Vector (boundaries and water)"),
    "error.title": ("提示", "Notice"),
    "error.store": ("数据服务暂时不可用，正在重试……", "Data store unavailable, retrying…"),
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
    "users.made": ("已创建 {name}。初始密码（仅显示一次，首次登录须修改）：",
                   "Created {name}. Initial password (shown once; to be changed at first "
                   "sign-in):"),
    "users.toggled": ("{name} 现为：{state}", "{name} is now {state}"),
    "users.cli": ("也可在服务器上用 python manage.py create-user / create-token 管理账号与令牌。",
                  "Accounts and tokens can also be managed on the server with python "
                  "manage.py create-user / create-token."),
}


def t(key: str, lang: Lang = "zh") -> str:
    """The text for ``key`` in ``lang``; a missing key is a programming error."""
    zh, en = TEXTS[key]
    return en if lang == "en" else zh


def pick(zh: str, en: str, lang: Lang) -> str:
    """Choose between a pair carried by data (layer titles, legend labels)."""
    return en if lang == "en" else zh
