"""Dissolved-oxygen sag below a BOD load (Streeter–Phelps).

References
----------
.. [1] Streeter, H. W., Phelps, E. B. (1925). US Public Health Service Bulletin 146.
.. [2] Masters, G. M., Ela, W. P. (2008). *Introduction to Environmental Engineering and
   Science*, 3rd ed., §5.4 (Streeter–Phelps).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from decision_models.river._common import _out
from decision_models.validation import finite_array, finite_scalar

__all__ = ["streeter_phelps", "streeter_phelps_critical"]


def _sp_check(L0, D0, kd, ka) -> tuple[float, float, float, float]:
    return (
        finite_scalar(L0, "L0", nonneg=True),
        finite_scalar(D0, "D0"),
        finite_scalar(kd, "kd", positive=True),
        finite_scalar(ka, "ka", positive=True),
    )


def _same_rate(kd: float, ka: float) -> bool:
    return abs(ka - kd) <= 1e-9 * max(ka, kd)


def streeter_phelps(L0: float, D0: float, kd: float, ka: float, t: ArrayLike) -> np.ndarray | float:
    """Dissolved-oxygen deficit downstream of a BOD load (Streeter–Phelps).

    ``D(t) = kd L0/(ka − kd) (e^{−kd t} − e^{−ka t}) + D0 e^{−ka t}``;
    for ``ka = kd``: ``D(t) = (kd L0 t + D0) e^{−kd t}``. DO = DO_sat − D; t = x/u.

    Parameters
    ----------
    L0 : float
        Ultimate BOD just below the outfall (mixed) [mg/L], ≥ 0.
    D0 : float
        Initial DO deficit [mg/L].
    kd : float
        Deoxygenation rate [1/d], > 0.
    ka : float
        Reaeration rate [1/d], > 0.
    t : array_like
        Travel time [d], ≥ 0.

    Returns
    -------
    float or ndarray
        Deficit [mg/L].

    References
    ----------
    .. [1] Streeter, H. W., Phelps, E. B. (1925). US Public Health Service Bulletin 146.
    .. [2] Masters & Ela (2008), eq. 5.42; emergency.md §5.
    """
    L0, D0, kd, ka = _sp_check(L0, D0, kd, ka)
    tt = finite_array(t, "t", nonneg=True)
    if _same_rate(kd, ka):
        d = (kd * L0 * tt + D0) * np.exp(-kd * tt)
    else:
        d = kd * L0 / (ka - kd) * (np.exp(-kd * tt) - np.exp(-ka * tt)) + D0 * np.exp(-ka * tt)
    return _out(d)


def streeter_phelps_critical(L0: float, D0: float, kd: float, ka: float) -> tuple[float, float]:
    """Critical (maximum-deficit) time and deficit of the DO sag.

    ``t_c = 1/(ka − kd) · ln[(ka/kd)(1 − D0 (ka − kd)/(kd L0))]``,
    ``D_c = (kd/ka) L0 e^{−kd t_c}``; for ``ka = kd``: ``t_c = (1 − D0/L0)/kd``.
    When the deficit only falls from the start (bracket ≤ 0 or t_c ≤ 0), ``(0, D0)``.

    Parameters
    ----------
    L0, D0 : float
        Initial ultimate BOD and DO deficit [mg/L].
    kd, ka : float
        Deoxygenation and reaeration rates [1/d].

    Returns
    -------
    t_c : float
        [d].
    D_c : float
        [mg/L].

    References
    ----------
    .. [1] Masters & Ela (2008), eqs. 5.45–5.46; emergency.md §5.
    """
    L0, D0, kd, ka = _sp_check(L0, D0, kd, ka)
    if L0 == 0:
        return 0.0, D0
    if _same_rate(kd, ka):
        tc = (1 - D0 / L0) / kd
    else:
        bracket = (ka / kd) * (1 - D0 * (ka - kd) / (kd * L0))
        if bracket <= 0:
            return 0.0, D0
        tc = math.log(bracket) / (ka - kd)
    if tc <= 0:
        return 0.0, D0
    return tc, float(streeter_phelps(L0, D0, kd, ka, tc))
