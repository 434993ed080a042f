"""Synthetic samples (示例数据) of the other supervision systems for the Hefei sample region.

Hazardous waste (generating units, licensed facilities, transfer manifests, ledgers),
nuclear and radiation (sealed-source users, ambient gamma stations, electromagnetic
sites), mobile sources (remote-sensing points, heavy-diesel OBD density grid, non-road
machinery), carbon (district inventory by sector and fuel, key emitting units, the
trajectory), biodiversity (observations, priority conservation areas, devices) and
noise (functional zones 0–4b, stations with hourly L_Aeq).

Run ``python -m samplegen.supervision --out DIR [--seed N] [--data DIR]`` (or
``--data-dir PACK``, which writes ``PACK/supervision``; ``python -m samplegen.region PACK``
writes a pack's synthetic and supervision layers in one step). Positions
come from the real base layers in ``data_samples/`` (outline, districts, GeoNames places,
lake, rivers, roads, expressway junctions, park polygons): no coordinate of Hefei is
written here. Every record carries ``synthetic: true`` and ``label: 示例数据``. What each
number is modelled on is in ``samplegen/PROVENANCE-supervision.md``.

The hazardous-waste sample contains planted anomalies of every rule of
:mod:`decision_models.hazardous_waste` (listed in ``hw_anomalies.json`` of ``--report``);
the generator checks that the rules find exactly those.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from samplegen._base import DATA_DIR, SYNTHETIC, load_region
from samplegen._shared import (
    CO2_YEAR,
    GAMMA_EXCURSION,
    GAMMA_HOURS,
    GAMMA_START,
    HW_AS_OF,
    HW_YEAR,
    PEAK_YEAR,
    SEED,
    SERIES_DAYS,
    SERIES_START,
)
from samplegen.biodiversity import _write_bio, biodiversity
from samplegen.carbon import (
    KEY_UNIT_THRESHOLD_T,
    TOTAL_ENERGY_TCE,
    _write_carbon,
    carbon,
    sector_districts,
)
from samplegen.mobile import _write_mobile, mobile
from samplegen.noise import _write_noise, noise_sample
from samplegen.radiation import _write_rad, radiation
from samplegen.waste import _write_hw, anomaly_report, hazardous_waste

#: One module per system (samplegen.waste, .radiation, .mobile, .carbon, .biodiversity,
#: .noise); this module runs them in order and keeps their public names.
__all__ = ["CO2_YEAR", "GAMMA_EXCURSION", "GAMMA_HOURS", "GAMMA_START", "HW_AS_OF", "HW_YEAR",
           "KEY_UNIT_THRESHOLD_T", "PEAK_YEAR", "SEED", "SERIES_DAYS", "SERIES_START",
           "SYSTEMS", "TOTAL_ENERGY_TCE", "anomaly_report", "biodiversity", "carbon",
           "generate", "hazardous_waste", "load_region", "main", "mobile", "noise_sample",
           "radiation", "sector_districts"]

# ======================================================================================

SYSTEMS: tuple[tuple[str, Callable[..., dict[str, Any]], Callable[..., dict[str, int]]], ...] = (
    ("hazardous_waste", hazardous_waste, _write_hw),
    ("radiation", radiation, _write_rad),
    ("mobile", mobile, _write_mobile),
    ("carbon", carbon, _write_carbon),
    ("biodiversity", biodiversity, _write_bio),
    ("noise", noise_sample, _write_noise),
)


def generate(out: Path, *, seed: int = SEED, data_dir: Path = DATA_DIR,
             report: Path | None = None) -> dict[str, Any]:
    """Write every data file of the six systems into ``out``; return the run's manifest.

    Each system draws from its own generator (``seed`` + its position), so changing
    one system does not move the others. Only data files (GeoJSON FeatureCollections and
    CSV) go into ``out``, which may be the ``supervision/`` folder of a data folder; the
    run's own manifest and the list of planted anomalies are returned, and written as
    ``manifest.json`` and ``hw_anomalies.json`` into ``report`` when one is given.
    """
    out.mkdir(parents=True, exist_ok=True)
    region = load_region(data_dir)
    files: dict[str, dict[str, Any]] = {}
    anomalies: dict[str, Any] = {}
    for i, (name, make, write) in enumerate(SYSTEMS):
        rng = np.random.default_rng([seed, i])
        data = make(rng, region)
        counts = write(out, seed, data, region)
        if name == "hazardous_waste":
            anomalies = anomaly_report(data)
        for fname, n in counts.items():
            files[fname] = {"system": name, "records": n}
    manifest = {**SYNTHETIC, "generator": "samplegen.supervision", "seed": seed,
                "provenance": "samplegen/PROVENANCE-supervision.md", "files": files}
    if report is not None:
        report.mkdir(parents=True, exist_ok=True)
        for fname, doc in (("manifest.json", manifest), ("hw_anomalies.json", anomalies)):
            (report / fname).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
    return {**manifest, "hw_anomalies": anomalies}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samplegen.supervision",
                                 description="Write the synthetic supervision samples.")
    ap.add_argument("--out", type=Path, default=None,
                    help="output folder (default: the --data folder's supervision/)")
    ap.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    ap.add_argument("--data", type=Path, default=DATA_DIR,
                    help="folder with the base layers (default: data_samples/)")
    ap.add_argument("--report", type=Path, default=None,
                    help="folder for the run's manifest.json and hw_anomalies.json "
                         "(kept out of --out, which holds data files only)")
    ap.add_argument("--data-dir", dest="data", type=Path, help="same as --data")
    args = ap.parse_args(argv)
    if args.out is None and args.data == DATA_DIR:
        ap.error("--out is required for the Hefei sample (data_samples/ is not written)")
    out = args.out if args.out is not None else args.data / "supervision"
    manifest = generate(out, seed=args.seed, data_dir=args.data, report=args.report)
    for name, info in manifest["files"].items():
        print(f"{name:34s} {info['records']:7d}  ({info['system']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
