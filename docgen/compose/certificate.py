"""Certificates (Bằng khen, Giấy khen, certificate of a title): docs/format-rules.md, "The kinds of paper".

A batch is composed into one ``CertificateFace`` (what every certificate of the batch
shares: authority, heading, decision reference, place and date, signer) and one
``CertificateEntry`` per recipient (``Ông``/``Bà`` + name or the collective, position and
unit, achievement, register number). Renderers draw the face's design once and only the
entries per page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.catalog import Award, Catalog
from docgen.compose import common
from docgen.compose.document import Verification
from docgen.model.certificate import CertificateInput, CertificateMeta, CertificateRecipient
from docgen.vn.dates import date_words, place_date_line
from docgen.vn.files import slugify
from docgen.vn.numbering import join_symbol, number_ref
from docgen.vn.text import capitalize_first, upper

NATIONAL_NAME = "Cộng hòa xã hội chủ nghĩa Việt Nam"
VERB = "TẶNG"
REGISTER_LABEL = "Số sổ vàng"


@dataclass(frozen=True, slots=True)
class CertificateFace:
    """Everything the certificates of one batch share."""

    paper: str  # "A4" | "A3"
    design: str  # "full" | "blank"
    national_name: str
    motto: str
    authority: str  # red, upper case
    verb: str  # "TẶNG"
    heading_lines: tuple[str, ...]  # red: ("BẰNG KHEN",) or ("DANH HIỆU", "CHIẾN SĨ ...")
    decision_line: str  # "Quyết định số 125/QĐ-VKSTC ngày 20 tháng 01 năm 2026"
    place_date_line: str
    signer_title_lines: tuple[str, ...]
    signer_name: str
    agency_code: str | None = None  # for per-agency blank offsets
    agency: str = ""  # the issuing agency in a sentence: the file's author
    award_name: str = ""  # "Bằng khen của Viện trưởng …": the file's subject
    decision_ref: str = ""  # "125/QĐ-VKSTC": the decision's number and symbol (registers)
    #: Where the text moves (mm, right and down) when printed over an agency's pre-printed
    #: blanks: the catalog's ``certificate_offset_mm`` of the agency; none for full design.
    offset_mm: tuple[float, float] = (0.0, 0.0)

    @property
    def record_title(self) -> str:
        """How the registry and the verification page name a certificate of this batch."""
        return f"{capitalize_first(' '.join(self.heading_lines).lower())} - {self.decision_line}"


@dataclass(frozen=True, slots=True)
class CertificateEntry:
    """What one certificate says of its recipient."""

    position: int  # 1-based, input order
    recipient_line: str  # "Ông Nguyễn Văn Bình" or the collective's name
    detail_lines: tuple[str, ...]  # position, unit
    achievement: str
    register_line: str | None  # "Số sổ vàng: 1201"
    file_stem: str  # "0001-nguyen-van-binh"
    collective: bool = False
    verification: Verification | None = None
    register_number: int | None = None


@dataclass(frozen=True)
class CertificateBatch:
    """A composed batch: the face and one entry per recipient."""

    title: str
    file_stem: str
    face: CertificateFace
    entries: tuple[CertificateEntry, ...]
    kind: str = "certificate"
    meta: dict[str, str] = field(default_factory=dict)


def heading_lines(award: Award) -> tuple[str, ...]:
    """``BẰNG KHEN`` for a form; ``DANH HIỆU`` + the title for an emulation title."""
    if award.category == "title":
        return ("DANH HIỆU", upper(award.name))
    return (upper(award.short_name or award.name),)


def compose_face(meta: CertificateMeta, catalog: Catalog, agency_code: str | None = None
                 ) -> CertificateFace:
    award = catalog.award(meta.award)
    symbol = meta.decision.symbol or join_symbol(
        catalog.paper_types["award-decision"].abbr, meta.issuer.symbol)
    number = number_ref(meta.decision.number, symbol)
    decider = f"{common.decider_title(meta.signer)} {common.one_line(meta.issuer.name)}"
    on = meta.date or meta.decision.date
    return CertificateFace(
        paper=meta.paper,
        design=meta.design,
        national_name=NATIONAL_NAME,
        motto=common.MOTTO,
        authority=upper(decider),
        verb=VERB,
        heading_lines=heading_lines(award),
        decision_line=f"Quyết định số {number} {date_words(meta.decision.date)}",
        place_date_line=place_date_line(meta.issuer.place, on),
        signer_title_lines=common.signer_title_lines(meta.signer),
        signer_name=meta.signer.name,
        agency_code=agency_code,
        agency=common.one_line(meta.issuer.name),
        award_name=award.name,
        decision_ref=number,
        offset_mm=blank_offset(meta.design, agency_code, catalog),
    )


def blank_offset(design: str, agency_code: str | None, catalog: Catalog
                 ) -> tuple[float, float]:
    """The agency's offset of the overprint mode, from the catalog's agencies
    (``certificate_offset_mm: [dx, dy]``): each office's pre-printed blanks sit differently."""
    agency = catalog.agency(agency_code) if design != "full" and agency_code else None
    if agency is None or agency.certificate_offset_mm is None:
        return (0.0, 0.0)
    dx, dy = agency.certificate_offset_mm
    return (dx, dy)


def compose_entry(recipient: CertificateRecipient, position: int, meta: CertificateMeta,
                  register_number: int | None,
                  verification: Verification | None = None) -> CertificateEntry:
    if recipient.collective:
        line = recipient.name
        details = tuple(x for x in (recipient.position, recipient.unit) if x)
    else:
        line = f"{'Ông' if recipient.gender == 'nam' else 'Bà'} {recipient.name}"
        details = tuple(x for x in (recipient.position, recipient.unit) if x)
    achievement = capitalize_first((recipient.achievement or meta.achievement).strip())
    return CertificateEntry(
        position=position,
        recipient_line=line,
        detail_lines=details,
        achievement=achievement,
        register_line=(f"{REGISTER_LABEL}: {register_number}"
                       if register_number is not None else None),
        file_stem=f"{position:04d}-{slugify(recipient.name, max_len=80)}",
        collective=recipient.collective,
        verification=verification,
        register_number=register_number,
    )


def compose(data: CertificateInput, catalog: Catalog) -> CertificateBatch:
    """All certificates of an input, register numbers counted from ``register_start``."""
    agency = catalog.agency_by_symbol(data.issuer.symbol)
    face = compose_face(data, catalog, agency.code if agency else None)
    entries = tuple(
        compose_entry(r, i, data,
                      data.register_start + i - 1 if data.register_start is not None else None)
        for i, r in enumerate(data.recipients, start=1))
    award = catalog.award(data.award)
    title = f"{award.short_name or award.name} - {face.decision_line}"
    first = entries[0].file_stem.split("-", 1)[1] if len(entries) == 1 else f"{len(entries)}"
    return CertificateBatch(
        title=title,
        file_stem=slugify(f"{award.short_name or award.name} {first}"),
        face=face,
        entries=entries,
        meta={"award": award.code, "count": str(len(entries))},
    )
