"""Parts of the one UI catalogue (:mod:`core.i18n`), one module per workspace.

Each module here defines ``TEXTS: dict[str, tuple[str, str]]`` (key → (Chinese, English))
with keys prefixed by its area (``tasks.``, ``data.`` …). :func:`core.i18n.t` reads them
all as one catalogue; a key defined twice stops the app at import.
"""

from __future__ import annotations

import importlib
import pkgutil


def catalogue_parts() -> dict[str, dict[str, tuple[str, str]]]:
    """``{module name: TEXTS}`` of every module in this package, in name order."""
    parts: dict[str, dict[str, tuple[str, str]]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        parts[info.name] = module.TEXTS
    return parts
