"""Migration 0004 creates pgRouting only when missing, else names the command to run."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from core.errors import StoreUnavailable
from store import migrate

ROLE = "onemap_emergency_role"


def _admin(url: str, database: str = "postgres"):
    return create_engine(make_url(url).set(database=database), isolation_level="AUTOCOMMIT")


def _database(cluster_url: str, name: str, extensions: tuple[str, ...]) -> str:
    """A database owned by a non-superuser role, with ``extensions`` made by the superuser."""
    admin = _admin(cluster_url)
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                        {"r": ROLE}).first() is None:
            conn.execute(text(f"CREATE ROLE {ROLE} LOGIN NOSUPERUSER NOCREATEDB"))
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}" OWNER {ROLE}'))
    admin.dispose()
    db_admin = _admin(cluster_url, name)
    with db_admin.connect() as conn:
        for ext in extensions:
            conn.execute(text(f"CREATE EXTENSION {ext}"))
    db_admin.dispose()
    return make_url(cluster_url).set(database=name, username=ROLE, password=None) \
        .render_as_string(hide_password=False)


def _has(url: str, what: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = :e"),
                                {"e": what}).first() is not None
    finally:
        engine.dispose()


def test_without_pgrouting_the_app_role_is_told_what_to_run(postgis_url):
    url = _database(postgis_url, "em_no_pgr", ("postgis",))
    with pytest.raises(StoreUnavailable) as info:
        migrate.upgrade(url)
    assert "CREATE EXTENSION pgrouting;" in info.value.message
    assert '"em_no_pgr"' in info.value.message and "postgresql-15-pgrouting" in info.value.message
    engine = create_engine(url)
    try:
        assert "incidents" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_present_pgrouting_is_used_as_is(postgis_url):
    url = _database(postgis_url, "em_pgr", ("postgis", "pgrouting"))
    migrate.upgrade(url)
    assert migrate.current(url) == migrate.newest()
    assert _has(url, "pgrouting")


def test_superuser_creates_pgrouting_when_missing(postgis_url):
    from tests.conftest import create_database

    url = create_database(postgis_url, "em_super")
    assert not _has(url, "pgrouting")
    migrate.upgrade(url)
    assert _has(url, "pgrouting")
