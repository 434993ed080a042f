"""The app shell: header with navigation from the page registry, and the page container."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
from dash import dcc, html

from core.i18n import Lang, t


def shell(lang: Lang, registry: Mapping[str, Mapping[str, Any]]) -> html.Div:
    pages = sorted(registry.values(), key=lambda p: p.get("order") or 0)
    nav = [dcc.Link(t(p["nav_key"], lang) if p.get("nav_key") else p["name"],
                    href=p["relative_path"], className="nav-link") for p in pages]
    return html.Div([
        html.Header([
            html.H1(t("app.title", lang), className="app-title"),
            html.Nav(nav, className="app-nav"),
            html.A(t("lang.switch", lang), href="?lang=en" if lang == "zh" else "?lang=zh",
                   className="lang-switch"),
        ], className="app-header"),
        html.Div(dash.page_container, className="app-body"),
    ], className="app")
