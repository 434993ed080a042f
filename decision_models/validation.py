"""Shared input validation for the decision models.

Every helper raises :class:`~decision_models.errors.ModelInputError` naming the
offending parameter, so each model states its checks in one line per input.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from decision_models.errors import ModelInputError

__all__ = ["finite_array", "finite_scalar", "plain_number"]


def finite_scalar(value: Any, name: str, *, positive: bool = False, nonneg: bool = False) -> float:
    """Coerce ``value`` to a finite float, optionally > 0 or ≥ 0.

    Parameters
    ----------
    value : Any
        Anything ``float()`` accepts (numbers, numeric strings, 0-d arrays).
    name : str
        Parameter name used in the error.
    positive : bool
        Require ``value > 0``.
    nonneg : bool
        Require ``value ≥ 0``.

    Returns
    -------
    float
        The validated value.

    Raises
    ------
    ModelInputError
        Not convertible to a number, NaN/infinite, or outside the required sign.
    """
    try:
        v = float(value)
    except (TypeError, ValueError) as exc:
        raise ModelInputError(name, f"must be a number, got {value!r}") from exc
    if not math.isfinite(v):
        raise ModelInputError(name, f"must be finite, got {v}")
    if positive and v <= 0:
        raise ModelInputError(name, f"must be > 0, got {v}")
    if nonneg and v < 0:
        raise ModelInputError(name, f"must be ≥ 0, got {v}")
    return v


def finite_array(
    value: ArrayLike, name: str, *, positive: bool = False, nonneg: bool = False
) -> np.ndarray:
    """Coerce ``value`` to a float ndarray whose elements are all finite (and signed).

    Parameters
    ----------
    value : array_like
        Scalar or array of numbers.
    name : str
        Parameter name used in the error.
    positive : bool
        Require every element > 0.
    nonneg : bool
        Require every element ≥ 0.

    Returns
    -------
    ndarray
        ``np.asarray(value, dtype=float)`` (same shape, 0-d for a scalar).

    Raises
    ------
    ModelInputError
        Not numeric, any element NaN/infinite, or any element outside the required sign.
    """
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ModelInputError(name, f"must be numeric, got {value!r}") from exc
    if np.any(~np.isfinite(a)):
        raise ModelInputError(name, "must be finite")
    if positive and np.any(a <= 0):
        raise ModelInputError(name, "must be > 0")
    if nonneg and np.any(a < 0):
        raise ModelInputError(name, "must be ≥ 0")
    return a


def plain_number(name: str, value: Any) -> float:
    """Accept a real number (Python or numpy int/float, not bool) that is not NaN/infinite.

    Unlike :func:`finite_scalar`, strings and other ``float()``-convertible objects are
    rejected: standards lookups take measured values, never parsed text.

    Parameters
    ----------
    name : str
        Parameter (or item) name used in the error.
    value : Any
        The value to check.

    Returns
    -------
    float
        ``float(value)``.

    Raises
    ------
    ModelInputError
        ``"not a number: …"``, ``"NaN"`` or ``"infinite value …"``.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ModelInputError(name, f"not a number: {value!r}")
    v = float(value)
    if math.isnan(v):
        raise ModelInputError(name, "NaN")
    if math.isinf(v):
        raise ModelInputError(name, f"infinite value {v}")
    return v
