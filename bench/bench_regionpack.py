"""Region packs end to end: build times, and One Map's first render for a province pack.

Usage::

    python -m bench.bench_regionpack [--codes 320100 340000] [--runs 1] [--renders 3]
                                     [--keep DIR] [--no-render]

1. **Build**: each pack is built as ``make region`` builds it, ``python manage.py
   build-region CODE --out DIR --force`` in its own process: the real-data tool in its
   venv (``.venv-region``, created from ``requirements-region.txt`` on first use, before
   the clock starts), then the synthetic layers (``samplegen.region``) in the app's venv.
   Wall time of the whole command, interpreter starts included; the tool's per-step
   seconds. Targets (issue 18): a city pack < 2 min, a province pack < 6 min.
2. **First render** (unless ``--no-render``): the Hefei sample and the province pack built
   in step 1 (the last ``--codes`` entry of level province, else the last one) each served
   by the real ``manage.py run`` (1 gunicorn worker) on its own database of one private
   cluster in a fresh ``ONEMAP_VAR_DIR``: the first start loads the data; then
   ``--renders`` navigations to ``/``, each in a fresh headless Chromium, timed as
   :mod:`bench.bench_onemap` times them (navigation → at least 10 station markers drawn
   and a basemap tile loaded). Target: the pack's median within 1.5× of Hefei's.

Writes ``bench/results/regionpack.md``. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.bench_onemap import first_render, stop, wait_http
from bench.common import header_lines, issue_token, load, results_path
from regionpack.venv import ROOT, ensure_venv

TARGETS = {"city": 120.0, "province": 360.0, "county": 120.0}
RENDER_RATIO = 1.5  # issue 18: the province pack's first render within 1.5× of Hefei's


@dataclass
class Build:
    code: str
    name: str
    level: str
    seconds: float
    notes: str


@dataclass
class Render:
    label: str
    ready: float  # first start: server ready [s] (migration, load, basemaps)
    renders: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.renders)


def _size_mib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def build_once(code: str, out: Path) -> tuple[float, str]:
    """Seconds of ``manage.py build-region CODE --out OUT --force`` and its output."""
    started = time.perf_counter()
    res = subprocess.run([sys.executable, "manage.py", "build-region", code, "--out", str(out),
                          "--force"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    took = time.perf_counter() - started
    if res.returncode != 0:
        raise RuntimeError(f"build {code} failed ({res.returncode}): {res.stderr[-2000:]}")
    return took, res.stdout


def describe_build(code: str, took: float, stdout: str, out: Path) -> Build:
    lines = stdout.splitlines()
    m = re.match(r"(\S+) \((\d+), (\w+)\)", lines[0] if lines else "")
    name, level = (m.group(1), m.group(3)) if m else (code, "city")
    steps = next((ln.strip().removeprefix("seconds: ") for ln in lines
                  if ln.strip().startswith("seconds:")), "")
    counts = {ln.split()[0]: ln.split()[1] for ln in lines[1:]
              if ln.startswith("  ") and len(ln.split()) == 2
              and not ln.strip().startswith("seconds")}
    synthetic = sum(1 for p in (out / "synthetic").rglob("*") if p.is_file()) + \
        sum(1 for p in (out / "supervision").rglob("*") if p.is_file())
    notes = (f"{_size_mib(out):.1f} MiB; children {counts.get('admin/children.geojson')}, "
             f"counties {counts.get('admin/counties.geojson', '—')}, stations "
             f"{counts.get('air/aq_stations.geojson')}, lakes "
             f"{counts.get('hydro/gshhs_f_lakes.geojson')}, rivers "
             f"{counts.get('hydro/wdb2_rivers.geojson')}; {synthetic} synthetic files; "
             f"real-data steps (s): {steps}")
    return Build(code, name, level, took, notes)


def sign_in(var: Path, pg_port: int, data_dir: Path) -> str:
    """An admin's API token in the region's database of the private cluster under ``var``
    (``onemap`` for the Hefei sample, ``onemap_<adcode>`` for a pack)."""
    from core.settings import Settings
    from store.cluster import resolve_database_url
    from store.db import make_engine

    settings = Settings(database_url="", var_dir=var, local_pg_port=pg_port, data_dir=data_dir)
    engine = make_engine(resolve_database_url(settings, start=False))
    try:
        return issue_token(engine, settings)
    finally:
        engine.dispose()


def serve_and_render(label: str, data_dir: Path, var: Path, port: int, pg_port: int,
                     renders: int) -> Render:
    env = {**os.environ, "ONEMAP_VAR_DIR": str(var), "ONEMAP_PORT": str(port),
           "ONEMAP_LOCAL_PG_PORT": str(pg_port), "ONEMAP_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    log = var / f"run-{data_dir.name}.log"
    start = time.perf_counter()
    with log.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "manage.py", "run", "--workers", "1"],
                                cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        try:
            ready = wait_http(f"http://127.0.0.1:{port}/healthz", 900) - start
        except TimeoutError:
            raise RuntimeError(f"{label}: not ready; {log.read_text(errors='replace')[-3000:]}"
                               ) from None
        token = sign_in(var, pg_port, data_dir)  # not timed
        times = []
        for _ in range(renders):
            times.append(first_render(f"http://127.0.0.1:{port}/", token))
            print(f"{label}: first render {times[-1]:.2f} s", flush=True)
    finally:
        stop(proc)
    return Render(label, ready, times)


def compare_renders(pack: Path, pack_label: str, renders: int) -> list[Render]:
    from store.cluster import LocalCluster, free_port

    var = Path(tempfile.mkdtemp(prefix="onemap-bench-var-"))
    var.chmod(0o755)  # as root the database server runs as `postgres` and must reach it
    port, pg_port = free_port(), free_port()
    try:
        return [serve_and_render("合肥市 340100 (data_samples)", ROOT / "data_samples", var,
                                 port, pg_port, renders),
                serve_and_render(pack_label, pack, var, port, pg_port, renders)]
    finally:
        LocalCluster(var / "pg", pg_port).stop()
        shutil.rmtree(var, ignore_errors=True)


def report(builds: list[Build], renders: list[Render], runs: int, started_load, seconds: float
           ) -> str:
    lines = [
        "# Region pack benchmark",
        "",
        *header_lines("python -m bench.bench_regionpack", started_load, seconds),
        "",
        "## Build, end to end",
        "",
        f"Wall time of `python manage.py build-region CODE --out DIR --force` (what `make "
        f"region` runs; median of {runs}): the real-data tool in `.venv-region` (venv "
        "already present; the Chinese GeoNames subset cached in var/regionpack-cache/), then "
        "the synthetic and supervision layers (示例数据) in the app's venv; interpreter "
        "starts included.",
        "",
        "| Pack | Build | Target | Met | Notes |",
        "|---|---|---|---|---|",
    ]
    for b in builds:
        target = TARGETS.get(b.level, 120.0)
        lines.append(f"| {b.name} {b.code} ({b.level}) | {b.seconds:.1f} s | "
                     f"< {target / 60:.0f} min | {'yes' if b.seconds < target else '**no**'} "
                     f"| {b.notes} |")
    if renders:
        hefei, pack = renders
        ratio = pack.median / hefei.median
        lines += [
            "", "## One Map first render: province pack vs Hefei", "",
            "Each region on its own database of one private cluster, served by `manage.py "
            "run --workers 1`; headless Chromium 1920×1080, a fresh browser per navigation, "
            "signed in by API token. First render = navigation → at least 10 station "
            "markers drawn and a basemap tile loaded (as in `bench_onemap`). Server ready = "
            "first start (migration, data load, derived basemaps) until `/healthz` answers.",
            "",
            "| Region | server ready, first start [s] | first renders [s] | median [s] |",
            "|---|---|---|---|",
        ]
        lines += [f"| {r.label} | {r.ready:.1f} | {', '.join(f'{x:.2f}' for x in r.renders)} "
                  f"| {r.median:.2f} |" for r in renders]
        lines += ["", f"Ratio pack / Hefei: **{ratio:.2f}×** (target ≤ {RENDER_RATIO}×: "
                      f"{'met' if ratio <= RENDER_RATIO else '**not met**'})."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_regionpack",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--codes", nargs="+", default=["320100", "340000"])
    parser.add_argument("--runs", type=int, default=1, help="builds per code (median)")
    parser.add_argument("--renders", type=int, default=3, help="first renders per region")
    parser.add_argument("--keep", type=Path, help="build the packs into DIR/<code> and keep "
                        "them (default: a temporary folder, removed)")
    parser.add_argument("--no-render", action="store_true", help="builds only")
    args = parser.parse_args(argv)
    ensure_venv()  # not timed: make region creates it once
    started, started_load = time.perf_counter(), load()
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(
        prefix="onemap-bench-region-"))
    work.mkdir(parents=True, exist_ok=True)
    builds: list[Build] = []
    renders: list[Render] = []
    try:
        for code in args.codes:
            times, stdout = [], ""
            for _ in range(args.runs):
                took, stdout = build_once(code, work / code)
                times.append(took)
                print(f"{code}: built in {took:.1f} s", flush=True)
            builds.append(describe_build(code, statistics.median(times), stdout, work / code))
        if not args.no_render and builds:
            pack = next((b for b in reversed(builds) if b.level == "province"), builds[-1])
            renders = compare_renders(work / pack.code, f"{pack.name} {pack.code} (pack)",
                                      args.renders)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = report(builds, renders, args.runs, started_load, time.perf_counter() - started)
    results_path("regionpack.md").write_text(text, encoding="utf-8")
    print(text)
    return text


if __name__ == "__main__":
    main()
