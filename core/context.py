"""What the app builds once at start-up and every request reads: settings, engine, layers.

It lives on the Flask server (``server.extensions["onemap"]``), never in module state;
callbacks and endpoints reach it through :func:`current_context`. It is assembled at
start-up by :func:`assembly.build_context` (the store and the layer registry are not
``core``'s to import).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app
from sqlalchemy import Engine

from core.settings import Settings

if TYPE_CHECKING:
    from layers.registry import LayerRegistry

EXTENSION_KEY = "onemap"


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    engine: Engine
    registry: LayerRegistry


def install(server: Flask, context: AppContext) -> None:
    server.extensions[EXTENSION_KEY] = context


def current_context() -> AppContext:
    return current_app.extensions[EXTENSION_KEY]
