"""What the registry's search reads, and how a typed query is matched against it.

A paper keeps a search text (``papers.search_text``): its title, its trích yếu as the
composer writes it (an award decision's "Về việc tặng danh hiệu Chiến sĩ thi đua cơ sở"
is composed from the award, not typed), and every text of its input (names, positions,
units, places), each folded by ``docgen.vn.text.search_key`` (NFC, case folded, no
diacritics, đ as d). A registered certificate keeps one too (recipient, unit, title,
issuer, decision). The query is folded the same way and looked for with LIKE, which
compares plain lower-case ASCII alike on SQLite and PostgreSQL: ``q=ngoc``,
``q=đỗ mạnh`` and ``q=HƯNG YÊN`` find what the clerk means on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, or_
from sqlalchemy.orm import InstrumentedAttribute

from docgen.catalog import Catalog
from docgen.compose.document import Document
from docgen.errors import DocgenError
from docgen.service import compose_paper
from docgen.vn.text import search_key

#: Between the parts of a search text: a query (folded, one line) never spans two parts.
SEPARATOR = "\n"


def _texts(value: Any) -> Iterator[str]:
    """Every string inside ``value`` (a paper's input: objects, lists, strings)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def folded(*parts: Any) -> str:
    """The search text of ``parts`` (strings, or inputs holding strings), each folded."""
    keys = (search_key(t) for p in parts for t in _texts(p))
    return SEPARATOR.join(dict.fromkeys(k for k in keys if k))


def paper_text(title: str, data: Any, document: Document | None) -> str:
    """A paper's search text: its title, its composed trích yếu (``document``: the paper
    composed; None for a draft kept before it validates) and the texts of its input."""
    return folded(title, document.subject if document is not None else "", data)


def composed_text(kind: str, title: str, data: Any, catalog: Catalog | None = None) -> str:
    """``paper_text`` for a stored paper, composing it when it can be (the migration that
    fills the column for papers saved before it, a draft kept incomplete)."""
    try:
        document: Document | None = compose_paper(kind, data, catalog=catalog)
    except DocgenError:
        document = None  # kept before it validated: its title and its input
    return paper_text(title, data, document)


def certificate_text(row: dict[str, Any]) -> str:
    """A registered certificate's search text: recipient, unit, title, issuer, decision."""
    return folded(*(row.get(k) or "" for k in ("recipient", "unit", "title", "issuer",
                                                  "decision_number")))


def matches(q: str, *columns: InstrumentedAttribute[str | None]) -> ColumnElement[bool]:
    """``q`` folded, found anywhere in one of ``columns`` (search texts). What the clerk
    types is searched as typed: ``%`` and ``_`` are letters, not wildcards."""
    key = search_key(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(c.like(f"%{key}%", escape="\\") for c in columns))
