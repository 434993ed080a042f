"""The Alembic migrations create every table with one GiST index per geometry column."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from store import migrate
from store.models import ALL_TABLES, SPATIAL_TABLES, Base

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def migrated(module_db_url, module_engine):
    migrate.upgrade(module_db_url)
    return module_engine


def test_all_tables_created(migrated):
    names = set(inspect(migrated).get_table_names())
    assert set(ALL_TABLES) <= names
    # 27 + the 18 of the supervision systems (0010) + a province's counties (r18a)
    assert len(ALL_TABLES) == 46
    assert migrate.current(migrated.url.render_as_string(hide_password=False)) == migrate.newest()


def test_one_gist_index_per_spatial_table(migrated):
    with migrated.connect() as conn:
        rows = conn.execute(text(
            "SELECT tablename, count(*) FROM pg_indexes "
            "WHERE schemaname = 'public' AND indexdef ILIKE '%USING gist%' "
            "GROUP BY tablename")).all()
        srids = dict(conn.execute(text(
            "SELECT f_table_name, srid FROM geometry_columns "
            "WHERE f_geometry_column = 'geom'")).all())
    per_table = dict(rows)
    # the sample tables, and the workspaces' tables with a geometry column (their models
    # are in Base.metadata once the migrations have run)
    spatial = set(SPATIAL_TABLES) | {
        t.name for t in Base.metadata.tables.values()
        if any(c.name == "geom" for c in t.columns)}
    assert set(per_table) == spatial
    assert all(n == 1 for n in per_table.values()), per_table
    assert set(srids) == spatial
    assert set(srids.values()) == {4326}


def test_models_match_migration(migrated):
    """Autogenerate finds nothing left to migrate (models and 0001 agree)."""
    from geoalchemy2 import alembic_helpers

    def include(obj, name, type_, reflected, compare_to):
        if type_ == "table" and reflected and name not in Base.metadata.tables:
            return False
        return alembic_helpers.include_object(obj, name, type_, reflected, compare_to)

    with migrated.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include,
                                                     "compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent_and_reversible(migrated, module_db_url):
    migrate.upgrade(module_db_url)  # already at head: no-op
    migrate.downgrade(module_db_url, "base")
    assert not set(ALL_TABLES) & set(inspect(migrated).get_table_names())
    migrate.upgrade(module_db_url)
    assert set(ALL_TABLES) <= set(inspect(migrated).get_table_names())
