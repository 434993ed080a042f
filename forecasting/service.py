"""Forecasts for a city or a station: 7 days of AQI and each pollutant, their intervals, the
AQI level of the standard in force on each date, the heavy-pollution warning with the rule
that fired, and the model card with the stored backtest skill.

Models: the registry under ``<var_dir>/models`` (what a retrain writes); when a place has
none there, the sample model shipped in ``forecasting/sample_models`` (trained on the Hefei
daily sample; training takes about 40 s, too long for the first ``make run``). With no
usable model the answer is a labelled baseline (``model_version = "baseline:persistence"``)
and a notice says why.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from pandas.tseries.offsets import DateOffset
from sqlalchemy import Engine

from core.errors import Unprocessable
from core.region import Region
from decision_models.aqi import standard_for
from decision_models.forecast import service as engine_service
from decision_models.forecast.aqi_link import daily_aqi
from decision_models.forecast.constants import AQI, MAX_LEAD_DAYS, POLLUTANTS, UNITS
from decision_models.forecast.errors import ModelInputError, ModelNotAvailable, ModelStale
from decision_models.forecast.registry import load_current
from decision_models.forecast.warning import warning_conditions, warning_from_forecast
from forecasting import history as hist
from forecasting import skill

SAMPLE_MODELS_DIR = Path(__file__).resolve().parent / "sample_models"
#: The baseline answered when no model can be used (HJ/T-free: a reference method).
FALLBACK_BASELINE = "persistence"
#: Validation window and history before it that training needs [months, days]
#: (decision_models.forecast.registry.train: ``val_months`` and its 60-day rule).
TRAIN_VAL_MONTHS = 12
TRAIN_MIN_DAYS_BEFORE_VAL = 60
#: The rule of the heavy-pollution warning (air.md §6).
WARNING_BASIS = "环办大气函〔2018〕875号"
#: Row order: AQI first, then the pollutants.
ROW_ORDER = (AQI, *POLLUTANTS)
#: Days of observations shown before the issue day.
RECENT_DAYS = 14


def models_dir(var_dir: Path) -> Path:
    """Where retrained models are written and looked for first."""
    return Path(var_dir) / "models"


def model_location(where: str, var_dir: Path) -> tuple[Path, str] | None:
    """``(registry root, "trained" | "sample")`` holding a model of ``where``, or None."""
    for root, source in ((models_dir(var_dir), "trained"), (SAMPLE_MODELS_DIR, "sample")):
        if (root / where / "CURRENT").is_file():
            return root, source
    return None


def _pointer(where: str, var_dir: Path) -> str:
    loc = model_location(where, var_dir)
    if loc is None:
        return ""
    return f"{loc[1]}:{(loc[0] / where / 'CURRENT').read_text(encoding='utf-8').strip()}"


# --------------------------------------------------------------------------- parameters


def parse_issued_at(raw: str | None) -> dt.date | None:
    """An issue day from ``YYYY-MM-DD`` (or an ISO time, whose day is used); 422 if bad."""
    if raw in (None, ""):
        return None
    try:
        return dt.datetime.fromisoformat(str(raw).strip().replace("Z", "+00:00")).date()
    except ValueError:
        raise Unprocessable(f"issued_at: not an ISO 8601 date (YYYY-MM-DD), got {raw!r}"
                            ) from None


def parse_horizon(raw: str | int | None) -> int:
    """Horizon [days], 1–7 (default 7); 422 otherwise."""
    if raw in (None, ""):
        return MAX_LEAD_DAYS
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise Unprocessable(f"horizon_days: must be an integer 1–{MAX_LEAD_DAYS}, got {raw!r}"
                            ) from None
    if not 1 <= value <= MAX_LEAD_DAYS:
        raise Unprocessable(f"horizon_days: must be between 1 and {MAX_LEAD_DAYS}, got {value}")
    return value


# --------------------------------------------------------------------------- forecast


@dataclass
class Forecast:
    """A forecast answer: the REST content (:meth:`payload`) plus what the page shows."""

    where: str
    kind: str
    issued_at: dt.date
    model_version: str
    rows: list[dict[str, Any]]
    warning: dict[str, Any]
    baseline: bool
    notice: dict[str, Any] | None = None
    source: str = ""
    in_sample: bool = False
    data_period: tuple[dt.date, dt.date] | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        """``{"where", "issued_at", "model_version", "rows", "warning"}`` (the contract)."""
        keys = ("date", "pollutant", "value", "lower", "upper", "level")
        return {"where": self.where, "issued_at": self.issued_at.isoformat(),
                "model_version": self.model_version,
                "rows": [{k: r[k] for k in keys} for r in self.rows],
                "warning": self.warning}


def _num(value: Any, digits: int) -> float | None:
    if value is None or pd.isna(value):
        return None
    return round(float(value), digits)


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    frame = frame.assign(_order=frame["pollutant"].map(ROW_ORDER.index))
    frame = frame.sort_values(["_order", "lead_days"], kind="stable")
    out = []
    for r in frame.itertuples():
        digits = 0 if r.pollutant == AQI else (2 if r.pollutant == "CO" else 1)
        day = pd.Timestamp(r.target_date).date()
        out.append({"date": day.isoformat(), "pollutant": r.pollutant,
                    "value": _num(r.value, digits), "lower": _num(r.lower, digits),
                    "upper": _num(r.upper, digits),
                    "level": None if pd.isna(r.level) else int(r.level),
                    "lead": int(r.lead_days), "unit": UNITS[r.pollutant],
                    "method": r.method, "standard": standard_for(day),
                    "primary": getattr(r, "primary", "") or ""})
    return out


def _warning(frame: pd.DataFrame) -> dict[str, Any]:
    try:
        result = warning_from_forecast(frame)
    except ModelInputError as exc:  # a NaN AQI (a gap): say so instead of guessing
        return {"level": None, "conditions": [], "trigger_days": [], "basis": WARNING_BASIS,
                "detail": str(exc)}
    return {"level": result.level, "conditions": warning_conditions(result),
            "trigger_days": [pd.Timestamp(d).date().isoformat() for d in result.trigger_days],
            "basis": WARNING_BASIS}


def forecast(engine: Engine, var_dir: Path, where: str, issued_at: dt.date | None = None,
             horizon_days: int = MAX_LEAD_DAYS, *, region: Region | None = None,
             resolved: hist.Resolved | None = None) -> Forecast:
    """The forecast of ``where`` issued on ``issued_at`` (default: the latest day with data).

    Parameters
    ----------
    engine : sqlalchemy.Engine
        The store (history of the place).
    var_dir : Path
        The app's ``var`` folder (retrained models under ``models/``).
    where : str
        GB/T 2260 city code (``"340100"``) or station code (``"1270A"``).
    issued_at : datetime.date, optional
        Forecast origin: the last day whose data is used.
    horizon_days : int
        Lead days, 1–7.
    region : core.region.Region, optional
        The region served (its city is the city place; default the Hefei sample).
    resolved : forecasting.history.Resolved, optional
        ``where`` already resolved in this render or request (read once).

    Raises
    ------
    core.errors.Unprocessable
        Unknown place, an issue day outside the data or on a gap, a bad horizon.
    """
    where = (where or "").strip()
    horizon = parse_horizon(horizon_days)
    r = resolved if resolved is not None and resolved.where == where else \
        hist.resolve(engine, where, region)
    kind, daily = r.kind, r.daily
    first, last = daily.index[0].date(), daily.index[-1].date()
    day = issued_at or hist.latest_issue_day(daily)
    if day is None:
        raise Unprocessable("where: " + no_forecast_reason(where, kind, daily))
    if not first <= day <= last:
        raise Unprocessable(f"issued_at: {day} is outside the data of {where} "
                            f"({first} … {last})")
    key = (engine, str(var_dir), where, kind, day, horizon, r.fingerprint,
           _pointer(where, Path(var_dir)))
    result = _forecast_cached(*key)
    return result


@functools.lru_cache(maxsize=64)
def _forecast_cached(engine: Engine, var_dir: str, where: str, kind: str, day: dt.date,
                     horizon: int, fingerprint: tuple, pointer: str) -> Forecast:
    daily = hist._daily(engine, where, kind, fingerprint).copy()
    period = (daily.index[0].date(), daily.index[-1].date())
    loc = model_location(where, Path(var_dir))
    notice = None
    try:
        if loc is None:
            raise ModelNotAvailable("where", f"no trained model for {where}")
        frame = engine_service.forecast(where, day, horizon, models_dir=loc[0], history=daily)
        baseline, source = False, loc[1]
    except (ModelNotAvailable, ModelStale) as exc:
        notice = _no_model_notice(where, kind, daily, exc)
        try:
            frame = engine_service.baseline_forecast(where, day, horizon,
                                                     method=FALLBACK_BASELINE, history=daily)
        except ModelInputError as inner:
            raise Unprocessable(str(inner)) from None
        baseline, source = True, FALLBACK_BASELINE
    except ModelInputError as exc:
        raise Unprocessable(str(exc)) from None
    in_sample = bool(frame["in_sample"].any()) if "in_sample" in frame else False
    return Forecast(where=where, kind=kind, issued_at=day,
                    model_version=str(frame["model_version"].iloc[0]), rows=_rows(frame),
                    warning=_warning(frame), baseline=baseline, notice=notice, source=source,
                    in_sample=in_sample, data_period=period,
                    extras={"recent": recent_observations(daily, day)})


def recent_observations(daily: pd.DataFrame, day: dt.date, days: int = RECENT_DAYS
                        ) -> list[dict[str, Any]]:
    """The observed daily values (and their AQI) of the ``days`` up to the issue day."""
    end = pd.Timestamp(day)
    window = daily.loc[end - pd.Timedelta(days=days - 1): end, list(POLLUTANTS)]
    aqi = daily_aqi(window)
    out = []
    for when, row in window.iterrows():
        date = when.date().isoformat()
        out.append({"date": date, "pollutant": AQI, "value": _num(aqi.at[when, "aqi"], 0),
                    "level": None if pd.isna(aqi.at[when, "level"])
                    else int(aqi.at[when, "level"])})
        for p in POLLUTANTS:
            out.append({"date": date, "pollutant": p, "value": _num(row[p], 2),
                        "level": None})
    return out


def _no_model_notice(where: str, kind: str, daily: pd.DataFrame,
                     exc: Exception) -> dict[str, Any]:
    """Why no model answers, as data: ``{"code", "detail", ...}``."""
    if kind == "station":
        need = training_need(daily)
        if need["short"]:
            return {"code": "station_short", "detail": str(exc), **need}
    code = "stale" if isinstance(exc, ModelStale) else "no_model"
    return {"code": code, "detail": str(exc)}


def no_forecast_reason(where: str, kind: str, daily: pd.DataFrame) -> str:
    """Why no daily forecast can be issued for ``where`` (no day with every pollutant)."""
    need = training_need(daily)
    complete = int(daily[list(POLLUTANTS)].notna().all(axis=1).sum())
    what = f"station {where}" if kind == "station" else where
    return (f"{what} has no daily forecast: the store holds {len(daily)} days "
            f"({need['first']} … {need['last']}) and {complete} of them have every pollutant "
            "valid (GB 3095 Table 4: at least 20 hourly values a day); a forecast starts from "
            f"such a day, and a daily model needs {need['need_days']} days of history")


def training_need(daily: pd.DataFrame) -> dict[str, Any]:
    """Whether the daily history is long enough to train a model the way the city's is.

    Training keeps the last ``TRAIN_VAL_MONTHS`` months for validation and needs
    ``TRAIN_MIN_DAYS_BEFORE_VAL`` days before them (``registry.train``).

    Returns
    -------
    dict
        ``{"short", "have_days", "need_days", "first", "last"}``.
    """
    valid = daily.dropna(how="all")
    first, last = daily.index[0], daily.index[-1]
    val_start = last - DateOffset(months=TRAIN_VAL_MONTHS) + pd.Timedelta(days=1)
    earliest = pd.Timestamp(val_start) - pd.Timedelta(days=TRAIN_MIN_DAYS_BEFORE_VAL)
    need = (last - earliest).days + 1
    # short when the span does not reach back far enough, or when it does but holds too
    # few days with data (two weeks of 2020 and a few fed hours of today span years)
    return {"short": bool(earliest < first or len(valid) < need), "have_days": len(valid),
            "need_days": int(need), "first": first.date().isoformat(),
            "last": last.date().isoformat()}


# --------------------------------------------------------------------------- model card


def model_card(engine: Engine, var_dir: Path, where: str, *, region: Region | None = None,
               resolved: hist.Resolved | None = None) -> dict[str, Any]:
    """Version, training period, features, the chosen method by pollutant and lead, and
    the stored backtest's skill against persistence and climatology by lead."""
    where = (where or "").strip()
    r = resolved if resolved is not None and resolved.where == where else \
        hist.resolve(engine, where, region)
    kind, daily = r.kind, r.daily
    loc = model_location(where, Path(var_dir))
    card: dict[str, Any] = {"where": where, "kind": kind, "model": None, "notice": None,
                            "data_period": [daily.index[0].date(), daily.index[-1].date()]}
    try:
        if loc is None:
            raise ModelNotAvailable("where", f"no trained model for {where}")
        bundle = load_current(where, loc[0], None)
        meta = bundle.metadata
        card["model"] = {
            "version": meta["version"], "source": loc[1],
            "created": meta.get("created_utc"),
            "training_period": meta.get("training_period"),
            "validation_period": meta.get("validation_period"),
            "features": meta.get("features", {}),
            "methods": meta.get("methods", []),
            "interval": meta.get("interval"),
            "selected": {k: v.get("selected") for k, v in meta.get("metrics", {}).items()},
            "train_seconds": meta.get("train_seconds"),
            "code_version": meta.get("code_version"),
        }
    except (ModelNotAvailable, ModelStale) as exc:
        card["notice"] = _no_model_notice(where, kind, daily, exc)
        card["baseline"] = FALLBACK_BASELINE
    card["training_need"] = training_need(daily)
    card["skill"] = skill.skill_table(where)
    card["backtest"] = {
        "command": "python -m decision_models.forecast backtest",
        "report": "docs/forecast_backtest/README.md",
    } if card["skill"] is not None else None
    return card


