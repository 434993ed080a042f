"""Texts of the live feed: QC flags, the flagged mark of the panels, arrival monitor."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "feeds.flagged": ("已标记", "flagged"),
    "feeds.flagged_values": ("质控标记", "QC flags"),
    "feeds.source.feed": ("实时接入", "live feed"),
    "feeds.source.sample": ("样例回放", "sample replay"),
    "feeds.flag.negative": ("负值", "negative"),
    "feeds.flag.above_range": ("超出仪器量程", "above the instrument range"),
    "feeds.flag.constant": ("长时间恒值", "constant for hours"),
    "feeds.flag.pm25_gt_pm10": ("PM2.5 大于 PM10", "PM2.5 above PM10"),
    "feeds.flag.spike": ("突变（异于前期和周边站点）",
                         "spike (against previous hours and neighbours)"),
    "feeds.flag.out_of_bounds": ("超出物理范围", "outside physical bounds"),
    "feeds.flag.nh3n_gt_tn": ("氨氮大于总氮", "NH3-N above TN"),
    "feeds.arrival.title": ("数据到报率", "Data arrival rate"),
    "feeds.arrival.stale": ("超过 {hours} 小时无数据", "no data for {hours} h"),
    "feeds.arrival.never": ("从未接入", "never reported"),
    "feeds.arrival.last": ("最近数据", "last reading"),
}
