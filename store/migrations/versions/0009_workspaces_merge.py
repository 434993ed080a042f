"""Join the workspace branches (enforcement, scenarios, datasets, feeds, station winds) into
one line again; later migrations revise 0009.

Revision ID: 0009
Revises: 0005, 0006, 0007, 0008, e13a
Create Date: 2026-11-26 17:15:00

"""
from typing import Sequence, Union

# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = ('0005', '0006', '0007', '0008', 'e13a')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
