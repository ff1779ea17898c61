"""Rows of certificate recipients from an XLSX or CSV file, with loosely matched Vietnamese
headers (``Họ và tên``, ``Giới tính``, ``Chức vụ``, ``Đơn vị``, ``Thành tích``, ``Tập thể``).

Files are checked before they are opened: size, that an .xlsx really is a zip of sensible
uncompressed size (a zip bomb is refused before openpyxl inflates it), and the row count is
capped while reading, so a hostile file cannot exhaust memory.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from docgen.errors import DocgenError, TooLargeError
from docgen.imports.cells import append_text_row
from docgen.vn.files import ascii_fold


@dataclass(frozen=True)
class Column:
    """One column of the recipients' list as the clerk sees it: the header written in the
    downloadable template and used to name the column in a batch report."""

    field: str  # field of CertificateRecipient ("" for the row number)
    header: str
    example: object
    width: int  # in the template, in characters


#: The list's columns, in the template's order. The one home of the headers: the import
#: recognises them, the XLSX template writes them, the batch page names rejected cells by them.
COLUMNS: tuple[Column, ...] = (
    Column("", "STT", 1, 6),
    Column("name", "Họ và tên", "Nguyễn Văn Bình", 28),
    Column("gender", "Giới tính", "nam", 10),
    Column("position", "Chức vụ", "Kiểm sát viên cao cấp", 26),
    Column("unit", "Đơn vị", "Viện kiểm sát nhân dân cấp cao 1", 40),
    Column("collective", "Tập thể (x)", "", 12),
    Column("achievement", "Thành tích", "", 50),
)

#: Normalised header -> field of CertificateRecipient: the template's headers plus the
#: other spellings clerks' own lists use.
HEADERS: dict[str, str] = {
    "hoten": "name", "ten": "name", "name": "name", "fullname": "name",
    "tentapthe": "name",
    "gender": "gender", "phai": "gender",
    "position": "position", "chucdanh": "position",
    "donvicongtac": "unit", "unit": "unit", "coquan": "unit",
    "achievement": "achievement",
    "tapthe": "collective", "latapthe": "collective", "collective": "collective",
    "loai": "kind",
}

IGNORED = {"stt", "tt", "sott", "no"}


TRUE_WORDS = {"x", "1", "co", "true", "yes", "tapthe", "dung"}
#: Uncompressed size an .xlsx of this many bytes may reach before it is called a bomb.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 150
#: A title or blank lines may sit above the header: look this far for it.
HEADER_SCAN = 10


class SpreadsheetError(DocgenError):
    """The file cannot be used as a list of recipients (exit 2, HTTP 422)."""

    status_code = 422
    exit_code = 2


@dataclass
class Rows:
    """Data rows keyed by field name, each with its row number as the clerk sees it."""

    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    blank: int = 0  # fully empty rows, skipped
    unknown_headers: list[str] = field(default_factory=list)


def normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(str(text)).casefold())


HEADERS.update({normalise_header(c.header): c.field for c in COLUMNS if c.field})


def header_of(field: str) -> str:
    """The spreadsheet header of a recipient field (``gender`` -> ``Giới tính``); a nested or
    unknown path keeps its first part's header, else stays as it is."""
    head = field.split(".")[0]
    for column in COLUMNS:
        if column.field and column.field == head:
            return column.header
    return field


def template_xlsx() -> bytes:
    """An XLSX with the headers the import understands and one example row (the clerk's
    starting point for a batch)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    append_text_row(ws, [c.header for c in COLUMNS])
    append_text_row(ws, [c.example for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


#: How a header names a field: ``None`` for a column to leave out.
FieldOf = Callable[[str], "str | None"]


def field_finder(headers: Mapping[str, str]) -> FieldOf:
    """The reading of a header by ``headers`` (normalised header -> field): exactly, or by
    the start of its words ("Họ và tên cán bộ", "Đơn vị công tác (ghi rõ)")."""
    def field_of(header: str) -> str | None:
        key = normalise_header(header)
        if key in IGNORED or not key:
            return None
        if key in headers:
            return headers[key]
        for known, name in headers.items():
            if len(known) >= 5 and key.startswith(known):
                return name
        return None
    return field_of


_field_of = field_finder(HEADERS)


def _cell_text(value: object) -> str:
    """A cell as text: a date cell as its ISO day (``2010-03-01``), a number as written."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _as_bool(value: object) -> bool:
    return normalise_header(str(value)) in {normalise_header(w) for w in TRUE_WORDS}


