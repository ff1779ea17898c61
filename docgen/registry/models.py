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
    docx_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
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
    award: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(400))
    issuer: Mapped[str] = mapped_column(String(400))
    issued_on: Mapped[date] = mapped_column(Date)
    batch_id: Mapped[str | None] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(10), default="issued")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
