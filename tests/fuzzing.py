"""What every OpenAPI fuzz test shares: the schemathesis checks and a bounded, reproducible
configuration (fixed seed, a few examples per operation and phase, NUL bytes allowed,
nothing remembered between runs)."""

from __future__ import annotations

from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

SEED = 20261126
MAX_EXAMPLES = 4  # per operation and phase
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
CONFIG = SchemathesisConfig.from_dict({
    "seed": SEED,
    "generation": {"max-examples": MAX_EXAMPLES, "mode": "all", "allow-x00": True,
                   "database": "none"},
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
})
