"""The ``/api`` operations and schemas of the newer workspaces, one module per workspace.

Each module here defines ``operations() -> list[Operation]`` and ``schemas() -> dict``
(``components/schemas`` entries, names unique across the document); the document
(:mod:`apidocs.document`) adds them after the core tables. Build rows with the public
helpers of :mod:`apidocs.operations` (``ok``, ``path_param``, ``query_param``) and
:mod:`apidocs.schemas` (``obj``, ``list_of``, ``ref`` and the scalar schemas).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def area_modules() -> list[ModuleType]:
    """Every module of this package, in name order."""
    return [importlib.import_module(f"{__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)]
