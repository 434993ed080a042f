"""The one error type of the decision models."""


class ModelInputError(ValueError):
    """An input to a decision model is invalid.

    The message names the offending parameter (or item) and the reason, e.g.
    ``"PM2.5: negative concentration -3.0 µg/m³"``.
    """

    def __init__(self, parameter: str, reason: str) -> None:
        self.parameter = parameter
        self.reason = reason
        super().__init__(f"{parameter}: {reason}")