def _records(header: list[object], body: list[tuple[int, list[object]]],
             field_of: FieldOf = _field_of) -> Rows:
    fields = [field_of(str(h)) if h is not None else None for h in header]
    if "name" not in fields:
        raise SpreadsheetError("không tìm thấy cột 'Họ và tên' ở dòng tiêu đề")
    out = Rows(unknown_headers=[str(h) for h, f in zip(header, fields, strict=False)
                                if h not in (None, "") and f is None
                                and normalise_header(str(h)) not in IGNORED])
    for number, values in body:
        record: dict[str, object] = {}
        for f, v in zip(fields, values, strict=False):
            if f is None or v is None or str(v).strip() == "":
                continue
            if f == "collective":
                record[f] = _as_bool(v)
            elif f == "kind":
                record["collective"] = normalise_header(str(v)).startswith("tapthe")
            else:
                record[f] = _cell_text(v)
        if not record:
            out.blank += 1
            continue
        out.rows.append((number, record))
    return out


def _is_header(values: Iterable[object], field_of: FieldOf = _field_of) -> bool:
    return any(v is not None and field_of(str(v)) == "name" for v in values)


def _collect(numbered: Iterable[tuple[int, Iterable[object]]], max_rows: int,
             what: str, field_of: FieldOf = _field_of) -> Rows:
    """Find the header (the first of the top rows that names a 'Họ và tên' column), then
    read the data rows below it, refusing more than ``max_rows``."""
    header: list[object] | None = None
    body: list[tuple[int, list[object]]] = []
    seen = 0
    for number, values in numbered:
        values = list(values)
        if header is None:
            if _is_header(values, field_of):
                header = values
            elif any(v not in (None, "") for v in values):
                seen += 1
                if seen >= HEADER_SCAN:
                    break
            continue
        if len(body) >= max_rows:
            raise TooLargeError(f"{what} có hơn {max_rows} dòng (giới hạn)")
        body.append((number, values))
    if header is None:
        raise SpreadsheetError(f"không tìm thấy cột 'Họ và tên' ở dòng tiêu đề của {what}")
    return _records(header, body, field_of)


def _check_xlsx(data: bytes) -> None:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SpreadsheetError("tệp không phải bảng tính Excel (.xlsx)")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        total = sum(i.file_size for i in z.infolist())
        if total > MAX_UNCOMPRESSED or total > MAX_RATIO * max(len(data), 1):
            raise SpreadsheetError("tệp Excel bị từ chối: dữ liệu giải nén quá lớn "
                                   "(nghi là tệp nén độc hại)")
        if "xl/workbook.xml" not in z.namelist():
            raise SpreadsheetError("tệp không phải bảng tính Excel (.xlsx)")


def read_xlsx(data: bytes, *, max_rows: int, field_of: FieldOf = _field_of) -> Rows:
    from openpyxl import load_workbook

    _check_xlsx(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise SpreadsheetError(f"không đọc được bảng tính: {exc}") from None
    try:
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        return _collect(enumerate(it, start=1), max_rows, "bảng tính", field_of)
    finally:
        wb.close()


def read_csv(data: bytes, *, max_rows: int) -> Rows:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError("tệp CSV phải được lưu với bảng mã UTF-8") from None
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    return _collect(enumerate(_csv_records(reader), start=1), max_rows, "tệp CSV")


def _csv_records(reader: Any) -> Iterator[list[str]]:
    """The reader's records; a malformed one (a cell past the csv module's 131,072-character
    field limit, a stray quote in strict dialects) is refused with its line number."""
    try:
        yield from reader
    except csv.Error as exc:
        reason = ("một ô dài quá giới hạn" if "field larger" in str(exc) else str(exc))
        raise SpreadsheetError(f"tệp CSV không đọc được ở dòng {reader.line_num}: "
                               f"{reason}") from None


def read_rows(data: bytes, filename: str, *, max_rows: int, max_bytes: int) -> Rows:
    """Recipients of a spreadsheet (``.xlsx``) or ``.csv`` file."""
    if len(data) > max_bytes:
        raise TooLargeError(f"tệp lớn hơn giới hạn {max_bytes // (1024 * 1024)} MB")
    name = filename.lower()
    if name.endswith(".csv"):
        return read_csv(data, max_rows=max_rows)
    if name.endswith((".xlsx", ".xlsm")):
        return read_xlsx(data, max_rows=max_rows)
    raise SpreadsheetError("chỉ nhận tệp .xlsx hoặc .csv")
