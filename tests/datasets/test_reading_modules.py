"""The upload readers are split by kind (zip, vector, raster) behind one entry point."""

from __future__ import annotations

from pathlib import Path

import datasets.reading as reading
from datasets import read_raster, read_vector, read_zip

ROOT = Path(__file__).resolve().parents[2]


def test_one_entry_point_and_a_module_per_kind():
    assert reading.__all__ == ["Inspected", "Limits", "Options", "UploadRefused",
                               "inspect_upload"]
    assert reading.read_vector is read_vector.read_vector
    assert reading.inspect_raster is read_raster.inspect_raster
    assert reading.unzip is read_zip.unzip
    sizes = {p.name: len(p.read_text("utf-8").splitlines())
             for p in (ROOT / "datasets").glob("read*.py")}
    assert sizes["reading.py"] < 150 and max(sizes.values()) < 500, sizes
