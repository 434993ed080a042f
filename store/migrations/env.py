"""Alembic environment of One Map (PostGIS).

The URL comes from ``config.attributes["url"]`` (set by :func:`store.migrate.upgrade`) or
the ``sqlalchemy.url`` option. GeoAlchemy2's alembic helpers keep spatial columns, their
GiST indexes and PostGIS' own tables right in autogenerate (``writer``, ``render_item``,
``include_object``). Migrations run under a PostgreSQL advisory lock, so several app
processes starting at once upgrade one after the other.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from alembic import context
from geoalchemy2 import alembic_helpers
from sqlalchemy import create_engine, pool, text

from store.db import normalise_url
from store.models import Base

# every workspace's tables share Base.metadata: import each <package>/models.py
_ROOT = Path(__file__).resolve().parents[2]
for _models in sorted(_ROOT.glob("*/models.py")):
    if _models.parent.name != "store" and (_models.parent / "__init__.py").exists():
        importlib.import_module(f"{_models.parent.name}.models")

config = context.config
target_metadata = Base.metadata
LOCK_ID = 726_153_001  # arbitrary, constant: "onemap migrations"


def include_object(obj, name, obj_type, reflected, compare_to) -> bool:
    """Only our own tables (not PostGIS', tiger's or other apps' tables)."""
    if obj_type == "table" and reflected and name not in target_metadata.tables:
        return False
    return alembic_helpers.include_object(obj, name, obj_type, reflected, compare_to)


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL given to the migrations")
    return normalise_url(url)


def _configure(**kw) -> None:
    context.configure(
        target_metadata=target_metadata,
        include_object=include_object,
        process_revision_directives=alembic_helpers.writer,
        render_item=alembic_helpers.render_item,
        compare_type=True,
        **kw,
    )


def run_migrations_offline() -> None:
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": LOCK_ID})
        conn.commit()
        try:
            _run(conn)
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_ID})
            conn.commit()
    engine.dispose()


def _run(connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
