"""study settings, leeches, graded responses, imported reviews

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:08:13.920047

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('imported_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('external_card_id', sa.String(length=40), nullable=False),
    sa.Column('rating', sa.SmallInteger(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_imported_reviews_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_reviews')),
    sa.UniqueConstraint('user_id', 'source', 'external_card_id', 'reviewed_at', name=op.f('uq_imported_reviews_user_id'))
    )
    op.create_table('study_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('desired_retention', sa.Float(), nullable=False),
    sa.Column('new_per_day', sa.Integer(), nullable=False),
    sa.Column('max_reviews_per_day', sa.Integer(), nullable=False),
    sa.Column('learning_steps_minutes', sa.JSON(), nullable=False),
    sa.Column('relearning_steps_minutes', sa.JSON(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('day_start_hour', sa.SmallInteger(), nullable=False),
    sa.Column('parameters', sa.JSON(), nullable=True),
    sa.Column('parameters_fitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('fit_log_loss_default', sa.Float(), nullable=True),
    sa.Column('fit_log_loss_fitted', sa.Float(), nullable=True),
    sa.Column('fit_review_count', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_study_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_study_settings'))
    )
    with op.batch_alter_table('card_states', schema=None) as batch_op:
        batch_op.add_column(sa.Column('leech', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('review_logs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous_state', sa.SmallInteger(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('response', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('correct', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('score', sa.Float(), nullable=True))



def downgrade():
    with op.batch_alter_table('review_logs', schema=None) as batch_op:
        batch_op.drop_column('score')
        batch_op.drop_column('correct')
        batch_op.drop_column('response')
        batch_op.drop_column('previous_state')

    with op.batch_alter_table('card_states', schema=None) as batch_op:
        batch_op.drop_column('leech')

    op.drop_table('study_settings')
    op.drop_table('imported_reviews')
