"""Shared private helpers of :mod:`decision_models.river`."""

from __future__ import annotations

import numpy as np


def _out(a: np.ndarray) -> np.ndarray | float:
    return float(a) if np.ndim(a) == 0 else a
