"""Start-up assembly of the app context: settings → engine (store) + layer registry.

Kept out of ``core`` so that ``core`` depends on nothing of the app; ``app.py`` and the
tests that build a context call :func:`build_context`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from flask import Blueprint

from core.context import AppContext
from core.settings import Settings
from layers.registry import LayerRegistry
from store.cluster import resolve_database_url
from store.db import make_engine

ROOT = Path(__file__).resolve().parent


def build_context(settings: Settings, registry: LayerRegistry) -> AppContext:
    """The context of one app process: its settings, a lazy engine and the layers.

    No connection at start-up: an unreachable database gives a notice per request
    (StoreUnavailable → 503 / UI notice) instead of an app that will not start; so the
    private cluster is only named here, never started (``manage.py`` starts it).
    """
    engine = make_engine(resolve_database_url(settings, start=False), check=False,
                         pool_size=5, max_overflow=5)
    return AppContext(settings, engine, registry)


#: Workspaces whose REST API is a blueprint made by ``<package>/api.py:create_blueprint()``.
#: Auth and the spatial services are installed by their own functions (app.py).
NOT_WORKSPACES = frozenset({"auth", "tiles"})


def workspace_blueprints() -> list[Blueprint]:
    """The ``/api`` blueprint of every workspace package, in package-name order."""
    blueprints = []
    for api in sorted(ROOT.glob("*/api.py")):
        package = api.parent.name
        if package in NOT_WORKSPACES or not (api.parent / "__init__.py").exists():
            continue
        blueprints.append(importlib.import_module(f"{package}.api").create_blueprint())
    return blueprints
