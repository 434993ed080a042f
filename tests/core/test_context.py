"""``core.context`` holds the context's type and where it lives; assembling it (engine,
layers) is the app's job, so importing ``core`` loads nothing of the app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from flask import Flask

from core.context import EXTENSION_KEY, AppContext, current_context, install
from core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_importing_core_loads_no_app_package():
    code = ("import sys, core.context, core.clock, core.errors, core.settings; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'layers', 'store', 'tiles', 'pages', 'auth', 'cockpit', 'emergency', "
            "'decision_models', 'assembly', 'app'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "[]"


def test_installed_context_is_the_current_one(tmp_path):
    from sqlalchemy import create_engine

    from layers import build_registry

    engine = create_engine("postgresql+psycopg://u@127.0.0.1:9/none")  # never connected
    context = AppContext(Settings(database_url="", var_dir=tmp_path), engine, build_registry())
    server = Flask(__name__)
    install(server, context)
    assert server.extensions[EXTENSION_KEY] is context
    with server.app_context():
        assert current_context() is context
    engine.dispose()
