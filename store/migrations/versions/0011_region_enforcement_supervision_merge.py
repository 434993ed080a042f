"""Join the branches of the enforcement settings (e16a), the county drill-down (r18a) and the
supervision additions (s17a → s17b) into one line again; later migrations revise 0011.

Revision ID: 0011
Revises: e16a, r18a, s17b
Create Date: 2026-11-26 20:30:00

"""
from typing import Sequence, Union

# revision identifiers, used by Alembic.
revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = ('e16a', 'r18a', 's17b')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
