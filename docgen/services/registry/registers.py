"""The register books an office keeps (Decree 30/2020/NĐ-CP, Article 15 and Appendix VI):
the outgoing-paper register (Sổ đăng ký văn bản đi, ``di``) and the certificates register
(sổ vàng, ``so-vang``), one per agency per year, as rows and as an XLSX workbook.

The columns of each book are data (``registers.yaml``): what a column shows is computed
here under a key, which one is printed, under which header and how wide, is the file's.
Each row of the outgoing register is read from the paper as it was issued (its stored input
composed again, so the type, summary and signer are exactly what the paper says).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from docgen.catalog import Catalog, load_catalog
from docgen.compose.common import one_line
from docgen.errors import DocgenError, FieldError, ForbiddenError, InputError, NotFoundError
from docgen.imports.cells import append_text_row, as_text
from docgen.model.types import MAX_ID
from docgen.render.table_pdf import table_pdf
from docgen.service import compose_paper
from docgen.services.accounts.identity import Actor, check_agency
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.certificates import decision_text
from docgen.services.registry.copies import COPY_KIND, copy_input
from docgen.services.registry.models import Certificate, Paper
from docgen.services.registry.search import matches
from docgen.vn.dates import short_date
from docgen.vn.numbering import number_ref
from docgen.vn.text import capitalize_first

LAYOUTS = Path(__file__).resolve().parent / "registers.yaml"
#: Book keys as the command line and the pages name them.
OUTGOING, CERTIFICATES = "di", "so-vang"
#: Values a column of each book may show.
OUTGOING_KEYS = frozenset({"number_symbol", "date", "type_summary", "signer", "recipients",
                           "archive", "copies", "notes", "status"})
CERTIFICATE_KEYS = frozenset({"register_number", "recipient", "unit", "award", "decision",
                              "date", "verify_code", "notes", "status"})
#: Papers that are in the outgoing register: once issued they stay in it, revoked or not.
REGISTERED_STATES = ("issued", "revoked")
#: "PL.(30)": the drafter's mark ends with the number of copies made (Decree 30, App. I).
COPIES = re.compile(r"\((\d+)\)\s*$")


class RegisterLayoutError(DocgenError):
    """registers.yaml names a column the registry cannot fill."""


@dataclass(frozen=True)
class BookColumn:
    key: str
    header: str
    width: float


@dataclass(frozen=True)
class BookLayout:
    key: str
    title: str
    file_stem: str
    columns: tuple[BookColumn, ...]


@lru_cache(maxsize=1)
def layouts() -> dict[str, BookLayout]:
    data = yaml.safe_load(LAYOUTS.read_text(encoding="utf-8"))
    out = {}
    for key, allowed in ((OUTGOING, OUTGOING_KEYS), (CERTIFICATES, CERTIFICATE_KEYS)):
        spec = data[key]
        columns = tuple(BookColumn(c["key"], c["header"], float(c.get("width", 15)))
                        for c in spec["columns"])
        unknown = [c.key for c in columns if c.key not in allowed]
        if unknown:
            raise RegisterLayoutError(f"{LAYOUTS.name}: sổ {key} có cột không biết: "
                                      + ", ".join(unknown))
        out[key] = BookLayout(key, spec["title"], spec["file_stem"], columns)
    return out


@dataclass(frozen=True)
class Book:
    """One register book of one agency for one year."""

    layout: BookLayout
    agency: str
    agency_name: str
    year: int
    rows: tuple[dict[str, Any], ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.layout.columns]

    @property
    def table(self) -> list[list[Any]]:
        """The rows as printed: the layout's columns, in its order."""
        return [[row.get(c.key) for c in self.layout.columns] for row in self.rows]

    @property
    def subtitle(self) -> str:
        return f"{self.agency_name} - Năm {self.year}"

    @property
    def file_name(self) -> str:
        return self.file_name_as("xlsx")

    def file_name_as(self, fmt: str) -> str:
        """"so-vang-vks-hung-yen-2026.pdf"."""
        return f"{self.layout.file_stem}-{self.agency}-{self.year}.{fmt}"


