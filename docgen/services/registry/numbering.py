"""Numbers of issued papers (Decree 30, Article 15) and register numbers of certificates.

A number is taken inside the transaction that issues the paper: the counter row is locked
(``FOR UPDATE`` on PostgreSQL; SQLite transactions are ``BEGIN IMMEDIATE``), so concurrent
issues queue on it, and a rolled-back issue gives its number back. Numbers restart at 1 each
calendar year; numbers taken by hand are skipped, so no number is ever given twice.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from docgen.services.registry.models import Counter, Paper

REGISTER_YEAR = 0  # the register of certificates (sổ vàng) does not restart each year


def sequence_key(policy: str, type_abbr: str | None, council: bool = False) -> str:
    """Which sequence a paper draws from: one for all types (``shared``), or per type."""
    if council:
        return "council"
    if policy == "per_type" and type_abbr:
        return type_abbr
    return "shared"


def _locked_counter(session: Session, agency: str, year: int, sequence: str) -> Counter:
    stmt = (select(Counter).where(Counter.agency == agency, Counter.year == year,
                                  Counter.sequence == sequence).with_for_update())
    counter = session.execute(stmt).scalar_one_or_none()
    if counter is not None:
        return counter
    try:
        with session.begin_nested():
            session.add(Counter(agency=agency, year=year, sequence=sequence, last=0))
    except IntegrityError:
        pass  # another transaction created it first: lock theirs
    return session.execute(stmt).scalar_one()


def is_taken(session: Session, agency: str, year: int, symbol: str | None, number: int) -> bool:
    stmt = select(Paper.id).where(Paper.agency == agency, Paper.year == year,
                                  Paper.number == number)
    stmt = stmt.where(Paper.symbol.is_(None) if symbol is None else Paper.symbol == symbol)
    return session.execute(stmt.limit(1)).first() is not None


def next_number(session: Session, agency: str, year: int, sequence: str,
                symbol: str | None) -> int:
    counter = _locked_counter(session, agency, year, sequence)
    number = counter.last + 1
    while is_taken(session, agency, year, symbol, number):
        number += 1
    counter.last = number
    return number


def next_in_sequence(session: Session, agency: str, year: int, sequence: str) -> int:
    """The next number of a sequence whose papers carry several symbols (the copies: sao y,
    sao lục and trích sao share one, ``05/SY-…`` then ``06/TrS-…``): a number any paper of
    the sequence holds is skipped, whatever its symbol."""
    counter = _locked_counter(session, agency, year, sequence)
    number = counter.last + 1
    while session.execute(select(Paper.id).where(
            Paper.agency == agency, Paper.year == year, Paper.sequence == sequence,
            Paper.number == number).limit(1)).first() is not None:
        number += 1
    counter.last = number
    return number


def locked_register_counter(session: Session, agency: str) -> Counter:
    """The register (sổ vàng) counter of an agency, locked until the transaction ends."""
    return _locked_counter(session, agency, REGISTER_YEAR, "register")


def take_register_numbers(counter: Counter, count: int) -> list[int]:
    """``count`` consecutive register numbers from a locked counter."""
    first = counter.last + 1
    counter.last += count
    return list(range(first, first + count))

