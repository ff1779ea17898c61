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
    "chapter",  # a text's part or chapter, centred bold: ``Chương I`` (Decree 30, II.6.đ)
    "chapter_title",  # its title under it, centred bold capitals: ``QUY ĐỊNH CHUNG``
    "section",  # a heading of the body, level 1: ``I. MỤC ĐÍCH, YÊU CẦU``
    "subsection",  # a heading of the body, level 2: ``1. Đổi mới nội dung …``
    "point",  # a heading of the body, level 3: ``a) Mục đích``
    "addressee",  # ``Kính gửi:`` and its lines (Decree 30, element 9a)
    "addressee_item",  # one ``- …;`` line under ``Kính gửi:``, its dash under the colon
    "end_mark",  # ``./.`` alone after a body that ends with a table
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
class Cell:
    """One cell of a body table: runs with inline emphasis."""

    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class Table:
    """A table of the body: its header rows repeat at the top of every page it spans
    (DOCX ``w:tblHeader``, PDF ``<thead>``). Column weights are relative widths."""

    columns: tuple[Column, ...]
    header_rows: tuple[tuple[Cell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: Blocks of a body are told apart by their role, as paragraphs are.
    role: Literal["table"] = "table"

    @classmethod
    def of_text(cls, columns: tuple[Column, ...], rows: tuple[tuple[str, ...], ...]) -> Table:
        """A table of plain text whose one header row is its columns' headers."""
        return cls(columns, (tuple(Cell((Run(c.header),)) for c in columns),),
                   tuple(tuple(Cell((Run(text),)) for text in row) for row in rows))

    @property
    def text(self) -> str:
        """The cells' text, one row a line (what a search or a test reads)."""
        return "\n".join(" | ".join(c.text for c in row)
                         for row in (*self.header_rows, *self.rows))


#: A block of a body: a paragraph or a table.
Block = Paragraph | Table


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
    #: A công văn's summary under its number (``V/v …``), broken to the number's column.
    about_lines: tuple[str, ...] = ()


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
    """Signatures side by side: a heading then rows of 1-2 blocks (a lone last block is
    centred). A pledge's members; the secretary and the chair of minutes (no heading)."""

    heading: str  # "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC"; "" for none (minutes: THƯ KÝ | CHỦ TỌA)
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
class TableRow:
    """A row of a wide table: its texts, the same as numbers where a cell is a figure (for
    a spreadsheet), and whether it is a bold row (a section, the total)."""

    cells: tuple[str, ...]
    numbers: tuple[float | None, ...] = ()
    bold: bool = False


@dataclass(frozen=True, slots=True)
class WideTable:
    """A table of the body across the text block, its header row repeated on every page
    (a cluster's scores), with notes under it. Column weights are millimetres."""

    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    notes: tuple[Paragraph, ...] = ()


@dataclass(frozen=True, slots=True)
class Appendix:
    """A part in the same file after the signature, starting on a new page: a list
    attached to a decision (titled sections of tables), a phụ lục (Decree 30, Mẫu 2.1:
    ``Phụ lục I``, its title, then a body), or the text a decision issues (Mẫu 1.3: the
    agency | national name header, the text's type name and summary, then its body)."""

    heading_lines: tuple[str, ...]  # ("DANH SÁCH", "CÁ NHÂN ĐƯỢC ...") bold, centred
    reference_line: str  # "(Kèm theo Quyết định số ... )" italic, centred
    sections: tuple[TableSection, ...] = ()
    #: Paragraphs and tables under the reference line (a phụ lục's or an issued text's).
    body: tuple[Block, ...] = ()
    #: The first row of the paper's header (agency | national name and motto), without
    #: number and date: the text a decision issues (Decree 30, Appendix III, Mẫu 1.3).
    header: Header | None = None


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
    body: tuple[Block, ...]
    draft_mark: str | None = None  # "DỰ THẢO" on drafts
    #: Beside the signature; with a signature grid, under it (minutes: Decree 30, Mẫu 1.9).
    recipients: Recipients | None = None
    signature: SignatureBlock | None = None
    #: A second signer on the left, above the recipients (a biên bản's THƯ KÝ).
    left_signature: SignatureBlock | None = None
    signature_grid: SignatureGrid | None = None
    #: The parts after the signature, each on a new page, in order.
    appendices: tuple[Appendix, ...] = ()
    #: Set by the registry when the paper is issued.
    verification: Verification | None = None
    #: Facts worth telling the caller (base salary used, coefficient …); not printed.
    meta: dict[str, str] = field(default_factory=dict)
    #: The issuing agency as it reads in a sentence: the file's author property.
    agency: str = ""
    #: A table after the body (before the closing), and the page it needs.
    table: WideTable | None = None
    orientation: Literal["portrait", "landscape"] = "portrait"

    @property
    def appendix(self) -> Appendix | None:
        """The first part after the signature (a decision's list), if any."""
        return self.appendices[0] if self.appendices else None

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
        blocks = (self.left_signature, self.signature)
        return tuple(b.field_name for b in blocks if b is not None)

    def signer_of(self, field_name: str) -> str | None:
        """The name printed under the signature field ``field_name`` (None: no such field):
        who alone may sign there."""
        blocks = [b for b in (self.left_signature, self.signature) if b is not None]
        if self.signature_grid is not None:
            blocks += [b for row in self.signature_grid.rows for b in row]
            if self.signature_grid.witness is not None:
                blocks.append(self.signature_grid.witness)
        return next((b.name for b in blocks if b and b.field_name == field_name), None)
