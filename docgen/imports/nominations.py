"""A unit's nominations for a commendation round from an XLSX list with Vietnamese headers
(docs/office.md, "Commendation rounds"): the template a clerk downloads, and each of its
rows read as the round's nomination body (``docgen.model.round.Nomination`` without votes).

The file is checked and read as the certificate batch reads its list
(``docgen.imports.spreadsheet``: size, zip bomb, row cap, loosely matched headers); only the
columns differ. A row's problem that is the spreadsheet's own (an award name not in the
catalog, a date that is not one) is said here with the row's number; the rest is the
nomination model's to say.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docgen.catalog import Catalog
from docgen.errors import FieldError, InputError, TooLargeError
from docgen.imports.cells import append_text_row
from docgen.imports.spreadsheet import (
    Column,
    Rows,
    field_finder,
    normalise_header,
    read_xlsx,
)
from docgen.vn.dates import parse_day

#: The template's columns, in order: the one home of the nominations' headers (the template
#: writes them, the import reads them, a refused row names its cell by them).
COLUMNS: tuple[Column, ...] = (
    Column("", "STT", 1, 6),
    Column("name", "Họ và tên / Tên tập thể", "Nguyễn Văn Bình", 30),
    Column("collective", "Tập thể (x)", "", 11),
    Column("gender", "Giới tính", "nam", 10),
    Column("position", "Chức vụ", "Kiểm sát viên trung cấp", 26),
    Column("unit", "Đơn vị", "Phòng 1", 30),
    Column("recruited", "Ngày tuyển dụng", "01/09/2012", 16),
    Column("award", "Hình thức khen thưởng", "", 36),
    Column("achievement", "Thành tích", "", 50),
)

#: Normalised header -> column: the template's headers and the spellings clerks' own
#: lists use.
HEADERS: dict[str, str] = {
    **{normalise_header(c.header): c.field for c in COLUMNS if c.field},
    "hovaten": "name", "hoten": "name", "ten": "name", "tentapthe": "name",
    "phai": "gender", "chucdanh": "position", "donvicongtac": "unit",
    "tuyendung": "recruited", "ngayvaonganh": "recruited",
    "hinhthuc": "award", "danhhieu": "award", "khenthuong": "award",
    "tapthe": "collective", "latapthe": "collective", "loai": "kind",
}
field_of = field_finder(HEADERS)
#: Rows below the header the template leaves for the data-validation list of awards.
LISTED_ROWS = 1000


@dataclass(frozen=True)
class RowProblem:
    """A refused row: its number as the clerk sees it, the column, the reason."""

    row: int
    column: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


def header_of(loc: tuple[str | int, ...]) -> str:
    """The template's header of a field of the nomination (``("person", "recruited")`` ->
    ``Ngày tuyển dụng``); the row itself ("") when no column says it."""
    for part in reversed(loc):
        for column in COLUMNS:
            if column.field and column.field == part:
                return column.header
    return ""


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def award_names(catalog: Catalog) -> dict[str, str]:
    """How a clerk may write an award (its name, code, or a short name only one award
    has, any case) -> code. "Bằng khen" alone names two awards: it is not taken."""
    names = {_key(spelling): code for code, award in catalog.awards.items()
             for spelling in (code, award.name)}
    short: dict[str, set[str]] = {}
    for code, award in catalog.awards.items():
        if award.short_name:
            short.setdefault(_key(award.short_name), set()).add(code)
    for key, codes in short.items():
        if len(codes) == 1 and key not in names:
            names[key] = codes.pop()
    return names


def template_xlsx(catalog: Catalog) -> bytes:
    """The nominations' template: the headers, one example row, and the catalog's awards
    as the drop-down list of the award column (typing another name is refused on import)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Đề nghị"
    awards = [a.name for a in catalog.awards.values()]
    lists = wb.create_sheet("Danh mục")
    append_text_row(lists, ["Hình thức khen thưởng"])
    for name in awards:
        append_text_row(lists, [name])
    lists.sheet_state = "hidden"
    example = {"award": next((a.name for a in catalog.awards.values() if a.for_persons), ""),
               "achievement": "Đã hoàn thành xuất sắc nhiệm vụ năm"}
    append_text_row(ws, [c.header for c in COLUMNS])
    append_text_row(ws, [example.get(c.field, c.example) for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    letter = get_column_letter(next(i for i, c in enumerate(COLUMNS, start=1)
                                    if c.field == "award"))
    rule = DataValidation(type="list", formula1=f"'Danh mục'!$A$2:$A${len(awards) + 1}",
                          allow_blank=True, showErrorMessage=True,
                          errorTitle="Hình thức khen thưởng",
                          error="Chọn một hình thức khen thưởng trong danh sách")
    rule.add(f"{letter}2:{letter}{LISTED_ROWS + 1}")
    ws.add_data_validation(rule)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_nominations(data: bytes, filename: str, *, max_rows: int, max_bytes: int) -> Rows:
    """The data rows of an uploaded list (``.xlsx``), keyed by the columns' fields."""
    if len(data) > max_bytes:
        raise TooLargeError(f"tệp lớn hơn giới hạn {max_bytes // (1024 * 1024)} MB")
    return read_xlsx(data, max_rows=max_rows, field_of=field_of)


def nomination_body(record: Mapping[str, object], awards: Mapping[str, str]
                    ) -> dict[str, Any]:
    """A row as the body of a new nomination (the service checks the rest); the
    spreadsheet's own mistakes raise ``FieldError`` lists in an ``InputError``'s words."""
    problems: list[FieldError] = []
    typed_award = str(record.get("award", ""))
    award = awards.get(_key(typed_award))
    if not typed_award:
        problems.append(FieldError(("award",), "chưa ghi hình thức khen thưởng"))
    elif award is None:
        problems.append(FieldError(("award",), f"không có hình thức khen thưởng "
                                   f"“{typed_award}” trong danh mục: chọn trong danh sách "
                                   "của mẫu"))
    body: dict[str, Any] = {"award": award or typed_award}
    if record.get("achievement"):
        body["achievement"] = record["achievement"]
    name = record.get("name", "")
    if record.get("collective") is True:
        body["collective"] = {"name": name}
        if record.get("unit"):
            body["collective"]["unit"] = record["unit"]
    else:
        person: dict[str, Any] = {"name": name}
        for key in ("gender", "position", "unit"):
            if record.get(key):
                value = str(record[key])
                person[key] = value.casefold() if key == "gender" else value
        if record.get("recruited"):
            try:
                person["recruited"] = parse_day(str(record["recruited"])).isoformat()
            except ValueError as exc:
                problems.append(FieldError(("person", "recruited"), str(exc)))
        body["person"] = person
    if problems:
        raise InputError(problems)
    return body