# -- rows ------------------------------------------------------------------------------------

def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _copies(payload: dict[str, Any]) -> int:
    """The drafter's mark tells the copies made ("PL.(30)"); without it, one copy for each
    recipient and each archive copy."""
    found = COPIES.search(payload.get("drafter") or "")
    if found:
        return int(found.group(1))
    return len(payload.get("recipients") or []) + len(payload.get("archive") or [])


def _running(summary: str) -> str:
    """A summary as it reads after the type's name in a register line: "Quyết định về việc
    …", "Giao ước thi đua năm 2026" (a summary set in capitals is read in lower case)."""
    if summary.isupper():
        return summary.lower()
    return summary[:1].lower() + summary[1:]


def _signer(document: Any) -> str:
    if document.signature is not None:
        return str(document.signature.name)
    grid = document.signature_grid
    if grid is None:
        return ""
    return ", ".join(b.name for row in grid.rows for b in row)


def paper_number(paper: Paper) -> str:
    """"07/QĐ-VKSHY" once the paper has a number; empty before."""
    return number_ref(paper.number, paper.symbol) if paper.number is not None else ""


def _copy_facts(paper: Paper, catalog: Catalog) -> tuple[str, str]:
    """(type and summary, signer) of a copy: its form and the paper it copies (its title
    names the paper copied), who signed its block (an electronic copy: the agency)."""
    data = copy_input(paper)
    if data.signer is not None:
        return paper.title, data.signer.name
    return paper.title, _agency_name(catalog, paper.agency)


def outgoing_row(paper: Paper, catalog: Catalog) -> dict[str, Any]:
    """One line of the outgoing register for an issued (or revoked) paper; a copy is
    entered with its own number, what it copies and who signed it."""
    payload = json.loads(paper.input_json)
    if paper.kind == COPY_KIND:
        type_summary, signer = _copy_facts(paper, catalog)
    else:
        document = compose_paper(paper.kind, payload, catalog=catalog)
        type_summary = f"{capitalize_first(document.type_name.lower())} " \
            f"{_running(' '.join(document.summary))}".strip()
        signer = _signer(document)
    notes = f"Đã thu hồi: {paper.revoked_reason}" if paper.status == "revoked" else ""
    return {
        "id": paper.id,
        "number_symbol": paper_number(paper),
        "date": paper.issued_on,  # a date: a page shows it dd/mm/yyyy, a workbook as a date
        "type_summary": type_summary,
        "signer": signer,
        "recipients": "; ".join(payload.get("recipients") or []),
        "archive": ", ".join(payload.get("archive") or []),
        "copies": _copies(payload),
        "notes": notes,
        "status": paper.status,
        "verify_code": paper.verify_code,
    }


def certificate_row(cert: Certificate, catalog: Catalog) -> dict[str, Any]:
    """One line of the sổ vàng."""
    award = catalog.awards.get(cert.award)
    decision = decision_text(cert)
    if cert.decision_external:
        decision = f"{decision} (ngoài hệ thống)"
    return {
        "id": cert.id,
        "register_number": cert.register_number,
        "recipient": cert.recipient,
        "unit": cert.unit or "",
        "award": award.name if award else cert.award,
        "decision": decision,
        "date": cert.issued_on,
        "verify_code": cert.verify_code,
        "notes": "Đã thu hồi" if cert.status == "revoked" else "",
        "status": cert.status,
    }


def _agency_name(catalog: Catalog, agency: str) -> str:
    found = catalog.agency(agency)
    return one_line(found.name) if found else agency


def outgoing_register(sessions: sessionmaker[Session], agency: str, year: int,
                      catalog: Catalog | None = None) -> Book:
    """Papers of ``agency`` issued in ``year``, in the order they were numbered."""
    catalog = catalog or load_catalog()
    first, last = _year_bounds(year)
    stmt = (select(Paper).where(Paper.agency == agency, Paper.status.in_(REGISTERED_STATES),
                                Paper.issued_on >= first, Paper.issued_on <= last)
            .order_by(Paper.issued_on, Paper.number, Paper.id))
    with sessions() as s:
        papers = list(s.execute(stmt).scalars())
    return Book(layouts()[OUTGOING], agency, _agency_name(catalog, agency), year,
                tuple(outgoing_row(p, catalog) for p in papers))


