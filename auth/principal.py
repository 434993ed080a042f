"""Who is asking (:class:`Principal`), and the per-worker cache of resolved credentials."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from auth.audit import Actor
from auth.roles import permissions_of

CACHE_SECONDS = 5.0  # a worker trusts a resolved session or token this long
OUTAGE_GRACE_SECONDS = 15 * 60.0  # ... and this long while the database is unreachable
CACHE_SIZE = 4096


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user signed in by session cookie or by API token."""

    user_id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    via: str  # "session" | "token"
    credential_id: int
    must_change_password: bool = False

    @property
    def permissions(self) -> frozenset[str]:
        return permissions_of(self.roles)

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def actor(self, address: str = "", request_id: str = "") -> Actor:
        return Actor(self.username, self.via, address, request_id)


@dataclass(frozen=True)
class SignIn:
    principal: Principal
    session_secret: str  # goes into the cookie, never stored



class CredentialCache:
    """A small per-worker cache of resolved credentials: hash → (fresh until, usable until,
    principal). Fresh entries skip the database; while the database is down, an entry is
    still honoured until ``usable until`` (a wall keeps running through a short outage)."""

    def __init__(self) -> None:
        self._data: OrderedDict[str, tuple[float, float, Principal]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, *, stale_ok: bool = False) -> Principal | None:
        with self._lock:
            hit = self._data.get(key)
            now = time.monotonic()
            if hit is None or hit[1] < now:
                self._data.pop(key, None)
                return None
            return hit[2] if stale_ok or hit[0] >= now else None

    def put(self, key: str, value: Principal) -> None:
        with self._lock:
            now = time.monotonic()
            self._data[key] = (now + CACHE_SECONDS, now + OUTAGE_GRACE_SECONDS, value)
            self._data.move_to_end(key)
            while len(self._data) > CACHE_SIZE:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


__all__ = ["CredentialCache", "Principal", "SignIn", "digest", "utcnow"]
