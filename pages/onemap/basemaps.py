"""The basemap choices: the registry's declared basemaps (the offline vector basemap first),
then the tile catalogue's packs and online providers."""

from __future__ import annotations

from flask import current_app

from core.context import current_context
from core.i18n import Lang
from pages.onemap.components import BLANK_TILE, Basemap
from tiles import CATALOGUE_KEY


def basemap_choices(lang: Lang) -> list[Basemap]:
    """Every basemap the switcher offers: the declared ones the catalogue serves, in
    declaration order, then the packs and online providers (they appear automatically)."""
    declared = current_context().registry.basemaps()
    choices = [Basemap(spec.id, spec.title(lang), BLANK_TILE)
               for spec in declared if spec.source == "vector"]
    catalogue = current_app.extensions.get(CATALOGUE_KEY)
    if catalogue is None:
        return choices
    served = {dataset.id: dataset for dataset in catalogue.datasets()}
    for spec in declared:
        dataset = served.pop(spec.id, None)
        if spec.source == "vector" or not spec.in_picker or dataset is None:
            continue
        choices.append(Basemap(spec.id, spec.title(lang), dataset.tile_path(),
                               dataset.attribution, max_native_zoom=dataset.maxzoom,
                               dark=spec.dark))
    for dataset in served.values():
        if dataset.kind not in ("basemap", "online"):
            continue
        # served by this server; online providers through its proxy (no token in the page);
        # a pack or an online provider keeps the title it was given
        choices.append(Basemap(dataset.id, dataset.title, dataset.tile_path(),
                               dataset.attribution, max_native_zoom=dataset.maxzoom))
    return choices


def find_basemap(choices: list[Basemap], basemap_id: str) -> Basemap:
    return next((b for b in choices if b.id == basemap_id), choices[0])


def default_basemap(choices: list[Basemap]) -> str:
    declared = current_context().registry.default_basemap()
    ids = [b.id for b in choices]
    return declared.id if declared is not None and declared.id in ids else ids[0]


def dark_basemap_id() -> str | None:
    """The declared basemap of the dark (video wall) theme, e.g. for the cockpit's map."""
    declared = current_context().registry.dark_basemap()
    return declared.id if declared is not None else None
