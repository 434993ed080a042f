"""One exception hierarchy for the app; each error knows its HTTP status.

``tiles`` and ``pages`` turn these into JSON errors and UI notices respectively; the
decision models have their own :class:`decision_models.ModelInputError` (a ``ValueError``),
mapped to 400 by the same table.
"""

from __future__ import annotations


class OneMapError(Exception):
    """Base class; ``status`` is the HTTP status an endpoint answers with."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(OneMapError):
    """A setting is missing or malformed (raised at start-up)."""

    code = "config_error"


class BadRequest(OneMapError):
    status = 400
    code = "bad_request"


class NotFound(OneMapError):
    status = 404
    code = "not_found"


class DataError(OneMapError):
    """A data file is missing or corrupt."""

    status = 500
    code = "data_error"


class StoreUnavailable(OneMapError):
    """The database cannot be reached."""

    status = 503
    code = "store_unavailable"


class Unauthorized(OneMapError):
    """No valid credentials (no session, or a bad or expired token)."""

    status = 401
    code = "unauthorized"


class Forbidden(OneMapError):
    """Signed in, but the roles do not allow this."""

    status = 403
    code = "forbidden"


class Conflict(OneMapError):
    """The record changed meanwhile (stale version) or already exists."""

    status = 409
    code = "conflict"


class Unprocessable(OneMapError):
    """A well-formed request whose content is invalid (a field out of range, …)."""

    status = 422
    code = "unprocessable"


class TooManyRequests(OneMapError):
    """Rate limit or lockout; ``retry_after`` [s] goes into the Retry-After header."""

    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, retry_after: int = 60) -> None:
        super().__init__(message)
        self.retry_after = retry_after
