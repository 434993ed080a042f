"""The result table of a region query (按任意区域查询)."""

from __future__ import annotations

from typing import Any

from dash import html
from shapely import wkt

from core.i18n import Lang, pick, t
from layers.regions import Region
from layers.spec import LayerSpec
from pages.onemap.components import synthetic_badge
from pages.onemap.feature_panel import format_value


def _figure(value: Any) -> str:
    """A key figure with thousands separators (counts, people, tonnes, km²)."""
    if isinstance(value, bool) or value is None:
        return format_value(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return format_value(value)


def region_area_km2(region: Region) -> float:
    """Area on the ellipsoid [km²]."""
    from pyproj import Geod

    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(wkt.loads(region.wkt))
    return abs(area) / 1e6


def children_table(specs: list[LayerSpec], children: list[tuple[Region, list[int]]],
                   lang: Lang) -> html.Div:
    """The region's figures per child unit (a province's city by its counties): one row per
    unit, the count of each queried layer in it."""
    head = html.Tr([html.Th(t("region.unit", lang)),
                    *[html.Th(spec.title(lang)) for spec in specs]])
    rows = [html.Tr([html.Td(pick(unit.name_zh, unit.name_en, lang)),
                     *[html.Td(f"{n:,}", className="num", **{"data-unit": unit.id})
                       for n in counts]])
            for unit, counts in children]
    return html.Div([html.H5(t("region.by_unit", lang)),
                     html.Table([html.Thead(head), html.Tbody(rows)],
                                className="record-table region-children")])


def region_table(region: Region, results: list[tuple[LayerSpec, dict[str, Any]]], lang: Lang,
                 children: list[tuple[Region, list[int]]] | None = None) -> html.Div:
    rows = []
    for spec, result in results:
        figures = [html.Span(f"{pick(fig.zh, fig.en, lang)} {_figure(value)}"
                             f"{(' ' + fig.unit) if fig.unit else ''}", className="figure")
                   for fig, value in result["figures"]]
        title: list[Any] = [spec.title(lang)]
        if spec.synthetic:
            title.append(synthetic_badge(lang))
        rows.append(html.Tr([html.Td(title), html.Td(f"{result['count']:,}",
                                                     className="num",
                                                     **{"data-layer": spec.id}),
                             html.Td(figures)]))
    name = pick(region.name_zh, region.name_en, lang)
    return html.Div([
        html.H5(f"{name} · {t('region.area_km2', lang)} {region_area_km2(region):,.1f}"),
        html.Table([html.Thead(html.Tr([html.Th(t("region.layer", lang)),
                                        html.Th(t("region.count", lang)),
                                        html.Th(t("region.figures", lang))])),
                    html.Tbody(rows)], className="record-table region-table"),
        *([children_table([spec for spec, _ in results], children, lang)] if children else []),
    ])
