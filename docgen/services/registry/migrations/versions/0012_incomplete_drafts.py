"""incomplete drafts: a draft kept as the clerk left it, before it validates

Revision ID: 0012_incomplete_drafts
Revises: 0011_session_security
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_incomplete_drafts"
down_revision = "0011_session_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every paper stored so far was validated before it was kept: complete. A plain ADD
    # COLUMN (SQLite's batch mode would copy the table, which the audit's foreign key to
    # it forbids).
    op.add_column("papers", sa.Column("complete", sa.Boolean(), nullable=False,
                                      server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("papers", schema=None) as batch_op:
        batch_op.drop_column("complete")
