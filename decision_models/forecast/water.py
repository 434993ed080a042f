"""Monthly water-quality forecast per monitoring section (CODMn, NH3-N, TP → GB 3838 class).

**The sample water data of this project is synthetic** (``data_samples/synthetic/``):
scores on it say whether the code works, not how well rivers can be predicted.

Methods
-------
* ``persistence`` — last month's value.
* ``seasonal_naive`` — the value 12 months before the target month.
* ``climatology`` — mean of the same calendar month in the history.
* ``seasonal_trend`` — least squares on ``log1p(value)`` with a linear trend and two
  annual harmonics, refitted at every origin on the data before it.

Discipline as for air: the last ``test_months`` are the test window, the
``val_months`` before it the validation window that chooses each item's method per lead;
intervals come from validation ``log1p`` residual quantiles.  Months without a sample are
NaN (never filled); an origin month without a value gives no forecast for that item.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from decision_models.forecast.constants import DEFAULT_INTERVAL
from decision_models.forecast.errors import ModelInputError
from decision_models.forecast.metrics import bias, coverage, hit_rate, mae, rmse, skill
from decision_models.forecast.models import ResidualInterval

WATER_ITEMS: tuple[str, ...] = ("CODMn", "NH3-N", "TP")
WATER_METHODS: tuple[str, ...] = ("persistence", "seasonal_naive", "climatology", "seasonal_trend")
WATER_UNITS = {"CODMn": "mg/L", "NH3-N": "mg/L", "TP": "mg/L"}
MAX_LEAD_MONTHS = 6
DATA_NOTE = "synthetic sample data: scores check the code, not real skill"


def monthly_series(
    samples: pd.DataFrame, section_code: str, items: tuple[str, ...] = WATER_ITEMS
) -> pd.DataFrame:
    """Monthly mean of a section's samples on a regular monthly calendar.

    Parameters
    ----------
    samples : pandas.DataFrame
        Columns ``section_code``, ``sampled_on`` (YYYY-MM-DD) and the items [mg/L].
    section_code : str
        Section to extract.
    items : tuple of str
        Items to keep.

    Returns
    -------
    pandas.DataFrame
        Index = month start (``freq="MS"``); missing months are NaN rows.

    Raises
    ------
    ModelInputError
        Missing columns, unknown section, negative values.
    """
    missing = [c for c in ("section_code", "sampled_on", *items) if c not in samples.columns]
    if missing:
        raise ModelInputError("samples", f"missing column(s) {missing}")
    one = samples[samples["section_code"].astype(str) == str(section_code)]
    if one.empty:
        known = sorted(set(samples["section_code"].astype(str)))
        raise ModelInputError(
            "section_code", f"unknown section {section_code!r}; known: {known[:10]}…"
        )
    when = pd.to_datetime(one["sampled_on"], errors="coerce")
    if when.isna().any():
        raise ModelInputError("sampled_on", "unparseable date")
    values = one[list(items)].apply(pd.to_numeric, errors="coerce")
    if (values < 0).any().any():
        raise ModelInputError("samples", "negative concentration")
    monthly = values.groupby(when.dt.to_period("M").dt.to_timestamp()).mean()
    full = pd.date_range(monthly.index.min(), monthly.index.max(), freq="MS")
    return monthly.reindex(full)


def _design(months: pd.DatetimeIndex, t0: pd.Timestamp) -> np.ndarray:
    t = (months.year - t0.year) * 12 + (months.month - t0.month)
    angle = 2 * np.pi * (months.month.to_numpy() - 1) / 12
    return np.column_stack(
        [
            np.ones(len(months)),
            t / 12.0,
            np.sin(angle),
            np.cos(angle),
            np.sin(2 * angle),
            np.cos(2 * angle),
        ]
    )


def point_forecast(series: pd.Series, origin: pd.Timestamp, lead: int, method: str) -> float:
    """Point forecast [mg/L] of ``series`` for ``origin + lead`` months from data ≤ origin."""
    past = series.loc[:origin].dropna()
    target = origin + pd.DateOffset(months=lead)
    if method == "persistence":
        return float(series.get(origin, np.nan))
    if method == "seasonal_naive":
        back = target - pd.DateOffset(months=12 * int(np.ceil(lead / 12)))
        return float(series.get(back, np.nan))
    if method == "climatology":
        same = past[past.index.month == target.month]
        return float(same.mean()) if len(same) else np.nan
    if method == "seasonal_trend":
        if len(past) < 10:
            return np.nan
        X = _design(pd.DatetimeIndex(past.index), past.index[0])
        coef, *_ = np.linalg.lstsq(X, np.log1p(past.to_numpy()), rcond=None)
        x = _design(pd.DatetimeIndex([target]), past.index[0])
        return float(max(np.expm1(x @ coef)[0], 0.0))
    raise ModelInputError("method", f"unknown water method {method!r}; use {WATER_METHODS}")


def _predict_window(series, origins, lead, methods):
    rows = []
    for origin in origins:
        target = origin + pd.DateOffset(months=lead)
        obs = float(series.get(target, np.nan))
        for m in methods:
            rows.append((origin, target, m, point_forecast(series, origin, lead, m), obs))
    return pd.DataFrame(rows, columns=["origin", "target_month", "method", "value", "observed"])


def _grade_index(frame: pd.DataFrame) -> np.ndarray:
    from decision_models.water_quality import classify_frame

    res = classify_frame(frame)
    grade = res["grade_index"].to_numpy(dtype=float, na_value=np.nan)
    grade[frame.isna().any(axis=1).to_numpy()] = np.nan  # no class from a partial sample
    return grade


def water_backtest(
    samples: pd.DataFrame,
    sections: list[str] | None = None,
    items: tuple[str, ...] = WATER_ITEMS,
    leads: tuple[int, ...] = (1, 2, 3),
    test_months: int = 12,
    val_months: int = 12,
    interval: float = DEFAULT_INTERVAL,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rolling-origin backtest over sections.

    Returns
    -------
    metrics : pandas.DataFrame
        Per ``item, lead, method`` (plus ``selected`` and ``CLASS`` rows): ``n, rmse, mae,
        bias, coverage, skill_vs_persistence, skill_vs_climatology`` and, for ``CLASS``,
        the exact-class hit rate.
    selection : pandas.DataFrame
        ``item, lead, selected`` and the validation RMSE of every method (pooled over
        sections: 12 monthly points per section are too few to choose per section).
    """
    sections = sections or sorted(set(samples["section_code"].astype(str)))
    val_rows, test_rows, sel_rows, cal_rows = [], [], [], []
    for section in sections:
        monthly = monthly_series(samples, section, items)
        end = monthly.index[-1]
        test_start = end - pd.DateOffset(months=test_months - 1)
        val_start = test_start - pd.DateOffset(months=val_months)
        if val_start - pd.DateOffset(months=10) < monthly.index[0]:
            raise ModelInputError("samples", f"{section}: too short for the validation window")
        for item in items:
            for lead in leads:
                val_origins = pd.date_range(
                    val_start - pd.DateOffset(months=lead),
                    test_start - pd.DateOffset(months=lead + 1),
                    freq="MS",
                )
                test_origins = pd.date_range(
                    test_start - pd.DateOffset(months=lead),
                    end - pd.DateOffset(months=lead),
                    freq="MS",
                )
                tag = {"section": section, "item": item, "lead": lead}
                val_rows.append(
                    _predict_window(monthly[item], val_origins, lead, WATER_METHODS).assign(**tag)
                )
                test_rows.append(
                    _predict_window(monthly[item], test_origins, lead, WATER_METHODS).assign(**tag)
                )
    val_all = pd.concat(val_rows, ignore_index=True)
    # one method per item and lead, chosen on the validation window pooled over sections
    for (item, lead), g in val_all.groupby(["item", "lead"]):
        scores = {m: rmse(h["observed"], h["value"]) for m, h in g.groupby("method")}
        best = min((m for m in scores if np.isfinite(scores[m])), key=scores.get)
        sel_rows.append(
            {
                "item": item,
                "lead": lead,
                "selected": best,
                **{f"val_rmse_{m}": v for m, v in scores.items()},
            }
        )
        cal_rows.append(g[g["method"] == best])
        test_rows.append(
            pd.concat(test_rows)
            .query("item == @item and lead == @lead and method == @best")
            .assign(method="selected")
        )
    pred = pd.concat(test_rows, ignore_index=True)
    pred["lower"] = np.nan
    pred["upper"] = np.nan
    # intervals pooled over sections: per-section windows hold too few residuals
    for (item, lead), cal in pd.concat(cal_rows).groupby(["item", "lead"]):
        iv = ResidualInterval.calibrate(
            cal["observed"].to_numpy(), cal["value"].to_numpy(), interval
        )
        mask = (pred["item"] == item) & (pred["lead"] == lead) & (pred["method"] == "selected")
        low, high = iv.bounds(pred.loc[mask, "value"].to_numpy())
        pred.loc[mask, "lower"] = low
        pred.loc[mask, "upper"] = high
    rows = []
    for (item, lead, method), g in pred.groupby(["item", "lead", "method"]):
        rows.append(
            {
                "item": item,
                "lead": lead,
                "method": method,
                "n": int(g[["value", "observed"]].notna().all(axis=1).sum()),
                "rmse": rmse(g["observed"], g["value"]),
                "mae": mae(g["observed"], g["value"]),
                "bias": bias(g["observed"], g["value"]),
                "coverage": coverage(g["observed"], g["lower"], g["upper"]),
                "hit_rate": np.nan,
            }
        )
    key = ["section", "lead", "method", "origin"]
    wide = pred.pivot_table(index=key, columns="item", values=["value", "observed"])
    for (lead, method), g in wide.groupby(level=["lead", "method"]):
        hits = hit_rate(_grade_index(g["observed"]), _grade_index(g["value"]))
        rows.append(
            {
                "item": "CLASS",
                "lead": lead,
                "method": method,
                "n": len(g),
                "rmse": np.nan,
                "mae": np.nan,
                "bias": np.nan,
                "coverage": np.nan,
                "hit_rate": hits,
            }
        )
    metrics = pd.DataFrame(rows)
    ref = metrics.set_index(["item", "lead", "method"])["rmse"]
    for base in ("persistence", "climatology"):
        metrics[f"skill_vs_{base}"] = [
            skill(s, ref.get((i, ld, base), np.nan))
            for i, ld, s in zip(metrics["item"], metrics["lead"], metrics["rmse"], strict=False)
        ]
    return metrics, pd.DataFrame(sel_rows)


