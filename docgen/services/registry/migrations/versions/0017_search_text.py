"""papers and certificates: a folded search text (title, composed trích yếu, names, units)

The search compared what a clerk typed with ILIKE on the title and the raw input, which
on SQLite folds only ASCII letters and never finds a trích yếu that is composed rather
than typed. Each row now keeps its search text folded (docgen.services.registry.search);
the rows already there are filled here.

Revision ID: 0017_search_text
Revises: 0016_mail_notifications
"""
import json

import sqlalchemy as sa
from alembic import op

from docgen.services.registry.search import certificate_text, composed_text

revision = "0017_search_text"
down_revision = "0016_mail_notifications"
branch_labels = None
depends_on = None

papers = sa.table("papers", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                  sa.column("title", sa.String), sa.column("input_json", sa.Text),
                  sa.column("search_text", sa.Text))
certificates = sa.table(
    "certificates", sa.column("id", sa.Integer), sa.column("recipient", sa.String),
    sa.column("unit", sa.String), sa.column("title", sa.String),
    sa.column("issuer", sa.String), sa.column("decision_number", sa.String),
    sa.column("search_text", sa.Text))


def upgrade() -> None:
    with op.batch_alter_table("papers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=True))
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=True))
    conn = op.get_bind()
    for row in conn.execute(sa.select(papers.c.id, papers.c.kind, papers.c.title,
                                      papers.c.input_json)).all():
        text = composed_text(row.kind, row.title, json.loads(row.input_json))
        conn.execute(papers.update().where(papers.c.id == row.id).values(search_text=text))
    for row in conn.execute(sa.select(certificates)).all():
        conn.execute(certificates.update().where(certificates.c.id == row.id)
                     .values(search_text=certificate_text(dict(row._mapping))))


def downgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_column("search_text")
    with op.batch_alter_table("papers", schema=None) as batch_op:
        batch_op.drop_column("search_text")
