"""Flask side of sign-in: who is asking, the guard in front of every route, and the
sign-in, sign-out and password pages.

Credentials, in order:
1. ``Authorization: Bearer <token>`` or HTTP Basic (user name + token as password), for
   GIS clients and integrations;
2. the session cookie (``onemap_session``) set by the sign-in page.

Route families and what they need:

==================================  ========================================================
``/healthz``, ``/login``,           open
``/auth/static/…``
``/ogc``, ``/tiles``, ``/wmts``     :data:`auth.roles.DATA_READ`; 401/403 JSON
``/api/…``                          signed in (401 JSON); each endpoint names its permission
``/_dash-update-component``         the permission of the page that owns the callback
other ``/_dash-…``, ``/assets``     signed in (401 JSON)
pages                               signed in (else redirect to ``/login``), and the page's
                                    ``permission`` (else its first allowed page, or 403)
==================================  ========================================================

Unsafe methods on a cookie session must come from our own origin (``Origin``/``Referer``
checked); the HTML forms of the sign-in pages (:mod:`auth.signin`) carry a signed CSRF token.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

import dash
from dash import Dash
from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_request_context,
    redirect,
    request,
)

from auth.principal import Principal
from auth.roles import DATA_READ, PAGE_COCKPIT, PAGE_ONEMAP, all_permissions
from auth.service import AuthService
from core.errors import ConfigError, Forbidden, OneMapError, TooManyRequests, Unauthorized
from core.i18n import t
from tiles.errors import error_response

log = logging.getLogger(__name__)

AUTH_KEY = "onemap.auth"
SESSION_COOKIE = "onemap_session"
CSRF_COOKIE = "onemap_csrf"
OPEN_PATHS = ("/healthz", "/login")
OPEN_PREFIXES = ("/auth/static/",)
DATA_PREFIXES = ("/ogc", "/tiles", "/wmts")
API_PREFIX = "/api"
DASH_UPDATE = "/_dash-update-component"
PASSWORD_PATH = "/account/password"
TOKENS_PATH = "/account/tokens"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# -- who is asking ---------------------------------------------------------------------------
def auth_service() -> AuthService:
    return current_app.extensions[AUTH_KEY]


def current_principal() -> Principal | None:
    """The signed-in principal of this request (None outside a request or when anonymous)."""
    if not has_request_context():
        return None
    return g.get("principal")


def client_address() -> str:
    return request.remote_addr or ""


def request_id() -> str:
    """The id the request log gave this request (core.web.request_log), for audit rows."""
    return request.environ.get("onemap.request_id", "")


def current_actor():
    """The audit :class:`~auth.audit.Actor` of this request (raises when anonymous)."""
    principal = current_principal()
    if principal is None:
        raise Unauthorized("sign in first")
    return principal.actor(client_address(), request_id())


def _identify(service: AuthService) -> Principal | None:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer":
            return service.resolve_token(value.strip())
        if scheme.lower() == "basic" and request.authorization is not None:
            return service.resolve_token(request.authorization.password or "",
                                         request.authorization.username or "")
        return None
    secret = request.cookies.get(SESSION_COOKIE)
    return service.resolve_session(secret) if secret else None


def require(permission: str) -> Callable:
    """Decorator for REST endpoints: 401 when anonymous, 403 without ``permission``."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal()
            if principal is None:
                raise Unauthorized("sign in, or send an API token")
            if not principal.can(permission):
                raise Forbidden(f"your roles ({', '.join(principal.roles)}) do not allow "
                                f"this ({permission})")
            return view(*args, **kwargs)

        guarded.permission = permission  # type: ignore[attr-defined]
        return guarded

    return decorate


# -- pages -------------------------------------------------------------------------------------
def page_permission(page: dict[str, Any]) -> str:
    return page.get("permission") or ""


