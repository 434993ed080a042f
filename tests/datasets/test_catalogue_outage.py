"""The data catalogue with its database unreachable: the sample and derived layers are
still listed (they are described by their files), with the outage named, not raised."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from core.context import AppContext
from core.errors import StoreUnavailable
from core.settings import Settings
from datasets import catalogue
from layers.registry import build_registry
from layers.uploaded import Viewer

DATA = Path(__file__).resolve().parents[2] / "data_samples"


def test_samples_are_listed_and_the_outage_named_when_the_store_is_down(tmp_path):
    # a real engine on a port where nothing listens: the database is down
    engine = create_engine("postgresql+psycopg://onemap@127.0.0.1:9/onemap",
                           connect_args={"connect_timeout": 2})
    context = AppContext(Settings(data_dir=DATA, var_dir=tmp_path), engine, build_registry())
    found, outage = catalogue.entries_or_outage(context, Viewer(None))
    assert isinstance(outage, StoreUnavailable)
    assert {e["origin"] for e in found} >= {"sample"}
    assert any(e["id"] == "layer:admin_districts" for e in found)
    with pytest.raises(StoreUnavailable):
        catalogue.entries(context, Viewer(None))
