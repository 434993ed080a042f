"""The app shell: header with navigation from the page registry, and the page container.

The header follows the page's ``?lang=`` like the page itself (one small callback on
the pages router's location).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

import dash
from dash import Input, Output, callback, dcc, html

from core.i18n import Lang, t

TITLE = "shell-title"
NAV = "shell-nav"
LANG_SWITCH = "shell-lang"
PAGES_LOCATION = "_pages_location"  # the location component of dash.page_container


def _nav(lang: Lang, registry: Mapping[str, Mapping[str, Any]]) -> list[Any]:
    pages = sorted(registry.values(), key=lambda p: p.get("order") or 0)
    suffix = "?lang=en" if lang == "en" else ""
    return [dcc.Link(t(p["nav_key"], lang) if p.get("nav_key") else p["name"],
                     href=p["relative_path"] + suffix, className="nav-link") for p in pages]


def shell(lang: Lang, registry: Mapping[str, Mapping[str, Any]]) -> html.Div:
    return html.Div([
        html.Header([
            html.H1(t("app.title", lang), id=TITLE, className="app-title"),
            html.Nav(_nav(lang, registry), id=NAV, className="app-nav"),
            html.A(t("lang.switch", lang), id=LANG_SWITCH,
                   href="?lang=en" if lang == "zh" else "?lang=zh", className="lang-switch"),
        ], className="app-header"),
        html.Div(dash.page_container, className="app-body"),
    ], className="app")


def lang_of(search: str | None, default: Lang = "zh") -> Lang:
    value = parse_qs((search or "").lstrip("?")).get("lang", [default])[0]
    return value if value in ("zh", "en") else default  # type: ignore[return-value]


@callback(
    Output(TITLE, "children"), Output(NAV, "children"), Output(LANG_SWITCH, "children"),
    Output(LANG_SWITCH, "href"), Input(PAGES_LOCATION, "search"),
)
def follow_language(search: str | None):
    lang = lang_of(search)
    other = "zh" if lang == "en" else "en"
    return (t("app.title", lang), _nav(lang, dash.page_registry), t("lang.switch", lang),
            f"?lang={other}")
