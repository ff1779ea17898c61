"""Typed SQLAlchemy 2 models of the registry."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


#: Column ``info`` of a column that holds the SHA-256 of a stored file (see backup.py).
STORED_FILE = {"stored_file": True}


class Counter(Base):
    """Last number given in one sequence: per agency, per year (0 for the register of
    certificates, which does not restart), per sequence (``shared``, a type, ``council``,
    ``register``)."""

    __tablename__ = "counters"

    agency: Mapped[str] = mapped_column(String(60), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence: Mapped[str] = mapped_column(String(30), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Paper(Base):
    """A paper in the registry: draft -> submitted -> (returned -> draft) -> approved ->
    issued (number, date, files) -> maybe revoked. ``agency`` is the owning agency (the
    drafting clerk's); the numbering agency comes from the issuer in the input."""

    __tablename__ = "papers"
    __table_args__ = (
        # Number + symbol is unique per agency per year (drafts have no number: NULLs).
        UniqueConstraint("agency", "year", "symbol", "number", name="uq_papers_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    agency: Mapped[str] = mapped_column(String(60), index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    title: Mapped[str] = mapped_column(String(400))
    input_json: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    symbol: Mapped[str | None] = mapped_column(String(60))
    sequence: Mapped[str | None] = mapped_column(String(30))
    issued_on: Mapped[date | None] = mapped_column(Date)
    # ``stored_file`` marks a column holding the SHA-256 of a file in the FileStore: backups
    # carry every file so marked (docgen.registry.backup).
    docx_sha256: Mapped[str | None] = mapped_column(String(64), info=STORED_FILE)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), index=True, info=STORED_FILE)
    verify_code: Mapped[str | None] = mapped_column(String(20), unique=True)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    #: Login of the clerk who drafted it (only they edit and submit it).
    created_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who did what to which paper, when."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    #: Login of the signed-in user (or ``cli:<os user>``), never a name a client typed.
    actor: Mapped[str] = mapped_column(String(120))
    agency: Mapped[str | None] = mapped_column(String(60), index=True)
    ip: Mapped[str | None] = mapped_column(String(45))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    detail: Mapped[str | None] = mapped_column(Text)


class Certificate(Base):
    """A certificate issued from a batch: its register number (sổ vàng) and verification
    code, and what the public page may show."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("agency", "register_number", name="uq_certificates_register"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency: Mapped[str] = mapped_column(String(60), index=True)
    register_number: Mapped[int | None] = mapped_column(Integer)
    verify_code: Mapped[str] = mapped_column(String(20), unique=True)
    recipient: Mapped[str] = mapped_column(String(400))
    #: Position and unit as printed under the name ("Kiểm sát viên, Phòng 1").
    unit: Mapped[str | None] = mapped_column(String(800))
    award: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(400))
    issuer: Mapped[str] = mapped_column(String(400))
    #: The award decision carried out: number and symbol ("125/QĐ-VKSTC"), its date.
    decision_number: Mapped[str | None] = mapped_column(String(80))
    decision_date: Mapped[date | None] = mapped_column(Date)
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    batch_id: Mapped[str | None] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(10), default="issued")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
