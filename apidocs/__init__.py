"""The whole app's OpenAPI 3.0 document (``/ogc`` and ``/api``) and its HTML page:
``GET /api/openapi.json`` and ``GET /api/docs``."""

from apidocs.document import build_api_document, view_permissions
from apidocs.web import install_apidocs

__all__ = ["build_api_document", "install_apidocs", "view_permissions"]
