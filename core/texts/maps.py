"""Texts of the offline map export (``/api/maps/export.html``, layers.export_html)."""

TEXTS: dict[str, tuple[str, str]] = {
    "maps.export": ("导出离线地图", "Export offline map"),
    "maps.export_hint": ("下载当前图层与范围的独立 HTML 地图（无需联网即可打开）",
                         "Download the layers and extent in view as a standalone HTML map "
                         "(opens without a network)"),
}
