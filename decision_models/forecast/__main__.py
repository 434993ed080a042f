"""Command line: ``python -m decision_models.forecast {backtest,train,forecast}``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from decision_models.forecast.constants import HEFEI_CODE

REPO = Path(__file__).resolve().parents[2]
WATER_CSV = REPO / "data_samples/synthetic/water_samples.csv"


def _backtest(args: argparse.Namespace) -> int:
    from decision_models.forecast.backtest import run_backtest
    from decision_models.forecast.data import load_city_daily
    from decision_models.forecast.nowcast import nowcast_backtest
    from decision_models.forecast.report import write_report
    from decision_models.forecast.water import DATA_NOTE, water_backtest

    daily = load_city_daily(args.data)
    print("air backtest …", flush=True)
    result = run_backtest(daily, refit_every_days=args.refit_every, seed=args.seed)
    print(f"  {result.config['runtime_s']} s", flush=True)
    nowcast_scores = None
    if not args.skip_nowcast:
        print("hourly nowcast backtest …", flush=True)
        nowcast_scores = nowcast_backtest()
    water = None
    if not args.skip_water and WATER_CSV.is_file():
        print("water backtest (synthetic data) …", flush=True)
        water = water_backtest(pd.read_csv(WATER_CSV))
    path = write_report(result, args.out, nowcast_scores, water, DATA_NOTE)
    print(f"report: {path}")
    return 0


def _train(args: argparse.Namespace) -> int:
    from decision_models.forecast.data import load_city_daily
    from decision_models.forecast.registry import save, train

    daily = load_city_daily(args.data)
    bundle = train(daily, args.where, refit_every_days=args.refit_every, seed=args.seed)
    path = save(bundle, args.models_dir)
    print(f"saved {bundle.version} ({bundle.metadata['train_seconds']} s) → {path}")
    return 0


def _forecast(args: argparse.Namespace) -> int:
    from decision_models.forecast.errors import ModelNotAvailable
    from decision_models.forecast.service import baseline_forecast, forecast

    try:
        frame = forecast(args.where, args.issued_at, args.horizon, models_dir=args.models_dir)
    except ModelNotAvailable as exc:
        print(f"model not available ({exc}); persistence baseline:", file=sys.stderr)
        frame = baseline_forecast(args.where, args.issued_at, args.horizon)
    with pd.option_context("display.width", 200, "display.max_rows", 200):
        print(frame.drop(columns=["where", "issued_at"]).to_string(index=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m decision_models.forecast")
    sub = parser.add_subparsers(dest="command", required=True)
    bt = sub.add_parser("backtest", help="rolling-origin backtest → Markdown/CSV/PNG report")
    bt.add_argument("--out", default=str(REPO / "docs/forecast_backtest"))
    bt.add_argument("--data", default=None, help="city daily CSV (default: Hefei sample)")
    bt.add_argument("--refit-every", type=int, default=91, help="refit interval [days]")
    bt.add_argument("--seed", type=int, default=0)
    bt.add_argument("--skip-nowcast", action="store_true")
    bt.add_argument("--skip-water", action="store_true")
    bt.set_defaults(func=_backtest)
    tr = sub.add_parser("train", help="train and register the city models")
    tr.add_argument("--models-dir", default=str(REPO / "var/models"))
    tr.add_argument("--where", default=HEFEI_CODE)
    tr.add_argument("--data", default=None)
    tr.add_argument("--refit-every", type=int, default=91)
    tr.add_argument("--seed", type=int, default=0)
    tr.set_defaults(func=_train)
    fc = sub.add_parser("forecast", help="print a forecast (falls back to persistence)")
    fc.add_argument("issued_at")
    fc.add_argument("--where", default=HEFEI_CODE)
    fc.add_argument("--horizon", type=int, default=7)
    fc.add_argument("--models-dir", default=str(REPO / "var/models"))
    fc.set_defaults(func=_forecast)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
