"""paper copies: a copy (sao y, sao lục, trích sao) names the paper it copies

Revision ID: 0019_paper_copies
Revises: 0018_rounds
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_paper_copies"
down_revision = "0018_rounds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN without a foreign key (SQLite's batch mode would copy ``papers``,
    # which the audit's foreign key to it forbids), as template_id.
    op.add_column("papers", sa.Column("copy_of", sa.Integer(), nullable=True))
    op.create_index("ix_papers_copy_of", "papers", ["copy_of"])


def downgrade() -> None:
    op.drop_index("ix_papers_copy_of", table_name="papers")
    with op.batch_alter_table("papers", schema=None) as batch_op:
        batch_op.drop_column("copy_of")
