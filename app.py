"""One Map (生态环境“一张图”指挥决策平台): assembles the app, nothing else.

settings → context (engine, layer registry) → Dash(use_pages) → service blueprints
(``/ogc``, ``/tiles``, ``/wmts``, ``/api``) → shell → ``server`` for gunicorn.
"""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash

from apidocs import install_apidocs
from assembly import build_context, workspace_blueprints
from auth.service import AuthService
from auth.web import install_auth
from core.context import install
from core.i18n import t
from core.settings import Settings, load_settings
from core.web import install_web
from jobs.manager import background_manager
from layers import build_registry
from pages.shell import shell
from tiles import register_services

ROOT = Path(__file__).resolve().parent


def create_app(settings: Settings | None = None) -> Dash:
    settings = settings or load_settings()
    context = build_context(settings, build_registry())
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "pages"),
        assets_folder=str(ROOT / "assets"),
        title=t("app.title", settings.lang, region=settings.region),
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
        background_callback_manager=background_manager(settings),  # jobs/: diskcache|Celery
    )
    install(app.server, context)
    register_services(app.server, context)
    for blueprint in workspace_blueprints():  # <package>/api.py: create_blueprint()
        app.server.register_blueprint(blueprint)
    install_auth(app, AuthService(context.engine, settings))
    install_apidocs(app.server)
    app.layout = lambda: shell(settings.lang, dash.page_registry)  # per user: nav by role
    install_web(app, settings)
    return app


if __name__ == "__main__":
    _settings = load_settings()
    create_app(_settings).run(host=_settings.host, port=_settings.port, debug=_settings.debug)
