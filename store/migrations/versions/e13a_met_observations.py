"""Emergency workspace: hourly wind observations of met stations (met_observations).

Revision ID: e13a
Revises: 0004
Create Date: 2026-11-26 16:40:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = 'e13a'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('met_observations',
    sa.Column('station_code', sa.String(length=16), nullable=False),
    sa.Column('time', sa.DateTime(timezone=False), nullable=False),
    sa.Column('station_name', sa.Text(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('wind_speed_m_s', sa.Float(), nullable=False),
    sa.Column('wind_from_deg', sa.Float(), nullable=False),
    sa.Column('cloud_cover', sa.Float(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('station_code', 'time', name=op.f('pk_met_observations'))
    )
    op.create_index('ix_met_observations_time', 'met_observations', ['time'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_met_observations_time', table_name='met_observations')
    op.drop_table('met_observations')
