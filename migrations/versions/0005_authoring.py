"""authoring: ownership (questions.clinic_id), workflow (pending version), reviews, approvals

Existing versions all came from the bank files, hence origin defaults to 'bank'.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 02:53:18.630207

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('authoring_policies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=True),
    sa.Column('needs_second_approval', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_authoring_policies_clinic_id_clinics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authoring_policies')),
    sa.UniqueConstraint('clinic_id', name=op.f('uq_authoring_policies_clinic_id'))
    )
    op.create_table('approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('approver_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approver_id'], ['users.id'], name=op.f('fk_approvals_approver_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['question_versions.id'], name=op.f('fk_approvals_version_id_question_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approvals')),
    sa.UniqueConstraint('version_id', 'approver_id', name=op.f('uq_approvals_version_id'))
    )
    with op.batch_alter_table('approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approvals_version_id'), ['version_id'], unique=False)

    op.create_table('review_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_review_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['question_versions.id'], name=op.f('fk_review_comments_version_id_question_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_comments'))
    )
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_comments_version_id'), ['version_id'], unique=False)

    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.Enum('bank', 'editor', 'file', name='version_origin', native_enum=False, create_constraint=True, length=20), nullable=False, server_default='bank'))
        batch_op.add_column(sa.Column('rich', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('restored_from_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_question_versions_restored_from_id_question_versions'), 'question_versions', ['restored_from_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clinic_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pending_version_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pending_state', sa.Enum('draft', 'in_review', 'published', 'retired', name='question_pending_state', native_enum=False, create_constraint=True, length=20), nullable=True))
        batch_op.create_index('ix_questions_status_clinic', ['status', 'clinic_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_questions_pending_version_id_question_versions'), 'question_versions', ['pending_version_id'], ['id'], ondelete='SET NULL', use_alter=True)
        batch_op.create_foreign_key(batch_op.f('fk_questions_clinic_id_clinics'), 'clinics', ['clinic_id'], ['id'], ondelete='CASCADE')



def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_questions_clinic_id_clinics'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_questions_pending_version_id_question_versions'), type_='foreignkey')
        batch_op.drop_index('ix_questions_status_clinic')
        # SQLite's batch copy keeps the enum's CHECK unless it is dropped first.
        batch_op.drop_constraint('question_pending_state', type_='check')
        batch_op.drop_column('pending_state')
        batch_op.drop_column('pending_version_id')
        batch_op.drop_column('clinic_id')

    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_question_versions_restored_from_id_question_versions'), type_='foreignkey')
        batch_op.drop_column('restored_from_id')
        batch_op.drop_column('rich')
        batch_op.drop_constraint('version_origin', type_='check')
        batch_op.drop_column('origin')

    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_comments_version_id'))

    op.drop_table('review_comments')
    with op.batch_alter_table('approvals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approvals_version_id'))

    op.drop_table('approvals')
    op.drop_table('authoring_policies')
