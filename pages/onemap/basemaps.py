"""The basemap choices: the offline vector basemap plus the tile catalogue's basemaps."""

from __future__ import annotations

from flask import current_app

from core.i18n import TEXTS, Lang, t
from pages.onemap.components import BLANK_TILE, VECTOR_BASEMAP, Basemap
from tiles import CATALOGUE_KEY

DEFAULT_BASEMAP = "dem-color-relief"
DARK_IDS = {"dark"}


def basemap_choices(lang: Lang) -> list[Basemap]:
    """Every basemap the switcher offers, in catalogue order (packs appear automatically)."""
    choices = [Basemap(VECTOR_BASEMAP, t("basemap.vector", lang), BLANK_TILE)]
    catalogue = current_app.extensions.get(CATALOGUE_KEY)
    if catalogue is None:
        return choices
    for dataset in catalogue.datasets():
        if dataset.kind not in ("basemap", "online"):
            continue
        # served by this server; online providers through its proxy (no token in the page)
        choices.append(Basemap(dataset.id, basemap_title(dataset.id, dataset.title, lang),
                               dataset.tile_path(),
                               dataset.attribution,
                               max_native_zoom=dataset.maxzoom, dark=dataset.id in DARK_IDS))
    return choices


def basemap_title(basemap_id: str, title: str, lang: Lang) -> str:
    """The basemap's name in ``lang``: the catalogue of texts knows the bundled basemaps;
    a pack or an online provider keeps the title it was given."""
    key = f"basemap.{basemap_id}"
    return t(key, lang) if key in TEXTS else title


def find_basemap(choices: list[Basemap], basemap_id: str) -> Basemap:
    return next((b for b in choices if b.id == basemap_id), choices[0])


def default_basemap(choices: list[Basemap]) -> str:
    ids = [b.id for b in choices]
    return DEFAULT_BASEMAP if DEFAULT_BASEMAP in ids else ids[0]
