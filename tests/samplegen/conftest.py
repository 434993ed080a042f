from __future__ import annotations

from pathlib import Path

import pytest

from samplegen import supervision


@pytest.fixture(scope="session")
def supervision_out(tmp_path_factory) -> Path:
    """The supervision samples written once with the default seed."""
    out = tmp_path_factory.mktemp("supervision")
    supervision.generate(out, report=out.parent / f"{out.name}-report")
    return out


@pytest.fixture(scope="session")
def supervision_report(supervision_out: Path) -> Path:
    """The run's own manifest and planted anomalies, kept out of the data folder."""
    return supervision_out.parent / f"{supervision_out.name}-report"
