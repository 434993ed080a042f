"""``/api/openapi.json`` and ``/api/docs``: the whole app's OpenAPI document and its page.

The document is built per request from the running app (its layer registry, settings and
the permissions of its views), so it always describes the routes actually served. The
page reuses the OGC API page's renderer and stylesheet (one local CSS file, no script, no
inline style).
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, json, url_for

from apidocs.document import build_api_document, view_permissions
from apidocs.operations import OPENAPI_JSON
from core.context import current_context
from tiles.errors import register_error_handlers
from tiles.features.apidoc import render_api_html


def current_document() -> dict:
    context = current_context()
    return build_api_document(context.registry, context.settings,
                              view_permissions(current_app.view_functions))


def create_apidocs_blueprint() -> Blueprint:
    bp = Blueprint("apidocs", __name__, url_prefix="/api")
    register_error_handlers(bp)

    @bp.get("/openapi.json")
    def openapi() -> Response:
        body = json.dumps(current_document(), ensure_ascii=False)
        return Response(body, content_type=f"{OPENAPI_JSON}; charset=utf-8")

    @bp.get("/docs")
    def docs() -> Response:
        page = render_api_html(current_document(),
                               url_for("ogc.static", filename="ogc-api.css"),
                               url_for("apidocs.openapi"))
        return Response(page, content_type="text/html; charset=utf-8")

    return bp


def install_apidocs(server: Flask) -> None:
    """Serve the document and its page (register after, or before, the other blueprints:
    the document reads the app's views per request)."""
    server.register_blueprint(create_apidocs_blueprint())
