"""certificates count once: a person is registered once per decision and award

Adds who each certificate is for (``recipient_key``), the registry decision it carries out
(``decision_paper_id``) or that it cites one from outside (``decision_external``), the
unique constraint ``uq_certificates_once``, and on batches the decision they print for and
how many rows they reprinted.

Entries already registered twice (the same person, decision and award, e.g. a list printed
as PDF and then as ZIP) keep their numbers and codes — they may be printed and handed out —
but only the first holds the key: the later ones no longer count as registrations.

Revision ID: 0013_certificates_once
Revises: 0012_incomplete_drafts
"""
import sqlalchemy as sa
from alembic import op

from docgen.services.registry.certificates import recipient_key

revision = "0013_certificates_once"
down_revision = "0012_incomplete_drafts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recipient_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("decision_paper_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("decision_external", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.create_foreign_key("fk_certificates_decision_paper", "papers",
                                    ["decision_paper_id"], ["id"])
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decision_paper_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reprinted", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_batches_decision_paper_id"),
                              ["decision_paper_id"], unique=False)
        batch_op.create_foreign_key("fk_batches_decision_paper", "papers",
                                    ["decision_paper_id"], ["id"])

    conn = op.get_bind()
    certs = sa.table("certificates", sa.column("id", sa.Integer), sa.column("agency"),
                     sa.column("register_number", sa.Integer),
                     sa.column("award"), sa.column("decision_number"),
                     sa.column("decision_date"), sa.column("recipient"),
                     sa.column("unit"), sa.column("status"),
                     sa.column("recipient_key", sa.String))
    seen: set[tuple[object, ...]] = set()
    rows = conn.execute(sa.select(certs.c.id, certs.c.agency, certs.c.award,
                                  certs.c.decision_number, certs.c.decision_date,
                                  certs.c.recipient, certs.c.unit)
                        .where(certs.c.status != "cancelled")
                        .order_by(certs.c.register_number, certs.c.id)).all()
    for id_, agency, award, number, on, recipient, unit in rows:
        key = recipient_key(recipient, unit)
        ident = (agency, award, number, on, key)
        if ident in seen:
            continue
        seen.add(ident)
        conn.execute(sa.update(certs).where(certs.c.id == id_).values(recipient_key=key))

    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_certificates_once",
            ["agency", "award", "decision_number", "decision_date", "recipient_key"])


def downgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_constraint("uq_certificates_once", type_="unique")
        batch_op.drop_constraint("fk_certificates_decision_paper", type_="foreignkey")
        batch_op.drop_column("decision_external")
        batch_op.drop_column("decision_paper_id")
        batch_op.drop_column("recipient_key")
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.drop_constraint("fk_batches_decision_paper", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_batches_decision_paper_id"))
        batch_op.drop_column("reprinted")
        batch_op.drop_column("decision_paper_id")
