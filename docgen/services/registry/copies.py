"""Copies of issued papers, made by the records office (Decree 30/2020/NĐ-CP, Articles
25-27 and Appendix I, Part II; docs/format-rules.md, "Copies").

A copy is a paper of the registry of the kind ``copy`` (not a kind of ``docgen.kinds``: it
has no input of its own to render from, only the paper it copies), owned by the agency of
the paper it copies, whose ``copy_of`` names that paper and whose input is the request
(:class:`~docgen.model.copy.CopyInput`). It is born approved (the records office makes it
on its own authority) and is then issued like any paper, in the same transaction rules:

- its number comes from the sequence of copies its form draws from (the catalog's
  ``copy_forms.<form>.sequence``): by default one, ``copy``, shared by sao y, sao lục and
  trích sao (Appendix I, Part II: one registration number for every form of copy), and
  its symbol is the form's abbreviation and the agency's
  symbol (``05/SY-VKSHY``, ``06/TrS-VKSHY``);
- its PDF is the copied pages (the original's issued PDF; for a trích sao the chosen parts
  composed again) with the copy block under them (paper, Mẫu 3.1) or the agency's signature
  at the top right of page 1 (electronic, Mẫu 3.2); a copy has no DOCX;
- it is stored by hash, audited, verifiable by its code and by upload, and says which
  paper it copies.

Sao y and trích sao are made from an issued original; a sao lục from an issued original or
from an issued sao y of it (the decree makes a sao lục from a sao y). A revoked paper is not
copied.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from docgen.catalog import Agency, Catalog
from docgen.catalog.loader import CopyFormEntry
from docgen.compose.copy import Part, copy_block, extract, parts, signature_lines
from docgen.errors import ConflictError, FieldError, InputError, NotFoundError
from docgen.model.copy import CopyInput
from docgen.model.validation import validate_input
from docgen.render import copy_pdf
from docgen.service import compose_paper, render_document
from docgen.services.accounts.identity import Actor
from docgen.services.registry import numbering
from docgen.services.registry.codes import new_code, verification
from docgen.services.registry.models import Paper
from docgen.services.registry.signatures import _embedded_cert, _facts, _row
from docgen.signing.signer_rules import certificate_facts
from docgen.vn.dates import short_date
from docgen.vn.numbering import join_symbol, number_ref

if TYPE_CHECKING:
    from docgen.services.registry.papers import Registry

#: The registry's kind of a copy.
COPY_KIND = "copy"


def copy_input(paper: Paper) -> CopyInput:
    """The request a copy was made from."""
    return CopyInput.model_validate(json.loads(paper.input_json))


def copy_form(catalog: Catalog, form: str) -> CopyFormEntry:
    found = catalog.copy_forms.get(form)
    if found is None:
        raise InputError([FieldError(("copy",), f"danh mục chưa có hình thức sao {form!r}; "
                                     "báo quản trị")])
    return found


def _owner(catalog: Catalog, paper: Paper) -> Agency:
    owner = catalog.agency(paper.agency)
    if owner is None:
        raise InputError([FieldError(("copy",), "cơ quan của văn bản không có trong danh "
                                     "mục nên không làm được bản sao có số; báo quản trị")])
    return owner


def original_ref(paper: Paper) -> str:
    """``Quyết định số 15/QĐ-VKSHY ngày 05/01/2026`` (its title: the kind and number)."""
    when = f" ngày {short_date(paper.issued_on)}" if paper.issued_on else ""
    return f"{paper.title}{when}"


def copy_title(form: CopyFormEntry, original: Paper, number: int | None = None,
               symbol: str | None = None) -> str:
    """``Bản sao y số 05/SY-VKSHY của Quyết định số 15/QĐ-VKSHY`` (without its number
    before it is issued)."""
    own = f" số {number_ref(number, symbol)}" if number is not None else ""
    return f"{form.name}{own} của {original.title}"


def check_source(original: Paper, data: CopyInput) -> None:
    """Refuse a copy the decree does not make from ``original``."""
    if original.status != "issued":
        state = "đã bị thu hồi" if original.status == "revoked" else "chưa ban hành"
        raise ConflictError(f"chỉ sao được văn bản đã ban hành, còn hiệu lực: văn bản này "
                            f"{state}")
    if original.kind == COPY_KIND:
        source = copy_input(original).copy_form
        if data.copy_form != "sao-luc" or source != "sao-y":
            raise InputError([FieldError(("copy",), "từ một bản sao chỉ làm được bản sao lục, "
                                         "và chỉ từ bản sao y; sao y, trích sao làm từ văn "
                                         "bản gốc")])


def original_parts(registry: Registry, original: Paper) -> list[Part]:
    """What a trích sao of ``original`` may take."""
    if original.kind == COPY_KIND:
        return []
    return parts(compose_paper(original.kind, json.loads(original.input_json),
                               catalog=registry._catalog()))


def check_electronic(registry: Registry, agency: str) -> None:
    setup = registry.signing
    if setup is None or setup.for_agency(agency) is None:
        raise InputError([FieldError(("electronic",), "cơ quan chưa được cấu hình ký số nên "
                                     "chưa làm được bản sao điện tử; hãy làm bản sao giấy "
                                     "hoặc báo quản trị")])


def new_copy(registry: Registry, s: Session, original: Paper, body: Any, actor: Actor,
             now: Any) -> Paper:
    """A copy of ``original`` (already read and checked for ``actor``), approved, not yet
    numbered; what it asks for is checked now (parts, signing set-up), not at issue."""
    data = validate_input(CopyInput, body)
    catalog = registry._catalog()
    form = copy_form(catalog, data.copy_form)
    check_source(original, data)
    _owner(catalog, original)
    if data.copy_form == "trich-sao":
        _pages(registry, original, data, "")  # unknown parts: refused with the parts there are
    if data.electronic:
        check_electronic(registry, original.agency)
    stored = data.model_dump(mode="json", by_alias=True, exclude_none=True)
    paper = Paper(kind=COPY_KIND, agency=original.agency, status="approved",
                  title=copy_title(form, original), complete=True,
                  input_json=json.dumps(stored, ensure_ascii=False), created_by=actor.login,
                  created_at=now, updated_at=now, copy_of=original.id)
    s.add(paper)
    s.flush()
    return paper


def _pages(registry: Registry, original: Paper, data: CopyInput, title: str) -> bytes:
    """The pages a copy reproduces: the issued PDF of what it copies, or for a trích sao
    the original's chosen parts composed again in its format."""
    if data.copy_form != "trich-sao":
        if not original.pdf_sha256:
            raise NotFoundError("văn bản được sao không có tệp PDF đã lưu")
        return registry.store.get(original.pdf_sha256)
    document = compose_paper(original.kind, json.loads(original.input_json),
                             catalog=registry._catalog())
    # Drawn as any paper (its empty signature fields are dropped with the form).
    return render_document(original.kind, extract(document, list(data.parts), title),
                           "pdf").content


