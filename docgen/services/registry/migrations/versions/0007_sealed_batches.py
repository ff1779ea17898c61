"""sealed certificate batches: the agency whose seal signs each certificate of a ZIP batch

Revision ID: 0007_sealed_batches
Revises: 0006_signatures
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_sealed_batches"
down_revision = "0006_signatures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seal_agency", sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.drop_column("seal_agency")
