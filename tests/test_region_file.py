"""core.region: the data folder's region.toml (the Hefei sample's, and bad files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import shape

from core.errors import ConfigError
from core.region import read_region

SAMPLES = Path(__file__).resolve().parents[1] / "data_samples"


def test_sample_region_matches_its_files() -> None:
    region = read_region(SAMPLES)
    assert (region.adcode, region.level) == ("340100", "city")
    districts = json.loads((SAMPLES / "admin/hefei_districts.geojson").read_text("utf-8"))
    assert [c.adcode for c in region.children] == [
        f["properties"]["adcode"] for f in districts["features"]]
    outline = json.loads(region.path("admin_region").read_text("utf-8"))["features"][0]
    assert region.bbox == pytest.approx(shape(outline["geometry"]).bounds, abs=1e-6)
    for role in region.files:
        assert region.path(role).is_file(), role


@pytest.mark.parametrize(("text", "field"), [
    ('adcode = "34010"\nname = "x"\nlevel = "city"\nbbox = [1, 1, 2, 2]', "adcode"),
    ('adcode = "340100"\nname = ""\nlevel = "city"\nbbox = [1, 1, 2, 2]', "name"),
    ('adcode = "340100"\nname = "x"\nlevel = "town"\nbbox = [1, 1, 2, 2]', "level"),
    ('adcode = "340100"\nname = "x"\nlevel = "city"\nbbox = [2, 1, 1, 2]', "bbox"),
    ('adcode = "340100"\nname = "x"\nlevel = "city"\nbbox = [1, 1, 2, 2]\n'
     '[files]\ndem = "../etc/passwd"', "files.dem"),
    ('adcode = "340100"\nname = "x"\nlevel = "city"\nbbox = [1, 1, 2, 2]\n'
     '[[children]]\nadcode = "1"\nname = "y"', "children"),
    ('adcode = = 1', "not valid TOML"),
])
def test_bad_region_file_names_the_field(tmp_path: Path, text: str, field: str) -> None:
    (tmp_path / "region.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=field):
        read_region(tmp_path)


def test_missing_region_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"region\.toml"):
        read_region(tmp_path)
