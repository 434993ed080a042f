"""What each job kind runs: ``kind → "module:function"``.

The function is called as ``fn(engine, settings, params, progress, should_stop)`` and
returns the result reference (e.g. ``"scenario:12"``). ``progress(fraction, message)``
records progress; ``should_stop()`` is True once a cancel was asked (the function then
raises :class:`JobCancelled` or the model's own cancel exception).

Named by string so this infrastructure imports no workspace.
"""

from __future__ import annotations

KINDS: dict[str, str] = {
    "scenario.air": "scenarios.service:run_job",
    "scenario.water": "scenarios.service:run_job",
    "scenario.matrix": "scenarios.service:build_matrix_job",
    "forecast.retrain": "forecasting.jobs:run_job",
}


class JobCancelled(Exception):
    """The work stopped because a cancel was asked."""
