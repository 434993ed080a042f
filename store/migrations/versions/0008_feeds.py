"""Live feed of monitoring data: QC flags and source on air_observations; water_observations.

Revision ID: 0008
Revises: 0004
Create Date: 2026-11-26 16:50:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ITEMS = ('ph', 'do', 'codmn', 'cod', 'bod5', 'nh3_n', 'tp', 'tn', 'cu', 'zn', 'f', 'se',
         'as_', 'hg', 'cd', 'cr6', 'pb', 'cn', 'phenol', 'petroleum', 'las', 'sulfide',
         'fecal_coliform', 'temperature', 'chla', 'sd')


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('air_observations', sa.Column('source', sa.String(length=8),
                                                server_default='sample', nullable=False))
    op.add_column('air_observations', sa.Column(
        'qc_flags', postgresql.JSONB(astext_type=sa.Text()),
        server_default=sa.text("'{}'::jsonb"), nullable=False))
    op.add_column('air_observations', sa.Column('received_at', sa.DateTime(timezone=False),
                                                nullable=True))
    op.create_index('ix_air_observations_source_time', 'air_observations',
                    ['source', 'time'], unique=False)
    op.create_table('water_observations',
    sa.Column('section_code', sa.String(length=8), nullable=False),
    sa.Column('time', sa.DateTime(timezone=False), nullable=False),
    *[sa.Column(item, sa.Float(), nullable=True) for item in ITEMS],
    sa.Column('qc_flags', postgresql.JSONB(astext_type=sa.Text()),
              server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('section_code', 'time', name=op.f('pk_water_observations'))
    )
    op.create_index('ix_water_observations_time', 'water_observations', ['time'],
                    unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_water_observations_time', table_name='water_observations')
    op.drop_table('water_observations')
    op.drop_index('ix_air_observations_source_time', table_name='air_observations')
    op.drop_column('air_observations', 'received_at')
    op.drop_column('air_observations', 'qc_flags')
    op.drop_column('air_observations', 'source')
