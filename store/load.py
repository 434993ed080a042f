"""Load ``data_samples/`` into PostGIS in one transaction.

Usage::

    python -m store.load [--if-empty] [--data-dir DIR] [--no-migrate]

The URL is ``DATABASE_URL``; when unset, the private cluster of ``make run`` (``var/pg``) is
started. The schema is brought to ``head`` first (unless ``--no-migrate``).

:func:`load_samples` validates every file first (:func:`store.sample_files.read_all`), then
checks the folder against its ``MANIFEST.json`` (:func:`store.manifest.verify`: checksums,
sizes, record counts, no unlisted or missing file), and raises
:class:`core.errors.DataError` before touching the database. Then, in ONE
transaction, it empties all sample tables (``TRUNCATE … RESTART IDENTITY``) and inserts
everything with explicit ids (file order), so loading twice gives identical tables and a
failure half-way rolls back to the previous state.

One database holds one region. The region loaded is the one row of ``admin_city`` (its
GB/T 2260 code, checked against the folder's ``region.toml``); loading a folder of another
region into it is refused (:class:`RegionMismatch`) unless ``replace_region`` is given
(``--replace-region``), which replaces the whole previous region. ``--if-empty`` (the start
of ``make run``) refuses in the same way to serve a folder over another region's data.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, text

from core.errors import DataError, OneMapError
from core.region import Region
from store import manifest
from store.models import Base
from store.sample_files import TABLES, read_region_rows

log = logging.getLogger(__name__)
CHUNK = 1000


def is_empty(engine: Engine) -> bool:
    """True when the sample tables hold no rows (or do not exist yet)."""
    with engine.connect() as conn:
        exists = conn.execute(text("SELECT to_regclass('admin_city') IS NOT NULL")).scalar()
        if not exists:
            return True
        table = Base.metadata.tables["admin_city"]
        return conn.execute(select(func.count()).select_from(table)).scalar_one() == 0


class RegionMismatch(DataError):
    """The database holds another region than the data folder describes."""


def stored_region(engine: Engine) -> tuple[str, str] | None:
    """(adcode, name) of the region loaded in the database; None when none is loaded."""
    with engine.connect() as conn:
        if not conn.execute(text("SELECT to_regclass('admin_city') IS NOT NULL")).scalar():
            return None
        row = conn.execute(text("SELECT adcode, name FROM admin_city ORDER BY id LIMIT 1")
                           ).first()
    return None if row is None else (row[0], row[1])


def check_region(engine: Engine, region: Region) -> None:
    """Raise :class:`RegionMismatch` when the database holds a region other than ``region``."""
    held = stored_region(engine)
    if held is not None and held[0] != region.adcode:
        raise RegionMismatch(
            f"the database holds {held[1]} ({held[0]}), the data folder {region.data_dir} is "
            f"{region.name} ({region.adcode}): one database serves one region. Give this "
            "region a database of its own (DATABASE_URL; or leave it unset: the private "
            "cluster keeps one database per region), or replace the loaded region with "
            "`python -m store.load --replace-region`.")


def _insert_rows(conn: Connection, table_name: str, rows: list[dict[str, Any]]) -> None:
    table = Base.metadata.tables[table_name]
    has_serial_id = "id" in table.c and table_name != "roads"
    if has_serial_id:
        rows = [{"id": i + 1, **row} for i, row in enumerate(rows)]
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(table), rows[start:start + CHUNK])
    if has_serial_id and rows:
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "
                          f":n)"), {"n": len(rows)})


#: Rows of sample tables that are not the sample's and survive a reload: observations a
#: monitoring network posted (``feeds``). They win over a sample row of the same key.
KEEP: dict[str, str] = {"air_observations": "source = 'feed'"}


def replace_all(conn: Connection, rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Empty the sample tables and insert ``rows`` on ``conn`` (the caller's transaction);
    the rows named by :data:`KEEP` are put back afterwards."""
    kept = {name: [dict(r) for r in conn.execute(text(
        f"SELECT * FROM {name} WHERE {where}")).mappings()] for name, where in KEEP.items()}
    conn.execute(text("TRUNCATE " + ", ".join(TABLES) + " RESTART IDENTITY"))
    for name in TABLES:  # dependency order: parents first
        _insert_rows(conn, name, rows[name])
    for name, saved in kept.items():
        _put_back(conn, name, saved)
    return {name: len(rows[name]) for name in TABLES}


def _put_back(conn: Connection, table_name: str, saved: list[dict[str, Any]]) -> None:
    """Insert ``saved`` rows again; on a key the sample also has, the saved row wins."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    table = Base.metadata.tables[table_name]
    keys = [c.name for c in table.primary_key.columns]
    for start in range(0, len(saved), CHUNK):
        stmt = pg_insert(table).values(saved[start:start + CHUNK])
        conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_={
            c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}))


def load_samples(engine: Engine, data_dir: Path | str, if_empty: bool = False,
                 replace_region: bool = False) -> dict[str, int] | None:
    """Validate then load every file of the data folder; returns {table: rows} or None when
    skipped (``if_empty`` and the region is already loaded).

    Raises :class:`RegionMismatch` (before any change) when the database holds another
    region, unless ``replace_region``.
    """
    from core.region import read_region

    data_dir = Path(data_dir)
    if if_empty and not is_empty(engine):
        region = read_region(data_dir)
        check_region(engine, region)
        log.info("%s (%s) is already loaded: load skipped (--if-empty)", region.name,
                 region.adcode)
        return None
    started = time.monotonic()
    region, rows, specs = read_region_rows(data_dir)  # raises DataError before any change
    if not replace_region:
        check_region(engine, region)
    # a file cut short at a row boundary parses fine: only the manifest notices it
    manifest.verify(data_dir, required=[spec.path for spec in specs])
    with engine.begin() as conn:
        counts = replace_all(conn, rows)
    log.info("loaded %s (%s): %d rows into %d tables in %.1f s", region.name, region.adcode,
             sum(counts.values()), len(counts), time.monotonic() - started)
    return counts


def main(argv: list[str] | None = None) -> int:
    from core.settings import load_settings
    from store.cluster import resolve_database_url
    from store.db import make_engine
    from store.migrate import upgrade

    parser = argparse.ArgumentParser(prog="python -m store.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--if-empty", action="store_true",
                        help="skip when the sample tables already hold data")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="folder of sample files (default: ONEMAP_DATA_DIR / data_samples)")
    parser.add_argument("--no-migrate", action="store_true",
                        help="do not run the migrations first")
    parser.add_argument("--replace-region", action="store_true",
                        help="load even when the database holds another region (replaces it)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        settings = load_settings()
        url = resolve_database_url(settings, start=True)
        if not args.no_migrate:
            upgrade(url)
        engine = make_engine(url)
        data_dir = args.data_dir or settings.data_dir
        counts = load_samples(engine, data_dir, if_empty=args.if_empty,
                              replace_region=args.replace_region)
    except OneMapError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    if counts is None:
        print("sample data already loaded: skipped")
    else:
        for name, n in counts.items():
            print(f"{name:24s} {n:6d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
