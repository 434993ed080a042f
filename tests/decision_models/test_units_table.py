"""One table of pollutant units (GB 3095 Table 1); every other table derives from it."""

import ast
from pathlib import Path

import pytest

from decision_models import aqi
from decision_models.forecast import constants as forecast_constants
from decision_models.standards_tables import gb3095
from tiles.raster import surface_service

ROOT = Path(__file__).resolve().parents[2]
UNIT_LITERALS = {"µg/m³", "mg/m³", "ug/m3", "mg/m3"}
# modules that name pollutant units: none may spell a unit out (layers/air.py still does)
DERIVED = ["decision_models/aqi.py", "decision_models/air_quality_eval.py",
           "decision_models/forecast/constants.py", "decision_models/forecast/service.py",
           "decision_models/forecast/nowcast.py", "tiles/raster/surface_service.py",
           "tiles/stations.py", "layers/air.py"]


def test_the_table_lists_the_six_basic_pollutants():
    assert set(gb3095.UNITS) == set(aqi.POLLUTANTS)
    assert gb3095.UNITS["CO"] == "mg/m³"
    assert {u for p, u in gb3095.UNITS.items() if p != "CO"} == {"µg/m³"}


def test_derived_tables_agree():
    assert aqi.UNITS == gb3095.UNITS
    for column, unit in forecast_constants.UNITS.items():
        if column != forecast_constants.AQI:
            assert unit == gb3095.UNITS[column.removesuffix("_8h")], column
    for key, (pollutant, _period) in surface_service.IAQI_OF.items():
        assert surface_service.POLLUTANTS[key] == gb3095.UNITS[pollutant], key


@pytest.mark.parametrize("path", DERIVED)
def test_no_unit_spelt_out_outside_the_table(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    literals = [node.lineno for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and node.value in UNIT_LITERALS]
    assert literals == [], f"{path}: unit literal on line(s) {literals}; use gb3095.UNITS"
