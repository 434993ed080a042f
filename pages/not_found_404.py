"""The page Dash shows for an unknown path inside the app, in the deployment's language
(``ONEMAP_LANG``; Dash gives a 404 layout no query parameters to follow)."""

from __future__ import annotations

from dash import html, register_page

from auth.roles import PAGE_ONEMAP
from core.context import current_context
from core.i18n import t


def _lang():
    return current_context().settings.lang


def title() -> str:
    return t("error.not_found.title", _lang())


register_page(__name__, path="/404", title=title, permission=PAGE_ONEMAP, in_nav=False)


def layout(**_query: str) -> html.Div:
    lang = _lang()
    return html.Div([
        html.H2(t("error.not_found.title", lang)),
        html.P(t("error.not_found.text", lang)),
        html.A(t("error.not_found.home", lang), href="/", className="btn btn--primary"),
    ], className="not-found-page")
