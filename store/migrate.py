"""Schema migrations (Alembic, configured in code: no alembic.ini needed).

Usage::

    python -m store.migrate                 # upgrade DATABASE_URL (or var/pg) to head
    python -m store.migrate --url URL
    python -m store.migrate revision -m "message"   # autogenerate against --url

The scripts live in ``store/migrations/versions``.

PostGIS: :func:`upgrade` first makes sure the extension is in the database
(:func:`ensure_postgis`). It only creates it when ``pg_extension`` does not list it, so an
app role that may not create extensions works against a database where an administrator
has installed PostGIS; when it is missing and cannot be created, the error says what the
administrator must run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from core.errors import OneMapError, StoreUnavailable

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic configuration pointing at ``store/migrations`` and ``url``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["url"] = url
    return cfg


def has_postgis(conn: Connection) -> bool:
    """True when the PostGIS extension is installed in the connected database."""
    return conn.execute(
        text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first() is not None


def ensure_postgis(conn: Connection) -> bool:
    """Create PostGIS in the connected database only if it is missing; True when created.

    The attempt runs in a savepoint, so a refusal leaves the caller's transaction usable.

    Raises
    ------
    StoreUnavailable
        PostGIS is missing and this role may not create it (or the server lacks the
        PostGIS packages); the message names the command an administrator must run.
    """
    if has_postgis(conn):
        return False
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION postgis"))
    except DBAPIError as exc:
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        role = conn.execute(text("SELECT current_user")).scalar_one()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(
            f'the PostGIS extension is missing in database "{database}" and role "{role}" '
            f"cannot create it ({reason}). A database administrator must run, as a "
            f'superuser connected to database "{database}": CREATE EXTENSION postgis; '
            "(the server needs the PostGIS packages, e.g. Debian postgresql-15-postgis-3)"
        ) from exc
    return True


def prepare_database(url: str) -> bool:
    """:func:`ensure_postgis` on its own connection to ``url``; True when it was created."""
    from sqlalchemy import create_engine, pool

    from store.db import normalise_url

    engine = create_engine(normalise_url(url), poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            created = ensure_postgis(conn)
            conn.commit()
        return created
    finally:
        engine.dispose()


def upgrade(url: str, revision: str = "heads") -> None:
    """Bring the database at ``url`` to ``revision`` (default: the newest).

    PostGIS is created first only when it is missing (:func:`ensure_postgis`).
    """
    prepare_database(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def current(url: str) -> str | None:
    """The revision(s) the database is at, comma-joined in name order (None: unversioned)."""
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine, pool

    from store.db import normalise_url

    engine = create_engine(normalise_url(url), poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            heads = MigrationContext.configure(conn).get_current_heads()
            return ",".join(sorted(heads)) or None
    finally:
        engine.dispose()


def newest() -> str:
    """The newest revision(s) of the scripts, in the form of :func:`current`."""
    from alembic.script import ScriptDirectory

    return ",".join(sorted(ScriptDirectory.from_config(alembic_config("")).get_heads()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store.migrate")
    parser.add_argument("action", nargs="?", default="upgrade",
                        choices=["upgrade", "downgrade", "current", "revision"])
    parser.add_argument("--url", default=None, help="database URL (default: DATABASE_URL)")
    parser.add_argument("--revision", default=None)
    parser.add_argument("-m", "--message", default="change")
    args = parser.parse_args(argv)
    try:
        if args.url:
            url = args.url
        else:
            from core.settings import load_settings
            from store.cluster import resolve_database_url
            url = resolve_database_url(load_settings(), start=True)
        if args.action == "upgrade":
            upgrade(url, args.revision or "heads")
        elif args.action == "downgrade":
            downgrade(url, args.revision or "base")
        elif args.action == "current":
            print(current(url))
        else:
            command.revision(alembic_config(url), message=args.message, autogenerate=True,
                             rev_id=args.revision)
    except OneMapError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
