"""What every page shares: turning errors into notices."""

from __future__ import annotations

import logging

from dash import html

from core.errors import OneMapError
from core.i18n import Lang, t
from core.web.errors import is_store_down
from decision_models.errors import ModelInputError

log = logging.getLogger(__name__)


def notice(message: str, lang: Lang, level: str = "warning") -> html.Div:
    return html.Div([html.Strong(t("error.title", lang) + "："), message],
                    className=f"notice notice--{level}", role="alert")


def error_notice(exc: Exception, lang: Lang) -> html.Div:
    """The one place that turns an exception into a user-facing notice."""
    if is_store_down(exc):
        # The driver's text names the database host and port: it goes to the log only.
        log.error("data store unavailable: %s", exc, exc_info=exc)
        return notice(t("error.store", lang), lang, "error")
    if isinstance(exc, OneMapError):
        return notice(exc.message, lang, "error" if exc.status >= 500 else "warning")
    if isinstance(exc, ModelInputError):
        return notice(str(exc), lang)
    log.exception("unexpected error in a page callback")
    return notice(t("error.generic", lang) + type(exc).__name__, lang, "error")


def region_map_view(size_px: tuple[int, int], min_zoom: int = 7) -> dict[str, object]:
    """``center``, ``zoom`` and ``minZoom`` of a workspace map of ``size_px`` [px]: the
    served region's extent (``region.toml`` bbox) framed; the least zoom lets the whole
    region be seen (a province)."""
    from core.context import current_context
    from pages.onemap.state import region_frame

    (lat, lon), zoom = region_frame(current_context().settings.region.bbox, size_px)
    return {"center": [lat, lon], "zoom": zoom, "minZoom": min(min_zoom, zoom)}
