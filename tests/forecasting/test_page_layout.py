"""The forecast page's first render does not wait for plotly.js: each part has its own
loading indicator, and no indicator holds text (headline, warning with the day table,
model card, skill) together with a chart (a dcc.Graph waits for plotly.js, and a loading
indicator hides everything under it until all of it is ready)."""

from __future__ import annotations

import pytest
from dash import dcc

from pages.forecast import ids

pytestmark = pytest.mark.db

TEXT_PARTS = {ids.HEADLINE, ids.WARNING, ids.CARD, ids.SKILL}


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if children is None or isinstance(children, str | int | float):
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        yield from _walk(child)


def test_text_parts_and_charts_load_apart(onemap_app):
    from pages.forecast import page

    with onemap_app.server.test_request_context("/forecast"):
        tree = page.layout(where="340100", issued_at="2016-12-20", lang="en")
    loadings = [c for c in _walk(tree) if isinstance(c, dcc.Loading)]
    assert loadings
    seen_text, seen_graphs = set(), 0
    for loading in loadings:
        inside = list(_walk(loading.children))
        text = {getattr(c, "id", None) for c in inside} & TEXT_PARTS
        graphs = [c for c in inside if isinstance(c, dcc.Graph)]
        assert not (text and graphs), f"text {sorted(text)} waits for a chart"
        # the text parts are shown as the layout holds them; charts keep the indicator
        assert loading.show_initially is bool(graphs)
        seen_text |= text
        seen_graphs += len(graphs)
    assert seen_text == TEXT_PARTS
    assert seen_graphs == 7  # AQI and the six pollutants, each under an indicator
    # the page answered with its content (not a notice): the card, the day table
    assert tree is not None and any(getattr(c, "className", None) == "fc-card"
                                    for c in _walk(tree))
