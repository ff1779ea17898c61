"""round_nominations: an achievement report attached as a file (PDF or DOCX)

Revision ID: 0021_round_report_files
Revises: 0020_cluster_years
"""
import sqlalchemy as sa
from alembic import op

revision = "0021_round_report_files"
down_revision = "0020_cluster_years"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("round_nominations") as batch:
        batch.add_column(sa.Column("report_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("report_filename", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("report_format", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("round_nominations") as batch:
        batch.drop_column("report_format")
        batch.drop_column("report_filename")
        batch.drop_column("report_sha256")
