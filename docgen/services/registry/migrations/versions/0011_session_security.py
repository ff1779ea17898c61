"""session security: session versions, who minted a token, shared sign-in limits

Revision ID: 0011_session_security
Revises: 0010_drop_user_signature_png
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_session_security"
down_revision = "0010_drop_user_signature_png"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False,
                                      server_default="0"))
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minted_by", sa.String(length=60), nullable=True))
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minted_by", sa.String(length=60), nullable=True))
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_rate_limits_expires_at", "rate_limits", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_rate_limits_expires_at", table_name="rate_limits")
    op.drop_table("rate_limits")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_column("minted_by")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("minted_by")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
