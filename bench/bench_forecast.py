"""Forecast benchmark: training time (all pollutants × leads) and forecast latency.

Run: ``python -m bench.bench_forecast`` → ``bench/results/forecast.md``.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from bench.common import header_lines, load, results_path
from decision_models.forecast import baseline_forecast, forecast, save, train
from decision_models.forecast.constants import HEFEI_CODE, LEADS, POLLUTANTS
from decision_models.forecast.data import load_city_daily

ISSUED_AT = "2016-12-20"


def _latency(fn, repeats: int = 20) -> tuple[float, float, float, float]:
    """(cold, median, fastest, slowest warm) wall time [ms] of ``fn()``."""
    t0 = time.perf_counter()
    fn()
    cold = (time.perf_counter() - t0) * 1000
    warm = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        warm.append((time.perf_counter() - t0) * 1000)
    return cold, statistics.median(warm), min(warm), max(warm)


def main() -> None:
    """Train once, time forecasts, write the Markdown result."""
    started, started_load = time.perf_counter(), load()
    daily = load_city_daily()
    with tempfile.TemporaryDirectory() as models_dir:
        t0 = time.perf_counter()
        bundle = train(daily, HEFEI_CODE)
        train_s = time.perf_counter() - t0
        save(bundle, models_dir)
        cold, warm, fastest, slowest = _latency(
            lambda: forecast(HEFEI_CODE, ISSUED_AT, models_dir=models_dir))
        b_cold, b_warm, _fast, _slow = _latency(
            lambda: baseline_forecast(HEFEI_CODE, ISSUED_AT))
    n_models = len(POLLUTANTS) * len(LEADS)
    lines = [
        "# Forecast benchmark",
        "",
        *header_lines("python -m bench.bench_forecast", started_load,
                      time.perf_counter() - started),
        "",
        "Models run with one thread (threadpoolctl limit 1). A forecast evaluates its 6 × 7 "
        "series in one batch (`models.predict_one_origin`).",
        "",
        "| What | Result |",
        "|---|---|",
        f"| Training, {len(POLLUTANTS)} pollutants × {len(LEADS)} leads = {n_models} series "
        f"(validation rolling refits every 91 d for 5 candidates + final fit) | {train_s:.1f} s |",
        f"| `forecast('{HEFEI_CODE}', '{ISSUED_AT}')` 7 days, cold (load model + CSV) "
        f"| {cold:.0f} ms |",
        f"| same, warm (median of 20; fastest–slowest {fastest:.0f}–{slowest:.0f} ms) — "
        f"target < 200 ms | {warm:.0f} ms |",
        f"| `baseline_forecast` persistence, cold / warm | {b_cold:.0f} / {b_warm:.0f} ms |",
        "",
    ]
    results_path("forecast.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
