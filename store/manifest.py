"""The manifest of a data folder: what every data file must be, checked before a load.

A data folder (``data_samples/``, and later a region pack) carries ``MANIFEST.json`` at its
root. For every data file in the folder it records the SHA-256, the size in bytes and, for
GeoJSON and CSV, the number of records (features, or CSV rows without the header)::

    {
      "format": "onemap-data-manifest/1",
      "files": {
        "synthetic/inspections.csv": {"sha256": "…", "bytes": 344627, "records": 5000},
        "dem/dem_30arcsec_hefei_chaohu.tif": {"sha256": "…", "bytes": 55581, "records": null}
      }
    }

Data files are all regular files of the folder except documentation and code
(:data:`IGNORED`: ``*.md``, ``*.py``, ``__pycache__``, dot files, GDAL's ``*.aux.xml``)
and the manifest itself.
Paths are relative to the folder, with ``/`` separators, sorted.

:func:`verify` refuses a folder whose files differ from its manifest, naming each file and
what differs (records, size, checksum), a data file the manifest does not list, and a
listed file that is missing. ``store.load`` calls it before its transaction, so a file cut
short at a row boundary (still well-formed) is refused instead of silently loading fewer
rows.

Command line::

    python -m store.manifest --write [--data-dir DIR]   # after changing a data file
    python -m store.manifest --check [--data-dir DIR]   # exit 1 with the differences
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import hashlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.errors import DataError

MANIFEST_NAME = "MANIFEST.json"
FORMAT = "onemap-data-manifest/1"
#: Name patterns (of any path component) that are not data: documentation and code.
# *.aux.xml: GDAL's sidecar cache (statistics, histograms) that reading a raster may write
# next to it; it is not data, and its appearance must not make every load refuse.
IGNORED: tuple[str, ...] = ("*.md", "*.py", "*.pyc", "__pycache__", ".*", "*.aux.xml")


def _ignored(rel: Path) -> bool:
    return any(fnmatch.fnmatch(part, pat) for part in rel.parts for pat in IGNORED)


def data_files(data_dir: Path) -> list[str]:
    """Relative paths (``/``-separated, sorted) of the data files of ``data_dir``."""
    out = []
    for path in data_dir.rglob("*"):
        rel = path.relative_to(data_dir)
        if path.is_file() and rel.as_posix() != MANIFEST_NAME and not _ignored(rel):
            out.append(rel.as_posix())
    return sorted(out)


def count_records(path: Path) -> int | None:
    """Features of a GeoJSON FeatureCollection, rows of a CSV (header excluded), else None.

    Raises
    ------
    ValueError
        The file does not parse as its suffix says.
    """
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        features = doc.get("features") if isinstance(doc, dict) else None
        if not isinstance(features, list):
            raise ValueError("not a GeoJSON FeatureCollection")
        return len(features)
    if suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            rows = sum(1 for row in csv.reader(fh) if row)
        return max(rows - 1, 0)
    return None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(path: Path) -> dict[str, Any]:
    """The manifest entry of one file: ``sha256``, ``bytes``, ``records``."""
    return {"sha256": sha256_of(path), "bytes": path.stat().st_size,
            "records": count_records(path)}


def build(data_dir: Path) -> dict[str, Any]:
    """The manifest document of ``data_dir`` as it is now."""
    data_dir = Path(data_dir)
    return {"format": FORMAT,
            "files": {rel: describe(data_dir / rel) for rel in data_files(data_dir)}}


def write(data_dir: Path) -> Path:
    """(Re)write ``data_dir/MANIFEST.json``; returns its path."""
    path = Path(data_dir) / MANIFEST_NAME
    text = json.dumps(build(data_dir), indent=2, ensure_ascii=False, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def read(data_dir: Path) -> dict[str, dict[str, Any]]:
    """The ``files`` table of ``data_dir/MANIFEST.json``.

    Raises
    ------
    DataError
        The manifest is missing, unreadable or not of :data:`FORMAT`.
    """
    path = Path(data_dir) / MANIFEST_NAME
    if not path.is_file():
        raise DataError(f"{MANIFEST_NAME}: not found in {data_dir}; every data folder needs "
                        "one (python -m store.manifest --write --data-dir DIR)")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{MANIFEST_NAME}: cannot be read: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or \
            not isinstance(doc.get("files"), dict):
        raise DataError(f"{MANIFEST_NAME}: not a manifest of format {FORMAT!r}")
    return doc["files"]


def _differences(rel: str, want: dict[str, Any], path: Path) -> list[str]:
    """What differs between the manifest entry ``want`` and the file at ``path``."""
    found = path.stat().st_size
    diffs = []
    if want.get("records") is not None:
        kind = "rows" if path.suffix.lower() == ".csv" else "features"
        try:
            n = count_records(path)
        except (ValueError, UnicodeDecodeError, csv.Error) as exc:
            diffs.append(f"{want['records']} {kind} expected, none readable ({exc})")
        else:
            if n != want["records"]:
                diffs.append(f"{want['records']} {kind} expected, {n} found")
    if found != want.get("bytes"):
        diffs.append(f"{want.get('bytes')} bytes expected, {found} found")
    digest = sha256_of(path)
    if digest != want.get("sha256"):
        diffs.append(f"SHA-256 {digest[:12]}… does not match the manifest's "
                     f"{str(want.get('sha256'))[:12]}…")
    return diffs


def verify(data_dir: Path, required: Iterable[str] = ()) -> None:
    """Check ``data_dir`` against its manifest; every problem in one :class:`DataError`.

    Parameters
    ----------
    data_dir : Path
        The data folder (holds ``MANIFEST.json``).
    required : iterable of str
        Relative paths a caller is about to read: each must be listed in the manifest.

    Raises
    ------
    DataError
        Naming every file that differs (and what differs), every data file the manifest
        does not list, and every listed file that is missing.
    """
    data_dir = Path(data_dir)
    listed = read(data_dir)
    problems = []
    for rel in sorted(set(required) - set(listed)):
        problems.append(f"{rel}: not listed in {MANIFEST_NAME}")
    for rel in data_files(data_dir):
        if rel not in listed and rel not in required:
            problems.append(f"{rel}: unexpected file, not listed in {MANIFEST_NAME}")
    for rel, want in sorted(listed.items()):
        path = data_dir / rel
        if not path.is_file():
            problems.append(f"{rel}: listed in {MANIFEST_NAME} but missing")
            continue
        diffs = _differences(rel, want if isinstance(want, dict) else {}, path)
        if diffs:
            problems.append(f"{rel}: differs from {MANIFEST_NAME}: {'; '.join(diffs)}")
    if problems:
        hint = ("If the change is intended, rewrite the manifest: "
                f"python -m store.manifest --write --data-dir {data_dir}")
        raise DataError("data folder does not match its manifest:\n  "
                        + "\n  ".join(problems) + "\n" + hint)


def main(argv: list[str] | None = None) -> int:
    from core.settings import load_settings

    parser = argparse.ArgumentParser(prog="python -m store.manifest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="rewrite MANIFEST.json")
    action.add_argument("--check", action="store_true", help="compare files and manifest")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data folder (default: ONEMAP_DATA_DIR / data_samples)")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or load_settings().data_dir
    if args.write:
        path = write(data_dir)
        print(f"wrote {path} ({len(read(data_dir))} files)")
        return 0
    try:
        verify(data_dir)
    except DataError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    print(f"{data_dir}: every file matches {MANIFEST_NAME}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
