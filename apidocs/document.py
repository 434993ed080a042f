"""The whole app's OpenAPI 3.0 document: the ``/ogc`` paths of
:func:`tiles.features.build_openapi` composed with every ``/api`` operation.

:func:`build_api_document` is a pure function of ``(registry, settings, permissions)``;
``permissions`` maps a Flask endpoint to the permission its ``@require`` names (see
:func:`view_permissions`), and becomes each operation's ``x-permission``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from apidocs.operations import ALWAYS, JSON, Operation, api_operations
from apidocs.schemas import api_schemas
from auth.roles import DATA_READ
from auth.web import SESSION_COOKIE
from core.settings import Settings
from layers.registry import LayerRegistry
from tiles.features import build_openapi

API_VERSION = "1.0.0"
ERROR_ORDER = ("400", "401", "403", "404", "409", "422", "503")


def view_permissions(views: Mapping[str, Callable[..., Any]]) -> dict[str, str]:
    """Flask endpoint → the permission its view's ``@require`` names (views without one
    are left out: the sign-in gate in front of ``/api`` is all they need)."""
    return {endpoint: view.permission for endpoint, view in views.items()
            if isinstance(getattr(view, "permission", None), str)}


def _error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {JSON: {"schema": {"$ref": "#/components/schemas/Exception"}}}}


ERRORS = {
    "400": _error("The request is malformed (the description says what). 请求格式错误。"),
    "401": _error("Not signed in: send a session cookie, a Bearer token or HTTP Basic with "
                  "the token as password. 未登录。"),
    "403": _error("Signed in, but the roles do not grant `x-permission`. 无权限。"),
    "404": _error("No such record. 未找到。"),
    "409": _error("Conflict: the version sent is stale, or the record is in a state that "
                  "refuses the change; reload and apply again. 版本冲突。"),
    "422": _error("Well-formed but a field is wrong (the description names it). 字段无效。"),
    "503": _error("The data store cannot be reached; retry later. 数据库暂不可用。"),
}

SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer",
                   "description": "A personal API token (账号 → API 令牌)."},
    "basicAuth": {"type": "http", "scheme": "basic",
                  "description": "User name, and the API token as password (for GIS "
                                 "clients such as QGIS)."},
    "sessionCookie": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE,
                      "description": "The browser session set by the sign-in page."},
}


def _operation(op: Operation, permissions: Mapping[str, str]) -> dict[str, Any]:
    permission = permissions.get(op.endpoint)
    who = (f"Needs the permission `{permission}`." if permission
           else "Any signed-in account.")
    out: dict[str, Any] = {"operationId": op.operation_id, "summary": op.summary,
                           "description": who, "tags": [op.tag]}
    if op.parameters:
        out["parameters"] = list(op.parameters)
    if op.body:
        out["requestBody"] = {"required": True, "content": {JSON: {
            "schema": {"$ref": f"#/components/schemas/{op.body}"}}}}
    codes = set(ALWAYS) | set(op.errors)
    out["responses"] = {op.status: op.ok, **{
        code: {"$ref": f"#/components/responses/Api{code}"}
        for code in ERROR_ORDER if code in codes}}
    if permission:
        out["x-permission"] = permission
    return out


def _signed_in(path_item: Mapping[str, Any]) -> dict[str, Any]:
    """An ``/ogc`` path of the OGC document as this server answers it: signed in, with
    the permission ``data:read`` (the standalone ``/ogc/api`` document is the OGC view)."""
    out: dict[str, Any] = {}
    for method, operation in path_item.items():
        if not isinstance(operation, dict) or "responses" not in operation:
            out[method] = operation
            continue
        responses = {**operation["responses"],
                     **{code: {"$ref": f"#/components/responses/Api{code}"}
                        for code in ("401", "403") if code not in operation["responses"]}}
        out[method] = {**operation, "responses": responses, "x-permission": DATA_READ}
    return out


def build_api_document(registry: LayerRegistry, settings: Settings,
                       permissions: Mapping[str, str]) -> dict[str, Any]:
    """The OpenAPI 3.0 document of ``/ogc`` and ``/api`` (a plain JSON-able dict)."""
    ogc = build_openapi(registry, settings)
    paths: dict[str, Any] = {path: _signed_in(item) for path, item in ogc["paths"].items()}
    for op in api_operations():
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, permissions)
    components = ogc["components"]
    schemas = api_schemas()
    clash = set(schemas) & set(components["schemas"])
    if clash:
        raise ValueError(f"schema names used twice: {sorted(clash)}")
    api_tags = dict.fromkeys(op.tag for op in api_operations())
    return {
        "openapi": ogc["openapi"],
        "info": {
            "title": "One Map API",
            "description": "生态环境“一张图”: the workspaces' REST API under `/api` (JSON in "
                           "and out) and the thematic layers as OGC API – Features under "
                           "`/ogc`. Every request is signed in (bearer token, HTTP Basic "
                           "with the token as password, or the session cookie); each "
                           "`/api` operation names the permission it needs in "
                           "`x-permission` (see the roles table). Errors are JSON "
                           "`{\"code\", \"description\"}`.",
            "version": API_VERSION,
        },
        "servers": ogc["servers"],
        "security": [{name: []} for name in SECURITY_SCHEMES],
        "tags": [{"name": tag} for tag in api_tags] + ogc["tags"],
        "paths": paths,
        "components": {
            **components,
            "schemas": {**components["schemas"], **schemas},
            "responses": {**components["responses"],
                          **{f"Api{code}": body for code, body in ERRORS.items()}},
            "securitySchemes": SECURITY_SCHEMES,
        },
    }
