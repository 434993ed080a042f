"""Enforcement workspace: the administrators' edits of the code rules and the task deadlines
(enforcement_settings; one versioned document per key, the sample files until edited).

Revision ID: e16a
Revises: 0010
Create Date: 2026-11-26 19:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = 'e16a'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('enforcement_settings',
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('document', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('updated_by', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_enforcement_settings'))
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('enforcement_settings')
