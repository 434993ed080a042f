"""REST under ``/api`` for accounts, tokens and the audit log (JSON in and out).

====================================  ==============  ======================================
``GET /api/me``                       signed in       who am I: roles, permissions, pages
``GET /api/users``                    admin:users     accounts
``POST /api/users``                   admin:users     create ``{username, roles, password?,
                                                      display_name?}`` → 201 (+ generated
                                                      password, shown once)
``PATCH /api/users/{name}``           admin:users     ``{roles?, active?, display_name?,
                                                      version}`` → 200 / 409 when stale
``GET /api/tokens``                   account:self    my tokens (admin: ``?user=`` or all)
``POST /api/tokens``                  account:self    ``{label?, expires_days?}`` → 201 with
                                                      the token, shown once
``DELETE /api/tokens/{id}``           account:self    revoke mine (admin: anyone's) → 204
``GET /api/audit``                    admin:audit     ``?actor=&action=&since=&until=
                                                      &limit=&offset=`` → rows, newest first
``GET /api/audit.csv``                admin:audit     the same as CSV (UTF-8 with BOM)
====================================  ==============  ======================================

Errors are ``{"code", "description"}`` with 400, 401, 403, 404, 409 or 422.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, request

from auth import audit
from auth.roles import ACCOUNT_SELF, ADMIN_AUDIT, ADMIN_USERS
from auth.web import allowed_pages, auth_service, current_actor, current_principal, require
from core.web.rest import ID, field, instant_arg, int_arg, json_body, str_list
from core.web.rest import json_response as _json
from store.db import connection
from tiles.errors import register_error_handlers


def _audit_filter(max_limit: int) -> audit.AuditFilter:
    return audit.AuditFilter(
        actor=request.args.get("actor") or None, action=request.args.get("action") or None,
        since=instant_arg("since"), until=instant_arg("until"),
        limit=int_arg("limit", 200, 1, max_limit), offset=int_arg("offset", 0, 0, 10**9))


def create_auth_api_blueprint() -> Blueprint:
    bp = Blueprint("auth_api", __name__, url_prefix="/api")
    register_error_handlers(bp)

    @bp.get("/me")
    @require(ACCOUNT_SELF)
    def me() -> Response:
        principal = current_principal()
        return _json({"username": principal.username,
                      "display_name": principal.display_name,
                      "roles": list(principal.roles), "via": principal.via,
                      "permissions": sorted(principal.permissions),
                      "pages": [p["relative_path"] for p in allowed_pages(principal)]})

    @bp.get("/users")
    @require(ADMIN_USERS)
    def users() -> Response:
        return _json({"users": auth_service().list_users()})

    @bp.post("/users")
    @require(ADMIN_USERS)
    def create_user() -> Response:
        body = json_body()
        user, generated = auth_service().create_user(
            current_actor(), field(body, "username", str, True),
            str_list(body, "roles", True), password=field(body, "password", str),
            display_name=field(body, "display_name", str) or "")
        payload: dict[str, Any] = {"user": user}
        if generated:
            payload["initial_password"] = generated
        return _json(payload, 201)

    @bp.patch("/users/<username>")
    @require(ADMIN_USERS)
    def update_user(username: str) -> Response:
        body = json_body()
        user = auth_service().update_user(
            current_actor(), username, roles=str_list(body, "roles"),
            active=field(body, "active", bool),
            display_name=field(body, "display_name", str),
            version=field(body, "version", int, True))
        return _json({"user": user})

    @bp.get("/tokens")
    @require(ACCOUNT_SELF)
    def tokens() -> Response:
        principal = current_principal()
        wanted = request.args.get("user")
        if principal.can(ADMIN_USERS):
            return _json({"tokens": auth_service().list_tokens(wanted or None)})
        return _json({"tokens": auth_service().list_tokens(principal.username)})

    @bp.post("/tokens")
    @require(ACCOUNT_SELF)
    def create_token() -> Response:
        body = json_body()
        principal = current_principal()
        token, info = auth_service().create_token(
            current_actor(), principal.username, field(body, "label", str) or "",
            field(body, "expires_days", int))
        return _json({"token": token, "info": info}, 201)

    @bp.delete(f"/tokens/<{ID}:token_id>")
    @require(ACCOUNT_SELF)
    def revoke_token(token_id: int) -> Response:
        principal = current_principal()
        owner = None if principal.can(ADMIN_USERS) else principal.username
        auth_service().revoke_token(current_actor(), token_id, owner=owner)
        return Response(status=204)

    @bp.get("/audit")
    @require(ADMIN_AUDIT)
    def audit_rows() -> Response:
        f = _audit_filter(1000)
        with connection(auth_service().engine) as conn:
            rows, total = audit.query(conn, f)
        return _json({"numberMatched": total, "numberReturned": len(rows),
                      "offset": f.offset, "entries": rows})

    @bp.get("/audit.csv")
    @require(ADMIN_AUDIT)
    def audit_csv() -> Response:
        f = _audit_filter(audit.MAX_PAGE)
        with connection(auth_service().engine) as conn:
            rows, _ = audit.query(conn, f)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
        return Response(audit.to_csv(rows), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition":
                                 f'attachment; filename="onemap-audit-{stamp}.csv"'})

    return bp
