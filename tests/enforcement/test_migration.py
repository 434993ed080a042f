"""Migrations 0005 and e16a create the enforcement tables exactly as the models declare them,
and 0005's downgrade removes them."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from enforcement.models import ENFORCEMENT_TABLES, SETTINGS_TABLES
from store import migrate
from store.models import Base
from tests.conftest import create_database

pytestmark = pytest.mark.db


def test_models_match_migration_0005(app_engine):
    def include(obj, name, type_, reflected, compare_to):
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return table is not None and table.name in ENFORCEMENT_TABLES + SETTINGS_TABLES

    with app_engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include,
                                                     "compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_downgrade_removes_the_tables(postgis_url):
    from store.db import make_engine

    url = create_database(postgis_url, "enf_migration")
    migrate.upgrade(url, "0005")
    engine = make_engine(url)
    try:
        assert set(ENFORCEMENT_TABLES) <= set(inspect(engine).get_table_names())
        migrate.downgrade(url, "0004")
        engine.dispose()
        names = set(inspect(engine).get_table_names())
        assert not set(ENFORCEMENT_TABLES) & names
        assert "incidents" in names
    finally:
        engine.dispose()


def test_settings_migration_up_and_down(postgis_url):
    from store.db import make_engine

    url = create_database(postgis_url, "enf_settings_migration")
    migrate.upgrade(url, "e16a")
    engine = make_engine(url)
    try:
        assert set(SETTINGS_TABLES) <= set(inspect(engine).get_table_names())
        migrate.downgrade(url, "e16a-1")
        engine.dispose()
        names = set(inspect(engine).get_table_names())
        assert not set(SETTINGS_TABLES) & names and "source_codes" in names
    finally:
        engine.dispose()
