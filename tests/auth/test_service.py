"""Accounts, tokens, sessions, lockout and the audit log on a real PostGIS database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from auth.audit import Actor, AuditFilter, query
from auth.principal import utcnow
from auth.service import AuthService
from core.errors import BadRequest, Conflict, NotFound, TooManyRequests, Unauthorized

pytestmark = pytest.mark.db

ACTOR = Actor("test-runner", "cli")
GOOD = "Good-passw0rd"


@pytest.fixture(scope="module")
def service(app_engine, app_settings) -> AuthService:
    return AuthService(app_engine, app_settings.model_copy(update={
        "login_max_failures": 3, "login_max_failures_per_address": 6,
        "login_lockout_minutes": 15, "session_idle_minutes": 30,
        "session_absolute_hours": 12, "display_session_days": 30}))


@pytest.fixture
def user(service, request) -> str:
    name = "svc-" + request.node.name.replace("_", "-").replace("[", "-").rstrip("]")[:50]
    service.create_user(ACTOR, name, ["analyst"], password=GOOD)
    return name


def audit_actions(engine, object_id: str) -> list[str]:
    with engine.connect() as conn:
        rows, _ = query(conn, AuditFilter(limit=100))
        return [r["action"] for r in rows if r["object_id"] == object_id]


@pytest.mark.parametrize("name, roles, password, message", [
    pytest.param("x", ["leader"], GOOD, "user name", id="name-too-short"),
    pytest.param("bad name", ["leader"], GOOD, "user name", id="name-with-space"),
    pytest.param("okname", [], GOOD, "at least one role", id="no-role"),
    pytest.param("okname", ["wizard"], GOOD, "unknown role", id="unknown-role"),
    pytest.param("okname", ["leader"], "short1A!", "10 to 256", id="password-short"),
    pytest.param("okname", ["leader"], "alllowercase", "three of", id="password-one-class"),
    pytest.param("okname", ["leader"], "Okname-12345", "user name", id="password-has-name"),
])
def test_create_user_refuses_bad_input(service, name, roles, password, message):
    with pytest.raises(BadRequest, match=message):
        service.create_user(ACTOR, name, roles, password=password)


def test_duplicate_user_is_a_conflict_case_insensitive(service, user):
    with pytest.raises(Conflict):
        service.create_user(ACTOR, user.upper(), ["leader"], password=GOOD)


def test_generated_password_must_be_changed(service):
    user, generated = service.create_user(ACTOR, "svc-generated", ["leader"])
    assert generated and user["must_change_password"] is True
    signed = service.sign_in("svc-generated", generated, address="10.9.0.1")
    assert signed.principal.must_change_password
    service.change_own_password(signed.principal, generated, "Brand-new-pass1", ACTOR)
    assert service.get_user("svc-generated")["must_change_password"] is False
    with pytest.raises(BadRequest, match="current password is wrong"):
        service.change_own_password(signed.principal, generated, "Other-new-pass2", ACTOR)


def test_sign_in_opens_a_session_and_audits(service, user, app_engine):
    signed = service.sign_in(user, GOOD, address="10.1.0.1")
    principal = service.resolve_session(signed.session_secret)
    assert principal is not None and principal.username == user
    assert principal.can("scenario:write") and not principal.can("admin:users")
    service.sign_out(signed.session_secret, principal.actor())
    service._cache.clear()
    assert service.resolve_session(signed.session_secret) is None
    actions = audit_actions(app_engine, user)
    assert "user.create" in actions
    with app_engine.connect() as conn:
        rows, _ = query(conn, AuditFilter(actor=user, limit=50))
    assert {"auth.sign_in", "auth.sign_out"} <= {r["action"] for r in rows}


def test_wrong_password_is_refused_and_audited(service, user, app_engine):
    with pytest.raises(Unauthorized):
        service.sign_in(user, "Wrong-passw0rd", address="10.1.0.2")
    with pytest.raises(Unauthorized):
        service.sign_in("no-such-user", GOOD, address="10.1.0.2")
    with app_engine.connect() as conn:
        rows, _ = query(conn, AuditFilter(action="auth.sign_in_failed", limit=100))
    details = {(r["object_id"], r["detail"]) for r in rows}
    assert (user, "wrong password") in details
    assert ("no-such-user", "unknown user") in details


def test_lockout_per_account_then_unlock_after_the_period(service, user):
    t0 = utcnow()
    for i in range(3):
        with pytest.raises(Unauthorized):
            service.sign_in(user, "Wrong-passw0rd", address=f"10.2.0.{i}",
                            now=t0 + dt.timedelta(seconds=i))
    # locked: even the right password is refused, without checking it
    with pytest.raises(TooManyRequests) as locked:
        service.sign_in(user, GOOD, address="10.2.0.9", now=t0 + dt.timedelta(seconds=5))
    assert 14 * 60 < locked.value.retry_after <= 15 * 60 + 2
    # 15 minutes after the last failure it unlocks
    later = t0 + dt.timedelta(minutes=15, seconds=3)
    assert service.sign_in(user, GOOD, address="10.2.0.9", now=later).principal.username == user


def test_lockout_per_address(service):
    t0 = utcnow()
    names = [f"svc-addr-{i}" for i in range(6)]
    for i, name in enumerate(names):
        with pytest.raises(Unauthorized):
            service.sign_in(name, "Wrong-passw0rd", address="10.3.3.3",
                            now=t0 + dt.timedelta(seconds=i))
    service.create_user(ACTOR, "svc-addr-ok", ["leader"], password=GOOD)
    with pytest.raises(TooManyRequests):
        service.sign_in("svc-addr-ok", GOOD, address="10.3.3.3", now=t0 + dt.timedelta(seconds=9))
    # the same account from another address is not locked
    assert service.sign_in("svc-addr-ok", GOOD, address="10.3.3.4",
                           now=t0 + dt.timedelta(seconds=9))


def test_session_idle_and_absolute_timeouts(service, user):
    t0 = utcnow()
    secret = service.sign_in(user, GOOD, address="10.4.0.1", now=t0).session_secret
    service._cache.clear()
    assert service.resolve_session(secret, now=t0 + dt.timedelta(minutes=29)) is not None
    service._cache.clear()
    # idle 31 min after the last request (made at t0 + 29 min... but touched only when > 60 s)
    assert service.resolve_session(secret, now=t0 + dt.timedelta(minutes=61)) is None
    secret2 = service.sign_in(user, GOOD, address="10.4.0.1", now=t0).session_secret
    for minutes in range(20, 12 * 60, 20):  # active all the time, yet it ends at 12 h
        service._cache.clear()
        assert service.resolve_session(secret2, now=t0 + dt.timedelta(minutes=minutes))
    service._cache.clear()
    assert service.resolve_session(secret2, now=t0 + dt.timedelta(hours=12, minutes=1)) is None


def test_display_account_session_is_long_and_never_idles(service):
    service.create_user(ACTOR, "svc-wall", ["display"], password=GOOD)
    t0 = utcnow()
    secret = service.sign_in("svc-wall", GOOD, address="10.5.0.1", now=t0).session_secret
    service._cache.clear()
    principal = service.resolve_session(secret, now=t0 + dt.timedelta(days=29))
    assert principal is not None and principal.can("page:cockpit")
    assert not principal.can("page:onemap")
    service._cache.clear()
    assert service.resolve_session(secret, now=t0 + dt.timedelta(days=31)) is None


def test_disabled_user_loses_sessions_and_tokens(service, user):
    secret = service.sign_in(user, GOOD, address="10.6.0.1").session_secret
    token, _ = service.create_token(ACTOR, user, "gis")
    assert service.resolve_token(token) is not None
    service.disable_user(ACTOR, user)
    assert service.resolve_session(secret) is None
    assert service.resolve_token(token) is None
    with pytest.raises(Unauthorized):
        service.sign_in(user, GOOD, address="10.6.0.1")


def test_tokens_bearer_basic_expiry_and_revocation(service, user, app_engine):
    token, info = service.create_token(ACTOR, user, "qgis", expires_days=1)
    assert token.startswith("om_") and info["prefix"] == token[:10]
    with app_engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM api_tokens WHERE id = :i"),
                              {"i": info["id"]}).scalar_one()
    assert token not in stored and len(stored) == 64  # only the digest is kept
    assert service.resolve_token(token).username == user
    assert service.resolve_token(token, username=user).via == "token"
    assert service.resolve_token(token, username="someone-else") is None
    service._cache.clear()
    assert service.resolve_token(token, now=utcnow() + dt.timedelta(days=2)) is None
    service.revoke_token(ACTOR, info["id"])
    assert service.resolve_token(token) is None
    assert service.resolve_token("om_not-a-real-token") is None
    with pytest.raises(NotFound):
        service.revoke_token(ACTOR, info["id"], owner="someone-else")
    assert {"token.create", "token.revoke"} <= set(audit_actions(app_engine, str(info["id"])))


def test_stale_version_is_refused(service, user):
    current = service.get_user(user)
    service.update_user(ACTOR, user, roles=["analyst", "duty"], version=current["version"])
    with pytest.raises(Conflict, match="changed meanwhile"):
        service.update_user(ACTOR, user, roles=["leader"], version=current["version"])
    assert service.get_user(user)["roles"] == ["analyst", "duty"]


def test_role_change_is_audited_with_before_and_after(service, user, app_engine):
    service.update_user(ACTOR, user, roles=["enforcement"])
    with app_engine.connect() as conn:
        rows, _ = query(conn, AuditFilter(action="user.update", limit=100))
    row = next(r for r in rows if r["object_id"] == user)
    assert row["before"]["roles"] == ["analyst"] and row["after"]["roles"] == ["enforcement"]
    assert "password_hash" not in row["after"]


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET actor = 'x'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
])
def test_audit_log_is_append_only(app_engine, statement):
    with app_engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    with pytest.raises(DBAPIError, match="append-only"), app_engine.begin() as conn:
        conn.execute(text(statement))
    with app_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one() >= before
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE actor = 'x'")
                            ).scalar_one() == 0


def test_initial_admin_is_made_once(app_settings, postgis_url):
    from store.db import make_engine
    from store.migrate import upgrade
    from tests.conftest import create_database

    url = create_database(postgis_url, "auth_first_start")
    upgrade(url)
    engine = make_engine(url)
    try:
        service = AuthService(engine, app_settings)
        generated = service.ensure_initial_admin()
        assert generated and service.get_user("admin")["must_change_password"]
        assert service.ensure_initial_admin() is None  # an admin exists: nothing made
        assert service.sign_in("admin", generated, address="10.7.0.1").principal.can(
            "admin:audit")
    finally:
        engine.dispose()