def water_forecast(
    samples: pd.DataFrame,
    section_code: str,
    issued_at,
    horizon_months: int = 3,
    items: tuple[str, ...] = WATER_ITEMS,
    val_months: int = 12,
    interval: float = DEFAULT_INTERVAL,
) -> pd.DataFrame:
    """Monthly forecast of a section's items with intervals and the resulting class.

    Parameters
    ----------
    samples : pandas.DataFrame
        Samples (see :func:`monthly_series`) [mg/L].
    section_code : str
        Section.
    issued_at : date-like
        Origin month (its sample must be known); lead ``h`` targets ``issued_at + h`` months.
    horizon_months : int
        1–6 months.
    items : tuple of str
        Items to forecast (default CODMn, NH3-N, TP).
    val_months : int
        Validation window before the origin that picks each item's method [months].
    interval : float
        Nominal central interval probability [-].

    Returns
    -------
    pandas.DataFrame
        ``section_code, issued_at, target_month, lead_months, item, value, lower, upper,
        unit, method, grade`` plus a ``CLASS`` row per month (GB 3838 class of the point
        forecasts via :func:`decision_models.water_quality.classify_frame`, on these items
        only) and ``data_note`` flagging synthetic data.
    """
    if (
        isinstance(horizon_months, bool)
        or not isinstance(horizon_months, int)
        or not (1 <= horizon_months <= MAX_LEAD_MONTHS)
    ):
        raise ModelInputError("horizon_months", f"must be an integer in 1–{MAX_LEAD_MONTHS}")
    unknown = [i for i in items if i not in WATER_UNITS]
    if unknown:
        raise ModelInputError("items", f"unknown {unknown}; use some of {WATER_ITEMS}")
    monthly = monthly_series(samples, section_code, items)
    origin = pd.Timestamp(issued_at).to_period("M").to_timestamp()
    if origin < monthly.index[0] or origin > monthly.index[-1]:
        raise ModelInputError("issued_at", f"{origin.date()} outside the samples of {section_code}")
    rows = []
    for item in items:
        if np.isnan(monthly.at[origin, item]):
            raise ModelInputError("samples", f"{item}: no sample in the issue month {origin:%Y-%m}")
        for lead in range(1, horizon_months + 1):
            val_origins = pd.date_range(
                origin - pd.DateOffset(months=val_months + lead - 1),
                origin - pd.DateOffset(months=lead),
                freq="MS",
            )
            val = _predict_window(monthly[item].loc[:origin], val_origins, lead, WATER_METHODS)
            scores = {m: rmse(g["observed"], g["value"]) for m, g in val.groupby("method")}
            finite = [m for m in scores if np.isfinite(scores[m])]
            best = min(finite, key=scores.get) if finite else "persistence"
            value = point_forecast(monthly[item], origin, lead, best)
            cal = val[val["method"] == best]
            try:
                iv = ResidualInterval.calibrate(
                    cal["observed"].to_numpy(), cal["value"].to_numpy(), interval
                )
                low, high = (b[0] for b in iv.bounds(np.array([value])))
            except ModelInputError:
                low = high = np.nan
            rows.append(
                (
                    origin + pd.DateOffset(months=lead),
                    lead,
                    item,
                    value,
                    low,
                    high,
                    WATER_UNITS[item],
                    best,
                )
            )
    out = pd.DataFrame(
        rows,
        columns=[
            "target_month",
            "lead_months",
            "item",
            "value",
            "lower",
            "upper",
            "unit",
            "method",
        ],
    )
    wide = out.pivot(index="target_month", columns="item", values="value")
    from decision_models.water_quality import classify_frame

    grades = classify_frame(wide)["grade"]
    out["grade"] = None
    cls = pd.DataFrame(
        {
            "target_month": wide.index,
            "lead_months": range(1, len(wide) + 1),
            "item": "CLASS",
            "value": np.nan,
            "lower": np.nan,
            "upper": np.nan,
            "unit": "-",
            "method": "classify",
            "grade": grades.to_numpy(),
        }
    )
    out = pd.concat([out, cls], ignore_index=True).sort_values(
        ["lead_months", "item"], ignore_index=True
    )
    out.insert(0, "issued_at", origin)
    out.insert(0, "section_code", section_code)
    out["data_note"] = DATA_NOTE
    return out
