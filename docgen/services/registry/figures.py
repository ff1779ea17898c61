"""The year's figures (số liệu thi đua, khen thưởng của năm): how many individuals and
collectives each award was given to, by unit, counted from the award decisions the
registry issued in the year (not revoked), as JSON and as a workbook. It is the basis of
the annual statistics an office sends up (Circular 02/2023/TT-BNV, forms 0602 and 0603;
docs/office.md, "The year's figures", says what the forms ask and what is counted here).

Who may read it: the permission ``figures.read`` (leaders, the records office and
administrators), for their own agency; an actor who sees every agency (an administrator,
the command line) reads any agency's, and with it the agencies below it (the catalog's
``above``), each agency's units under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from docgen.catalog import Catalog
from docgen.catalog.loader import Award
from docgen.compose.common import one_line
from docgen.errors import FieldError, ForbiddenError, InputError, NotFoundError
from docgen.render.xlsx import HeaderCell, Table, tables_workbook
from docgen.services.accounts.identity import Actor, check_agency
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.awarded import Awarded, awarded
from docgen.vn.text import name_key

#: Levels in the order the tables show them, with their headers (None: not set in the
#: catalog).
LEVELS: tuple[tuple[str | None, str], ...] = (
    ("state", "Khen thưởng cấp Nhà nước (biểu 0602)"),
    ("ministry", "Khen thưởng cấp Bộ, ngành - Viện kiểm sát nhân dân tối cao (biểu 0603)"),
    ("agency", "Khen thưởng của cơ quan, đơn vị"),
    (None, "Hình thức chưa xếp cấp trong danh mục"),
)
#: The unit of a person whose decision names none.
NO_UNIT = "(Không ghi đơn vị)"
PERSONS, COLLECTIVES = "Cá nhân", "Tập thể"
#: Widths (characters) of the workbook's columns.
NUMBER_WIDTH, UNIT_WIDTH = 9.0, 40.0


@dataclass
class Count:
    """Individuals and collectives given one award (or all of them)."""

    individuals: int = 0
    collectives: int = 0

    def add(self, other: Count) -> None:
        self.individuals += other.individuals
        self.collectives += other.collectives

    def as_json(self) -> dict[str, int]:
        return {"individuals": self.individuals, "collectives": self.collectives}


@dataclass
class UnitFigures:
    """The counts of one unit of one agency, by award code."""

    agency: str
    unit: str
    counts: dict[str, Count] = field(default_factory=dict)

    def of(self, award: str) -> Count:
        return self.counts.get(award, Count())

    @property
    def total(self) -> Count:
        out = Count()
        for c in self.counts.values():
            out.add(c)
        return out


@dataclass(frozen=True)
class Figures:
    """The year's figures of an agency (and those below it that the reader sees)."""

    year: int
    agency: str
    agencies: tuple[tuple[str, str], ...]  # (code, name), the asked agency first
    awards: tuple[Award, ...]  # the catalog's, by level
    units: tuple[UnitFigures, ...]  # by agency, then in the order they first appear
    decisions: int

    @property
    def agency_name(self) -> str:
        return self.agencies[0][1]

    def total(self, award: str | None = None, agency: str | None = None) -> Count:
        out = Count()
        for u in self.units:
            if agency is None or u.agency == agency:
                out.add(u.total if award is None else u.of(award))
        return out

    @property
    def file_name(self) -> str:
        return f"so-lieu-thi-dua-khen-thuong-{self.agency}-{self.year}.xlsx"

    @property
    def title(self) -> str:
        return f"Số liệu thi đua, khen thưởng năm {self.year}"


def _by_level(catalog: Catalog) -> tuple[Award, ...]:
    order = {level: i for i, (level, _) in enumerate(LEVELS)}
    return tuple(sorted(catalog.awards.values(), key=lambda a: order[a.level]))


def agencies_below(catalog: Catalog, agency: str) -> list[str]:
    """The agencies whose chain of ``above`` reaches ``agency``, in the catalog's order."""
    return [a.code for a in catalog.agencies if agency in catalog.agencies_above(a.code)]


