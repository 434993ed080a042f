"""GB/T 8170 rounding (round half to even), the one implementation of the models.

A value is first quantised to :data:`QUANTUM` of its unit (1e-9 µg/m³ or mg/m³, far below
any instrument resolution) and then rounded in integers, so a value that is a tie in
decimal (35.5, 2.45) is a tie here too, whatever its binary floating-point form.

References
----------
.. [1] GB/T 8170—2008 数值修约规则与极限数值的表示和判定, §3.3 (进舍规则: 四舍六入五成双).
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np

from decision_models.errors import ModelInputError

__all__ = ["QUANTUM", "quantise", "round_gbt8170", "round_half_even"]

#: Quantisation step: a value is represented as an integer multiple of 1/QUANTUM.
QUANTUM = 10**9

IntLike = TypeVar("IntLike", int, np.ndarray)


def quantise(value: float) -> int:
    """``value`` as an integer number of 1/:data:`QUANTUM` units."""
    return round(value * QUANTUM)


def round_half_even(q: IntLike, step: int) -> IntLike:
    """Round integer(s) ``q`` to a multiple of ``step``, half to even (GB/T 8170).

    Parameters
    ----------
    q : int or numpy.ndarray of int64
        Quantised value(s) [1/QUANTUM of the unit].
    step : int
        Rounding interval in the same units (e.g. ``QUANTUM // 10`` for one decimal).

    Returns
    -------
    int or numpy.ndarray
        The same type as ``q``: exact for Python ints.

    Examples
    --------
    >>> round_half_even(25, 10), round_half_even(35, 10), round_half_even(36, 10)
    (20, 40, 40)
    """
    d, r = q // step, q % step
    up = (2 * r > step) | ((2 * r == step) & (d % 2 == 1))
    return (d + up) * step


def round_gbt8170(value: float, decimals: int) -> float:
    """Round ``value`` to ``decimals`` decimals per GB/T 8170 (half to even).

    Parameters
    ----------
    value : float
        The value, in any unit [unit].
    decimals : int
        Decimals kept, 0 … 9.

    Returns
    -------
    float
        The rounded value [unit].

    Examples
    --------
    >>> round_gbt8170(35.5, 0), round_gbt8170(36.5, 0), round_gbt8170(2.45, 1)
    (36.0, 36.0, 2.4)
    """
    if not 0 <= decimals <= 9:
        raise ModelInputError("decimals", f"must be 0-9, got {decimals}")
    return round_half_even(quantise(value), QUANTUM // 10**decimals) / QUANTUM
