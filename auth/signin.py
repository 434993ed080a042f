"""The sign-in side of :mod:`auth.web`: the open pages (``/login``, ``/logout``,
``/healthz``), the account pages (``/account/password``, ``/account/tokens``), their CSRF
protection, and where a signed-in user lands.

Plain server-rendered HTML (``auth/templates``, ``auth/static``): no script, so it works under
the Content-Security-Policy and before any Dash bundle may load.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from flask import Blueprint, Response, current_app, redirect, render_template, request

from auth.principal import Principal
from auth.web import (
    CSRF_COOKIE,
    PASSWORD_PATH,
    SESSION_COOKIE,
    TOKENS_PATH,
    _json_refusal,
    _page_for,
    allowed_pages,
    auth_service,
    client_address,
    current_principal,
    page_permission,
    request_id,
)
from core.errors import Forbidden, OneMapError, TooManyRequests, Unauthorized
from core.i18n import Lang, t

log = logging.getLogger(__name__)

# -- CSRF ------------------------------------------------------------------------------------
def _csrf_expected(nonce: str) -> str:
    key = auth_service().secret_key
    return hmac.new(key.encode(), nonce.encode(), "sha256").hexdigest()


def csrf_token() -> tuple[str, str]:
    """(cookie nonce, form token) for an HTML form; the nonce cookie is reused if set."""
    nonce = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    return nonce, _csrf_expected(nonce)


def check_csrf_form() -> None:
    nonce = request.cookies.get(CSRF_COOKIE, "")
    token = request.form.get("csrf", "")
    if not nonce or not hmac.compare_digest(token, _csrf_expected(nonce)):
        raise Forbidden("the form has expired or did not come from this site: reload the "
                        "page and try again")


def same_origin() -> bool:
    """True when an unsafe request comes from a page of this site (Origin or Referer)."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not source:
        return False
    origin = urlsplit(source)
    here = {urlsplit(request.host_url).netloc,
            urlsplit(current_app.extensions["onemap"].settings.base_url).netloc}
    return origin.netloc in here


