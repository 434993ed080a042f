"""Every style rule declares the columns it reads, and they exist in its layer."""

import pytest

from layers import build_registry
from layers.query import style_inputs

REGISTRY = build_registry()
STYLED = [spec for spec in REGISTRY if spec.style is not None]


@pytest.mark.parametrize("spec", STYLED, ids=lambda s: s.id)
def test_rule_declares_its_inputs(spec):
    declared = getattr(spec.style, "inputs", None)
    assert declared, f"{spec.id}: style rule without @reads(...)"
    assert set(style_inputs(spec)) <= set(spec.properties)
