from __future__ import annotations

from pathlib import Path

import pytest

from samplegen import supervision


@pytest.fixture(scope="session")
def supervision_out(tmp_path_factory) -> Path:
    """The supervision samples written once with the default seed."""
    out = tmp_path_factory.mktemp("supervision")
    supervision.generate(out)
    return out
