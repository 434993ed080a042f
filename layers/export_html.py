"""A standalone offline HTML map of chosen vector layers, for an exported briefing.

:func:`offline_map` draws GeoJSON feature collections (as :mod:`layers.query` answers them,
with ``_color``/``_class`` from each layer's style) with folium, and adds a legend, the
data time, the provenance of each layer and the 示例数据 (synthetic data) label where a
layer is synthetic. The file opens with no network: folium's default template loads
Leaflet, jQuery, Bootstrap and Font Awesome from CDNs, so this module drops them and
inlines Leaflet 1.9.4 (BSD-2-Clause, ``export_assets/``); nothing else is needed (circle
markers, no icons, no tile layer).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium

from core.i18n import Lang, pick
from layers.spec import LayerSpec

ASSETS = Path(__file__).with_name("export_assets")
#: Colour of the page behind the map (no tiles: the export holds no basemap imagery).
BACKGROUND = "#eef2f5"


@dataclass(frozen=True)
class ExportLayer:
    """One layer of the export: its spec, its features (a GeoJSON FeatureCollection dict)
    and whether the feature limit cut it short."""

    spec: LayerSpec
    collection: Mapping[str, Any]
    truncated: bool = False


@lru_cache(maxsize=1)
def _leaflet() -> str:
    css = (ASSETS / "leaflet.css").read_text("utf-8")
    js = (ASSETS / "leaflet.js").read_text("utf-8").replace("</script", "<\\/script")
    return f"<style>{css}</style>\n<script>{js}</script>"


def _plain(value: Any) -> Any:
    """Text shown by the tooltips is HTML: escape it (uploaded data is anyone's text)."""
    return html.escape(value) if isinstance(value, str) else value


def _escaped(collection: Mapping[str, Any]) -> dict[str, Any]:
    features = []
    for feature in collection.get("features", []):
        props = {k: _plain(v) for k, v in (feature.get("properties") or {}).items()}
        features.append({**feature, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def _style(spec: LayerSpec):
    def style(feature: Mapping[str, Any]) -> dict[str, Any]:
        color = (feature.get("properties") or {}).get("_color") or spec.color
        if spec.geometry == "point":  # opaque class colour with a dark rim (as One Map)
            return {"color": "#263238", "weight": 1, "opacity": 0.9, "fillColor": color,
                    "fillOpacity": 0.95}
        polygon = spec.geometry == "polygon"
        return {"color": color, "weight": 1.5 if polygon else 2, "opacity": 0.9,
                "fillColor": color, "fillOpacity": spec.fill_opacity if polygon else 0.85}
    return style


def _tooltip_fields(spec: LayerSpec, lang: Lang) -> tuple[list[str], list[str]]:
    fields = [f for f in spec.popup if f.key in spec.properties][:6]
    keys = [f.key for f in fields] + ["_class"]
    labels = [f.label(lang) for f in fields] + [pick("类别", "Class", lang)]
    return keys, labels


def _legend(layers: Sequence[ExportLayer], skipped: Sequence[str], time: datetime,
            exported: datetime, region: str, lang: Lang) -> str:
    e = html.escape
    rows = []
    for layer in layers:
        spec = layer.spec
        badge = (f' <span class="ox-synthetic">{pick("示例数据", "synthetic data", lang)}</span>'
                 if spec.synthetic else "")
        items = "".join(
            f'<li><i style="background:{e(item.color)}"></i>{e(item.label(lang))}</li>'
            for item in spec.legend) or (
            f'<li><i style="background:{e(spec.color)}"></i>{e(spec.title(lang))}</li>')
        count = len(layer.collection.get("features", []))
        note = pick(f"{count} 个要素", f"{count} features", lang)
        if layer.truncated:
            note += pick("（已截断）", " (cut at the export limit)", lang)
        about = pick(spec.description_zh, spec.description_en, lang)
        rows.append(f'<section><h3>{e(spec.title(lang))}{badge}</h3><ul>{items}</ul>'
                    f'<p class="ox-note">{e(note)}</p>'
                    + (f'<p class="ox-note">{e(about)}</p>' if about else "") + "</section>")
    if skipped:
        rows.append('<p class="ox-note">' + e(pick("未导出（瓦片图层）：", "Not exported (tile "
                                                  "layers): ", lang)) + e("、".join(skipped))
                    + "</p>")
    title = pick("生态环境“一张图”离线地图", "Eco-Environment One Map — offline map", lang)
    when = pick("数据时间", "Data time", lang)
    made = pick("导出时间", "Exported", lang)
    where = pick("区域", "Region", lang)
    return (
        '<div class="ox-legend">'
        f'<h2>{e(title)}</h2>'
        f'<p>{e(where)}: {e(region)}<br>{e(when)}: {time:%Y-%m-%d %H:%M} '
        f'{e(pick("（北京时间）", "(Beijing time)", lang))}<br>'
        f'{e(made)}: {exported:%Y-%m-%d %H:%M}</p>'
        + "".join(rows) + "</div>")


_CSS = f"""<style>
html, body {{ background: {BACKGROUND}; }}
.leaflet-container {{ background: {BACKGROUND}; }}
.ox-legend {{ position: absolute; z-index: 1000; bottom: 28px; right: 10px; max-width: 320px;
  max-height: calc(100% - 160px); overflow: auto; background: rgba(255,255,255,.94);
  padding: 8px 12px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.3);
  font: 13px/1.4 system-ui, "Microsoft YaHei", "PingFang SC", sans-serif; }}
.ox-legend h2 {{ font-size: 15px; margin: 0 0 4px; }}
.ox-legend h3 {{ font-size: 13px; margin: 8px 0 2px; }}
.ox-legend ul {{ list-style: none; margin: 0; padding: 0; }}
.ox-legend li i {{ display: inline-block; width: 12px; height: 12px; margin-right: 6px;
  vertical-align: -1px; border-radius: 2px; }}
.ox-note {{ margin: 2px 0; color: #555; font-size: 12px; }}
.ox-synthetic {{ background: #fff3cd; color: #7a5b00; border: 1px solid #e0c36a;
  border-radius: 3px; padding: 0 4px; font-size: 11px; font-weight: normal; }}
</style>"""


def offline_map(layers: Sequence[ExportLayer], bbox: tuple[float, float, float, float],
                time: datetime, exported: datetime, region: str, lang: Lang = "zh",
                skipped: Sequence[str] = ()) -> str:
    """The self-contained HTML document of the map.

    Parameters
    ----------
    layers
        The vector layers, in drawing order (first drawn first).
    bbox
        (west, south, east, north) [degrees, WGS 84] the map opens on.
    time, exported
        The data time and the export time (naive Beijing time).
    region
        The region's name, for the legend.
    skipped
        Titles of chosen layers not in the export (tile overlays).
    """
    west, south, east, north = bbox
    fmap = folium.Map(location=[(south + north) / 2, (west + east) / 2], tiles=None,
                      control_scale=True, zoom_control=True)
    # no CDN: Leaflet is inlined below; jQuery, Bootstrap and the icon fonts are not used
    fmap.default_js = []
    fmap.default_css = []
    root = fmap.get_root()
    root.header.add_child(folium.Element(_leaflet()), name="leaflet_inline", index=0)
    root.header.add_child(folium.Element(_CSS), name="onemap_export_css")
    root.title = pick("生态环境“一张图”离线地图", "Eco-Environment One Map offline map", lang)
    for layer in layers:
        spec = layer.spec
        keys, labels = _tooltip_fields(spec, lang)
        collection = _escaped(layer.collection)
        present = set().union(*(f["properties"] for f in collection["features"])) \
            if collection["features"] else set()
        shown = [(k, label) for k, label in zip(keys, labels, strict=True) if k in present]
        name = spec.title(lang) + (f" ({pick('示例数据', 'synthetic', lang)})"
                                   if spec.synthetic else "")
        folium.GeoJson(
            collection, name=html.escape(name), style_function=_style(spec),
            marker=folium.CircleMarker(radius=6, weight=1, fill=True) if spec.geometry == "point"
            else None,
            tooltip=folium.GeoJsonTooltip(fields=[k for k, _ in shown],
                                          aliases=[label for _, label in shown])
            if shown else None,
        ).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds([[south, west], [north, east]])
    fmap.get_root().html.add_child(folium.Element(
        _legend(layers, skipped, time, exported, region, lang)))
    return root.render()
