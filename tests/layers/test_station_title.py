"""The station layer's title names the live replay (实时回放) only where the served region has
an hourly series to replay: the Hefei sample does, a region pack without observations
shows plain station positions."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask

from core.context import EXTENSION_KEY
from core.settings import DEFAULT_DATA_DIR, Settings
from layers.air import AIR_STATIONS
from layers.registry import build_registry


def _pack(tmp_path: Path) -> Path:
    (tmp_path / "region.toml").write_text(
        'adcode = "610400"\nname = "咸阳市"\nlevel = "city"\n'
        "bbox = [107.6, 34.1, 109.1, 35.6]\n[files]\n"
        'air_stations = "air/aq_stations.geojson"\n', encoding="utf-8")
    return tmp_path


def _serving(data_dir: Path) -> Flask:
    app = Flask(__name__)
    app.extensions[EXTENSION_KEY] = SimpleNamespace(settings=Settings(data_dir=data_dir))
    return app


@pytest.mark.parametrize(("data_dir", "replay"), [("sample", True), ("pack", False)])
def test_the_title_says_live_replay_only_where_there_is_a_series(tmp_path, data_dir, replay):
    path = DEFAULT_DATA_DIR if data_dir == "sample" else _pack(tmp_path)
    with _serving(path).app_context():
        spec = build_registry().get("air_stations")
        titles = (spec.title_zh, spec.title("zh"), spec.title_en, spec.title("en"))
        assert titles[0] == titles[1] and titles[2] == titles[3]
        assert titles[0].startswith("国控空气监测站")
        assert titles[2].startswith("National air stations")
        assert ("实时回放" in titles[0]) is replay
        assert ("live replay" in titles[2]) is replay


def test_outside_a_running_app_the_sample_title():
    assert AIR_STATIONS.title_zh == "国控空气监测站（实时回放）"
    assert AIR_STATIONS.title("en") == "National air stations (live replay)"