def _source(s: Session, paper: Paper) -> Paper:
    original = s.get(Paper, paper.copy_of) if paper.copy_of is not None else None
    if original is None:
        raise NotFoundError("không còn văn bản được sao trong sổ")
    return original


def copy_pdf_of(registry: Registry, s: Session, paper: Paper, *, number: int | None,
                on: date | None, code: str | None) -> tuple[bytes, str]:
    """(the copy's PDF, its title): with number, date and code when issued; before, with
    their blanks (a preview). An electronic copy is returned unsigned."""
    data = copy_input(paper)
    catalog = registry._catalog()
    form = copy_form(catalog, data.copy_form)
    owner = _owner(catalog, paper)
    original = _source(s, paper)
    symbol = join_symbol(form.abbr, owner.symbol) or form.abbr
    title = copy_title(form, original, number, symbol)
    pages = _pages(registry, original, data, title)
    if data.electronic:
        return copy_pdf.electronic_copy(pages, title), title
    block = copy_block(data, owner, form.heading, number=number, symbol=symbol, on=on,
                       verification=verification(code, registry.public_base_url)
                       if code else None)
    return copy_pdf.paper_copy(pages, block, title), title


def issue_copy(registry: Registry, s: Session, paper: Paper, actor: Actor, *, on: date,
               number: int | None) -> str:
    """Number, date and file of a copy being issued (inside ``Registry.issue``'s
    transaction, the paper locked); returns the audit's detail."""
    if number is not None:
        raise InputError([FieldError(("number",), "bản sao lấy số theo sổ bản sao của cơ "
                                     "quan, không nhận số cấp ở nơi khác")])
    data = copy_input(paper)
    catalog = registry._catalog()
    form = copy_form(catalog, data.copy_form)
    owner = _owner(catalog, paper)
    original = _source(s, paper)
    check_source(original, data)
    if original.issued_on and on < original.issued_on:
        raise InputError([FieldError(("date",), "ngày sao không được trước ngày ban hành văn "
                                     f"bản được sao ({short_date(original.issued_on)})")])
    if data.electronic:
        check_electronic(registry, paper.agency)
    symbol = join_symbol(form.abbr, owner.symbol)
    number = numbering.next_in_sequence(s, paper.agency, on.year, form.sequence)
    code = new_code()
    pdf, title = copy_pdf_of(registry, s, paper, number=number, on=on, code=code)
    if data.electronic:
        heading, agency_name = signature_lines(form.heading, owner)
        pdf = registry.signing.copy_signer(
            paper.agency, field=copy_pdf.COPY_FIELD, heading=heading,
            agency_name=agency_name, reason=f"{form.name} số {number_ref(number, symbol)}")(pdf)
        cert, _ = _embedded_cert(pdf, copy_pdf.COPY_FIELD)
        s.add(_row(paper, _facts(pdf, copy_pdf.COPY_FIELD, registry.signing.trust_roots),
                   certificate_facts(cert), registry.store.put(pdf), actor))
    paper.pdf_sha256 = registry.store.put(pdf)
    paper.docx_sha256 = None
    paper.status, paper.number, paper.symbol = "issued", number, symbol
    paper.year, paper.sequence, paper.issued_on = on.year, form.sequence, on
    paper.verify_code, paper.title = code, title
    return f"số {number_ref(number, symbol)} ngày {short_date(on)}, sao từ {original_ref(original)}"


def copy_view(s: Session, paper: Paper, catalog: Catalog) -> dict[str, Any]:
    """What the registry and the public page say of a copy: its form, paper or electronic,
    the parts it takes, and the paper it copies (title, number, date, code, status)."""
    data = copy_input(paper)
    form = catalog.copy_forms.get(data.copy_form)
    original = s.get(Paper, paper.copy_of) if paper.copy_of is not None else None
    return {
        "copy": data.copy_form, "label": form.name if form else data.copy_form,
        "electronic": data.electronic, "parts": list(data.parts),
        "of": None if original is None else {
            "id": original.id, "title": original.title,
            "number": number_ref(original.number, original.symbol)
            if original.number is not None else None,
            "date": original.issued_on.isoformat() if original.issued_on else None,
            "verify_code": original.verify_code, "status": original.status},
    }
