"""paper signatures: each digital signature's facts per paper (Decree 30 Appendix VI)

Revision ID: 0006_signatures
Revises: 0005_batches
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_signatures"
down_revision = "0005_batches"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paper_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("signer", sa.String(length=400), nullable=False),
        sa.Column("organisation", sa.String(length=400), nullable=True),
        sa.Column("cert_sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("verify_code", sa.String(length=20), nullable=True),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["paper_id"], ["papers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("paper_signatures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_signatures_paper_id"), ["paper_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("paper_signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_signatures_paper_id"))
    op.drop_table("paper_signatures")
