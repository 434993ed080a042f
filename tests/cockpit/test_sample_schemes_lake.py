"""The sample schemes name the served region's main lake ({lake}: 巢湖 for the Hefei sample),
and no lake where the region names none (they said 巢湖 in every region's scheme list)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask

from cockpit.schemes import SAMPLE_FILE, in_served_region, validate
from core.context import EXTENSION_KEY
from core.settings import DEFAULT_DATA_DIR, Settings


def _pack(tmp_path: Path) -> Path:
    (tmp_path / "region.toml").write_text(
        'adcode = "610400"\nname = "咸阳市"\nlevel = "city"\n'
        "bbox = [107.6, 34.1, 109.1, 35.6]\n[files]\n"
        'air_stations = "air/aq_stations.geojson"\n', encoding="utf-8")
    return tmp_path


def _samples(data_dir: Path | None) -> str:
    schemes = [validate(p) for p in
               json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))["schemes"]]
    if data_dir is None:
        return json.dumps([in_served_region(s) for s in schemes], ensure_ascii=False)
    app = Flask(__name__)
    app.extensions[EXTENSION_KEY] = SimpleNamespace(settings=Settings(data_dir=data_dir))
    with app.app_context():
        return json.dumps([in_served_region(s) for s in schemes], ensure_ascii=False)


def test_the_hefei_sample_names_chaohu():
    text = _samples(DEFAULT_DATA_DIR)
    assert "巢湖营养状态" in text and "水环境与巢湖" in text and "Water and Chaohu" in text
    assert "{lake}" not in text


@pytest.mark.parametrize("served", ["pack", "no app"])
def test_a_region_without_a_lake_names_none(tmp_path, served):
    text = _samples(_pack(tmp_path) if served == "pack" else None)
    assert "巢湖" not in text and "Chaohu" not in text and "{lake}" not in text
    assert "湖库营养状态" in text and "Water and lakes" in text
