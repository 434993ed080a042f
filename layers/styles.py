"""Reusable style rules: categorical colours and standard-class colours.

Standard classes (AQI levels, GB 3838 grades, soil categories) come from
``decision_models``; this module only maps their results to colours and labels, so
no threshold is repeated here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

NO_DATA_COLOR = "#9e9e9e"


def reads(*columns: str):
    """Declare the columns a style rule reads, so queries parse only those
    (:func:`layers.query.style_inputs`)."""

    def mark(rule):
        rule.inputs = columns
        return rule

    return mark


def categorical(column: str, colors: Mapping[str, str], default: str = NO_DATA_COLOR,
                labels: Mapping[str, str] | None = None):
    """A style rule colouring by the value of ``column``.

    ``_class`` is the display label of the value (``labels``, e.g. ``normal`` → 正常), or
    the value itself when it is already a label.
    """
    labels = labels or {}

    @reads(column)
    def rule(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        values = out[column].astype("string")
        out["_color"] = values.map(lambda v: colors.get(v, default) if pd.notna(v) else default)
        out["_class"] = [labels.get(v, v) if pd.notna(v) else None for v in values]
        return out

    return rule


def graduated(column: str, breaks: Sequence[float], colors: Sequence[str],
              labels: Sequence[str]):
    """A style rule by classes of a number: ``breaks`` are lower bounds of classes 2…n."""

    @reads(column)
    def rule(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        values = pd.to_numeric(out[column], errors="coerce")
        idx = [None if pd.isna(v) else sum(v >= b for b in breaks) for v in values]
        out["_color"] = [NO_DATA_COLOR if i is None else colors[i] for i in idx]
        out["_class"] = [None if i is None else labels[i] for i in idx]
        return out

    return rule
