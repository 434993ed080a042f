"""What the app builds once at start-up and every request reads: settings, engine, layers.

It lives on the Flask server (``server.extensions["onemap"]``), never in module state;
callbacks and endpoints reach it through :func:`current_context`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import Engine

from core.settings import Settings
from layers.registry import LayerRegistry
from store.cluster import LocalCluster
from store.db import make_engine

EXTENSION_KEY = "onemap"


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    engine: Engine
    registry: LayerRegistry


def database_url(settings: Settings) -> str:
    """``DATABASE_URL``, or the private cluster under ``var/pg`` that ``make run`` starts."""
    if settings.database_url:
        return settings.database_url
    return LocalCluster(Path(settings.var_dir) / "pg", settings.local_pg_port).url


def build_context(settings: Settings, registry: LayerRegistry) -> AppContext:
    # No connection at start-up: an unreachable database gives a notice per request
    # (StoreUnavailable → 503 / UI notice) instead of an app that will not start.
    engine = make_engine(database_url(settings), check=False, pool_size=5, max_overflow=5)
    return AppContext(settings, engine, registry)


def install(server: Flask, context: AppContext) -> None:
    server.extensions[EXTENSION_KEY] = context


def current_context() -> AppContext:
    return current_app.extensions[EXTENSION_KEY]
