"""``python -m regionpack build ADCODE --out DIR [--margin-km KM] [--force]``.

Exit status: 0 built; 2 bad code or refused output folder; 1 a source is missing (nothing
is written in either case).
Run with the build tool's venv: ``.venv-region/bin/python -m regionpack …``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .admin import RegionCodeError
from .build import MARGIN_KM, build_pack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m regionpack",
                                     description="Build a region pack offline.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the pack of a GB/T 2260 code")
    b.add_argument("adcode", help="GB/T 2260 code, e.g. 320100 (南京市), 340000 (安徽省)")
    b.add_argument("--out", type=Path, required=True, help="pack folder to write")
    b.add_argument("--margin-km", type=float, default=MARGIN_KM,
                   help=f"margin for lakes, rivers, DEM [km] (default {MARGIN_KM:g})")
    b.add_argument("--force", action="store_true", help="replace an existing pack folder")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        res = build_pack(args.adcode, args.out, margin_km=args.margin_km, force=args.force)
    except (RegionCodeError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:  # a source missing from .venv-region or shared/data_raw
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 1
    print(f"{res.name} ({res.adcode}, {res.level}) → {res.out} "
          f"in {time.monotonic() - started:.1f} s")
    for rel, n in sorted(res.counts.items()):
        print(f"  {rel:34s} {'—' if n is None else n:>6}")
    print("  seconds: " + ", ".join(f"{k} {v:g}" for k, v in res.seconds.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
