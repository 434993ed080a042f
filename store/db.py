"""Engine creation and a connectivity check with a clear message."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from core.errors import StoreUnavailable


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def make_engine(url: str, *, check: bool = True, **kwargs) -> Engine:
    """Create the engine; with ``check`` fail fast if PostGIS is unreachable."""
    engine = create_engine(normalise_url(url), pool_pre_ping=True, future=True, **kwargs)
    if check:
        check_connection(engine)
    return engine


def check_reachable(engine: Engine) -> None:
    """Raise :class:`StoreUnavailable` naming the host when the server cannot be reached
    (PostGIS itself is not required yet: the migrations create it when they may)."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(f"cannot reach the database at {where}: {reason}") from exc


def check_connection(engine: Engine) -> str:
    """Return the PostGIS version, or raise :class:`StoreUnavailable` naming the host."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT postgis_lib_version()")).scalar_one()
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(f"cannot reach the database at {where}: {reason}") from exc
    except Exception as exc:  # e.g. postgis missing: function does not exist
        if "postgis_lib_version" in str(exc):
            raise StoreUnavailable("the database has no PostGIS extension: a database "
                                   "administrator must run, as a superuser connected to "
                                   "this database: CREATE EXTENSION postgis;") from exc
        raise


@contextmanager
def connection(engine: Engine) -> Iterator[Connection]:
    """``engine.connect()`` where a lost or unreachable server is :class:`StoreUnavailable`."""
    try:
        with engine.connect() as conn:
            yield conn
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(f"database query failed: {reason}") from exc


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """``engine.begin()`` (commit on success, roll back on error) where a lost or
    unreachable server is :class:`StoreUnavailable`."""
    try:
        with engine.begin() as conn:
            yield conn
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(f"database query failed: {reason}") from exc
