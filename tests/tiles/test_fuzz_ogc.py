"""Property-based fuzzing of the whole ``/ogc`` API from its own OpenAPI document.

Schemathesis reads the document the app serves at ``/ogc/api`` (built by the same pure
function, so its operations are known at collection time and run in parallel), generates
valid and invalid requests for every operation (each collection's items with its filters,
single items, queryables…), sends them to the app (WSGI, no network) signed in, and fails
on any 5xx or any response that breaks the document (status, content type, headers, body
schema). Bounded: a fixed seed and a few examples per operation (about 30 s on 2 cores).
"""

from __future__ import annotations

import pytest
import schemathesis

from core.settings import Settings
from layers import build_registry
from tests.fuzzing import CHECKS, CONFIG
from tiles.features.openapi import build_openapi

pytestmark = [pytest.mark.db, pytest.mark.slow]


def ogc_document(settings: Settings) -> dict:
    """The document the app serves at ``/ogc/api`` for ``settings`` (a pure function of
    the registry and the settings, so the operations are known when tests are collected)."""
    return build_openapi(build_registry(), settings)


schema = schemathesis.openapi.from_dict(ogc_document(Settings()),
                                        config=CONFIG)


def test_the_fuzzed_document_is_the_served_one(app_client, app_settings):
    served = app_client.get("/ogc/api")
    assert served.status_code == 200
    assert served.get_json() == ogc_document(app_settings)
    fuzzed = ogc_document(Settings())
    assert {**fuzzed, "servers": None} == {**served.get_json(), "servers": None}


@schema.parametrize()
def test_ogc_api_holds_under_generated_requests(case, onemap_app, live_credentials):
    _user, token = live_credentials
    # identity: the WSGI client hands the body to the checks as sent, without decoding
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
    case.call_and_validate(app=onemap_app.server, headers=headers, checks=CHECKS)
