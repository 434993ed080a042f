"""Run every benchmark, one after the other, and write a summary (``make bench``).

Usage::

    python -m bench.run_all [--only tiles forecast …] [--quick] [--no-titiler]

Each benchmark runs in its own process (``python -m bench.bench_<name>``) and writes its
results file into ``bench/results/`` (or ``ONEMAP_BENCH_RESULTS``, for a trial run that
must not replace the committed results). Then ``summary.md`` states the machine (cores,
memory, CPU model), the load average before and after every benchmark, its duration and
exit status, so that every figure can be read with the conditions it was taken in.

``--quick`` makes every benchmark short (fewer tiles, rounds, requests and rows): a check
that they work, not figures to quote. TiTiler is installed on first use into its own venv
by ``bench.bench_tiles`` (never into the app's requirements); ``--no-titiler`` skips it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import dataclass

from bench.common import ROOT, fmt_load, load, machine, results_path


@dataclass(frozen=True)
class Bench:
    name: str
    module: str
    results: str
    what: str
    quick: tuple[str, ...] = ()


BENCHES: tuple[Bench, ...] = (
    Bench("physics", "bench.bench_physics", "physics.md",
          "threat zones, source–receptor matrix, scenario, spill routing"),
    Bench("forecast", "bench.bench_forecast", "forecast.md",
          "training, forecast() cold and warm"),
    Bench("features", "bench.bench_features", "features.md",
          "OGC API – Features over HTTP, sample and 100,000 sources",
          ("--warm", "5", "--total", "20000")),
    Bench("tiles", "bench.bench_tiles", "tiles.md",
          "raster tiles: rendering vs TiTiler, and from the tile cache",
          ("--rounds", "1", "--tiles", "100")),
    Bench("onemap", "bench.bench_onemap", "onemap.md",
          "cold start to first map render in Chromium"),
    Bench("emergency", "bench.bench_emergency", "emergency.md",
          "incident: zones, receptors, resources; weather change; downstream; report",
          ("--runs", "3")),
    Bench("cockpit", "bench.bench_cockpit", "cockpit.md",
          "cockpit first render at 3840×2160; 30 walls refreshing", ("--quick",)),
    Bench("enforcement", "bench.bench_enforcement", "enforcement.md",
          "enterprise codes of all sources, 10,000-task list, tasks map size",
          ("--runs", "3", "--tasks", "2000")),
    Bench("feeds", "bench.bench_feeds", "feeds.md",
          "live feed: 10,000 station-hours in one POST", ("--runs", "3")),
    Bench("uploads", "bench.bench_uploads", "uploads.md",
          "upload of a 50 MB zipped shapefile (100,000 polygons): report, store, serve",
          ("--features", "10000")),
    Bench("workbench_forecast", "bench.bench_workbench_forecast", "workbench_forecast.md",
          "forecast page first render, /api/forecast warm", ("--runs", "2", "--requests", "10")),
    Bench("scenarios", "bench.bench_scenarios", "scenarios.md",
          "scenario matrix build, model answer, job, REST, click to map", ("--quick",)),
    Bench("regionpack", "bench.bench_regionpack", "regionpack.md",
          "region packs: Nanjing (city) and Anhui (province) built end to end; One Map "
          "first render, Anhui vs Hefei", ("--runs", "1", "--renders", "1")),
)


@dataclass
class Outcome:
    bench: Bench
    returncode: int
    seconds: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]


def run(bench: Bench, quick: bool, no_titiler: bool, timeout: float) -> Outcome:
    """Run one benchmark in its own process (output passes through)."""
    args = [sys.executable, "-m", bench.module]
    if quick:
        args += list(bench.quick)
    if no_titiler and bench.name == "tiles":
        args.append("--no-titiler")
    print(f"== {bench.name}: {' '.join(args[1:])}", flush=True)
    before, started = load(), time.perf_counter()
    try:
        code = subprocess.run(args, cwd=ROOT, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        print(f"{bench.name}: stopped after {timeout:.0f} s", file=sys.stderr)
        code = -1
    return Outcome(bench, code, time.perf_counter() - started, before, load())


def summary(outcomes: list[Outcome], quick: bool, started_load: tuple[float, float, float],
            seconds: float) -> str:
    """The Markdown of ``summary.md``."""
    lines = [
        "# Benchmark summary", "",
        f"`python -m bench.run_all{' --quick' if quick else ''}` on "
        f"{time.strftime('%Y-%m-%d %H:%M')}, {seconds:.0f} s in all; the benchmarks ran one "
        "after the other.", "",
        f"Machine: {machine().describe()}.", "",
        f"Load average (1/5/15 min): {fmt_load(started_load)} at the start, "
        f"{fmt_load(load())} at the end. A load above the number of cores means other work "
        "shared the machine: read the figures as upper bounds.", "",
    ]
    if quick:
        lines += ["**Quick run** (`--quick`): short benchmarks to check they work; not "
                  "figures to quote.", ""]
    lines += ["| benchmark | what | results | status | time s | load before | load after |",
              "|---|---|---|---|---|---|---|"]
    for o in outcomes:
        status = "ok" if o.returncode == 0 else f"**failed ({o.returncode})**"
        lines.append(f"| {o.bench.name} | {o.bench.what} | [{o.bench.results}]"
                     f"({o.bench.results}) | {status} | {o.seconds:.0f} | "
                     f"{fmt_load(o.load_before)} | {fmt_load(o.load_after)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    names = [b.name for b in BENCHES]
    parser = argparse.ArgumentParser(prog="python -m bench.run_all", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=names, help="run only these")
    parser.add_argument("--quick", action="store_true", help="short runs (a check)")
    parser.add_argument("--no-titiler", action="store_true", help="tiles: ours only")
    parser.add_argument("--timeout", type=float, default=1800, help="per benchmark [s]")
    args = parser.parse_args(argv)
    chosen = [b for b in BENCHES if not args.only or b.name in args.only]
    started_load, started = load(), time.perf_counter()
    outcomes = [run(b, args.quick, args.no_titiler, args.timeout) for b in chosen]
    text = summary(outcomes, args.quick, started_load, time.perf_counter() - started)
    out = results_path("summary.md")
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"wrote {out}")
    return 0 if all(o.returncode == 0 for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
