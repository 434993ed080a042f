"""Benchmark of the emergency and scenario physics engines.

Run ``python -m bench.bench_physics``: prints a Markdown table and writes
``bench/results/physics.md``.

Cases and targets:

* threat zones with a 500 × 500 concentration grid (< 50 ms);
* unit source–receptor matrix, 1 000 sources × 10 000 receptors × 16 sectors × 6 classes
  (< 60 s, peak memory < 4 GB; float32, chunked over sources);
* apply_scenario on that matrix (< 50 ms);
* spill routing on a 50-reach network to 20 targets (< 100 ms).
"""

from __future__ import annotations

import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from bench.common import header_lines, load, results_path
from decision_models.dispersion import Release, Weather, threat_zones
from decision_models.river import Reach, RiverNetwork, Target, spill_along_network
from decision_models.source_receptor import (
    MetClimatology,
    Receptors,
    Sources,
    apply_scenario,
    unit_matrix,
)


def _timeit(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time [s] over ``repeat`` runs after one warm-up."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_threat_zones() -> tuple[float, str]:
    rel = Release(117.27, 31.86, rate_g_s=2000.0, substance="chlorine")
    wx = Weather(3.0, 45.0, stability="D")
    t = _timeit(lambda: threat_zones(rel, wx, grid=500), repeat=15)
    return t, "chlorine 2 kg/s, class D, 3 levels + wedge + 500×500 field"


def _sr_inputs(ns: int = 1000, nr: int = 10_000, seed: int = 0):
    rng = np.random.default_rng(seed)
    sources = Sources(
        [f"s{i}" for i in range(ns)],
        rng.uniform(0, 100_000, ns),
        rng.uniform(0, 100_000, ns),
        height_m=rng.uniform(0, 150, ns),
        sector=rng.choice(["industry", "power", "traffic", "residential"], ns),
        district=rng.choice([f"d{i}" for i in range(9)], ns),
        emission_g_s=rng.uniform(0.1, 50, ns),
    )
    side = round(nr**0.5)
    g = np.linspace(0, 100_000, side)
    xx, yy = np.meshgrid(g, g)
    receptors = Receptors([f"r{i}" for i in range(xx.size)], xx.ravel(), yy.ravel())
    f = rng.random((16, 6))
    met = MetClimatology(f / f.sum(), rng.uniform(1.0, 7.0, (16, 6)))
    return sources, receptors, met


def bench_unit_matrix():
    sources, receptors, met = _sr_inputs()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    t0 = time.perf_counter()
    M = unit_matrix(sources, receptors, met)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return M, elapsed, peak / 2**20, rss1 / 1024, (rss1 - rss0) / 1024


def bench_apply(M) -> float:
    red = {"sector": {"industry": 0.3, "power": 0.2}, "district": {"d3": 0.5}}
    return _timeit(lambda: apply_scenario(M, reductions=red), repeat=30)


def _network(n_reaches: int = 50, seed: int = 0) -> RiverNetwork:
    """A random dendritic network: reach i drains to a reach with a larger index."""
    rng = np.random.default_rng(seed)
    reaches = []
    for i in range(n_reaches):
        down = None if i == n_reaches - 1 else f"r{rng.integers(i + 1, min(n_reaches, i + 4))}"
        u = rng.uniform(0.2, 1.2)
        area = rng.uniform(20, 400)
        reaches.append(
            Reach(
                f"r{i}",
                rng.uniform(2_000, 15_000),
                u,
                area,
                None,
                rng.uniform(0, 2e-6),
                down,
                D=rng.uniform(10, 150),
            )
        )
    return RiverNetwork(reaches)


def bench_network() -> float:
    net = _network()
    rng = np.random.default_rng(1)
    ids = list(net.reaches)
    targets = [
        Target(rid, float(rng.uniform(0, net.reaches[rid].length_m)), f"t{i}")
        for i, rid in enumerate(rng.choice(ids[10:], 20, replace=False))
    ]
    return _timeit(
        lambda: spill_along_network(net, ("r0", 100.0), 5e5, targets, threshold_mg_l=0.05),
        repeat=30,
    )


def main() -> str:
    started, started_load = time.perf_counter(), load()
    t_zone, zone_note = bench_threat_zones()
    M, t_mat, peak_mb, rss_mb, rss_delta_mb = bench_unit_matrix()
    t_apply = bench_apply(M)
    t_net = bench_network()
    rows = [
        (
            "threat_zones, 500×500 grid",
            f"{t_zone * 1e3:.1f} ms",
            "< 50 ms",
            t_zone < 0.05,
            zone_note,
        ),
        (
            "unit_matrix 1 000 src × 10 000 rec × 16 × 6",
            f"{t_mat:.2f} s",
            "< 60 s",
            t_mat < 60,
            f"float32 result {M.values.nbytes / 2**20:.0f} MiB",
        ),
        (
            "unit_matrix peak memory (tracemalloc)",
            f"{peak_mb:.0f} MiB",
            "< 4 GiB",
            peak_mb < 4096,
            f"process max RSS {rss_mb:.0f} MiB (+{rss_delta_mb:.0f} MiB during the run)",
        ),
        (
            "apply_scenario on that matrix",
            f"{t_apply * 1e3:.1f} ms",
            "< 50 ms",
            t_apply < 0.05,
            "sector + district reductions",
        ),
        (
            "spill_along_network, 50 reaches, 20 targets",
            f"{t_net * 1e3:.1f} ms",
            "< 100 ms",
            t_net < 0.1,
            "threshold 0.05 mg/L",
        ),
    ]
    lines = [
        "# Physics engines benchmark",
        "",
        *header_lines("python -m bench.bench_physics", started_load,
                      time.perf_counter() - started),
        "",
        f"numpy {np.__version__}. Median of 15–30 runs after a warm-up, except unit_matrix "
        "(one run).",
        "",
        "| Case | Result | Target | Met | Notes |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {c} | {r} | {t} | {'yes' if ok else '**no**'} | {n} |" for c, r, t, ok, n in rows]
    text = "\n".join(lines) + "\n"
    results_path("physics.md").write_text(text, encoding="utf-8")
    print(text)
    return text


if __name__ == "__main__":
    main()
