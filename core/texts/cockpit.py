"""Texts of the leader cockpit added after its first release (the earlier ones are in
:mod:`core.i18n`). Key → (Chinese, English)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # the wall-wide notice while the store (or the network) is down
    "cockpit.frozen.title": ("数据中断", "Feed frozen"),
    "cockpit.frozen.body": ("无法连接数据库，显示的是 {time} 最后一次成功获取的数据"
                            "（已中断 {age}），正在自动重试",
                            "The data store cannot be reached: showing the last good data of "
                            "{time} ({age} ago), retrying"),
    "cockpit.frozen.minutes": ("{n} 分钟", "{n} min"),
    "cockpit.frozen.seconds": ("{n} 秒", "{n} s"),
    # the wall-wide notice when a feed is past its update period
    "cockpit.feeds_stale": ("数据未按期更新：{feeds}", "Data not updated on time: {feeds}"),
    "cockpit.feed_item": ("{source}（数据时间 {time}）", "{source} (data for {time})"),
    # ranking of stations and districts
    "cockpit.rank.title": ("站点与城区排名", "Stations and districts ranked"),
    "cockpit.rank.stations": ("国控站 PM2.5 近 24 小时均值", "Stations, PM2.5 24-hour mean"),
    "cockpit.rank.districts": ("城区 PM2.5 近 24 小时均值", "Districts, PM2.5 24-hour mean"),
    "cockpit.rank.limit": ("限值 {limit} µg/m³（GB 3095-2012 二级 24 小时）",
                           "limit {limit} µg/m³ (GB 3095-2012 grade II, 24 h)"),
    "cockpit.rank.aqi": ("AQI", "AQI"),
    "cockpit.rank.hours": ("{n} 小时", "{n} h"),
    # incidents on the map
    "cockpit.map.incidents": ("突发环境事件", "Environmental incidents"),
    # enforcement on the operations panel
    "cockpit.ops.enf_open": ("执法任务办理中", "Enforcement tasks open"),
    "cockpit.ops.enf_overdue": ("执法任务超期", "Enforcement overdue"),
    "cockpit.ops.enf_closure": ("办结率", "Closure rate"),
    "cockpit.src.enforcement": ("执法工作台", "Enforcement workspace"),
    # "what it takes" for a count target of 0 or 1 (the general sentence is cockpit.outlook.count)
    "cockpit.outlook.count0": ("剩余 {days} 天内不能再有重污染天",
                               "No more heavy-pollution day in the remaining {days}"),
    "cockpit.outlook.count1": ("剩余 {days} 天内重污染最多再有 1 天",
                               "At most 1 more heavy-pollution day in the remaining {days}"),
    # scheduled reload
    "cockpit.reload_note": ("每 {hours} 小时自动刷新整页", "Full reload every {hours} h"),
}
