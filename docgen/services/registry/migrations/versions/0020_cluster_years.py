"""cluster_years, cluster_members: a cluster's scoring year as a resource

Revision ID: 0020_cluster_years
Revises: 0019_paper_copies
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_cluster_years"
down_revision = "0019_paper_copies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cluster_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organiser", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document_json", sa.Text(), nullable=False),
        sa.Column("pledge_paper_id", sa.Integer(), nullable=True),
        sa.Column("minutes_paper_id", sa.Integer(), nullable=True),
        sa.Column("proposal_paper_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pledge_paper_id"], ["papers.id"]),
        sa.ForeignKeyConstraint(["minutes_paper_id"], ["papers.id"]),
        sa.ForeignKeyConstraint(["proposal_paper_id"], ["papers.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organiser", "name", "year", name="uq_cluster_year"),
    )
    op.create_index("ix_cluster_years_organiser", "cluster_years", ["organiser"])
    op.create_table(
        "cluster_members",
        sa.Column("cluster_year_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("agency", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["cluster_year_id"], ["cluster_years.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("cluster_year_id", "code"),
        sa.UniqueConstraint("cluster_year_id", "agency", name="uq_cluster_member_agency"),
    )
    op.create_index("ix_cluster_members_agency", "cluster_members", ["agency"])


def downgrade() -> None:
    op.drop_index("ix_cluster_members_agency", table_name="cluster_members")
    op.drop_table("cluster_members")
    op.drop_index("ix_cluster_years_organiser", table_name="cluster_years")
    op.drop_table("cluster_years")
