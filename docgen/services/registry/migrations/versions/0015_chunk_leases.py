"""chunk leases: which worker renders a chunk, its last beat, when it was queued

A Celery worker killed mid-chunk left the chunk's message with Redis until the visibility
timeout (an hour); the lease lets any live worker queue the chunk again within a minute.

Revision ID: 0015_chunk_leases
Revises: 0014_signature_certificates
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_chunk_leases"
down_revision = "0014_signature_certificates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("batch_chunks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("holder", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("beat_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("requeues", sa.Integer(), nullable=False,
                                      server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("batch_chunks", schema=None) as batch_op:
        batch_op.drop_column("requeues")
        batch_op.drop_column("sent_at")
        batch_op.drop_column("beat_at")
        batch_op.drop_column("holder")
