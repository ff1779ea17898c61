"""rounds: commendation rounds and their nominations; a paper's round and an audit entry's; a user's unit

Revision ID: 0018_rounds
Revises: 0017_search_text
"""
import sqlalchemy as sa
from alembic import op

revision = "0018_rounds"
down_revision = "0017_search_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("agency", sa.String(length=60), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("head_json", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_rounds_agency", "rounds", ["agency"])
    op.create_index("ix_rounds_year", "rounds", ["year"])
    op.create_table(
        "round_nominations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("rounds.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=True),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=True),
        sa.Column("written_votes", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_round_nominations_round_id", "round_nominations", ["round_id"])
    # Plain ADD COLUMN (no batch mode): SQLite need not rebuild ``papers`` or ``users``,
    # which other tables refer to.
    op.add_column("papers", sa.Column("round_id", sa.Integer(), nullable=True))
    op.add_column("papers", sa.Column("round_slot", sa.String(length=80), nullable=True))
    op.create_index("ix_papers_round_id", "papers", ["round_id"])
    op.add_column("users", sa.Column("unit", sa.String(length=200), nullable=True))
    op.add_column("audit", sa.Column("round_id", sa.Integer(), nullable=True))
    op.create_index("ix_audit_round_id", "audit", ["round_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_round_id", table_name="audit")
    with op.batch_alter_table("audit") as batch_op:
        batch_op.drop_column("round_id")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("unit")
    op.drop_index("ix_papers_round_id", table_name="papers")
    with op.batch_alter_table("papers") as batch_op:
        batch_op.drop_column("round_slot")
        batch_op.drop_column("round_id")
    op.drop_index("ix_round_nominations_round_id", table_name="round_nominations")
    op.drop_table("round_nominations")
    op.drop_index("ix_rounds_year", table_name="rounds")
    op.drop_index("ix_rounds_agency", table_name="rounds")
    op.drop_table("rounds")
