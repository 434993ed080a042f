"""The Hefei sample keeps its bytes: both generators, run on data_samples/, rewrite exactly
the committed files (Hefei keeps its named profile; region packs take the general path)."""

from __future__ import annotations

from pathlib import Path

from core.region import read_region
from data_samples.synthetic.generate import generate, is_hefei_sample

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data_samples"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.suffix in (".geojson", ".csv")}


def test_hefei_synthetic_files_are_regenerated_byte_for_byte(tmp_path):
    assert is_hefei_sample(read_region(SAMPLE))
    generate(tmp_path / "synthetic", SAMPLE)
    got, want = _files(tmp_path / "synthetic"), _files(SAMPLE / "synthetic")
    assert sorted(got) == sorted(want)
    assert [n for n in want if got[n] != want[n]] == []


def test_hefei_supervision_files_are_regenerated_byte_for_byte(supervision_out):
    got, want = _files(supervision_out), _files(SAMPLE / "supervision")
    assert sorted(got) == sorted(want)
    assert [n for n in want if got[n] != want[n]] == []
