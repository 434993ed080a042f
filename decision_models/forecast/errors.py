"""Typed errors of the forecasting engines."""

from __future__ import annotations

from decision_models.errors import ModelInputError


class ModelNotAvailable(ModelInputError):
    """No usable trained model for a place (missing, unreadable or stale).

    Callers catch this and fall back to :func:`decision_models.forecast.baseline_forecast`,
    whose rows are labelled ``model_version="baseline:<method>"``.
    """


class ModelStale(ModelNotAvailable):
    """A trained model exists but may not be used (old schema or too old for the issue date)."""


__all__ = ["ModelInputError", "ModelNotAvailable", "ModelStale"]
