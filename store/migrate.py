"""Schema migrations (Alembic, configured in code: no alembic.ini needed).

Usage::

    python -m store.migrate                 # upgrade DATABASE_URL (or var/pg) to head
    python -m store.migrate --url URL
    python -m store.migrate revision -m "message"   # autogenerate against --url

The scripts live in ``store/migrations/versions``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from core.errors import OneMapError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic configuration pointing at ``store/migrations`` and ``url``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["url"] = url
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (default: the newest)."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def current(url: str) -> str | None:
    """The revision the database is at (None when unversioned)."""
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine, pool

    from store.db import normalise_url

    engine = create_engine(normalise_url(url), poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


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
            from store.load import resolve_url
            url = resolve_url()
        if args.action == "upgrade":
            upgrade(url, args.revision or "head")
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