def count(entries: list[Awarded], agencies: list[tuple[str, str]], year: int, agency: str,
          catalog: Catalog) -> Figures:
    """The figures of ``entries`` (those of one year's decisions)."""
    units: dict[tuple[str, str], UnitFigures] = {}
    for e in entries:
        # A person counts in their unit; a collective in the unit it belongs to, or as a
        # unit of its own.
        shown = e.unit or (e.name if e.collective else NO_UNIT)
        key = (e.agency, name_key(shown))
        unit = units.setdefault(key, UnitFigures(e.agency, shown))
        c = unit.counts.setdefault(e.award, Count())
        if e.collective:
            c.collectives += 1
        else:
            c.individuals += 1
    order = {code: i for i, (code, _) in enumerate(agencies)}
    ordered = sorted(units.values(), key=lambda u: order.get(u.agency, len(order)))
    return Figures(year, agency, tuple(agencies), _by_level(catalog), tuple(ordered),
                   len({e.paper_id for e in entries}))


def year_figures(sessions: sessionmaker[Session], actor: Actor, year: int,
                 agency: str | None, catalog: Catalog) -> Figures:
    """The figures of ``year`` as ``actor`` may read them: 403 without ``figures.read``;
    another agency's is "not found" unless the actor sees every agency."""
    if not actor.can(Perm.FIGURES_READ):
        raise ForbiddenError("vai trò của bạn không xem được số liệu thi đua, khen thưởng")
    agency = agency or actor.agency
    if not agency:
        raise InputError([FieldError(("agency",), "chọn cơ quan")])
    check_agency(actor, agency, what="không có số liệu của cơ quan này")
    found = catalog.agency(agency)
    if found is None:
        raise NotFoundError(f"danh mục không có cơ quan '{agency}'")
    codes = [agency, *(a for a in agencies_below(catalog, agency) if actor.sees(a))]
    names = []
    for code in codes:
        a = catalog.agency(code)
        names.append((code, one_line(a.name) if a is not None else code))
    entries = awarded(sessions, codes, issued_from=date(year, 1, 1),
                      issued_to=date(year, 12, 31))
    return count(entries, names, year, agency, catalog)


# -- answers -----------------------------------------------------------------------------


def figures_json(f: Figures) -> dict[str, Any]:
    """The figures as the API gives them: every award of the catalog, each unit's counts
    of the awards it received, the totals."""
    return {
        "year": f.year, "agency": f.agency, "agency_name": f.agency_name,
        "agencies": [{"code": c, "name": n} for c, n in f.agencies],
        "decisions": f.decisions,
        "awards": [{"code": a.code, "name": a.name, "level": a.level,
                    "for_persons": a.for_persons, "for_collectives": a.for_collectives}
                   for a in f.awards],
        "units": [{"agency": u.agency, "unit": u.unit,
                   "counts": {code: c.as_json() for code, c in u.counts.items()},
                   "total": u.total.as_json()} for u in f.units],
        "totals": {"awards": {a.code: f.total(a.code).as_json() for a in f.awards},
                   "all": f.total().as_json()},
    }


def _columns(f: Figures) -> list[tuple[Award, bool]]:
    """(award, collective?) for each count column: collectives before individuals, as
    form 0602 orders them; only the objects the award is for."""
    out: list[tuple[Award, bool]] = []
    for a in f.awards:
        if a.for_collectives:
            out.append((a, True))
        if a.for_persons:
            out.append((a, False))
    return out


def _levels_header(f: Figures, columns: list[tuple[Award, bool]]
                   ) -> tuple[list[HeaderCell], list[HeaderCell], list[HeaderCell]]:
    """Three header rows over the count columns: level, award, Tập thể / Cá nhân."""
    top: list[HeaderCell] = []
    middle: list[HeaderCell] = []
    bottom: list[HeaderCell] = []
    for level, label in LEVELS:
        width = sum(1 for a, _ in columns if a.level == level)
        if width:
            top.append(HeaderCell(label, span=width))
    for a in f.awards:
        width = sum(1 for b, _ in columns if b.code == a.code)
        middle.append(HeaderCell(a.name, span=width))
    bottom.extend(HeaderCell(COLLECTIVES if coll else PERSONS) for _, coll in columns)
    return top, middle, bottom


def _cells(c: Count, columns: list[tuple[Award, bool]], of: Any) -> list[str | int | None]:
    row: list[str | int | None] = [c.collectives, c.individuals]
    for a, coll in columns:
        n = of(a.code)
        row.append(n.collectives if coll else n.individuals)
    return row


