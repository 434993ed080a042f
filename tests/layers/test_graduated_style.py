"""The graduated style rule lives with the other reusable rules (layers.styles), once."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd

from layers.styles import NO_DATA_COLOR, graduated

ROOT = Path(__file__).resolve().parents[2]


def test_graduated_classes_by_lower_bounds():
    rule = graduated("v", (0.02, 0.04), ("#a", "#b", "#c"), ("low", "mid", "high"))
    out = rule(pd.DataFrame({"v": [0.0, 0.02, 0.039, 0.04, None, "x"]}))
    assert out["_color"].tolist() == ["#a", "#b", "#b", "#c", NO_DATA_COLOR, NO_DATA_COLOR]
    assert out["_class"].tolist()[:4] == ["low", "mid", "mid", "high"]
    assert out["_class"].isna().tolist()[4:] == [True, True]
    assert rule.inputs == ("v",)


def test_graduated_is_defined_only_in_styles():
    """Also the uploads' graduated style (layers.uploaded) uses it."""
    where = [str(p.relative_to(ROOT)) for p in (ROOT / "layers").rglob("*.py")
             for n in ast.walk(ast.parse(p.read_text("utf-8")))
             if isinstance(n, ast.FunctionDef) and n.name == "graduated"]
    assert where == ["layers/styles.py"]
