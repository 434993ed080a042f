"""The city's CO₂ trajectory against its peaking target (co2_trajectory), loaded from
data_samples/supervision/co2_trajectory.csv; no geometry.

Revision ID: s17a
Revises: 0010
Create Date: 2026-11-26 19:40:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = 's17a'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('co2_trajectory',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('co2_t', sa.Float(), nullable=False),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_co2_trajectory')),
    sa.UniqueConstraint('year', 'kind', name=op.f('uq_co2_trajectory_year'))
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('co2_trajectory')
