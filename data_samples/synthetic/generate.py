"""Generate the synthetic sample data (示例数据) of the Hefei / Chaohu region.

Usage::

    python -m data_samples.synthetic.generate [--out DIR]   # the Hefei sample
    python -m data_samples.synthetic.generate --data-dir DIR  # a region pack → DIR/synthetic

The data folder's ``region.toml`` says which region it is. The Hefei sample
(``data_samples/``, with its named lake, rivers and OSM junctions) keeps its own profile
(real river names, the §2.2 sections…); any other data folder, a region pack, goes through
:mod:`.pack`, which takes every position from the pack's geometry.

When the output folder is the ``synthetic/`` folder of a data folder (the default, or a
copy of ``data_samples/`` that has a ``MANIFEST.json``), the data folder's manifest is
rewritten too (:mod:`store.manifest`), so the loader accepts the new files.

Seeded and reproducible: every run writes the same bytes. Each dataset draws from its own
generator ``numpy.random.default_rng([SEED, k])`` so that changing one dataset does not
shift the others. See ``data_samples/PROVENANCE.md`` for the anchors of every file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from shapely.geometry import shape

from core.region import Region, read_region
from store import manifest

from . import emergency, industry, land, roads, water
from ._common import DATA_DIR, OUT_DIR, SEED, frame, load_base, write_csv, write_geojson

WATER_SAMPLE_HEADER = ["section_code", "sampled_on", *water.ITEM_KEYS]
INSPECTION_HEADER = ["source_code", "inspected_on", "inspector_team", "result", "finding",
                     "penalty_cny"]


def rng_for(k: int) -> np.random.Generator:
    """The generator of dataset ``k``."""
    return np.random.default_rng([SEED, k])


def is_hefei_sample(region: Region) -> bool:
    """The Hefei sample's own profile applies (its named lake and OSM junctions exist)."""
    return region.adcode == "340100" and "main_lake" in region.files \
        and "roads_junctions" in region.files


def generate(out_dir: Path = OUT_DIR, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Write every synthetic file into ``out_dir``; returns {file name: record count}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    region = read_region(data_dir)
    if not is_hefei_sample(region):
        from .pack import generate_pack

        lat0, lon0 = region.center
        with frame(lon0, lat0):
            counts = generate_pack(
                region, out_dir, rng_for,
                lambda path, name, feats: write_geojson(path, name, feats), write_csv,
                {"water_samples": WATER_SAMPLE_HEADER, "inspections": INSPECTION_HEADER})
        if is_data_folder_part(out_dir, data_dir):
            manifest.write(out_dir.parent)
        return counts
    base = load_base(data_dir)
    water.lake_point_check(base)
    counts: dict[str, int] = {}

    def geo(name: str, feats: list) -> None:
        counts[f"{name}.geojson"] = write_geojson(out_dir / f"{name}.geojson", name, feats)

    # water
    lines = water.make_rivers(rng_for(1), base)
    geo("rivers", water.river_features(lines))
    reservoirs = water.make_reservoirs(rng_for(2), base)
    geo("reservoirs", water.reservoir_features(reservoirs))
    base.set_water([g for _n, g in reservoirs])
    sections, meta = water.section_features(base, lines)
    geo("water_sections", sections)
    counts["water_samples.csv"] = write_csv(out_dir / "water_samples.csv", WATER_SAMPLE_HEADER,
                                            water.sample_rows(rng_for(3), meta))
    zones = water.source_zone_features(rng_for(4), base, reservoirs)
    geo("water_source_zones", zones)
    geo("sewage_outfalls", water.outfall_features(rng_for(5), base, lines))

    # soil and ecology
    geo("soil_plots", land.soil_plot_features(rng_for(6), base))
    geo("farmland_units", land.farmland_features(rng_for(7), base))
    dongda_names = ("董铺水库", "大房郢水库", "董铺水库、大房郢水库")
    dongda = [shape(f["geometry"]) for f in zones
              if f["properties"]["source_name"] in dongda_names]
    shapes = land.redline_shapes(rng_for(8), base, dongda)
    geo("redline_areas", land.redline_features(shapes))
    geo("nature_reserves", land.park_features(rng_for(9), base))
    geo("change_patches", land.change_patch_features(rng_for(10), base, shapes))

    # enforcement
    sources = industry.pollution_sources(rng_for(11), base)
    counts["inspections.csv"] = write_csv(out_dir / "inspections.csv", INSPECTION_HEADER,
                                          industry.inspections(rng_for(12), sources))
    geo("pollution_sources", industry.source_features(sources))
    geo("complaints", industry.complaint_features(rng_for(13), base, sources))
    geo("soil_enterprises", industry.soil_enterprise_features(rng_for(14), sources))

    # emergency
    geo("risk_sources", industry.risk_source_features(rng_for(15), sources))
    geo("receptors", emergency.receptor_features(rng_for(16), base))
    geo("resource_depots", emergency.depot_features(rng_for(17), base))
    geo("response_teams", emergency.team_features(rng_for(18), base))
    road_feats = roads.road_features(rng_for(19), base, data_dir)
    n_comp = roads.components(road_feats)
    if n_comp != 1:
        raise RuntimeError(f"road network has {n_comp} components")
    geo("roads", road_feats)
    if is_data_folder_part(out_dir, data_dir):
        manifest.write(out_dir.parent)
    return counts


def is_data_folder_part(out_dir: Path, data_dir: Path = DATA_DIR) -> bool:
    """True when ``out_dir`` is ``<data folder>/synthetic``, whose manifest must follow."""
    parent = out_dir.resolve().parent
    return out_dir.name == "synthetic" and (
        parent == data_dir.resolve() or (parent / manifest.MANIFEST_NAME).is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_samples.synthetic.generate")
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: the data folder's synthetic/)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR,
                        help="the data folder whose region.toml and real layers are used "
                             "(default: data_samples/)")
    args = parser.parse_args(argv)
    out = args.out if args.out is not None else args.data_dir / "synthetic"
    counts = generate(out, args.data_dir)
    for name, n in counts.items():
        print(f"{name:28s} {n:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
