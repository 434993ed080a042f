"""Mobile sources (移动源) under the air theme: remote-sensing exhaust points, the heavy-diesel
OBD density surface (no individual tracks) and non-road machinery by construction site.

The exceedance rate of a point is failed / valid passes judged by
:mod:`decision_models.mobile_sources` (GB 18285-2018, GB 3847-2018) when the sample was
made; the colour breaks below are display classes, not limits of a standard.
"""

from __future__ import annotations

from layers.spec import Field, Figure, LayerSpec, LegendItem, rounded
from layers.styles import categorical, graduated

#: Display classes of the monthly exceedance rate [fraction of valid passes].
RS_BREAKS = (0.02, 0.04)
RS_COLORS = ("#2e7d32", "#f9a825", "#c62828")
RS_LABELS = ("<2%", "2–4%", "≥4%")

RS_POINTS = LayerSpec(
    id="rs_points",
    theme="air",
    title_zh="机动车尾气遥感监测点（超标率）",
    title_en="Vehicle exhaust remote-sensing points (exceedance rate)",
    geometry="point",
    sql="SELECT id, code, name, road, district, passes, valid_passes, failed, "
        f"{rounded('100 * exceedance_rate', 2)} AS exceedance_pct, "
        "exceedance_rate, period, geom FROM rs_points",
    properties=("code", "name", "road", "district", "passes", "valid_passes", "failed",
                "exceedance_pct", "exceedance_rate", "period"),
    popup=(Field("name", "监测点", "Point"), Field("road", "道路", "Road"),
           Field("period", "统计期", "Period"), Field("passes", "过车", "Passes"),
           Field("valid_passes", "有效监测", "Valid passes"), Field("failed", "超标", "Failed"),
           Field("exceedance_pct", "超标率", "Exceedance rate", "%")),
    legend=tuple(LegendItem(f"超标率 {lb}", f"Exceedance {lb}", c)
                 for lb, c in zip(RS_LABELS, RS_COLORS, strict=True)),
    style=graduated("exceedance_rate", RS_BREAKS, RS_COLORS, RS_LABELS),
    queryables=("district", "road"),
    figures=(Figure("有效监测", "Valid passes", "sum(valid_passes)"),
             Figure("超标车次", "Failed passes", "sum(failed)"),
             Figure("超标率", "Exceedance rate", "CAST(100.0 * sum(failed) / "
                    "NULLIF(sum(valid_passes), 0) AS float)", "%")),
)

#: Display classes of heavy-diesel vehicles seen per cell and day.
OBD_BREAKS = (5, 15, 40, 100)
OBD_COLORS = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")
OBD_LABELS = ("<5", "5–15", "15–40", "40–100", "≥100")

OBD_CELLS = LayerSpec(
    id="obd_density",
    theme="air",
    title_zh="重型柴油车在线监控（OBD）活动密度",
    title_en="Heavy-diesel OBD activity density",
    geometry="polygon",
    sql="SELECT id, code, vehicles_per_day, vehicle_hours_per_day, period, geom FROM obd_cells",
    properties=("code", "vehicles_per_day", "vehicle_hours_per_day", "period"),
    popup=(Field("code", "网格", "Cell"), Field("period", "统计期", "Period"),
           Field("vehicles_per_day", "日均车辆", "Vehicles per day"),
           Field("vehicle_hours_per_day", "日均车辆小时", "Vehicle-hours per day", "h")),
    legend=tuple(LegendItem(f"日均 {lb} 辆", f"{lb} vehicles a day", c)
                 for lb, c in zip(OBD_LABELS, OBD_COLORS, strict=True)),
    style=graduated("vehicles_per_day", OBD_BREAKS, OBD_COLORS, OBD_LABELS),
    fill_opacity=0.6,
    figures=(Figure("日均车辆小时", "Vehicle-hours a day", "sum(vehicle_hours_per_day)", "h"),),
    description_zh="示例数据：0.025°网格内每日出现的重型柴油车数，不显示单车轨迹。",
    description_en="Sample data: heavy-diesel vehicles seen per 0.025° cell and day; no "
                   "individual tracks are shown.",
)

_NONROAD_COLORS = {"unregistered": "#c62828", "registered": "#2e7d32"}

NONROAD_SITES = LayerSpec(
    id="nonroad_sites",
    theme="air",
    title_zh="非道路移动机械（按施工工地）",
    title_en="Non-road machinery by construction site",
    geometry="point",
    sql="SELECT id, code, name, project_type, machines, by_type, stage_2, stage_3, stage_4, "
        "registered, unregistered, in_restricted_zone, district, "
        "CASE WHEN unregistered > 0 THEN 'unregistered' ELSE 'registered' END AS status, geom "
        "FROM nonroad_sites",
    properties=("code", "name", "project_type", "machines", "by_type", "stage_2", "stage_3",
                "stage_4", "registered", "unregistered", "in_restricted_zone", "district",
                "status"),
    popup=(Field("name", "工地", "Site"), Field("project_type", "工程类型", "Project"),
           Field("machines", "机械数", "Machines"), Field("by_type", "机械类型", "By type"),
           Field("stage_2", "国二", "Stage II"), Field("stage_3", "国三", "Stage III"),
           Field("stage_4", "国四", "Stage IV"),
           Field("unregistered", "未编码登记", "Not registered"),
           Field("in_restricted_zone", "位于禁用区", "In the restricted zone"),
           Field("_class", "登记状态", "Registration")),
    legend=(LegendItem("全部编码登记", "All registered", _NONROAD_COLORS["registered"]),
            LegendItem("有未登记机械", "Unregistered machinery", _NONROAD_COLORS["unregistered"])),
    style=categorical("status", _NONROAD_COLORS,
                      labels={"registered": "全部编码登记", "unregistered": "有未登记机械"}),
    cluster=True,
    queryables=("project_type", "district", "status"),
    figures=(Figure("机械数", "Machines", "sum(machines)"),
             Figure("未编码登记", "Not registered", "sum(unregistered)"),
             Figure("禁用区内国二机械", "Stage II machines in the restricted zone",
                    "coalesce(sum(stage_2) FILTER (WHERE in_restricted_zone), 0)")),
)

LAYERS = (RS_POINTS, OBD_CELLS, NONROAD_SITES)