def _title(f: Figures) -> tuple[str, ...]:
    below = " và các đơn vị trực thuộc" if len(f.agencies) > 1 else ""
    return (f"SỐ LIỆU THI ĐUA, KHEN THƯỞNG NĂM {f.year}", f"{f.agency_name}{below}",
            f"(Tổng hợp từ {f.decisions} quyết định khen thưởng đã ban hành trong năm "
            f"{f.year}, không tính quyết định đã thu hồi)")


def _by_unit(f: Figures, columns: list[tuple[Award, bool]]) -> Table:
    top, middle, bottom = _levels_header(f, columns)
    header = (
        (HeaderCell("STT", down=3), HeaderCell("Đơn vị", down=3),
         HeaderCell("Tổng số", span=2, down=2), *top),
        tuple(middle),
        (HeaderCell(COLLECTIVES), HeaderCell(PERSONS), *bottom),
    )
    rows: list[tuple[str | int | None, ...]] = []
    bold: set[int] = set()
    several = len(f.agencies) > 1
    n = 0
    for code, name in f.agencies:
        units = [u for u in f.units if u.agency == code]
        if several:
            bold.add(len(rows))
            rows.append(("", name, *_cells(f.total(agency=code), columns,
                                            lambda a, c=code: f.total(a, c))))
        for u in units:
            n += 1
            rows.append((n, u.unit, *_cells(u.total, columns, u.of)))
    bold.add(len(rows))
    rows.append(("", "Tổng số", *_cells(f.total(), columns, f.total)))
    return Table("Theo đơn vị", _title(f), header, tuple(rows), frozenset(bold),
                 (6.0, UNIT_WIDTH, *([NUMBER_WIDTH] * (2 + len(columns)))),
                 ("Mỗi cá nhân, tập thể có tên trong một quyết định khen thưởng được tính "
                  "một lượt; cá nhân tính theo đơn vị ghi trong quyết định, tập thể theo đơn "
                  "vị trực thuộc (nếu có) hoặc chính tập thể đó.",))


def _by_form(f: Figures, columns: list[tuple[Award, bool]]) -> Table:
    """The rows of forms 0602 and 0603 the registry can fill: the total, collectives,
    individuals; one column per award (and per object, as form 0602 splits them)."""
    top, middle, bottom = _levels_header(f, columns)
    header = (
        (HeaderCell("Chỉ tiêu", down=3), HeaderCell("Mã số", down=3),
         HeaderCell("Đơn vị tính", down=3), HeaderCell("Tổng số", down=3), *top),
        tuple(middle), tuple(bottom),
    )
    total = f.total()

    def line(label: str, code: str, unit: str, which: str | None
             ) -> tuple[str | int | None, ...]:
        values: list[str | int | None] = []
        for a, coll in columns:
            n = f.total(a.code)
            keep = which is None or (which == COLLECTIVES) == coll
            values.append((n.collectives if coll else n.individuals) if keep else None)
        whole = total.collectives + total.individuals if which is None else (
            total.collectives if which == COLLECTIVES else total.individuals)
        return (label, code, unit, whole, *values)

    rows = (line("Tổng số", "01", "Lượt", None),
            line("- Tập thể", "02", "Tập thể", COLLECTIVES),
            line("- Cá nhân", "05", "Người", PERSONS))
    return Table("Theo biểu 0602, 0603", _title(f), header, rows, frozenset({0}),
                 (24.0, 7.0, 9.0, NUMBER_WIDTH, *([NUMBER_WIDTH] * len(columns))),
                 ("Mã số theo biểu 0603.N/BNV-TĐKT (Thông tư số 02/2023/TT-BNV); các dòng "
                  "chia theo chức vụ, theo phương thức khen thưởng, hộ gia đình, doanh nghiệp "
                  "không suy ra được từ quyết định trong sổ nên để trống.",),
                 text_columns=frozenset({1}))


def to_xlsx(f: Figures) -> bytes:
    """The figures as a workbook: by unit, and in the rows of the statistics forms."""
    columns = _columns(f)
    return tables_workbook([_by_unit(f, columns), _by_form(f, columns)], title=f.title,
                           creator=f.agency_name)
