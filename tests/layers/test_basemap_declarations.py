"""Basemaps are declared once, in the layer registry (``layers.basemap.BASEMAPS``): the tile
catalogue serves exactly the declared tile sets of the data folder, no other module names
them, and the DEM comes from the data folder's region (a pack without a DEM has no relief)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import tomllib
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from core.settings import Settings
from layers.basemap import BASEMAPS
from layers.registry import LayerRegistry, build_registry
from tiles.raster.catalogue import Catalogue

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data_samples"
REGISTRY = build_registry()
DERIVED = {b.id for b in BASEMAPS if b.source == "derived"}


def _settings(tmp_path: Path, data_dir: Path) -> Settings:
    basemaps = tmp_path / "basemaps"
    basemaps.mkdir(exist_ok=True)
    return Settings(var_dir=tmp_path / "var", basemap_dir=basemaps, data_dir=data_dir)


def test_every_served_tile_set_of_the_data_folder_is_declared_once(tmp_path):
    declared = [b.id for b in REGISTRY.basemaps()]
    assert len(declared) == len(set(declared))
    served = [d.id for d in Catalogue(_settings(tmp_path, DATA), REGISTRY.basemaps())
              .datasets()]
    # the sample folder has every declared file: each served once, in declaration order
    assert served == [b for b in declared if b != "vector"]
    assert REGISTRY.default_basemap().id in served
    assert REGISTRY.dark_basemap().id in served


def test_a_basemap_id_is_not_named_outside_its_declaration():
    """No module but ``layers/basemap.py`` spells a bundled basemap's id as a string (the
    ids with a hyphen cannot be confused with other words)."""
    ids = {b.id for b in BASEMAPS if "-" in b.id}
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                            "*.py"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    offenders = []
    for rel in files:
        if rel.startswith(("tests/", "scripts/", "bench/")) or rel == "layers/basemap.py":
            continue
        path = ROOT / rel
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in ids:
                offenders.append(f"{rel}:{node.lineno} {node.value!r}")
    assert not offenders, offenders


def test_registry_refuses_a_basemap_declared_twice_or_derived_from_nothing():
    with pytest.raises(ValueError, match="duplicate"):
        LayerRegistry([], basemaps=[*BASEMAPS, BASEMAPS[1]])
    derived = next(b for b in BASEMAPS if b.source == "derived")
    with pytest.raises(ValueError, match="derived from"):
        LayerRegistry([], basemaps=[derived])


def _pack(tmp_path: Path, dem: bool) -> Path:
    """A data folder like a region pack: the sample's region.toml with the DEM at the
    pack's own path ``dem/dem_30arcsec.tif`` (or no DEM at all)."""
    folder = tmp_path / "pack"
    folder.mkdir()
    raw = tomllib.loads((DATA / "region.toml").read_text("utf-8"))
    text = (DATA / "region.toml").read_text("utf-8")
    text = text.replace(f'dem = "{raw["files"]["dem"]}"\n',
                        'dem = "dem/dem_30arcsec.tif"\n' if dem else "")
    (folder / "region.toml").write_text(text, "utf-8")
    shutil.copytree(DATA / "imagery", folder / "imagery")
    if dem:
        (folder / "dem").mkdir()
        # a ramp from 0 m in the west to 500 m in the east, over the Hefei extent
        values = np.tile(np.linspace(0, 500, 60, dtype="float32"), (50, 1))
        with rasterio.open(folder / "dem/dem_30arcsec.tif", "w", driver="GTiff", width=60,
                           height=50, count=1, dtype="float32", crs="EPSG:4326",
                           transform=from_origin(116.7, 32.5, 0.02, 0.02)) as dst:
            dst.write(values, 1)
    return folder


def test_relief_comes_from_the_region_packs_own_dem(tmp_path):
    folder = _pack(tmp_path, dem=True)
    catalogue = Catalogue(_settings(tmp_path, folder), REGISTRY.basemaps())
    dem = catalogue.get("dem")
    assert dem.path == (folder / "dem/dem_30arcsec.tif").resolve()
    assert dem.bounds == pytest.approx((116.7, 31.5, 117.9, 32.5))
    for basemap_id in DERIVED:
        derived = catalogue.get(basemap_id)
        assert derived.bounds == pytest.approx(dem.bounds, abs=1e-6)
        with rasterio.open(derived.path) as src:
            assert str(folder / "dem/dem_30arcsec.tif") in src.tags()["ONEMAP_DERIVED_SOURCE"]


def test_a_pack_without_a_dem_has_no_dem_basemaps(tmp_path):
    folder = _pack(tmp_path, dem=False)
    ids = [d.id for d in Catalogue(_settings(tmp_path, folder), REGISTRY.basemaps())
           .datasets()]
    assert ids == ["shaded-relief", "blue-marble"]


@pytest.mark.db
def test_the_picker_reads_the_declarations(onemap_app):
    from pages.onemap.basemaps import basemap_choices, dark_basemap_id, default_basemap

    with onemap_app.server.test_request_context("/"):
        for lang in ("zh", "en"):
            choices = basemap_choices(lang)
            declared = {b.id: b for b in REGISTRY.basemaps() if b.in_picker}
            assert [c.id for c in choices][:len(declared)] == list(declared)
            for choice in choices[:len(declared)]:
                assert choice.title == declared[choice.id].title(lang)
                assert choice.dark == declared[choice.id].dark
        assert default_basemap(choices) == REGISTRY.default_basemap().id
        assert dark_basemap_id() == REGISTRY.dark_basemap().id == "dark"
