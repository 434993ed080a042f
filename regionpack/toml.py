"""A small TOML writer for ``region.toml`` (read back with the standard ``tomllib``).

Only what the descriptor needs: tables of strings, numbers, booleans, arrays of scalars and
arrays of inline tables; ``None`` values are left out.
"""

from __future__ import annotations

import json
from typing import Any


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a TOML basic string
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k} = {_value(x)}" for k, x in v.items()
                               if x is not None) + "}"
    if isinstance(v, (list, tuple)):
        if v and isinstance(v[0], dict):
            return "[\n" + "".join(f"  {_value(x)},\n" for x in v) + "]"
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def dumps(doc: dict[str, Any]) -> str:
    """Top-level scalars and arrays first, then one ``[table]`` per dict value."""
    head, tables = [], []
    for k, v in doc.items():
        if v is None:
            continue
        if isinstance(v, dict):
            body = "".join(f"{kk} = {_value(vv)}\n" for kk, vv in v.items() if vv is not None)
            tables.append(f"\n[{k}]\n{body}")
        else:
            head.append(f"{k} = {_value(v)}\n")
    return "".join(head) + "".join(tables)
