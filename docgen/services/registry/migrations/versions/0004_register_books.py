"""certificates: unit and decision for the register book (sổ vàng)

Revision ID: 0004_register_books
Revises: 0003_accounts
Create Date: 2026-11-22 19:30:00

The sổ vàng lists each certificate's position and unit and the decision it carries out.
Rows of the previous release get their decision back from their title, which the batch
wrote as "<award> - Quyết định số 125/QĐ-VKSTC ngày 20 tháng 01 năm 2026"; their unit was
not kept and stays empty.
"""
import re
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = '0004_register_books'
down_revision = '0003_accounts'
branch_labels = None
depends_on = None

DECISION = re.compile(r"Quyết định số (\S+) ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")


def upgrade() -> None:
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit', sa.String(length=800), nullable=True))
        batch_op.add_column(sa.Column('decision_number', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('decision_date', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_certificates_issued_on'), ['issued_on'],
                              unique=False)
    certificates = sa.table('certificates', sa.column('id', sa.Integer),
                            sa.column('title', sa.String),
                            sa.column('decision_number', sa.String),
                            sa.column('decision_date', sa.Date))
    conn = op.get_bind()
    for row in conn.execute(sa.select(certificates.c.id, certificates.c.title)).all():
        found = DECISION.search(row.title or "")
        if found:
            number, day, month, year = found.groups()
            conn.execute(certificates.update().where(certificates.c.id == row.id).values(
                decision_number=number,
                decision_date=date(int(year), int(month), int(day))))


def downgrade() -> None:
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_issued_on'))
        batch_op.drop_column('decision_date')
        batch_op.drop_column('decision_number')
        batch_op.drop_column('unit')
