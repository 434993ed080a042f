"""The synthetic layers of a data folder, in one step: ``python -m samplegen.region DIR``.

Run after ``regionpack`` has written a pack's real data (``make region ADCODE=…`` does
both). Writes ``DIR/synthetic/`` (:mod:`data_samples.synthetic.generate`) and then
``DIR/supervision/`` (:mod:`samplegen.supervision`, which places its features on the
synthetic rivers, roads and parks), with the file names and columns of the Hefei sample;
sets ``synthetic_layers = ["synthetic", "supervision"]`` in ``DIR/region.toml`` (that one
line; the rest of the file is kept byte for byte) and rewrites ``DIR/MANIFEST.json``.
Seeded: the same pack gives the same bytes.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path
from typing import Any

from core.region import REGION_FILE, read_region
from data_samples.synthetic.generate import generate as generate_synthetic
from samplegen import supervision
from store import manifest

LAYERS = ("synthetic", "supervision")
_KEY = re.compile(r"^synthetic_layers\s*=.*$", re.MULTILINE)


def set_synthetic_layers(data_dir: Path, layers: tuple[str, ...] = LAYERS) -> None:
    """Set the top-level ``synthetic_layers`` key of ``data_dir/region.toml``.

    Only that line changes (or, if the key is missing, one line is added before the first
    table); the result must parse to the same document with the new key, else nothing is
    written.
    """
    path = data_dir / REGION_FILE
    text = path.read_text(encoding="utf-8")
    before = tomllib.loads(text)
    line = "synthetic_layers = [" + ", ".join(f'"{x}"' for x in layers) + "]"
    head_end = re.search(r"^\[", text, re.MULTILINE)
    head = text[: head_end.start()] if head_end else text
    if _KEY.search(head):
        new = _KEY.sub(line, head, count=1) + text[len(head):]
    else:
        sep = "" if head.endswith("\n") or not head else "\n"
        new = head + sep + line + "\n" + text[len(head):]
    after = tomllib.loads(new)
    if after != {**before, "synthetic_layers": list(layers)}:
        raise ValueError(f"{path}: could not set synthetic_layers safely")
    if new != text:
        path.write_text(new, encoding="utf-8")


def generate_region(data_dir: Path, *, seed: int = supervision.SEED) -> dict[str, Any]:
    """Write the synthetic and supervision layers of ``data_dir`` and register them."""
    data_dir = Path(data_dir).resolve()
    read_region(data_dir)  # a clear error for a folder without region.toml
    counts = generate_synthetic(data_dir / "synthetic", data_dir)
    run = supervision.generate(data_dir / "supervision", seed=seed, data_dir=data_dir)
    set_synthetic_layers(data_dir)
    manifest.write(data_dir)
    return {"synthetic": counts,
            "supervision": {n: f["records"] for n, f in run["files"].items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samplegen.region",
                                 description="Write the synthetic layers (示例数据) of a "
                                             "data folder, e.g. a region pack.")
    ap.add_argument("data_dir", type=Path, help="the data folder (holds region.toml)")
    args = ap.parse_args(argv)
    out = generate_region(args.data_dir)
    for part, counts in out.items():
        for name, n in counts.items():
            print(f"{part}/{name:34s} {n:7d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
