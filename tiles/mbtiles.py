"""MBTiles 1.3 packs: a tiny SQLite reader/writer (raster tiles only).

Rows are stored in the TMS scheme (row 0 at the south), as the spec requires; every
public method here takes XYZ (row 0 at the north) and flips.

References
----------
MBTiles 1.3 specification, https://github.com/mapbox/mbtiles-spec/blob/master/1.3/spec.md
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from core.errors import DataError

FORMAT_MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS metadata (name TEXT, value TEXT)",
    "CREATE UNIQUE INDEX IF NOT EXISTS metadata_name ON metadata (name)",
    "CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER, "
    "tile_row INTEGER, tile_data BLOB)",
    "CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row)",
)


def tms_row(z: int, y: int) -> int:
    """Flip an XYZ row to a TMS row (and back: the flip is its own inverse)."""
    return (1 << z) - 1 - y


class MBTilesWriter:
    """Write (or resume writing) an MBTiles pack.

    Parameters
    ----------
    path
        The ``.mbtiles`` file; created with the spec's schema if missing.

    Examples
    --------
    >>> with MBTilesWriter(tmp / "a.mbtiles") as pack:  # doctest: +SKIP
    ...     pack.put(0, 0, 0, png_bytes)
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn = sqlite3.connect(self.path)
        for statement in _SCHEMA:
            self._conn.execute(statement)
        self._conn.commit()

    def __enter__(self) -> MBTilesWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.commit()
        self._conn.close()

    def commit(self) -> None:
        self._conn.commit()

    def set_metadata(self, values: Mapping[str, object]) -> None:
        """Insert or replace metadata rows (values are stored as text)."""
        self._conn.executemany(
            "INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)",
            [(k, str(v)) for k, v in values.items()],
        )
        self._conn.commit()

    def metadata(self) -> dict[str, str]:
        """The metadata rows already in the pack."""
        return {str(k): str(v) for k, v in self._conn.execute("SELECT name, value FROM metadata")}

    def existing(self, z: int) -> set[tuple[int, int]]:
        """XYZ ``(x, y)`` of the tiles already stored at zoom ``z`` (for resuming)."""
        rows = self._conn.execute(
            "SELECT tile_column, tile_row FROM tiles WHERE zoom_level = ?", (z,)
        )
        return {(x, tms_row(z, row)) for x, row in rows}

    def put(self, z: int, x: int, y: int, data: bytes) -> None:
        """Store one tile given in XYZ."""
        self._conn.execute(
            "INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) "
            "VALUES (?, ?, ?, ?)",
            (z, x, tms_row(z, y), sqlite3.Binary(data)),
        )

    def put_many(self, tiles: Iterable[tuple[int, int, int, bytes]]) -> None:
        self._conn.executemany(
            "INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) "
            "VALUES (?, ?, ?, ?)",
            [(z, x, tms_row(z, y), sqlite3.Binary(d)) for z, x, y, d in tiles],
        )
        self._conn.commit()


class MBTilesReader:
    """Read tiles from a pack; one read-only SQLite connection per thread.

    Parameters
    ----------
    path
        The ``.mbtiles`` file.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        try:
            self.metadata = self._read_metadata()
        except sqlite3.DatabaseError as exc:
            raise DataError(f"{self.path.name}: not a readable MBTiles pack ({exc})") from exc

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn

    def _read_metadata(self) -> dict[str, str]:
        rows = self._conn().execute("SELECT name, value FROM metadata").fetchall()
        self._conn().execute("SELECT 1 FROM tiles LIMIT 1").fetchall()
        return {str(name): str(value) for name, value in rows}

    @property
    def format(self) -> str:
        """``png``, ``jpg`` or ``webp`` (the spec's ``jpeg`` is spelled ``jpg`` here)."""
        fmt = self.metadata.get("format", "png").lower()
        return "jpg" if fmt == "jpeg" else fmt

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        raw = self.metadata.get("bounds", "-180,-85.0511,180,85.0511")
        west, south, east, north = (float(v) for v in raw.split(","))
        return west, south, east, north

    @property
    def zoom_range(self) -> tuple[int, int]:
        if "minzoom" in self.metadata and "maxzoom" in self.metadata:
            return int(self.metadata["minzoom"]), int(self.metadata["maxzoom"])
        row = self._conn().execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        return (int(row[0]), int(row[1])) if row and row[0] is not None else (0, 0)

    def get(self, z: int, x: int, y: int) -> bytes | None:
        """The stored bytes of XYZ tile ``z/x/y``, or ``None``."""
        try:
            row = self._conn().execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                "AND tile_row = ?",
                (z, x, tms_row(z, y)),
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise DataError(f"{self.path.name}: cannot read tile {z}/{x}/{y} ({exc})") from exc
        return bytes(row[0]) if row else None

    def count(self) -> int:
        return int(self._conn().execute("SELECT COUNT(*) FROM tiles").fetchone()[0])