def allowed_pages(principal: Principal | None) -> list[dict[str, Any]]:
    """The registered pages ``principal`` may open, in navigation order."""
    if principal is None:
        return []
    pages = sorted(dash.page_registry.values(), key=lambda p: p.get("order") or 0)
    return [p for p in pages if principal.can(page_permission(p))]


def _page_for(path: str) -> dict[str, Any] | None:
    from dash._pages import _path_to_page

    page, _ = _path_to_page(path.strip("/"))
    return page or None


def forbidden_layout(**_: Any) -> Any:
    from dash import html

    principal = current_principal()
    lang = current_app.extensions["onemap"].settings.lang
    return html.Div(html.Div([html.H2(t("auth.forbidden.title", lang)),
                              html.P(t("auth.forbidden.text", lang))],
                             className="notice notice--warning", role="alert"),
                    className="forbidden-page",
                    **{"data-user": principal.username if principal else ""})


def _guard_layout(layout: Any, permission: str) -> Callable[..., Any]:
    def guarded(**kwargs: Any) -> Any:
        principal = current_principal()
        if principal is None or not principal.can(permission):
            return forbidden_layout()
        return layout(**kwargs) if callable(layout) else layout

    return guarded


# -- Dash callbacks ----------------------------------------------------------------------------
class CallbackPermissions:
    """Which permission each server callback needs: that of the page whose package
    defines it (``pages.onemap.callbacks`` → the page in ``pages.onemap``). Callbacks
    outside any page package (the shell, Dash's page router) need only a session."""

    def __init__(self, app: Dash) -> None:
        self._app = app
        self._map: dict[str, str] | None = None

    def _build(self) -> dict[str, str]:
        from dash import _callback

        pages = list(dash.page_registry.values())
        modules = {p["module"]: page_permission(p) for p in pages}
        packages = {p["module"].rsplit(".", 1)[0]: page_permission(p) for p in pages
                    if p["module"].count(".") >= 2}  # pages.<name>.page → pages.<name>
        found: dict[str, str] = {}
        callbacks = {**_callback.GLOBAL_CALLBACK_MAP, **self._app.callback_map}
        for output, spec in callbacks.items():
            module = getattr(spec.get("callback"), "__module__", "") or ""
            found[output] = modules.get(module) or next(
                (perm for pkg, perm in packages.items()
                 if module == pkg or module.startswith(pkg + ".")), "")
        return found

    def for_output(self, output: str) -> str | None:
        """The permission, "" for session-only, None for an unknown callback."""
        if self._map is None or output not in self._map:
            self._map = self._build()
        return self._map.get(output)


# -- the guard ---------------------------------------------------------------------------------
def _is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


def _under(path: str, prefixes: tuple[str, ...] | str) -> bool:
    prefixes = (prefixes,) if isinstance(prefixes, str) else prefixes
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def _json_refusal(exc: OneMapError) -> Response:
    response = error_response(exc)
    if isinstance(exc, Unauthorized) and SESSION_COOKIE not in request.cookies:
        # a GIS client sends its Basic credentials after this challenge
        response.headers["WWW-Authenticate"] = 'Basic realm="One Map", charset="UTF-8"'
    if isinstance(exc, TooManyRequests):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _machine_path(path: str) -> bool:
    """Paths answered with JSON (services, REST, Dash's own endpoints and assets)."""
    return (_under(path, (*DATA_PREFIXES, API_PREFIX)) or path.startswith("/_dash-")
            or path.startswith("/_reload-hash") or path.startswith("/assets/")
            or path.startswith("/_favicon"))


