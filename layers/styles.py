"""Reusable style rules: categorical colours and standard-class colours.

Standard classes (AQI levels, GB 3838 grades, soil categories) come from
``decision_models``; this module only maps their results to colours and labels, so
no threshold is repeated here.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

NO_DATA_COLOR = "#9e9e9e"


def categorical(column: str, colors: Mapping[str, str], default: str = NO_DATA_COLOR):
    """A style rule colouring by the value of ``column`` (the value is the class label)."""

    def rule(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        values = out[column].astype("string")
        out["_color"] = values.map(lambda v: colors.get(v, default) if pd.notna(v) else default)
        out["_class"] = values.astype(object).where(values.notna(), None)
        return out

    return rule
