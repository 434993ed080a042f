"""Enforcement workspace: tasks with their transitions and evidence, clues, online-monitoring
events, the enterprise environment code cache and the results recorded on sources.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 16:20:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

JSONB = postgresql.JSONB(astext_type=sa.Text())


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('enforcement_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('feature', JSONB, nullable=True),
    sa.Column('region', JSONB, nullable=True),
    sa.Column('clue_id', sa.Integer(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('adcode', sa.String(length=6), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('team', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('created_by', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=False), nullable=True),
    sa.Column('returned', sa.Integer(), nullable=False),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enforcement_tasks'))
    )
    op.create_index('ix_enforcement_tasks_status_due_at', 'enforcement_tasks',
                    ['status', 'due_at'], unique=False)
    op.create_index('ix_enforcement_tasks_adcode', 'enforcement_tasks', ['adcode'],
                    unique=False)
    op.create_index('ix_enforcement_tasks_team', 'enforcement_tasks', ['team'], unique=False)
    op.create_index('ix_enforcement_tasks_source_id', 'enforcement_tasks', ['source_id'],
                    unique=False)
    op.create_index('ix_enforcement_tasks_lon_lat', 'enforcement_tasks', ['lon', 'lat'],
                    unique=False)
    op.create_table('task_transitions',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=8), nullable=True),
    sa.Column('to_status', sa.String(length=8), nullable=False),
    sa.Column('actor', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['enforcement_tasks.id'],
                            name=op.f('fk_task_transitions_task_id_enforcement_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_transitions'))
    )
    op.create_index('ix_task_transitions_task_id_at', 'task_transitions', ['task_id', 'at'],
                    unique=False)
    op.create_table('task_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.Text(), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('uploaded_by', sa.Text(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=False), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['enforcement_tasks.id'],
                            name=op.f('fk_task_evidence_task_id_enforcement_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_evidence'))
    )
    op.create_index('ix_task_evidence_task_id_sha256', 'task_evidence', ['task_id', 'sha256'],
                    unique=True)
    op.create_table('clues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cause', sa.String(length=24), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('evidence', JSONB, nullable=False),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('adcode', sa.String(length=6), nullable=True),
    sa.Column('detected_at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('triaged_by', sa.Text(), nullable=True),
    sa.Column('triaged_at', sa.DateTime(timezone=False), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clues'))
    )
    op.create_index('uq_clues_open_subject_cause', 'clues', ['subject', 'cause'], unique=True,
                    postgresql_where=sa.text("status = 'open'"))
    op.create_index('ix_clues_status_detected_at', 'clues', ['status', 'detected_at'],
                    unique=False)
    op.create_table('online_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('pollutant', sa.Text(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=False),
    sa.Column('max_value', sa.Float(), nullable=True),
    sa.Column('limit_value', sa.Float(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_online_events'))
    )
    op.create_index('ix_online_events_source_id_started_at', 'online_events',
                    ['source_id', 'started_at'], unique=False)
    op.create_table('source_codes',
    sa.Column('source_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', JSONB, nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=False), nullable=False),
    sa.PrimaryKeyConstraint('source_id', name=op.f('pk_source_codes'))
    )
    op.create_table('source_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=False), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('actor', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['enforcement_tasks.id'],
                            name=op.f('fk_source_results_task_id_enforcement_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_results'))
    )
    op.create_index('ix_source_results_source_id_at', 'source_results', ['source_id', 'at'],
                    unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_source_results_source_id_at', table_name='source_results')
    op.drop_table('source_results')
    op.drop_table('source_codes')
    op.drop_index('ix_online_events_source_id_started_at', table_name='online_events')
    op.drop_table('online_events')
    op.drop_index('ix_clues_status_detected_at', table_name='clues')
    op.drop_index('uq_clues_open_subject_cause', table_name='clues',
                  postgresql_where=sa.text("status = 'open'"))
    op.drop_table('clues')
    op.drop_index('ix_task_evidence_task_id_sha256', table_name='task_evidence')
    op.drop_table('task_evidence')
    op.drop_index('ix_task_transitions_task_id_at', table_name='task_transitions')
    op.drop_table('task_transitions')
    for name in ('ix_enforcement_tasks_lon_lat', 'ix_enforcement_tasks_source_id',
                 'ix_enforcement_tasks_team', 'ix_enforcement_tasks_adcode',
                 'ix_enforcement_tasks_status_due_at'):
        op.drop_index(name, table_name='enforcement_tasks')
    op.drop_table('enforcement_tasks')