def certificate_register(sessions: sessionmaker[Session], agency: str, year: int,
                         catalog: Catalog | None = None) -> Book:
    """Certificates of ``agency`` signed in ``year``, by register number."""
    catalog = catalog or load_catalog()
    first, last = _year_bounds(year)
    stmt = (select(Certificate).where(Certificate.agency == agency,
                                      Certificate.issued_on >= first,
                                      Certificate.issued_on <= last)
            .order_by(Certificate.register_number, Certificate.id))
    with sessions() as s:
        certs = list(s.execute(stmt).scalars())
    return Book(layouts()[CERTIFICATES], agency, _agency_name(catalog, agency), year,
                tuple(certificate_row(c, catalog) for c in certs))


def register_book(sessions: sessionmaker[Session], which: str, agency: str, year: int,
                  catalog: Catalog | None = None) -> Book:
    if which == OUTGOING:
        return outgoing_register(sessions, agency, year, catalog)
    if which == CERTIFICATES:
        return certificate_register(sessions, agency, year, catalog)
    raise NotFoundError(f"không có sổ '{which}': chọn {OUTGOING} (văn bản đi) hoặc "
                        f"{CERTIFICATES} (sổ vàng)")


def register_years(sessions: sessionmaker[Session], which: str, agency: str) -> list[int]:
    """Years that have at least one line in the book, newest first."""
    days: Iterable[date | None]
    with sessions() as s:
        if which == CERTIFICATES:
            days = s.execute(select(Certificate.issued_on).where(
                Certificate.agency == agency).distinct()).scalars()
        else:
            days = s.execute(select(Paper.issued_on).where(
                Paper.agency == agency, Paper.status.in_(REGISTERED_STATES),
                Paper.issued_on.is_not(None)).distinct()).scalars()
        return sorted({d.year for d in days if d is not None}, reverse=True)


def read_book(sessions: sessionmaker[Session], actor: Actor, which: str,
              agency: str | None, year: int, catalog: Catalog | None = None) -> Book:
    """A register book as ``actor`` may read it: the records office and administrators
    (403 otherwise); the actor's own agency unless they see every agency (another agency
    is "not found")."""
    if not actor.can(Perm.REGISTER_READ):
        raise ForbiddenError("vai trò của bạn không xem được sổ đăng ký")
    agency = agency or actor.agency
    if not agency:
        raise InputError([FieldError(("agency",), "chọn cơ quan")])
    check_agency(actor, agency, what="không có sổ của cơ quan này")
    return register_book(sessions, which, agency, year, catalog)


def read_certificate(sessions: sessionmaker[Session], actor: Actor, cert_id: int
                     ) -> Certificate:
    """One entry of the sổ vàng, if ``actor`` may see its agency (else 404)."""
    if not actor.can(Perm.PAPER_READ):
        raise ForbiddenError("vai trò của bạn không xem được sổ vàng")
    with sessions() as s:
        cert = s.get(Certificate, cert_id) if 0 < cert_id <= MAX_ID else None
    if cert is None or not actor.sees(cert.agency):
        raise NotFoundError(f"không có bằng số hiệu {cert_id} trong sổ vàng")
    return cert


def search_certificates(sessions: sessionmaker[Session], actor: Actor, **filters: Any
                        ) -> tuple[list[Certificate], int]:
    """``find_certificates`` within what ``actor`` sees: their agency, or every agency."""
    if not actor.can(Perm.PAPER_READ):
        raise ForbiddenError("vai trò của bạn không xem được sổ vàng")
    every = actor.sees_all
    return find_certificates(sessions, agency=None if every else actor.agency, **filters)


# -- certificates in search ------------------------------------------------------------------

