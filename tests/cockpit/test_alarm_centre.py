"""A forecast warning is about the whole region: its alarm is placed at the served region's
centre (it was pinned to Hefei for every region pack)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from sqlalchemy import text

from cockpit.alarms import AlarmService
from core.context import EXTENSION_KEY
from core.region import read_region
from core.settings import DEFAULT_DATA_DIR, Settings
from store.db import connection

pytestmark = pytest.mark.db


def _pack(tmp_path: Path) -> Path:
    (tmp_path / "region.toml").write_text(
        'adcode = "610400"\nname = "咸阳市"\nlevel = "city"\n'
        "bbox = [107.6, 34.1, 109.1, 35.6]\n[files]\n"
        'air_stations = "air/aq_stations.geojson"\n', encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("served", ["pack", "sample"])
def test_the_warning_alarm_is_at_the_served_regions_centre(app_engine, tmp_path, served):
    data_dir = _pack(tmp_path) if served == "pack" else DEFAULT_DATA_DIR
    app = Flask(__name__)
    app.extensions[EXTENSION_KEY] = SimpleNamespace(settings=Settings(data_dir=data_dir))
    issued = "2031-02-03" if served == "pack" else "2031-02-04"
    panel = {"empty": False, "replay": False, "warning": "orange", "issued": issued,
             "days": [{"date": issued, "aqi": 230}]}
    with app.app_context():
        service = AlarmService(app_engine)
        service.scan(dt.datetime(2031, 2, 3, 8, 0), forecast=panel)
    alarm = next(a for a in service.active() if a["key"] == f"warning:{issued}:orange")
    try:
        lat, lon = read_region(data_dir).center
        assert (alarm["lat"], alarm["lon"]) == pytest.approx((lat, lon))
        if served == "pack":
            assert alarm["lon"] == pytest.approx(108.35) and alarm["lat"] == pytest.approx(34.85)
    finally:
        with connection(app_engine) as conn, conn.begin():
            conn.execute(text("UPDATE cockpit_alarms SET expires_at = now() WHERE id = :i"),
                         {"i": alarm["id"]})
