"""Validation helpers and the item-key ↔ column mapping (no database)."""

from __future__ import annotations

import pytest

from core.errors import DataError
from store.models import COLUMN_ITEMS, ITEM_COLUMNS, SPATIAL_TABLES, Base, WaterSample
from store.sample_files import FILES, TABLES, read_file


def test_item_columns_round_trip():
    assert ITEM_COLUMNS["NH3-N"] == "nh3_n" and ITEM_COLUMNS["As"] == "as_"
    assert {COLUMN_ITEMS[c]: c for c in COLUMN_ITEMS} == ITEM_COLUMNS
    assert set(ITEM_COLUMNS.values()) <= set(WaterSample.__table__.c.keys())


def test_spatial_tables_have_geom():
    for name in TABLES:  # the sample tables (accounts and workspaces share the metadata)
        table = Base.metadata.tables[name]
        assert ("geom" in table.c) == (name in SPATIAL_TABLES), name
        assert "synthetic" in table.c, name


def test_missing_file_named(tmp_path):
    spec = next(s for s in FILES if s.table == "receptors")
    with pytest.raises(DataError, match=r"synthetic/receptors\.geojson: file not found"):
        read_file(spec, tmp_path)


def test_projected_coordinates_rejected(tmp_path):
    spec = next(s for s in FILES if s.table == "response_teams")
    path = tmp_path / spec.path
    path.parent.mkdir(parents=True)
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                    '"geometry": {"type": "Point", "coordinates": [13050000, 3730000]}, '
                    '"properties": {"code": "DW01", "name": "x", "specialty": "y", '
                    '"members": 3, "phone": "0551-61234567", "vehicles": 1, '
                    '"synthetic": true}}]}', encoding="utf-8")
    with pytest.raises(DataError, match="not lon/lat"):
        read_file(spec, tmp_path)
