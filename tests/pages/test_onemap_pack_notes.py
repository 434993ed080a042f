"""One Map's time note: the Hefei sample replays its real hourly observations; a region
pack has none and says so instead of describing Hefei's replay."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from core.i18n import t
from core.region import read_region
from core.settings import DEFAULT_DATA_DIR
from pages.onemap import ids
from pages.onemap.components import time_slider
from pages.onemap.state import MapView


def _note(tree) -> str:
    found = []

    def walk(node):
        if getattr(node, "id", None) == ids.TIME_NOTE:
            found.append(node.children)
        for child in getattr(node, "children", None) or []:
            if not isinstance(child, str):
                walk(child)
    walk(tree)
    (text,) = found
    return text


def test_the_sample_replays_and_a_pack_has_no_live_series(tmp_path: Path) -> None:
    (tmp_path / "region.toml").write_text(
        'adcode = "610400"\nname = "咸阳市"\nlevel = "city"\n'
        "bbox = [107.6, 34.1, 109.1, 35.6]\n[files]\n"
        'air_stations = "air/aq_stations.geojson"\n', encoding="utf-8")
    assert read_region(DEFAULT_DATA_DIR).has_live_air
    assert not read_region(tmp_path).has_live_air
    now = datetime(2026, 11, 26, 8)
    for lang in ("zh", "en"):
        assert _note(time_slider(MapView((), "vector"), now, lang)) == t("time.replay_note", lang)
        pack_note = _note(time_slider(MapView((), "vector"), now, lang, live_series=False))
        assert pack_note == t("time.no_live_note", lang)
        assert "2020" not in pack_note
        marks = time_slider(MapView((), "vector"), now, lang, live_series=False).children[1].marks
        assert marks[0] == t("time.now", lang)
