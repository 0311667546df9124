"""exam navigation: an attempt's flagged questions; how often an answer was saved

Revision ID: 0010_exam_navigation
Revises: 0009_classes
Create Date: 2026-12-02 21:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_exam_navigation'
down_revision = '0009_classes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flags', sa.JSON(), server_default=sa.text("'[]'"),
                                      nullable=False))
    with op.batch_alter_table('quiz_answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('saves', sa.Integer(), server_default=sa.text('1'),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('quiz_answers', schema=None) as batch_op:
        batch_op.drop_column('saves')
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_column('flags')
