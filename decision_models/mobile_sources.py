"""Mobile sources: remote-sensing exhaust pass/fail and a monitoring point's exceedance rate.

A roadside remote-sensing unit (遥感监测点) measures the exhaust plume of each passing
vehicle: CO, HC and NO for gasoline (spark-ignition) vehicles, smoke opacity, the
Ringelmann grade and NO for diesel (compression-ignition) vehicles. A pass fails when
any measured item is above its limit.

The limits are those of the remote-sensing tables of GB 18285-2018 (gasoline) and
GB 3847-2018 (diesel), as remembered: **check the values and the table numbers against
the texts before operational use** (not verified: a search in 2026-11 found no
reproduction of the remote-sensing tables of either standard or of HJ 845-2017).
GB 3847-2018 has two limit sets, a (in force) and b (stricter, for later dates or regions
that adopt it early); only the NO limit differs.

Whether a pass is valid (speed and acceleration, i.e. vehicle specific power, inside
the method's window; a plate read; an unobstructed plume) is decided by the instrument
(HJ 845-2017 for diesel); a pass marked invalid is not judged.

References
----------
.. [1] GB 18285-2018 汽油车污染物排放限值及测量方法（双怠速法及简易工况法）,
   遥感检测法排放限值 (CO 2.5 %, HC 250 ×10⁻⁶, NO 1500 ×10⁻⁶).
.. [2] GB 3847-2018 柴油车污染物排放限值及测量方法（自由加速法及加载减速法）,
   遥感检测法排放限值 (不透光度 30 %, 林格曼黑度 1 级, NO 1500 ×10⁻⁶ for limit a and
   1000 ×10⁻⁶ for limit b).
.. [3] HJ 845-2017 在用柴油车排气污染物测量方法及技术要求（遥感检测法）.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from decision_models.errors import ModelInputError
from decision_models.validation import finite_array

__all__ = [
    "DIESEL_LIMITS",
    "GASOLINE_LIMITS",
    "ExceedanceRate",
    "diesel_fails",
    "exceedance_rate",
    "gasoline_fails",
    "judge_passes",
]

# GB 18285-2018, 遥感检测法排放限值 (gasoline): CO [% vol], HC [10⁻⁶], NO [10⁻⁶].
GASOLINE_LIMITS: dict[str, float] = {"co_pct": 2.5, "hc_ppm": 250.0, "no_ppm": 1500.0}
# GB 3847-2018, 遥感检测法排放限值 (diesel): opacity [%], Ringelmann grade, NO [10⁻⁶];
# limit sets a and b.
DIESEL_LIMITS: dict[str, dict[str, float]] = {
    "a": {"opacity_pct": 30.0, "ringelmann": 1.0, "no_ppm": 1500.0},
    "b": {"opacity_pct": 30.0, "ringelmann": 1.0, "no_ppm": 1000.0},
}


def _opt(value: Any, name: str) -> np.ndarray | None:
    return None if value is None else finite_array(value, name, nonneg=True)


def _any_over(pairs: list[tuple[np.ndarray | None, float]]) -> Any:
    present = [(a, lim) for a, lim in pairs if a is not None]
    if not present:
        raise ModelInputError("readings", "no measured item given")
    out = np.zeros(np.broadcast(*[a for a, _ in present]).shape, dtype=bool)
    for a, lim in present:
        out = out | (a > lim)
    return bool(out) if out.ndim == 0 else out


def gasoline_fails(co_pct: Any = None, hc_ppm: Any = None, no_ppm: Any = None) -> Any:
    """True where a gasoline pass is above any remote-sensing limit of GB 18285-2018.

    Parameters
    ----------
    co_pct : float or array_like, optional
        CO [% by volume]; fails above 2.5.
    hc_ppm : float or array_like, optional
        HC [10⁻⁶ by volume]; fails above 250.
    no_ppm : float or array_like, optional
        NO [10⁻⁶ by volume]; fails above 1500.

    An item not measured (None) is not judged; at least one must be given. A value equal
    to its limit passes.
    """
    return _any_over([(_opt(co_pct, "co_pct"), GASOLINE_LIMITS["co_pct"]),
                      (_opt(hc_ppm, "hc_ppm"), GASOLINE_LIMITS["hc_ppm"]),
                      (_opt(no_ppm, "no_ppm"), GASOLINE_LIMITS["no_ppm"])])


def diesel_fails(opacity_pct: Any = None, ringelmann: Any = None, no_ppm: Any = None, *,
                 limit_set: str = "a") -> Any:
    """True where a diesel pass is above any remote-sensing limit of GB 3847-2018.

    Parameters
    ----------
    opacity_pct : float or array_like, optional
        Smoke opacity [%], 0–100; fails above 30.
    ringelmann : float or array_like, optional
        Ringelmann grade [0–5]; fails above grade 1.
    no_ppm : float or array_like, optional
        NO [10⁻⁶]; fails above 1500 (limit a) or 1000 (limit b).
    limit_set : {"a", "b"}
    """
    if limit_set not in DIESEL_LIMITS:
        raise ModelInputError("limit_set", f"expected 'a' or 'b', got {limit_set!r}")
    lim = DIESEL_LIMITS[limit_set]
    op = _opt(opacity_pct, "opacity_pct")
    if op is not None and np.any(op > 100):
        raise ModelInputError("opacity_pct", "opacity above 100 %")
    rg = _opt(ringelmann, "ringelmann")
    if rg is not None and np.any(rg > 5):
        raise ModelInputError("ringelmann", "Ringelmann grade above 5")
    return _any_over([(op, lim["opacity_pct"]), (rg, lim["ringelmann"]),
                      (_opt(no_ppm, "no_ppm"), lim["no_ppm"])])


def judge_passes(passes: pd.DataFrame, *, limit_set: str = "a") -> pd.Series:
    """Pass/fail of each row of a frame of passes (True = fails).

    Columns: ``fuel`` ("gasoline" or "diesel"), and the items of that fuel
    (``co_pct``, ``hc_ppm``, ``no_ppm`` / ``opacity_pct``, ``ringelmann``, ``no_ppm``);
    NaN is "not measured". An optional boolean ``valid`` column: invalid rows give NA.
    """
    if "fuel" not in passes.columns:
        raise ModelInputError("passes", "missing column 'fuel'")
    bad = set(passes["fuel"].unique()) - {"gasoline", "diesel"}
    if bad:
        raise ModelInputError("fuel", f"unknown fuel(s) {sorted(map(str, bad))}")

    if limit_set not in DIESEL_LIMITS:
        raise ModelInputError("limit_set", f"expected 'a' or 'b', got {limit_set!r}")

    def over(rows: np.ndarray, limits: dict[str, float]) -> np.ndarray:
        fails = np.zeros(int(rows.sum()), dtype=bool)
        for name, lim in limits.items():
            if name not in passes.columns:
                continue
            v = passes.loc[rows, name].to_numpy(dtype=float)
            if np.any(v[~np.isnan(v)] < 0):
                raise ModelInputError(name, "negative reading")
            fails |= np.nan_to_num(v, nan=-np.inf) > lim  # NaN: not measured
        return fails

    gas = (passes["fuel"] == "gasoline").to_numpy()
    out = np.zeros(len(passes), dtype=bool)
    out[gas] = over(gas, GASOLINE_LIMITS)
    out[~gas] = over(~gas, DIESEL_LIMITS[limit_set])
    result = pd.Series(out, index=passes.index, dtype="boolean")
    if "valid" in passes.columns:
        result[~passes["valid"].astype(bool)] = pd.NA
    return result


@dataclass(frozen=True)
class ExceedanceRate:
    """Exceedance rate of a monitoring point.

    ``rate`` = ``failed / valid`` [fraction], None without valid passes.
    """

    passes: int
    valid: int
    failed: int
    rate: float | None


def exceedance_rate(fails: Any) -> ExceedanceRate:
    """Exceedance rate from per-pass verdicts (True fails, False passes, NA invalid).

    Examples
    --------
    >>> exceedance_rate([True, False, False, None]).rate
    0.3333333333333333
    """
    s = pd.Series(list(fails) if not isinstance(fails, pd.Series) else fails,
                  dtype="boolean")
    valid = int(s.notna().sum())
    failed = int(s.fillna(False).sum())
    return ExceedanceRate(int(s.size), valid, failed, failed / valid if valid else None)