def past_performance(where: str, weeks: int, until: dt.date | None = None,
                     engine: Engine | None = None, pollutant: str | None = None,
                     lead: int | None = None, *, region: Region | None = None,
                     known: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """Past forecasts of the stored backtest against the observations (last ``weeks``),
    optionally of one pollutant (or ``"AQI"``) and lead [days]. ``known``: the places
    already read in this render (the place is checked against them)."""
    if engine is not None:
        hist.place_kind(engine, where, region, _places(known))
    if not 1 <= weeks <= skill.MAX_WEEKS:
        raise Unprocessable(f"weeks: must be between 1 and {skill.MAX_WEEKS}, got {weeks}")
    if pollutant is not None and pollutant not in ROW_ORDER:
        raise Unprocessable(f"pollutant: unknown {pollutant!r}; use one of {list(ROW_ORDER)}")
    if lead is not None and not 1 <= lead <= MAX_LEAD_DAYS:
        raise Unprocessable(f"lead: must be between 1 and {MAX_LEAD_DAYS}, got {lead}")
    out = skill.history(where, weeks, until, pollutant=pollutant, lead=lead)
    if out is None:
        return {"where": where, "weeks": weeks, "period": None, "rows": [], "summary": [],
                "notice": {"code": "no_backtest",
                           "detail": f"no stored backtest for {where}"}}
    return {"where": where, "weeks": weeks, **out, "notice": None}


def _places(known: list[dict[str, str]] | None) -> list[hist.Place] | None:
    return None if known is None else [hist.Place(**p) for p in known]


def resolve(engine: Engine, where: str, region: Region | None = None,
            known: list[dict[str, str]] | None = None) -> hist.Resolved:
    """``where`` resolved once for a whole render: kind, fingerprint, daily history (pass
    it as ``resolved=`` to :func:`forecast` and :func:`model_card`). ``known``: the
    places (:func:`places`) already read. 422 for an unknown place or a city without a
    daily series in its region's data."""
    return hist.resolve(engine, where, region, _places(known))


def places(engine: Engine, region: Region | None = None) -> list[dict[str, str]]:
    """The places a forecast can be asked for."""
    return [{"code": p.code, "kind": p.kind, "name_zh": p.name_zh, "name_en": p.name_en}
            for p in hist.places(engine, region)]
