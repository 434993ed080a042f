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


def test_titles_name_the_served_region(tmp_path: Path) -> None:
    """Texts with {region}/{lake} name the region of the running app (its settings), never
    Hefei for another region; outside an app, neutral words."""
    from flask import Flask

    from core.context import AppContext, install
    from core.i18n import t
    from core.settings import Settings

    (tmp_path / "region.toml").write_text(
        'adcode = "320100"\nname = "南京市"\nname_en = "Nanjing"\nlevel = "city"\n'
        "bbox = [118.36, 31.23, 119.24, 32.62]\n", encoding="utf-8")
    served = {}
    for key, data_dir in (("hefei", SAMPLES), ("nanjing", tmp_path)):
        app = Flask(key)
        install(app, AppContext(Settings(data_dir=data_dir), None, None))  # type: ignore[arg-type]
        with app.app_context():
            served[key] = {lang: (t("cockpit.title", lang), t("cockpit.water.tli", lang),
                                  t("app.title", lang))
                           for lang in ("zh", "en")}
    assert served["hefei"]["zh"] == ("合肥市生态环境领导决策驾驶舱", "巢湖营养状态指数",
                                     "合肥市生态环境“一张图”指挥决策平台")
    assert served["hefei"]["en"] == ("Hefei eco-environment cockpit", "Chaohu TLI",
                                     "Hefei Eco-Environment One Map")
    assert served["nanjing"]["zh"] == ("南京市生态环境领导决策驾驶舱", "湖库营养状态指数",
                                       "南京市生态环境“一张图”指挥决策平台")
    assert served["nanjing"]["en"] == ("Nanjing eco-environment cockpit", "Lake TLI",
                                       "Nanjing Eco-Environment One Map")
    assert t("cockpit.title", "zh") == "本地区生态环境领导决策驾驶舱"
    # outside a request (the app's default tab title): the region given
    nanjing = read_region(tmp_path)
    assert t("app.title", "en", region=nanjing) == "Nanjing Eco-Environment One Map"
    assert t("app.title", "zh", region=read_region(SAMPLES)) == \
        "合肥市生态环境“一张图”指挥决策平台"


def test_the_sample_names_its_lake() -> None:
    """The Hefei sample names 巢湖 / Chaohu in region.toml; a region may name none."""
    region = read_region(SAMPLES)
    assert (region.lake_name("zh"), region.lake_name("en")) == ("巢湖", "Chaohu")


def test_no_basemap_texts_in_the_catalogue() -> None:
    """Basemap names come from their declarations (layers.basemap), not the catalogue."""
    from core.i18n import TEXTS

    assert not [key for key in TEXTS if key.startswith("basemap.")]


@pytest.mark.parametrize(("bbox", "zoom"), [
    ((116.682353, 30.953057, 117.967999, 32.538637), 9),  # Hefei
    ((118.357927, 31.230207, 119.236384, 32.616407), 9),  # Nanjing
    ((114.878, 29.395, 119.645, 34.652), 7),  # Anhui
    ((117.7, 31.4, 117.9, 31.6), 12),  # a county-sized box
])
def test_the_map_frames_the_region(bbox, zoom) -> None:
    """The first view holds the whole extent (a 1200 × 900 px map, 256 px tiles) at the
    largest zoom that does, centred on it."""
    import math

    from pages.onemap.state import region_frame

    (lat, lon), z = region_frame(bbox)
    assert z == zoom
    west, south, east, north = bbox
    assert lon == pytest.approx((west + east) / 2, abs=1e-4) and south < lat < north

    def px(lon_: float, lat_: float, zoom_: int) -> tuple[float, float]:
        scale = 256 * 2 ** zoom_
        y = math.log(math.tan(math.pi / 4 + math.radians(lat_) / 2))
        return (lon_ + 180) / 360 * scale, (1 - y / math.pi) / 2 * scale

    for zz, fits in ((z, True), (z + 1, False)):
        (x0, y0), (x1, y1) = px(west, north, zz), px(east, south, zz)
        assert (x1 - x0 <= 1200 and y1 - y0 <= 900) == fits
