"""The neutral document: plain data that both renderers (DOCX and PDF) place as it is.

A Document holds only final strings plus *roles* (``body``, ``basis``, ``formula`` …).
How a role looks (size, bold, alignment, indent) is stated once in
:mod:`docgen.style`, which the DOCX template builder and the PDF stylesheet read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: Paragraph roles. Each has one entry in ``docgen.style.PARAGRAPH_STYLES``.
Role = Literal[
    "body",  # justified, first-line indent, 6 pt after
    "list_item",  # a "- " or "1. " item of the body; same look as body
    "basis",  # legal basis line: italic, justified, first-line indent
    "authority",  # decision's authority line: bold, centred, upper case
    "formula",  # "QUYẾT ĐỊNH:": bold, centred
    "center",  # centred regular line (pledge theme)
    "center_bold",
    "center_italic",
    "section",  # a heading of the body, level 1: ``I. MỤC ĐÍCH, YÊU CẦU``
    "subsection",  # a heading of the body, level 2: ``1. Đổi mới nội dung …``
]


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text with inline emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the body: runs with a role."""

    runs: tuple[Run, ...]
    role: Role = "body"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @classmethod
    def plain(cls, text: str, role: Role = "body", *, bold: bool = False,
              italic: bool = False) -> Paragraph:
        return cls((Run(text, bold=bold, italic=italic),), role)


@dataclass(frozen=True, slots=True)
class Header:
    """The two-column header of Decree 30 (elements 1-4)."""

    parent_lines: tuple[str, ...]  # upper case, regular (may be empty)
    agency_lines: tuple[str, ...]  # upper case, bold, rule below
    national_name: str  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str  # "Độc lập - Tự do - Hạnh phúc"
    number_line: str | None  # "Số: 02/CT-VKSTC"; None when the paper has no number
    place_date_line: str  # "Hà Nội, ngày 05 tháng 01 năm 2025"
    #: The place-and-date line is wider than the column under the motto, so its cell
    #: widens to the left (``Thành phố Hồ Chí Minh, ngày 28 tháng 12 năm 2025``).
    place_date_wide: bool = False


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """One signer: titles, room for signature and seal, the name.

    ``field_name`` names the empty PDF signature field placed over the room.
    """

    title_lines: tuple[str, ...]  # ("KT. VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG"), upper case
    name: str  # normal case
    field_name: str = "signer"
    unit_lines: tuple[str, ...] = ()  # pledge member: unit name, bold capitals
    role_line: str | None = None  # pledge member: "KHỐI TRƯỞNG"


@dataclass(frozen=True, slots=True)
class Recipients:
    """``Nơi nhận:`` and its items, punctuation already applied."""

    heading: str  # "Nơi nhận:"
    items: tuple[str, ...]  # ("- Như Điều 3;", ..., "- Lưu: VT, VP.")
    drafter_line: str | None = None  # "PL.(30)"


@dataclass(frozen=True, slots=True)
class SignatureGrid:
    """Pledge signatures: a heading then rows of 1-2 blocks (a lone last block is centred)."""

    heading: str  # "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC"
    rows: tuple[tuple[SignatureBlock, ...], ...]
    witness_heading: str | None = None  # "CHỨNG KIẾN"
    witness: SignatureBlock | None = None


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: header text, relative width, alignment of its cells."""

    header: str
    weight: float
    align: Literal["left", "center", "right"] = "left"


@dataclass(frozen=True, slots=True)
class TableSection:
    """One titled section of an appendix list (``I. TẬP THỂ (05)``) with its table."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Appendix:
    """An appendix in the same file, starting on a new page."""

    heading_lines: tuple[str, ...]  # ("DANH SÁCH", "CÁ NHÂN ĐƯỢC ...") bold, centred
    reference_line: str  # "(Kèm theo Quyết định số ... )" italic, centred
    sections: tuple[TableSection, ...]


@dataclass(frozen=True, slots=True)
class Verification:
    """Where anyone can check the paper: a short code and its public page (QR code)."""

    code: str
    url: str

    @property
    def line(self) -> str:
        return f"Mã xác minh: {self.code} - tra cứu tại {self.url}"


@dataclass(frozen=True, slots=True)
class Document:
    """A composed official paper, ready to be placed by a renderer."""

    kind: str  # "directive" | "pledge" | "award-decision"
    title: str  # metadata title: "Quyết định số 15/QĐ-VKSHY"
    file_stem: str  # ASCII slug for file names: "quyet-dinh-15-qd-vkshy"
    header: Header
    type_name: str  # "CHỈ THỊ", "QUYẾT ĐỊNH", "GIAO ƯỚC THI ĐUA"
    summary: tuple[str, ...]  # bold centred lines under the type name; a rule below the last
    body: tuple[Paragraph, ...]
    draft_mark: str | None = None  # "DỰ THẢO" on drafts
    recipients: Recipients | None = None
    signature: SignatureBlock | None = None
    signature_grid: SignatureGrid | None = None
    appendix: Appendix | None = None
    #: Set by the registry when the paper is issued.
    verification: Verification | None = None
    #: Facts worth telling the caller (base salary used, coefficient …); not printed.
    meta: dict[str, str] = field(default_factory=dict)
    #: The issuing agency as it reads in a sentence: the file's author property.
    agency: str = ""

    @property
    def subject(self) -> str:
        """The file's subject property: the summary on one line."""
        return " ".join(self.summary)

    @property
    def signature_fields(self) -> tuple[str, ...]:
        """Names of every signature field, in reading order."""
        if self.signature_grid is not None:
            names = [b.field_name for row in self.signature_grid.rows for b in row]
            if self.signature_grid.witness is not None:
                names.append(self.signature_grid.witness.field_name)
            return tuple(names)
        return (self.signature.field_name,) if self.signature else ()

    def signer_of(self, field_name: str) -> str | None:
        """The name printed under the signature field ``field_name`` (None: no such field):
        who alone may sign there."""
        blocks = [self.signature] if self.signature else []
        if self.signature_grid is not None:
            blocks += [b for row in self.signature_grid.rows for b in row]
            if self.signature_grid.witness is not None:
                blocks.append(self.signature_grid.witness)
        return next((b.name for b in blocks if b and b.field_name == field_name), None)
