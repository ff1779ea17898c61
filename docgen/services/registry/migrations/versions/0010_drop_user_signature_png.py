"""users.signature_png goes: leaders' signature images live in files (signature-images/,
docgen.services.registry.signatures.SignatureImages); the column was never written

Revision ID: 0010_drop_user_signature_png
Revises: 0009_agency_templates
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_drop_user_signature_png"
down_revision = "0009_agency_templates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("signature_png")


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signature_png", sa.LargeBinary(), nullable=True))
