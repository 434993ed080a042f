"""Tables of the dataset catalogue (migration 0007).

``datasets`` holds one catalogue entry per uploaded dataset; the features of every vector
dataset live in the one table ``dataset_features`` (geometry in EPSG:4326, attributes as
JSONB). One features table rather than a table per upload: no DDL at run time (the schema
stays under the migrations), one SQL template serves every dataset through the layer
registry and ``/ogc`` (typed by casts from the stored field types), and deleting a
dataset is one ``DELETE`` (cascade). Rasters are COG files under
``settings.var_dir/uploads``; their entry names the file.

Times are naive Beijing time (:mod:`core.clock`), like the rest of the store.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.models import SRID, Base


class Dataset(Base):
    """A catalogue entry of an uploaded dataset; ``version`` grows with every change."""

    __tablename__ = "datasets"
    __table_args__ = (Index("ix_datasets_owner_id", "owner_id"),
                      Index("ix_datasets_theme", "theme"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    theme: Mapped[str] = mapped_column(String(16), nullable=False)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)  # vector | raster
    geometry: Mapped[str | None] = mapped_column(String(16))  # point | line | polygon
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    licence: Mapped[str] = mapped_column(Text, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    extent: Mapped[list[float] | None] = mapped_column(JSONB)  # lon/lat bbox
    crs_of_origin: Mapped[str] = mapped_column(Text, nullable=False)
    time_start: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=False))
    time_end: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=False))
    count: Mapped[int] = mapped_column(Integer, nullable=False)
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    quality: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    provenance: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    style: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    file_path: Mapped[str | None] = mapped_column(Text)  # raster: COG under var_dir/uploads
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    owner: Mapped[str] = mapped_column(Text, nullable=False)
    published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    published_by: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)


class DatasetFeature(Base):
    """One feature of a vector dataset (``fid`` counts from 1 in file order)."""

    __tablename__ = "dataset_features"
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"),
                                            primary_key=True)
    fid: Mapped[int] = mapped_column(Integer, primary_key=True)
    geom = mapped_column(Geometry("GEOMETRY", srid=SRID, spatial_index=True), nullable=True)
    properties: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)


DATASETS = Dataset.__table__
DATASET_FEATURES = DatasetFeature.__table__
