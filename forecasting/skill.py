"""The stored backtest: skill by lead, where the model does not beat persistence, and past
forecasts against what was observed.

The backtest is the rolling-origin run of ``python -m decision_models.forecast backtest``
over the last 12 months of the Hefei daily series; it writes ``metrics.csv`` (one row per
pollutant, lead and method) and ``predictions_selected.csv`` (every forecast of the
selected method with the observation) into ``docs/forecast_backtest/``. Everything here is
computed from those files: no figure is written down twice.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from pathlib import Path
from typing import Any

import pandas as pd

from decision_models.forecast.backtest import SELECTED
from decision_models.forecast.baselines import BASELINES
from decision_models.forecast.constants import AQI, HEFEI_CODE

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BACKTEST_DIR = PROJECT_ROOT / "docs" / "forecast_backtest"
#: The places the stored backtest covers.
BACKTEST_PLACES: tuple[str, ...] = (HEFEI_CODE,)
#: Order of the rows in the skill table.
ORDER: tuple[str, ...] = (AQI, "PM2.5", "PM10", "O3_8h", "NO2", "SO2", "CO")
#: Most weeks ``history`` answers (the backtest covers 12 months).
MAX_WEEKS = 52


def _num(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) or math.isinf(f) else f


@functools.lru_cache(maxsize=4)
def _metrics(directory: str, mtime_ns: int) -> pd.DataFrame:
    return pd.read_csv(Path(directory) / "metrics.csv")


@functools.lru_cache(maxsize=4)
def _predictions(directory: str, mtime_ns: int) -> pd.DataFrame:
    frame = pd.read_csv(Path(directory) / "predictions_selected.csv",
                        parse_dates=["origin", "target_date"])
    return frame


def metrics(directory: Path = BACKTEST_DIR) -> pd.DataFrame | None:
    """``metrics.csv`` of the stored backtest (None when it is not there)."""
    path = directory / "metrics.csv"
    return _metrics(str(directory), path.stat().st_mtime_ns) if path.is_file() else None


def predictions(directory: Path = BACKTEST_DIR) -> pd.DataFrame | None:
    """``predictions_selected.csv`` of the stored backtest (None when it is not there)."""
    path = directory / "predictions_selected.csv"
    return _predictions(str(directory), path.stat().st_mtime_ns) if path.is_file() else None


def skill_table(where: str, directory: Path = BACKTEST_DIR) -> dict[str, Any] | None:
    """Backtest skill by pollutant and lead (see :func:`_skill_table`), cached per file."""
    path = directory / "metrics.csv"
    if where not in BACKTEST_PLACES or not path.is_file():
        return None
    return _skill_table(where, str(directory), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _skill_table(where: str, directory_name: str, mtime_ns: int) -> dict[str, Any] | None:
    """Backtest skill by pollutant and lead, the selected model against the baselines.

    Returns
    -------
    dict or None
        ``{"period": [first, last target day], "n_days", "rows": [...], "not_better": [...]}``;
        a row holds ``pollutant, lead, method`` (the selected method), ``rmse``,
        ``rmse_persistence``, ``rmse_climatology`` [the pollutant's unit; AQI -],
        ``skill_persistence``, ``skill_climatology`` (1 − RMSE/RMSE_ref [-]), ``hit``,
        ``hit_persistence`` (exact AQI level hit rate [-]) and ``coverage`` of the
        interval [-]. None when ``where`` has no stored backtest.
    """
    directory = Path(directory_name)
    frame = metrics(directory)
    if frame is None:
        return None
    table = frame.set_index(["pollutant", "lead", "method"])
    rows = []
    for pollutant in ORDER:
        for lead in sorted(frame.loc[frame["pollutant"] == pollutant, "lead"].unique()):
            key = (pollutant, int(lead))
            try:
                sel = table.loc[(*key, SELECTED)]
                per = table.loc[(*key, "persistence")]
                cli = table.loc[(*key, "climatology")]
            except KeyError:
                continue
            rows.append({
                "pollutant": pollutant, "lead": int(lead), "method": str(sel["source_method"]),
                "n": int(sel["n"]), "rmse": _num(sel["rmse"]),
                "rmse_persistence": _num(per["rmse"]), "rmse_climatology": _num(cli["rmse"]),
                "skill_persistence": _num(sel["skill_vs_persistence"]),
                "skill_climatology": _num(sel["skill_vs_climatology"]),
                "hit": _num(sel["hit_rate"]), "hit_persistence": _num(per["hit_rate"]),
                "coverage": _num(sel["coverage"]),
            })
    preds = predictions(directory)
    period = None
    if preds is not None and not preds.empty:
        period = [preds["target_date"].min().date(), preds["target_date"].max().date()]
    return {"period": period, "rows": rows, "not_better": not_better(rows)}


def not_better(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where the model does not beat persistence, read from the skill rows.

    Three findings, each ``{"pollutant", "leads", "finding", "model", "persistence"}``
    (values averaged over the leads named):

    * ``"rmse"``: the selected method's RMSE is not below persistence's;
    * ``"hit_rate"``: persistence hits the exact AQI level more often;
    * ``"baseline"``: no learned model won the validation: a baseline (named in
      ``model``) is what is issued.

    Consecutive leads with the same finding are grouped.
    """
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        if r["rmse"] is not None and r["rmse_persistence"] is not None \
                and r["rmse"] >= r["rmse_persistence"]:
            found.setdefault((r["pollutant"], "rmse"), []).append(
                {**r, "a": r["rmse"], "b": r["rmse_persistence"]})
        if r["hit"] is not None and r["hit_persistence"] is not None \
                and round(r["hit"], 2) < round(r["hit_persistence"], 2):
            found.setdefault((r["pollutant"], "hit_rate"), []).append(
                {**r, "a": r["hit"], "b": r["hit_persistence"]})
        if r["method"] in BASELINES:
            found.setdefault((r["pollutant"], "baseline"), []).append(
                {**r, "a": None, "b": None})
    out = []
    for (pollutant, finding), items in found.items():
        for group in _consecutive(items):
            leads = [g["lead"] for g in group]
            a = [g["a"] for g in group if g["a"] is not None]
            b = [g["b"] for g in group if g["b"] is not None]
            out.append({
                "pollutant": pollutant, "leads": leads, "finding": finding,
                "model": group[0]["method"] if finding == "baseline" else (
                    sum(a) / len(a) if a else None),
                "persistence": sum(b) / len(b) if b else None,
            })
    return sorted(out, key=lambda f: (ORDER.index(f["pollutant"]) if f["pollutant"] in ORDER
                                      else 99, f["leads"][0], f["finding"]))


def _consecutive(items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    groups: list[list[dict[str, Any]]] = []
    for item in sorted(items, key=lambda i: i["lead"]):
        if groups and item["lead"] == groups[-1][-1]["lead"] + 1 \
                and item["method"] == groups[-1][-1]["method"]:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def history(where: str, weeks: int, until: dt.date | None = None,
            directory: Path = BACKTEST_DIR, pollutant: str | None = None,
            lead: int | None = None) -> dict[str, Any] | None:
    """Past forecasts of the stored backtest against the observations.

    Parameters
    ----------
    where : str
        Place code (only places with a stored backtest answer).
    weeks : int
        Length of the window [weeks], ending at ``until`` (or the backtest's last day).
    until : datetime.date, optional
        Last target day of the window; clipped to the backtest's period.
    pollutant, lead : optional
        Only this pollutant (``"AQI"``, ``"PM2.5"`` …) and lead [days].

    Returns
    -------
    dict or None
        ``{"period": [first, last], "rows": [{"date", "lead", "pollutant", "value",
        "lower", "upper", "observed", "level", "observed_level"}], "summary": [...]}``
        where a summary row holds the hit rate and interval coverage per pollutant and
        lead over the window. None when ``where`` has no stored backtest.
    """
    preds = predictions(directory)
    if preds is None or where not in BACKTEST_PLACES or preds.empty:
        return None
    last = preds["target_date"].max()
    end = min(pd.Timestamp(until), last) if until is not None else last
    if end < preds["target_date"].min():
        end = last
    start = end - pd.Timedelta(days=7 * weeks - 1)
    keep = (preds["target_date"] >= start) & (preds["target_date"] <= end)
    if pollutant is not None:
        keep &= preds["pollutant"] == pollutant
    if lead is not None:
        keep &= preds["lead"] == lead
    window = preds[keep]
    rows = [{
        "date": r.target_date.date(), "lead": int(r.lead), "pollutant": r.pollutant,
        "value": _num(r.value), "lower": _num(r.lower), "upper": _num(r.upper),
        "observed": _num(r.observed), "level": _int(r.level),
        "observed_level": _int(r.observed_level),
    } for r in window.sort_values(["pollutant", "lead", "target_date"]).itertuples()]
    summary = []
    for (pollutant, lead), g in window.groupby(["pollutant", "lead"], sort=False):
        both = g.dropna(subset=["value", "observed"])
        banded = both.dropna(subset=["lower", "upper"])
        levels = both.dropna(subset=["level", "observed_level"])
        summary.append({
            "pollutant": pollutant, "lead": int(lead), "n": len(both),
            "hit": _num((levels["level"] == levels["observed_level"]).mean())
            if len(levels) else None,
            "coverage": _num(((banded["observed"] >= banded["lower"])
                              & (banded["observed"] <= banded["upper"])).mean())
            if len(banded) else None,
        })
    return {"period": [start.date(), end.date()], "rows": rows, "summary": summary}


def _int(value: Any) -> int | None:
    f = _num(value)
    return None if f is None else int(f)
