"""Tables of accounts, API tokens, sessions, sign-in attempts and the audit log.

Times are ``timestamptz`` written by the database (``now()``), so every worker and machine
agrees on them; pages show them in Beijing time. Secrets are never stored: passwords as
argon2id hashes, tokens and session ids as SHA-256 digests.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base

TIMESTAMP = DateTime(timezone=True)


class User(Base):
    """A named account; ``roles`` from :data:`auth.roles.ROLES`."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(Text, nullable=False, default="")
    password_hash: Mapped[str | None] = mapped_column(Text)  # None: token/SSO only
    roles: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, nullable=False,
                                                    server_default=func.now())
    created_by: Mapped[str] = mapped_column(Text, nullable=False)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class ApiToken(Base):
    """A personal API token for GIS clients and integrations (Bearer or Basic)."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    label: Mapped[str] = mapped_column(Text, nullable=False, default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    prefix: Mapped[str] = mapped_column(String(16), nullable=False)  # shown in lists
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, nullable=False,
                                                    server_default=func.now())
    expires_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)


class AuthSession(Base):
    """A browser session; the cookie holds a random secret, the table its SHA-256."""

    __tablename__ = "auth_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, nullable=False,
                                                    server_default=func.now())
    last_seen_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, nullable=False,
                                                      server_default=func.now())
    expires_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, nullable=False)
    idle_seconds: Mapped[int | None] = mapped_column(Integer)  # None: never idles out
    ended_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)
    address: Mapped[str] = mapped_column(Text, nullable=False, default="")
    user_agent: Mapped[str] = mapped_column(Text, nullable=False, default="")


class LoginAttempt(Base):
    """One sign-in attempt, for lockout per account and per address."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_username_at", "username", "at"),
                      Index("ix_login_attempts_address_at", "address", "at"))
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, nullable=False)
    username: Mapped[str] = mapped_column(Text, nullable=False)
    address: Mapped[str] = mapped_column(Text, nullable=False)
    success: Mapped[bool] = mapped_column(Boolean, nullable=False)


class AuditEntry(Base):
    """The append-only audit log (a trigger refuses UPDATE, DELETE and TRUNCATE)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),
                      Index("ix_audit_log_actor_at", "actor", "at"),
                      Index("ix_audit_log_action_at", "action", "at"))
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, nullable=False,
                                            server_default=func.now())
    actor: Mapped[str] = mapped_column(Text, nullable=False)  # user name, or cli:/system:
    via: Mapped[str] = mapped_column(String(16), nullable=False)  # session|token|cli|system
    action: Mapped[str] = mapped_column(Text, nullable=False)  # e.g. user.create
    object_type: Mapped[str] = mapped_column(Text, nullable=False, default="")
    object_id: Mapped[str] = mapped_column(Text, nullable=False, default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    address: Mapped[str] = mapped_column(Text, nullable=False, default="")
    request_id: Mapped[str] = mapped_column(Text, nullable=False, default="")
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")


AUTH_TABLES = ["users", "api_tokens", "auth_sessions", "login_attempts", "audit_log"]
