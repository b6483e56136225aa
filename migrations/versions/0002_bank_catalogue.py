"""bank catalogue: references, muscles, question order

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:02:41.998235

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bank_references',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_references')),
    sa.UniqueConstraint('key', name=op.f('uq_bank_references_key'))
    )
    op.create_table('muscles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('group', sa.String(length=30), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_muscles')),
    sa.UniqueConstraint('slug', name=op.f('uq_muscles_slug'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        # existing rows get position 0; the next bank import sets the real order
        batch_op.add_column(sa.Column('position', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('muscle_slug', sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f('ix_questions_muscle_slug'), ['muscle_slug'], unique=False)



def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_muscle_slug'))
        batch_op.drop_column('muscle_slug')
        batch_op.drop_column('position')

    op.drop_table('muscles')
    op.drop_table('bank_references')
