"""The app shell: header with navigation from the page registry, and the page container.

The navigation lists only the pages the signed-in user's roles allow (from
``auth.roles`` through each page's ``permission``); the header shows who is signed in and
a sign-out button. It follows the page's ``?lang=`` like the page itself (one small
callback on the pages router's location), and the deployment's language
(``ONEMAP_LANG``) when there is none. The language switch's link keeps the whole view:
``assets/onemap_clientside.js`` rewrites it from the address bar when it is clicked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

import dash
from dash import Input, Output, callback, dcc, html

from auth.web import allowed_pages, current_principal
from core.context import current_context
from core.i18n import Lang, t

TITLE = "shell-title"
NAV = "shell-nav"
LANG_SWITCH = "shell-lang"
USER = "shell-user"
PAGES_LOCATION = "_pages_location"  # the location component of dash.page_container


def _nav(lang: Lang, registry: Mapping[str, Mapping[str, Any]]) -> list[Any]:
    pages = [p for p in allowed_pages(current_principal()) if p.get("in_nav", True)]
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
            user_box(lang),
        ], className="app-header"),
        html.Div(dash.page_container, className="app-body"),
    ], className="app")


def user_box(lang: Lang) -> html.Div:
    """Who is signed in, a link to change the password, and the sign-out button."""
    principal = current_principal()
    if principal is None:
        return html.Div(id=USER, className="user-box")
    return html.Div([
        html.A(principal.display_name or principal.username, href="/account/password",
               title=t("auth.password.title", lang), className="user-name"),
        html.Form(html.Button(t("auth.sign_out", lang), type="submit",
                              className="sign-out"),
                  action="/logout", method="POST", className="sign-out-form"),
    ], id=USER, className="user-box", **{"data-user": principal.username})


def lang_of(search: str | None, default: Lang = "zh") -> Lang:
    value = parse_qs((search or "").lstrip("?")).get("lang", [default])[0]
    return value if value in ("zh", "en") else default  # type: ignore[return-value]


@callback(
    Output(TITLE, "children"), Output(NAV, "children"), Output(LANG_SWITCH, "children"),
    Output(LANG_SWITCH, "href"), Output(USER, "children"), Input(PAGES_LOCATION, "search"),
)
def follow_language(search: str | None):
    lang = lang_of(search, current_context().settings.lang)
    other = "zh" if lang == "en" else "en"
    return (t("app.title", lang), _nav(lang, dash.page_registry), t("lang.switch", lang),
            f"?lang={other}", user_box(lang).children)