def safe_next(target: str | None) -> str:
    """A local path to go back to after sign-in (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") \
            or "\\" in target or any(ord(c) < 32 for c in target):
        return "/"
    return target


# -- the pages of sign-in ---------------------------------------------------------------------
def _lang() -> Lang:
    value = request.args.get("lang") or request.form.get("lang")
    if value in ("zh", "en"):
        return value  # type: ignore[return-value]
    return current_app.extensions["onemap"].settings.lang


def _set_session_cookie(response: Response, secret: str, principal: Principal) -> None:
    settings = current_app.extensions["onemap"].settings
    from auth.roles import LONG_SESSION_ROLES

    long = set(principal.roles) <= LONG_SESSION_ROLES
    response.set_cookie(SESSION_COOKIE, secret, httponly=True, samesite="Lax",
                        secure=settings.secure_cookies or request.is_secure, path="/",
                        max_age=settings.display_session_days * 86400 if long else None)


def _render(template: str, status: int = 200, **context: Any) -> Response:
    lang = _lang()
    nonce, token = csrf_token()
    body = render_template(template, lang=lang, tr=lambda key: t(key, lang), csrf=token,
                           other_lang="en" if lang == "zh" else "zh", **context)
    response = Response(body, status=status, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="Strict", path="/",
                        secure=current_app.extensions["onemap"].settings.secure_cookies
                        or request.is_secure)
    return response


def unavailable_page() -> Response:
    """A page that says the store is down and retries by itself (no script needed)."""
    log.error("page %s: the store is unavailable for checking the session", request.path)
    response = _render("unavailable.html", 503, next="/")
    response.headers["Retry-After"] = "15"
    return response


def create_auth_blueprint() -> Blueprint:
    here = Path(__file__).resolve().parent
    bp = Blueprint("auth", __name__, template_folder=str(here / "templates"),
                   static_folder=str(here / "static"), static_url_path="/auth/static")

    @bp.get("/healthz")
    def healthz() -> Response:
        from store.db import check_connection

        try:
            check_connection(current_app.extensions["onemap"].engine)
            return Response(json.dumps({"status": "ok", "database": "ok"}),
                            content_type="application/json")
        except OneMapError:
            log.exception("health check: database unavailable")
            return Response(json.dumps({"status": "degraded", "database": "unavailable"}),
                            status=503, content_type="application/json")

    @bp.route("/login", methods=["GET", "POST"])
    def login() -> Response:
        target = safe_next(request.values.get("next"))
        if request.method == "GET":
            if current_principal_from_cookie() is not None:
                return redirect(target)
            return _render("login.html", next=target, username="", error="")
        username = request.form.get("username", "").strip()
        try:
            check_csrf_form()
            result = auth_service().sign_in(
                username, request.form.get("password", ""), address=client_address(),
                user_agent=request.headers.get("User-Agent", ""), request_id=request_id())
        except TooManyRequests as exc:
            minutes = max(1, -(-exc.retry_after // 60))
            response = _render("login.html", 429, next=target, username=username,
                               error=t("auth.locked", _lang()).format(minutes=minutes))
            response.headers["Retry-After"] = str(exc.retry_after)
            return response
        except Unauthorized:
            return _render("login.html", 401, next=target, username=username,
                           error=t("auth.failed", _lang()))
        except Forbidden:
            return _render("login.html", 403, next=target, username=username,
                           error=t("auth.csrf", _lang()))
        except OneMapError:  # the store is down
            log.exception("sign-in failed: the store is unavailable")
            return _render("login.html", 503, next=target, username=username,
                           error=t("error.store", _lang()))
        if result.principal.must_change_password:
            response = redirect(f"{PASSWORD_PATH}?next={quote(target)}")
        else:
            response = redirect(_landing(result.principal, target))
        _set_session_cookie(response, result.session_secret, result.principal)
        return response

    @bp.post("/logout")
    def logout() -> Response:
        secret = request.cookies.get(SESSION_COOKIE)
        principal = current_principal()
        if secret and principal is not None:
            if not same_origin():
                return _json_refusal(Forbidden("cross-site request refused"))
            auth_service().sign_out(secret, principal.actor(client_address(), request_id()))
        response = redirect("/login")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @bp.route(PASSWORD_PATH, methods=["GET", "POST"])
    def change_password() -> Response:
        principal = current_principal()
        target = safe_next(request.values.get("next"))
        if principal is None or principal.via != "session":
            return redirect(f"/login?next={quote(PASSWORD_PATH)}")
        if request.method == "GET":
            return _render("password.html", next=target, error="", principal=principal)
        try:
            check_csrf_form()
            new = request.form.get("new", "")
            if new != request.form.get("confirm", ""):
                raise OneMapError(t("auth.password.mismatch", _lang()))
            auth_service().change_own_password(
                principal, request.form.get("old", ""), new,
                principal.actor(client_address(), request_id()))
        except OneMapError as exc:
            return _render("password.html", 400, next=target, error=exc.message,
                           principal=principal)
        return redirect(_landing(principal, target))

    @bp.route(TOKENS_PATH, methods=["GET", "POST"])
    def tokens_page() -> Response:
        principal = current_principal()
        if principal is None or principal.via != "session":
            return redirect(f"/login?next={quote(TOKENS_PATH)}")
        service = auth_service()
        error, new_token, status = "", "", 200
        if request.method == "POST":
            actor = principal.actor(client_address(), request_id())
            try:
                check_csrf_form()
                if request.form.get("action") == "revoke":
                    service.revoke_token(actor, _form_int("id", 1, 2**31),
                                         owner=principal.username)
                else:
                    new_token, _ = service.create_token(
                        actor, principal.username, request.form.get("label", ""),
                        _form_int("days", 1, 3650))
            except OneMapError as exc:
                error, status = exc.message, exc.status
        return _render("tokens.html", status, principal=principal, error=error,
                       new_token=new_token, tokens=service.list_tokens(principal.username))

    return bp


def _form_int(name: str, lo: int, hi: int) -> int:
    from core.web.rest import parse_int

    return parse_int(name, request.form.get(name, ""), lo, hi)


def current_principal_from_cookie() -> Principal | None:
    secret = request.cookies.get(SESSION_COOKIE)
    try:
        return auth_service().resolve_session(secret) if secret else None
    except OneMapError:
        return None


def _landing(principal: Principal, target: str) -> str:
    """``target`` when the principal may open it, else their first page."""
    page = _page_for(urlsplit(target).path)
    if page is None or principal.can(page_permission(page)):
        return target
    first = next(iter(allowed_pages(principal)), None)
    return first["relative_path"] if first else "/account/password"
