"""Pure decision models: environmental standards, physics, scenarios and forecasts.

Nothing here imports the app (no Dash, no database): every function takes numbers,
arrays or frames and returns the same, with units stated in its docstring.
"""

from decision_models.errors import ModelInputError

__all__ = ["ModelInputError"]
