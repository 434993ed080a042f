"""Zip archives of an upload: safe extraction (size, CRC, one dataset or one shapefile with
its parts)."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

from datasets.read_types import (
    RASTER_EXT,
    TABLE_EXT,
    VECTOR_EXT,
    ZIP_EXPANSION,
    Limits,
    UploadRefused,
)


# -- formats ----------------------------------------------------------------------------------
def suffix(name: str) -> str:
    return Path(name).suffix.lower()


def unzip(path: Path, workdir: Path, limits: Limits, report: dict[str, Any]) -> Path:
    """Extract a zip safely and return the one dataset file inside it."""
    try:
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.infolist() if not m.is_dir()
                   and not Path(m.filename).name.startswith(".")
                   and "__MACOSX" not in m.filename]
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UploadRefused(f"the zip file is corrupt or incomplete ({exc}); zip the files "
                            "again and upload the new archive", report, "corrupt_file") from exc
    try:
        return _extract(archive, members, path, workdir, limits, report)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        # extraction checks every member's CRC: a damaged member fails here
        raise UploadRefused(f"the zip file is corrupt: {exc}; zip the files again and upload "
                            "the new archive", report, "corrupt_file") from exc


def _extract(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], path: Path,
             workdir: Path, limits: Limits, report: dict[str, Any]) -> Path:
    if sum(m.file_size for m in members) > limits.max_bytes * ZIP_EXPANSION:
        raise UploadRefused("the zip expands to more than "
                            f"{limits.max_bytes * ZIP_EXPANSION // 2**20} MB", report,
                            "file_too_large")
    by_ext: dict[str, list[zipfile.ZipInfo]] = {}
    for m in members:
        by_ext.setdefault(suffix(m.filename), []).append(m)
    report["archive"] = sorted(Path(m.filename).name for m in members)
    shps = by_ext.get(".shp", [])
    if shps:
        shp = shps[0]
        stem = shp.filename[: -len(".shp")]
        names = {m.filename.lower(): m for m in members}
        for ext, why in ((".shx", "the index of the shapes"), (".dbf", "the attribute table")):
            if (stem + ext).lower() not in names:
                raise UploadRefused(
                    f"the shapefile {Path(shp.filename).name} has no {ext} file ({why}); "
                    f"add {Path(stem).name}{ext} to the zip — GIS software writes it next to "
                    "the .shp", report, f"missing_{ext[1:]}")
        wanted = [m for key, m in names.items() if key.startswith(stem.lower() + ".")]
        out = workdir / "shape"
        out.mkdir()
        for m in wanted:
            target = out / Path(m.filename).name
            with archive.open(m) as src, target.open("wb") as dst:
                _copy(src, dst)
        return out / Path(shp.filename).name
    for ext in (*VECTOR_EXT, *TABLE_EXT, *RASTER_EXT):
        if by_ext.get(ext):
            m = by_ext[ext][0]
            target = workdir / Path(m.filename).name
            with archive.open(m) as src, target.open("wb") as dst:
                _copy(src, dst)
            return target
    raise UploadRefused("the zip holds no shapefile, GeoJSON, GeoPackage, KML, CSV, XLSX or "
                        f"GeoTIFF (found: {', '.join(report['archive']) or 'nothing'})",
                        report, "unsupported_format")


def _copy(src, dst, chunk: int = 1 << 20) -> None:
    while True:
        block = src.read(chunk)
        if not block:
            return
        dst.write(block)
