"""PostGIS is created only when missing: an app role that may not create extensions can
migrate a database where an administrator installed PostGIS, and gets the administrator's
command when it is missing. Real roles in the throwaway test cluster."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from core.errors import StoreUnavailable
from store import migrate
from store.cluster import LocalCluster, free_port

pytestmark = pytest.mark.db
ROLE = "onemap_app_role"


def _admin(cluster_url: str, database: str = "postgres"):
    return create_engine(make_url(cluster_url).set(database=database),
                         isolation_level="AUTOCOMMIT")


def _database_for_role(cluster_url: str, name: str, with_postgis: bool) -> str:
    """A database owned by the non-superuser ROLE; PostGIS (and pgRouting) installed by the
    superuser or not at all. Returns ROLE's URL."""
    admin = _admin(cluster_url)
    try:
        with admin.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                            {"r": ROLE}).first() is None:
                conn.execute(text(f"CREATE ROLE {ROLE} LOGIN NOSUPERUSER NOCREATEDB "
                                  "NOCREATEROLE"))
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}" OWNER {ROLE}'))
    finally:
        admin.dispose()
    if with_postgis:
        db_admin = _admin(cluster_url, name)
        try:
            with db_admin.connect() as conn:
                conn.execute(text("CREATE EXTENSION postgis"))
                conn.execute(text("CREATE EXTENSION pgrouting"))  # needed by 0004
        finally:
            db_admin.dispose()
    url = make_url(cluster_url).set(database=name, username=ROLE, password=None)
    return url.render_as_string(hide_password=False)


def test_role_is_not_superuser(postgis_url):
    url = _database_for_role(postgis_url, "ext_role_check", with_postgis=False)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar_one() == ROLE
            assert conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = "
                                     "current_user")).scalar_one() is False
    finally:
        engine.dispose()


def test_migration_as_app_role_with_postgis_present(postgis_url):
    url = _database_for_role(postgis_url, "ext_present", with_postgis=True)
    migrate.upgrade(url)
    engine = create_engine(url)
    try:
        names = set(inspect(engine).get_table_names())
        assert {"admin_city", "pollution_sources", "alembic_version"} <= names
    finally:
        engine.dispose()
    migrate.upgrade(url)  # a second start: nothing to create, still fine


def test_migration_as_app_role_without_postgis_names_the_command(postgis_url):
    url = _database_for_role(postgis_url, "ext_missing", with_postgis=False)
    with pytest.raises(StoreUnavailable) as info:
        migrate.upgrade(url)
    message = info.value.message
    assert "CREATE EXTENSION postgis;" in message
    assert "superuser" in message
    assert '"ext_missing"' in message and ROLE in message
    engine = create_engine(url)
    try:
        assert "alembic_version" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_migration_script_checks_before_creating(postgis_url):
    """The 0001 script alone (alembic, no pre-check) also refuses with the command."""
    from alembic import command

    url = _database_for_role(postgis_url, "ext_missing_script", with_postgis=False)
    with pytest.raises(StoreUnavailable, match="CREATE EXTENSION postgis;"):
        command.upgrade(migrate.alembic_config(url), "0001")


def test_cluster_restart_creates_nothing():
    """A second start of the private cluster issues no CREATE statement (DDL is logged)."""
    root = Path(tempfile.mkdtemp(prefix="onemap-test-pg-restart-"))
    cluster = LocalCluster(root, free_port())
    try:
        url = cluster.start()
        admin = _admin(url)
        try:
            with admin.connect() as conn:
                conn.execute(text("ALTER SYSTEM SET log_statement = 'ddl'"))
                conn.execute(text("SELECT pg_reload_conf()"))
        finally:
            admin.dispose()
        log = root / "server.log"
        size = log.stat().st_size
        cluster.start()  # as a second `make run` against a running cluster
        cluster.stop()
        cluster.start()  # and after a stop
        written = log.read_text(errors="replace")[size:]
        assert "statement: CREATE" not in written
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                assert migrate.has_postgis(conn)
        finally:
            engine.dispose()
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
