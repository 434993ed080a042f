"""Property-based fuzzing of the ``GET`` operations under ``/api`` from the whole app's
OpenAPI document.

The document is built by the same pure function the app serves it from (without the
``x-permission`` extensions, which do not change requests or responses), so its operations
are known at collection time. Schemathesis sends valid and invalid requests to the app
(WSGI, no network) signed in as an administrator, and fails on any 5xx or any response the
document does not describe (status, content type, headers, body schema). Bounded: a fixed
seed and a few examples per operation.
"""

from __future__ import annotations

import pytest
import schemathesis

from apidocs import build_api_document
from core.settings import Settings
from layers import build_registry
from tests.fuzzing import CHECKS, CONFIG

pytestmark = [pytest.mark.db, pytest.mark.slow]


schema = schemathesis.openapi.from_dict(
    build_api_document(build_registry(), Settings(), {}),
    config=CONFIG).include(method="GET", path_regex="^/api/")


@schema.parametrize()
def test_api_reads_hold_under_generated_requests(case, onemap_app, admin_token):
    headers = {"Authorization": f"Bearer {admin_token}", "Accept-Encoding": "identity"}
    case.call_and_validate(app=onemap_app.server, headers=headers, checks=CHECKS)
