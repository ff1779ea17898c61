"""job adoption: which process holds an in-process job, and how often it was taken over

Revision ID: 0008_job_adoption
Revises: 0007_sealed_batches
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_job_adoption"
down_revision = "0007_sealed_batches"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("adoptions", sa.Integer(), nullable=False,
                                      server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.drop_column("adoptions")
        batch_op.drop_column("owner")
