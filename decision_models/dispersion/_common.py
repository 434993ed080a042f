"""Shared private helpers of :mod:`decision_models.dispersion`.

Input checks for the stability class and the terrain, the stability-class tuple they
check against, and the ground-reflected vertical term of the Gaussian plume and puff
used by :mod:`~decision_models.dispersion.plume` and
:mod:`~decision_models.dispersion.zones`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from decision_models.errors import ModelInputError

STABILITY_CLASSES = ("A", "B", "C", "D", "E", "F")
Terrain = Literal["rural", "urban"]


def _check_stability(stability: str, name: str = "stability") -> str:
    s = str(stability).strip().upper() if isinstance(stability, str) else stability
    if s not in STABILITY_CLASSES:
        raise ModelInputError(name, f"must be one of A–F, got {stability!r}")
    return s


def _check_terrain(terrain: str) -> str:
    if terrain not in ("rural", "urban"):
        raise ModelInputError("terrain", f"must be 'rural' or 'urban', got {terrain!r}")
    return terrain


def _vertical(z: np.ndarray, h: np.ndarray, sz: np.ndarray) -> np.ndarray:
    """Vertical term with ground reflection: exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)."""
    return np.exp(-((z - h) ** 2) / (2 * sz**2)) + np.exp(-((z + h) ** 2) / (2 * sz**2))
