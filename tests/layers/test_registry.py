import pytest

from core.errors import NotFound
from layers import THEMES, build_registry
from layers.registry import LayerRegistry

REGISTRY = build_registry()


def test_themes_are_exactly_the_seven_plus_basemap():
    assert THEMES == ("air", "water", "soil", "redline", "enforcement", "emergency", "noise")
    assert {spec.theme for spec in REGISTRY} == {*THEMES, "basemap"}


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_has_a_layer_with_a_legend(theme):
    specs = REGISTRY.by_theme(theme)
    assert specs
    assert all(spec.legend for spec in specs)


@pytest.mark.parametrize("spec", list(REGISTRY), ids=lambda s: s.id)
def test_spec_is_consistent(spec):
    assert spec.title_zh and spec.title_en
    assert spec.geometry in ("point", "line", "polygon")
    popup_keys = {f.key for f in spec.popup} - {"_class"}
    assert popup_keys <= set(spec.properties), popup_keys - set(spec.properties)
    assert set(spec.queryables) <= set(spec.properties)
    assert spec.cluster is False or spec.geometry == "point"
    assert " id" in spec.sql or "id," in spec.sql


def test_registry_refuses_duplicate_ids():
    spec = next(iter(REGISTRY))
    with pytest.raises(ValueError, match="duplicate layer id"):
        LayerRegistry([spec, spec])


def test_unknown_layer_is_not_found():
    with pytest.raises(NotFound, match="no_such_layer"):
        REGISTRY.get("no_such_layer")


def test_real_layers_are_not_labelled_synthetic():
    assert REGISTRY.get("air_stations").synthetic is False
    assert REGISTRY.get("admin_districts").synthetic is False
    assert REGISTRY.get("pollution_sources").synthetic is True