def find_certificates(sessions: sessionmaker[Session], *, agency: str | None = None,
                      year: int | None = None, q: str | None = None, page: int = 1,
                      per_page: int = 20, decision_paper_id: int | None = None
                      ) -> tuple[list[Certificate], int]:
    """Registered certificates, newest first: ``agency`` None means every agency; ``q``
    matches the recipient, unit, title or code; a bare number, the register number;
    ``decision_paper_id``: those carrying out that registry decision."""
    stmt = select(Certificate)
    if agency is not None:
        stmt = stmt.where(Certificate.agency == agency)
    if decision_paper_id is not None:
        stmt = stmt.where(Certificate.decision_paper_id == decision_paper_id)
    if year:
        first, last = _year_bounds(year)
        stmt = stmt.where(Certificate.issued_on >= first, Certificate.issued_on <= last)
    if q and q.strip():
        text = q.strip()
        match = [Certificate.verify_code == text.upper()]
        if text.isdigit():
            # A bare number is a register number (it would match every year in the titles).
            match.append(Certificate.register_number == int(text))
        else:
            # Recipient, unit, title, issuer, decision, whatever the case and marks typed.
            match.append(matches(text, Certificate.search_text))
        stmt = stmt.where(or_(*match))
    with sessions() as s:
        total = s.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
        items = s.execute(stmt.order_by(Certificate.id.desc())
                          .offset((max(page, 1) - 1) * per_page).limit(per_page)).scalars()
        return list(items), int(total)


# -- files -----------------------------------------------------------------------------------

def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    return short_date(value) if isinstance(value, date) else str(value)


def to_pdf(book: Book) -> bytes:
    """The book as a PDF to print and bind: A4 landscape, the columns of registers.yaml
    (widths in proportion), the header row on every page, numbers and dates centred."""
    rows = [[(_cell_text(v), isinstance(v, int | date)) for v in row] for row in book.table]
    return table_pdf(book.layout.title, book.subtitle, book.headers,
                     [c.width for c in book.layout.columns], rows,
                     empty=f"Chưa có dòng nào trong năm {book.year}")


def book_json(book: Book) -> dict[str, Any]:
    """The book as the API gives it: its columns and its lines (every computed value,
    dates as ISO)."""
    def value(v: Any) -> Any:
        return v.isoformat() if isinstance(v, date) else v

    return {"book": book.layout.key, "title": book.layout.title, "agency": book.agency,
            "agency_name": book.agency_name, "year": book.year,
            "columns": [{"key": c.key, "header": c.header} for c in book.layout.columns],
            "rows": [{k: value(v) for k, v in row.items()} for row in book.rows]}


# -- spreadsheet -----------------------------------------------------------------------------

def to_xlsx(book: Book) -> bytes:
    """The book as a workbook: a title, the agency and year, a header row repeated on every
    printed page, one line per entry; A4 landscape, fitted to the page width."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = book.layout.title[:31]
    width = len(book.layout.columns)
    last = get_column_letter(width)
    font = "Times New Roman"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    append_text_row(ws, [book.layout.title])
    append_text_row(ws, [book.subtitle])
    append_text_row(ws, book.headers)
    for n, (text, size, bold) in enumerate(((book.layout.title, 14, True),
                                            (book.subtitle, 12, False)), start=1):
        ws.merge_cells(f"A{n}:{last}{n}")
        cell = ws.cell(row=n, column=1, value=text)
        as_text([cell])
        cell.font = Font(name=font, size=size, bold=bold, italic=not bold)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 24
    for cell in ws[3]:
        cell.font = Font(name=font, size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = box
        cell.fill = PatternFill("solid", fgColor="EDEDED")
    ws.row_dimensions[3].height = 36
    for row in book.table:
        # Names, units, summaries and signers are typed text: never live formulas.
        cells = append_text_row(ws, ["" if v is None else v for v in row])
        for cell, value in zip(cells, row, strict=True):
            cell.font = Font(name=font, size=11)
            # A real date (sorted and filtered as one), shown the Vietnamese way.
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            cell.alignment = Alignment(vertical="top", wrap_text=True,
                                       horizontal="center" if isinstance(value, int | date)
                                       else "left")
            cell.border = box
    for i, column in enumerate(book.layout.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
