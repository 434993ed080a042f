"""The county-level units of a province pack (drill-down province → city → county).

Revision ID: r18a
Revises: 0010
Create Date: 2026-11-26 19:40:00

"""
from typing import Sequence, Union

from alembic import op
from geoalchemy2 import alembic_helpers  # noqa: F401  (registers the geospatial ops)
import sqlalchemy as sa
from geoalchemy2 import Geometry

# revision identifiers, used by Alembic.
revision: str = 'r18a'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_geospatial_table('admin_counties',
    sa.Column('adcode', sa.String(length=6), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent_adcode', sa.String(length=6), nullable=True),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_counties')),
    sa.UniqueConstraint('adcode', name=op.f('uq_admin_counties_adcode'))
    )
    op.create_geospatial_index('idx_admin_counties_geom', 'admin_counties', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_geospatial_index('idx_admin_counties_geom', table_name='admin_counties', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('admin_counties')
