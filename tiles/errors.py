"""One table from exception type to HTTP status, and the JSON error handler.

Both service blueprints (raster tiles, OGC API – Features) register :func:`register_error_handlers`,
so every error body has the same shape: ``{"code": ..., "description": ...}``.
"""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from werkzeug.exceptions import HTTPException

from core.errors import OneMapError
from core.web.errors import is_store_down, json_error
from decision_models.errors import ModelInputError

log = logging.getLogger(__name__)

# Exception type -> (HTTP status, code). The first matching entry (by isinstance) wins.
EXCEPTION_STATUS: list[tuple[type[BaseException], int, str]] = [
    (ModelInputError, 400, "invalid_parameter"),
]


def add_exception_status(exc_type: type[BaseException], status: int, code: str) -> None:
    """Extend the table (e.g. with rasterio's errors) from the module that raises them."""
    if not any(entry[0] is exc_type for entry in EXCEPTION_STATUS):
        EXCEPTION_STATUS.insert(0, (exc_type, status, code))


def error_response(exc: BaseException):
    """Turn any exception into a JSON error response with the right status."""
    if is_store_down(exc):  # a plain message; the driver's text goes to the log only
        return json_error(exc)
    if isinstance(exc, OneMapError):
        status, code, message = exc.status, exc.code, exc.message
    elif isinstance(exc, HTTPException):
        status, message = exc.code or 500, exc.description
        code = exc.name.lower().replace(" ", "_")
    else:
        entry = next(((status, code) for exc_type, status, code in EXCEPTION_STATUS
                      if isinstance(exc, exc_type)), None)
        if entry is not None:
            (status, code), message = entry, str(exc)
        else:
            log.exception("unhandled error in a service endpoint")
            status, code, message = 500, "internal_error", "internal server error"
    if status >= 500:
        log.error("%s: %s", code, message)
    response = jsonify({"code": code, "description": message})
    response.status_code = status
    return response


def register_error_handlers(bp: Blueprint) -> None:
    bp.register_error_handler(Exception, error_response)
