"""Dataset catalogue: uploaded datasets and the features of the vector ones.

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-26 16:20:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import alembic_helpers  # noqa: F401  (registers the geospatial ops)
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('datasets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('theme', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('geometry', sa.String(length=16), nullable=True),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('licence', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('extent', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('crs_of_origin', sa.Text(), nullable=False),
    sa.Column('time_start', sa.DateTime(timezone=False), nullable=True),
    sa.Column('time_end', sa.DateTime(timezone=False), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('fields', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('quality', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('provenance', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('style', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('file_path', sa.Text(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('owner', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('published_by', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_datasets_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_datasets'))
    )
    op.create_index('ix_datasets_owner_id', 'datasets', ['owner_id'], unique=False)
    op.create_index('ix_datasets_theme', 'datasets', ['theme'], unique=False)
    op.create_table('dataset_features',
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('fid', sa.Integer(), nullable=False),
    sa.Column('geom', Geometry(srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('properties', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_dataset_features_dataset_id_datasets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dataset_id', 'fid', name=op.f('pk_dataset_features'))
    )
    op.create_geospatial_index('idx_dataset_features_geom', 'dataset_features', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_geospatial_index('idx_dataset_features_geom', table_name='dataset_features', postgresql_using='gist', column_name='geom')
    op.drop_table('dataset_features')
    op.drop_index('ix_datasets_theme', table_name='datasets')
    op.drop_index('ix_datasets_owner_id', table_name='datasets')
    op.drop_table('datasets')
