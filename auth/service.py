"""Accounts, API tokens, sessions and lockout, on PostGIS; every change is audited.

:class:`AuthService` is the only writer of the auth tables. Each method runs in one
transaction and appends its audit row in the same transaction, so a change never exists
without its record. No Flask here: the web layer (:mod:`auth.web`) and ``manage.py`` call it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, any_, func, insert, select, update

from auth import audit
from auth.audit import Actor
from auth.models import ApiToken, AuthSession, LoginAttempt, User
from auth.passwords import check_rule, generate_password, hash_password, verify_password
from auth.principal import CredentialCache, Principal, SignIn, digest, utcnow
from auth.roles import LONG_SESSION_ROLES, unknown_roles
from core.errors import (
    BadRequest,
    ConfigError,
    Conflict,
    NotFound,
    StoreUnavailable,
    TooManyRequests,
    Unauthorized,
)
from core.settings import Settings
from store.db import connection

USERS, TOKENS, SESSIONS, ATTEMPTS = (User.__table__, ApiToken.__table__,
                                     AuthSession.__table__, LoginAttempt.__table__)
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")
TOKEN_PREFIX = "om_"
TOUCH_EVERY = dt.timedelta(seconds=60)  # last_seen / last_used written at most this often


def load_secret_key(var_dir: Path) -> str:
    """The key that signs CSRF tokens: ``var/secret-key`` (mode 0600), made on first use."""
    path = Path(var_dir) / "secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it meanwhile
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(48))
    key = path.read_text().strip()
    if len(key) < 32:
        raise ConfigError(f"{path} is too short to be a secret key: delete it to make a new "
                          "one, or set ONEMAP_SECRET_KEY")
    return key


def _user_dict(row: Any) -> dict[str, Any]:
    """The public view of a user row (never the hash)."""
    return {"username": row.username, "display_name": row.display_name,
            "roles": list(row.roles), "active": row.active,
            "must_change_password": row.must_change_password,
            "created_at": row.created_at, "created_by": row.created_by,
            "password_changed_at": row.password_changed_at, "version": row.version}


def check_username(username: str) -> str:
    if not USERNAME.match(username or ""):
        raise BadRequest(f"user name {username!r}: use 2–64 letters, digits, '.', '_' or "
                         "'-', starting with a letter or digit")
    return username


def check_roles(roles: list[str] | tuple[str, ...]) -> list[str]:
    from auth.roles import ROLES

    roles = list(dict.fromkeys(r.strip() for r in roles if r.strip()))
    if not roles:
        raise BadRequest(f"give at least one role: {', '.join(ROLES)}")
    bad = unknown_roles(roles)
    if bad:
        raise BadRequest(f"unknown role(s) {', '.join(bad)}; the roles are "
                         f"{', '.join(ROLES)}")
    return roles


class AuthService:
    """Accounts, tokens, sessions and lockout over ``engine``."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.secret_key = settings.secret_key or load_secret_key(settings.var_dir)
        self._cache = CredentialCache()

    # -- users ----------------------------------------------------------------------------
    def _user(self, conn: Connection, username: str, *, lock: bool = False) -> Any:
        query = select(USERS).where(USERS.c.username == username)
        row = conn.execute(query.with_for_update() if lock else query).first()
        if row is None:
            raise NotFound(f"no user {username!r}")
        return row

    def get_user(self, username: str) -> dict[str, Any]:
        with connection(self.engine) as conn:
            return _user_dict(self._user(conn, username))

    def list_users(self) -> list[dict[str, Any]]:
        with connection(self.engine) as conn:
            rows = conn.execute(select(USERS).order_by(USERS.c.username)).all()
        return [_user_dict(r) for r in rows]

    def has_active_admin(self) -> bool:
        with connection(self.engine) as conn:
            return conn.execute(select(func.count()).select_from(USERS).where(
                USERS.c.active, any_(USERS.c.roles) == "admin")).scalar_one() > 0

    def create_user(self, actor: Actor, username: str, roles: list[str], *,
                    password: str | None = None, display_name: str = "",
                    must_change_password: bool | None = None) -> tuple[dict[str, Any], str | None]:
        """Create an account; returns (user, generated password or None).

        Without ``password`` a random one is generated, returned once, and must be changed
        at the first sign-in.
        """
        check_username(username)
        roles = check_roles(roles)
        generated = None
        if password is None:
            password = generated = generate_password()
        check_rule(password, username)
        must_change = generated is not None if must_change_password is None \
            else must_change_password
        with connection(self.engine) as conn, conn.begin():
            exists = conn.execute(select(USERS.c.id).where(
                func.lower(USERS.c.username) == username.lower())).first()
            if exists:
                raise Conflict(f"user {username!r} already exists")
            conn.execute(insert(USERS).values(
                username=username, display_name=display_name or username,
                password_hash=hash_password(password), roles=roles, active=True,
                must_change_password=must_change, created_by=actor.name,
                password_changed_at=func.now(), version=1))
            row = self._user(conn, username)
            audit.record(conn, actor, "user.create", object_type="user", object_id=username,
                         after=_user_dict(row))
        return _user_dict(row), generated

    def set_password(self, actor: Actor, username: str, password: str, *,
                     must_change_password: bool = False) -> None:
        check_rule(password, username)
        with connection(self.engine) as conn, conn.begin():
            self._user(conn, username, lock=True)
            conn.execute(update(USERS).where(USERS.c.username == username).values(
                password_hash=hash_password(password), password_changed_at=func.now(),
                must_change_password=must_change_password, version=USERS.c.version + 1))
            audit.record(conn, actor, "user.set_password", object_type="user",
                         object_id=username, detail="password changed (value not recorded)")
        self._cache.clear()

    def change_own_password(self, principal: Principal, old: str, new: str,
                            actor: Actor) -> None:
        if old == new:
            raise BadRequest("the new password must differ from the current one")
        with connection(self.engine) as conn:
            row = self._user(conn, principal.username)
        if not verify_password(row.password_hash, old):
            raise BadRequest("the current password is wrong")
        self.set_password(actor, principal.username, new, must_change_password=False)

    def update_user(self, actor: Actor, username: str, *, roles: list[str] | None = None,
                    active: bool | None = None, display_name: str | None = None,
                    version: int | None = None) -> dict[str, Any]:
        """Change roles, active flag or display name; a stale ``version`` is a 409."""
        values: dict[str, Any] = {}
        if roles is not None:
            values["roles"] = check_roles(roles)
        if active is not None:
            values["active"] = bool(active)
        if display_name is not None:
            values["display_name"] = display_name.strip()[:200] or username
        if not values:
            raise BadRequest("nothing to change: give roles, active or display_name")
        with connection(self.engine) as conn, conn.begin():
            before = self._user(conn, username, lock=True)
            if version is not None and before.version != version:
                raise Conflict(f"user {username!r} changed meanwhile (version "
                               f"{before.version}, you sent {version}); reload and retry")
            if before.username == actor.name and (
                    values.get("active") is False
                    or ("roles" in values and "admin" in before.roles
                        and "admin" not in values["roles"])):
                raise Conflict("you cannot disable yourself or remove your own admin role")
            conn.execute(update(USERS).where(USERS.c.username == username).values(
                **values, version=USERS.c.version + 1))
            if values.get("active") is False:
                conn.execute(update(SESSIONS).where(
                    SESSIONS.c.user_id == before.id, SESSIONS.c.ended_at.is_(None)
                ).values(ended_at=func.now()))
            after = self._user(conn, username)
            action = "user.disable" if values.get("active") is False else (
                "user.enable" if values.get("active") is True and not before.active
                else "user.update")
            audit.record(conn, actor, action, object_type="user", object_id=username,
                         before=_user_dict(before), after=_user_dict(after))
        self._cache.clear()
        return _user_dict(after)

    def disable_user(self, actor: Actor, username: str) -> dict[str, Any]:
        return self.update_user(actor, username, active=False)

    def ensure_initial_admin(self, password: str | None = None) -> str | None:
        """Create ``admin`` when no active admin exists; returns the generated password
        (None when an admin exists or ``password`` was given)."""
        if self.has_active_admin():
            return None
        try:
            _, generated = self.create_user(
                Actor.system("system:first-start"), "admin", ["admin"], password=password,
                display_name="管理员 Administrator",
                must_change_password=password is None)
        except Conflict:  # an inactive 'admin' exists: give it a new password and enable it
            generated = None if password else generate_password()
            self.set_password(Actor.system("system:first-start"), "admin",
                              password or generated, must_change_password=password is None)
            self.update_user(Actor.system("system:first-start"), "admin", active=True,
                             roles=["admin"])
        return generated

    # -- tokens ---------------------------------------------------------------------------
    def create_token(self, actor: Actor, username: str, label: str = "",
                     expires_days: int | None = None) -> tuple[str, dict[str, Any]]:
        """A new personal token for ``username``; the plain token is returned once."""
        if expires_days is not None and not 1 <= expires_days <= 3650:
            raise BadRequest(f"expires: give 1 to 3650 days, got {expires_days}")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with connection(self.engine) as conn, conn.begin():
            user = self._user(conn, username)
            if not user.active:
                raise Conflict(f"user {username!r} is disabled")
            expires = utcnow() + dt.timedelta(days=expires_days) if expires_days else None
            token_id = conn.execute(insert(TOKENS).values(
                user_id=user.id, label=label.strip()[:200], token_hash=digest(secret),
                prefix=secret[:10], expires_at=expires).returning(TOKENS.c.id)).scalar_one()
            info = self._token_info(conn, token_id)
            audit.record(conn, actor, "token.create", object_type="token",
                         object_id=token_id, after=info)
        return secret, info

    def _token_info(self, conn: Connection, token_id: int) -> dict[str, Any]:
        row = conn.execute(select(TOKENS, USERS.c.username).join(
            USERS, USERS.c.id == TOKENS.c.user_id).where(TOKENS.c.id == token_id)).first()
        if row is None:
            raise NotFound(f"no token {token_id}")
        return {"id": row.id, "username": row.username, "label": row.label,
                "prefix": row.prefix, "created_at": row.created_at,
                "expires_at": row.expires_at, "revoked_at": row.revoked_at,
                "last_used_at": row.last_used_at}

    def list_tokens(self, username: str | None = None) -> list[dict[str, Any]]:
        with connection(self.engine) as conn:
            query = select(TOKENS.c.id).join(USERS, USERS.c.id == TOKENS.c.user_id)
            if username:
                query = query.where(USERS.c.username == username)
            ids = conn.execute(query.order_by(TOKENS.c.id)).scalars().all()
            return [self._token_info(conn, i) for i in ids]

    def revoke_token(self, actor: Actor, token_id: int, owner: str | None = None) -> None:
        """Revoke a token (``owner``: only if it belongs to that user)."""
        with connection(self.engine) as conn, conn.begin():
            before = self._token_info(conn, token_id)
            if owner is not None and before["username"] != owner:
                raise NotFound(f"no token {token_id} of yours")
            if before["revoked_at"] is None:
                conn.execute(update(TOKENS).where(TOKENS.c.id == token_id)
                             .values(revoked_at=func.now()))
            audit.record(conn, actor, "token.revoke", object_type="token",
                         object_id=token_id, before=before,
                         after=self._token_info(conn, token_id))
        self._cache.clear()

    def resolve_token(self, secret: str, username: str | None = None,
                      now: dt.datetime | None = None) -> Principal | None:
        """The principal of a valid token (and matching ``username`` for Basic), or None."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        key = "t:" + digest(secret)
        principal = self._cache.get(key)
        if principal is None:
            try:
                principal = self._token_from_store(key, now or utcnow())
            except StoreUnavailable:
                principal = self._cache.get(key, stale_ok=True)
                if principal is None:
                    raise
            if principal is None:
                return None
        if username is not None and username != principal.username:
            return None
        return principal

    def _token_from_store(self, key: str, now: dt.datetime) -> Principal | None:
        with connection(self.engine) as conn:
            row = conn.execute(select(
                TOKENS.c.id, TOKENS.c.expires_at, TOKENS.c.revoked_at,
                TOKENS.c.last_used_at, USERS.c.id.label("user_id"), USERS.c.username,
                USERS.c.display_name, USERS.c.roles, USERS.c.active,
            ).join(USERS, USERS.c.id == TOKENS.c.user_id).where(
                TOKENS.c.token_hash == key[2:])).first()
            if row is None or row.revoked_at is not None or not row.active or (
                    row.expires_at is not None and row.expires_at <= now):
                return None
            if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
                conn.execute(update(TOKENS).where(TOKENS.c.id == row.id)
                             .values(last_used_at=now))
                conn.commit()
        principal = Principal(row.user_id, row.username, row.display_name,
                              tuple(row.roles), "token", row.id)
        self._cache.put(key, principal)
        return principal

    # -- sign-in and sessions -------------------------------------------------------------
    def _lockout(self, conn: Connection, username: str, address: str,
                 now: dt.datetime) -> int | None:
        """Seconds until the account or address may try again, or None when not locked."""
        window = dt.timedelta(minutes=self.settings.login_lockout_minutes)
        last_ok = conn.execute(select(func.max(ATTEMPTS.c.at)).where(
            ATTEMPTS.c.username == username, ATTEMPTS.c.success)).scalar()
        since = max(now - window, last_ok) if last_ok else now - window
        fails = conn.execute(select(func.count(), func.max(ATTEMPTS.c.at)).where(
            ATTEMPTS.c.username == username, ~ATTEMPTS.c.success,
            ATTEMPTS.c.at > since, ATTEMPTS.c.at <= now)).one()
        waits = []
        if fails[0] >= self.settings.login_max_failures:
            waits.append(fails[1] + window - now)
        by_address = conn.execute(select(func.count(), func.max(ATTEMPTS.c.at)).where(
            ATTEMPTS.c.address == address, ~ATTEMPTS.c.success,
            ATTEMPTS.c.at > now - window, ATTEMPTS.c.at <= now)).one()
        if by_address[0] >= self.settings.login_max_failures_per_address:
            waits.append(by_address[1] + window - now)
        return max(1, int(max(waits).total_seconds()) + 1) if waits else None

    def sign_in(self, username: str, password: str, *, address: str = "",
                user_agent: str = "", request_id: str = "",
                now: dt.datetime | None = None) -> SignIn:
        """Check the password and open a session.

        Raises
        ------
        TooManyRequests
            The account or the address is locked after repeated failures.
        Unauthorized
            Unknown user, wrong password or disabled account (one message for all).
        """
        now = now or utcnow()
        username = (username or "").strip()[:64]
        actor = Actor(username or "-", "session", address, request_id)
        with connection(self.engine) as conn:  # one transaction, committed before raising
            wait = self._lockout(conn, username, address, now)
            if wait is not None:
                audit.record(conn, actor, "auth.sign_in_locked", object_type="user",
                             object_id=username, detail=f"locked for {wait} s more")
                conn.commit()
                raise TooManyRequests(
                    f"too many failed sign-ins: try again in {max(1, -(-wait // 60))} "
                    "minute(s)", retry_after=wait)
            row = conn.execute(select(USERS).where(USERS.c.username == username)).first()
            ok = verify_password(row.password_hash if row else None, password or "")
            ok = ok and row is not None and row.active
            conn.execute(insert(ATTEMPTS).values(at=now, username=username,
                                                 address=address, success=ok))
            if not ok:
                reason = "unknown user" if row is None else (
                    "disabled" if not row.active else "wrong password")
                audit.record(conn, actor, "auth.sign_in_failed", object_type="user",
                             object_id=username, detail=reason)
            else:
                long = set(row.roles) <= LONG_SESSION_ROLES
                lifetime = dt.timedelta(days=self.settings.display_session_days) if long \
                    else dt.timedelta(hours=self.settings.session_absolute_hours)
                idle = None if long else self.settings.session_idle_minutes * 60
                secret = secrets.token_urlsafe(32)
                session_id = conn.execute(insert(SESSIONS).values(
                    session_hash=digest(secret), user_id=row.id, created_at=now,
                    last_seen_at=now, expires_at=now + lifetime, idle_seconds=idle,
                    address=address, user_agent=user_agent[:300]
                ).returning(SESSIONS.c.id)).scalar_one()
                audit.record(conn, actor, "auth.sign_in", object_type="session",
                             object_id=session_id)
            conn.commit()
        if not ok:
            raise Unauthorized("wrong user name or password")
        return SignIn(Principal(row.id, row.username, row.display_name, tuple(row.roles),
                                "session", session_id, row.must_change_password), secret)

    def resolve_session(self, secret: str, now: dt.datetime | None = None
                        ) -> Principal | None:
        """The principal of a live session, or None (unknown, ended, idle or expired)."""
        if not secret or len(secret) > 200:
            return None
        key = "s:" + digest(secret)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        try:
            return self._session_from_store(key, now or utcnow())
        except StoreUnavailable:
            cached = self._cache.get(key, stale_ok=True)
            if cached is None:
                raise
            return cached

    def _session_from_store(self, key: str, now: dt.datetime) -> Principal | None:
        with connection(self.engine) as conn:
            row = conn.execute(select(
                SESSIONS.c.id, SESSIONS.c.expires_at, SESSIONS.c.idle_seconds,
                SESSIONS.c.last_seen_at, USERS.c.id.label("user_id"), USERS.c.username,
                USERS.c.display_name, USERS.c.roles, USERS.c.active,
                USERS.c.must_change_password,
            ).join(USERS, USERS.c.id == SESSIONS.c.user_id).where(
                SESSIONS.c.session_hash == key[2:], SESSIONS.c.ended_at.is_(None))).first()
            if row is None or not row.active or row.expires_at <= now:
                return None
            if row.idle_seconds is not None and \
                    now - row.last_seen_at > dt.timedelta(seconds=row.idle_seconds):
                return None
            if now - row.last_seen_at > TOUCH_EVERY:
                conn.execute(update(SESSIONS).where(SESSIONS.c.id == row.id)
                             .values(last_seen_at=now))
                conn.commit()
        principal = Principal(row.user_id, row.username, row.display_name, tuple(row.roles),
                              "session", row.id, row.must_change_password)
        self._cache.put(key, principal)
        return principal

    def sign_out(self, secret: str, actor: Actor) -> None:
        key = digest(secret)
        with connection(self.engine) as conn, conn.begin():
            session_id = conn.execute(update(SESSIONS).where(and_(
                SESSIONS.c.session_hash == key, SESSIONS.c.ended_at.is_(None))
            ).values(ended_at=func.now()).returning(SESSIONS.c.id)).scalar()
            if session_id is not None:
                audit.record(conn, actor, "auth.sign_out", object_type="session",
                             object_id=session_id)
        self._cache.clear()

    def record(self, actor: Actor, action: str, **fields: Any) -> None:
        """Append an audit row in a transaction of its own (events without a change)."""
        with connection(self.engine) as conn, conn.begin():
            audit.record(conn, actor, action, **fields)
