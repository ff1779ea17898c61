"""signatures: which certificate signed (issuer, serial, DER); times in UTC on SQLite

Signature times were written as Vietnam wall time; SQLite keeps no offset, so they were
read back as UTC, seven hours late. PostgreSQL stored them right (timestamptz).

Revision ID: 0014_signature_certificates
Revises: 0013_certificates_once
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_signature_certificates"
down_revision = "0013_certificates_once"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("paper_signatures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cert_issuer", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("cert_serial", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("certificate", sa.LargeBinary(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE paper_signatures SET signed_at = "
                   "strftime('%Y-%m-%d %H:%M:%S.000000', signed_at, '-7 hours')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE paper_signatures SET signed_at = "
                   "strftime('%Y-%m-%d %H:%M:%S.000000', signed_at, '+7 hours')")
    with op.batch_alter_table("paper_signatures", schema=None) as batch_op:
        batch_op.drop_column("certificate")
        batch_op.drop_column("cert_serial")
        batch_op.drop_column("cert_issuer")
