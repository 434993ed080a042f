"""Region-pack build times: Nanjing (320100, city) and Anhui (340000, province).

Usage::

    python -m bench.bench_regionpack [--codes 320100 340000] [--runs 1]

Builds each pack with the real tool in its own venv (``.venv-region``, created from
``requirements-region.txt`` on first use, not timed), one process per build as
``make region`` runs it, and writes ``bench/results/regionpack.md``: wall time of the
whole command (interpreter start included), the tool's own per-step seconds, the size and
the record counts of the pack. Targets (issue 18): a city pack < 2 min, a province < 6 min.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import header_lines, load, results_path
from regionpack.venv import ROOT, ensure_venv

TARGETS = {"city": 120.0, "province": 360.0, "county": 120.0}


def _size_mib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def build_once(python: Path, code: str, out: Path) -> tuple[float, str]:
    started = time.perf_counter()
    res = subprocess.run([str(python), "-m", "regionpack", "build", code, "--out", str(out),
                          "--force"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    took = time.perf_counter() - started
    if res.returncode != 0:
        raise RuntimeError(f"build {code} failed: {res.stderr}")
    return took, res.stdout


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_regionpack")
    parser.add_argument("--codes", nargs="+", default=["320100", "340000"])
    parser.add_argument("--runs", type=int, default=1, help="builds per code (median)")
    args = parser.parse_args(argv)
    python = ensure_venv()
    started, started_load = time.perf_counter(), load()
    rows = []
    work = Path(tempfile.mkdtemp(prefix="onemap-bench-region-"))
    try:
        for code in args.codes:
            times, stdout = [], ""
            for _ in range(args.runs):
                took, stdout = build_once(python, code, work / code)
                times.append(took)
            times.sort()
            median = times[len(times) // 2]
            head = stdout.splitlines()[0]
            m = re.match(r"(\S+) \((\d+), (\w+)\)", head)
            name, level = (m.group(1), m.group(3)) if m else (code, "city")
            steps = next((ln.strip().removeprefix("seconds: ") for ln in stdout.splitlines()
                          if ln.strip().startswith("seconds:")), "")
            counts = {ln.split()[0]: ln.split()[1] for ln in stdout.splitlines()[1:]
                      if ln.startswith("  ") and not ln.strip().startswith("seconds")}
            target = TARGETS.get(level, 120.0)
            rows.append((f"{name} {code} ({level})", median, target,
                         f"{_size_mib(work / code):.1f} MiB; children "
                         f"{counts.get('admin/children.geojson')}, counties "
                         f"{counts.get('admin/counties.geojson', '—')}, stations "
                         f"{counts.get('air/aq_stations.geojson')}, lakes "
                         f"{counts.get('hydro/gshhs_f_lakes.geojson')}, rivers "
                         f"{counts.get('hydro/wdb2_rivers.geojson')}; steps (s): {steps}"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        "# Region pack build benchmark",
        "",
        *header_lines("python -m bench.bench_regionpack", started_load,
                      time.perf_counter() - started),
        "",
        f"Wall time of `.venv-region/bin/python -m regionpack build CODE --out DIR` "
        f"(median of {args.runs}), interpreter start included; the venv already exists and "
        "the Chinese GeoNames subset is cached in var/regionpack-cache/ (the very first "
        "build on a machine parses the 80 MB cities500 file: ≈ 4–10 s more).",
        "",
        "| Pack | Build | Target | Met | Notes |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {what} | {took:.1f} s | < {target / 60:.0f} min | "
              f"{'yes' if took < target else '**no**'} | {notes} |"
              for what, took, target, notes in rows]
    text = "\n".join(lines) + "\n"
    results_path("regionpack.md").write_text(text, encoding="utf-8")
    print(text)
    return text


if __name__ == "__main__":
    main()
