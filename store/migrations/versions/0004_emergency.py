"""Emergency workspace: the incident register and its log; pgRouting for travel times.

pgRouting is created only when ``pg_extension`` lacks it (an app role may use it without
being allowed to create it); when it cannot be created the migration stops with the
command a database administrator must run.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 14:40:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def ensure_pgrouting(conn) -> bool:
    """Create pgRouting only if it is missing; True when created."""
    from sqlalchemy.exc import DBAPIError

    from core.errors import StoreUnavailable

    if conn.execute(sa.text(
            "SELECT 1 FROM pg_extension WHERE extname = 'pgrouting'")).first() is not None:
        return False
    try:
        with conn.begin_nested():
            conn.execute(sa.text("CREATE EXTENSION pgrouting"))
    except DBAPIError as exc:
        database = conn.execute(sa.text("SELECT current_database()")).scalar_one()
        role = conn.execute(sa.text("SELECT current_user")).scalar_one()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(
            f'the pgRouting extension is missing in database "{database}" and role '
            f'"{role}" cannot create it ({reason}). A database administrator must run, as '
            f'a superuser connected to database "{database}": CREATE EXTENSION pgrouting; '
            "(the server needs the pgRouting package, e.g. Debian postgresql-15-pgrouting)"
        ) from exc
    return True


def upgrade() -> None:
    """Upgrade schema."""
    ensure_pgrouting(op.get_bind())
    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('substance', sa.String(length=32), nullable=False),
    sa.Column('mass_kg', sa.Float(), nullable=True),
    sa.Column('rate_g_s', sa.Float(), nullable=True),
    sa.Column('duration_min', sa.Float(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('known_at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=False), nullable=True),
    sa.Column('risk_source_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('weather', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('casualties', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('grade', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('summary', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_by', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents'))
    )
    op.create_index('ix_incidents_status_known_at', 'incidents', ['status', 'known_at'],
                    unique=False)
    op.create_table('incident_log',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('actor', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('snapshot', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'],
                            name=op.f('fk_incident_log_incident_id_incidents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_log'))
    )
    op.create_index('ix_incident_log_incident_id_at', 'incident_log', ['incident_id', 'at'],
                    unique=False)


def downgrade() -> None:
    """Downgrade schema (pgRouting stays: other databases' objects may use it)."""
    op.drop_index('ix_incident_log_incident_id_at', table_name='incident_log')
    op.drop_table('incident_log')
    op.drop_index('ix_incidents_status_known_at', table_name='incidents')
    op.drop_table('incidents')
