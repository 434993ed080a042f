"""Small helpers every REST blueprint under ``/api`` shares: JSON in and out, typed fields,
query parameters and ``If-Match``. Errors are :mod:`core.errors` (400 for a malformed
request, 422 for a well-formed one whose field is wrong, naming the field)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, json, request

from core.errors import BadRequest, Unprocessable

#: The converter of a path variable holding a database id (``<{ID}:name>``): a number beyond
#: PostgreSQL's ``integer`` is no such record (404), not a database error.
ID = "int(max=2147483647)"


def jsonable(value: Any) -> Any:
    """``value`` with datetimes, dates and sets turned into JSON types."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def json_response(payload: Any, status: int = 200,
                  headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(jsonable(payload), ensure_ascii=False)
    return Response(body, status=status, content_type="application/json; charset=utf-8",
                    headers=headers)


def json_body() -> dict[str, Any]:
    """The request's JSON object (400 when it is not one)."""
    if not request.is_json:
        raise BadRequest("send a JSON object (Content-Type: application/json)")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body


def field(body: dict[str, Any], name: str, kind: type | tuple[type, ...],
          required: bool = False) -> Any:
    """``body[name]`` checked against ``kind`` (422 naming the field); None when absent."""
    value = body.get(name)
    if value is None:
        if required:
            raise Unprocessable(f"{name}: required")
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        names = "/".join(k.__name__ for k in kinds)
        raise Unprocessable(f"{name}: must be {names}, got {type(value).__name__}")
    return value


def str_list(body: dict[str, Any], name: str, required: bool = False) -> list[str] | None:
    value = field(body, name, list, required)
    if value is not None and not all(isinstance(v, str) for v in value):
        raise Unprocessable(f"{name}: must be a list of strings")
    return value


def int_arg(name: str, default: int, lo: int, hi: int) -> int:
    """An integer query parameter within ``[lo, hi]`` (400 otherwise)."""
    raw = request.args.get(name)
    return default if raw in (None, "") else parse_int(name, raw, lo, hi)


def parse_int(name: str, raw: str, lo: int, hi: int) -> int:
    """``raw`` as an integer within ``[lo, hi]`` (400 naming ``name`` otherwise)."""
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name}: must be an integer, got {raw!r}") from None
    if not lo <= value <= hi:
        raise BadRequest(f"{name}: must be between {lo} and {hi}, got {value}")
    return value


def instant_arg(name: str) -> dt.datetime | None:
    """An ISO 8601 date or time query parameter (400 when malformed)."""
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(f"{name}: not an ISO 8601 date or time, got {raw!r}") from None


def if_match(what: str = "record") -> int:
    """The version in ``If-Match`` (an integer, quoted or weak); 422 when missing or bad."""
    raw = (request.headers.get("If-Match") or "").strip().removeprefix("W/").strip('"')
    if not raw:
        raise Unprocessable(f"If-Match: required (the {what}'s version)")
    try:
        return int(raw)
    except ValueError:
        raise Unprocessable(f"If-Match: must be the {what}'s version, got {raw!r}") from None
