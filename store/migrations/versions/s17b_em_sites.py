"""Electromagnetic facilities (em_sites: mobile base stations, substations), loaded from
data_samples/supervision/em_sites.geojson; one GiST index on the geometry.

Revision ID: s17b
Revises: s17a
Create Date: 2026-11-26 20:05:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import alembic_helpers  # noqa: F401  (registers the geospatial ops)
from geoalchemy2 import Geometry

# revision identifiers, used by Alembic.
revision: str = 's17b'
down_revision: Union[str, Sequence[str], None] = 's17a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('em_sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('kind_zh', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('voltage_kv', sa.Integer(), nullable=True),
    sa.Column('band', sa.String(length=8), nullable=True),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_em_sites')),
    sa.UniqueConstraint('code', name=op.f('uq_em_sites_code'))
    )
    op.create_geospatial_index('idx_em_sites_geom', 'em_sites', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_geospatial_index('idx_em_sites_geom', table_name='em_sites', postgresql_using='gist', column_name='geom')
    op.drop_table('em_sites')