def make_guard(app: Dash, callbacks: CallbackPermissions) -> Callable[[], Response | None]:
    from auth.signin import safe_next, same_origin, unavailable_page

    def guard() -> Response | None:
        path = request.path
        if _is_open(path):
            return None
        service = auth_service()
        try:
            principal = _identify(service)
        except OneMapError as exc:  # the store is down: say so, do not pretend anonymous
            return error_response(exc) if _machine_path(path) else unavailable_page()
        g.principal = principal
        g.user_name = principal.username if principal else None
        if principal is None:
            if _machine_path(path):
                return _json_refusal(Unauthorized(
                    "sign in, or send an API token (Authorization: Bearer …, or HTTP "
                    "Basic with your user name and the token as password)"))
            return redirect(f"/login?next={quote(request.full_path.rstrip('?'))}")
        if request.method in UNSAFE and principal.via == "session" and not same_origin():
            return _json_refusal(Forbidden("cross-site request refused"))
        if principal.must_change_password and not path.startswith(("/account/", "/logout")):
            if _machine_path(path) and not path.startswith(("/_dash-component-suites",
                                                             "/assets/")):
                return _json_refusal(Forbidden("change your password first (/account/password)"))
            if not _machine_path(path):
                here = safe_next(request.full_path.rstrip("?"))
                return redirect(f"{PASSWORD_PATH}?next={quote(here)}")
        if _under(path, DATA_PREFIXES) and not principal.can(DATA_READ):
            return _json_refusal(Forbidden("your roles do not allow the spatial services"))
        if path == DASH_UPDATE and request.method == "POST":
            return _check_callback(callbacks, principal)
        if not _machine_path(path) and not path.startswith(("/account/", "/logout")):
            page = _page_for(path)
            if page is not None and not principal.can(page_permission(page)):
                first = next(iter(allowed_pages(principal)), None)
                if first is not None and request.method == "GET":
                    return redirect(first["relative_path"])
                return Response(status=403)
        return None

    return guard


def _check_callback(callbacks: CallbackPermissions, principal: Principal) -> Response | None:
    body = request.get_json(silent=True)
    output = body.get("output") if isinstance(body, dict) else None
    if not isinstance(output, str):
        return None  # malformed: the envelope check answers 400
    permission = callbacks.for_output(output)
    if permission and not principal.can(permission):
        log.warning("callback %s refused to %s (needs %s)", output[:120], principal.username,
                    permission)
        return _json_refusal(Forbidden("your roles do not allow this page's actions"))
    return None


def audit_token_writes(response: Response) -> Response:
    """Token writes to the REST API are audited (sessions are audited by the write itself).

    Only ``/api``: a token driving the Dash callback endpoint (``POST
    /_dash-update-component``) reads, and every callback that writes audits its own write.
    """
    principal = current_principal()
    if principal is not None and principal.via == "token" and request.method in UNSAFE \
            and request.path.startswith("/api/"):
        try:
            auth_service().record(principal.actor(client_address(), request_id()),
                                  "token.write", object_type="token",
                                  object_id=principal.credential_id,
                                  detail=f"{request.method} {request.path} -> "
                                         f"{response.status_code}")
        except OneMapError:
            log.exception("could not audit a token write")
    return response


# -- installation -----------------------------------------------------------------------------
def install_auth(app: Dash, service: AuthService) -> None:
    """Guard every route of ``app`` and mount the sign-in pages."""
    server: Flask = app.server
    server.extensions[AUTH_KEY] = service
    known = all_permissions()
    for page in dash.page_registry.values():
        permission = page_permission(page)
        if permission not in known:
            raise ConfigError(f"page {page['module']} must declare a known permission "
                              f"(register_page(..., permission=...)), got {permission!r}")
        page["layout"] = _guard_layout(page["layout"], permission)
    from auth.api import create_auth_api_blueprint
    from auth.signin import create_auth_blueprint

    server.register_blueprint(create_auth_blueprint())
    server.register_blueprint(create_auth_api_blueprint())
    server.before_request(make_guard(app, CallbackPermissions(app)))
    server.after_request(audit_token_writes)


__all__ = ["DATA_READ", "PAGE_COCKPIT", "PAGE_ONEMAP", "current_actor", "current_principal",
           "install_auth", "require"]
