"""Achievement report (Báo cáo thành tích) of a nominee, in the shape of the commendation
decree's forms (docs/format-rules.md, "The commendation round").

Header: the national name and motto with the place and date (no number: a report is not
an administrative paper of the agency); for a collective, its unit and the superior on the
left. ``BÁO CÁO THÀNH TÍCH``, what it proposes; ``I.`` the person's brief CV or the
collective's features, ``II.`` achievements (the duties, then the nominee's own text),
``III.`` the titles and the awards received, two tables with their decisions; signatures
side by side: the certifying head on the left, the person reporting (or the collective's
head) on the right.
"""

from __future__ import annotations

from collections.abc import Sequence

from docgen import style
from docgen.catalog import Catalog
from docgen.compose import common
from docgen.compose import lines as ln
from docgen.compose.award_decision import award_phrase
from docgen.compose.document import (
    Block,
    Column,
    Document,
    Paragraph,
    Run,
    SignatureBlock,
    SignatureGrid,
    Table,
)
from docgen.compose.markup import parse
from docgen.model.achievement_report import AchievementReportInput, ReportPerson
from docgen.model.common import Issuer, Signer
from docgen.vn.dates import short_date
from docgen.vn.files import slugify
from docgen.vn.text import capitalize_first

TYPE_NAME = "BÁO CÁO THÀNH TÍCH"
PERSON_LEFT = "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ"
PERSON_RIGHT = "NGƯỜI BÁO CÁO THÀNH TÍCH"
COLLECTIVE_LEFT = "THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN"
COLLECTIVE_RIGHT = "THỦ TRƯỞNG ĐƠN VỊ"
NONE_RECEIVED = "Không có."


def award_request(award_code: str, year: int, catalog: Catalog) -> str:
    """``Đề nghị công nhận danh hiệu "Chiến sĩ thi đua cơ sở" năm 2026``: what the report
    asks for."""
    return f"Đề nghị {award_phrase(catalog.award(award_code), f'năm {year}', catalog)}"


def _item(label: str, value: str) -> Paragraph:
    return Paragraph((Run(f"- {label}: "), Run(value)), "list_item")


def _cv(person: ReportPerson) -> list[Paragraph]:
    name = person.name + (f"; giới tính: {person.gender}" if person.gender else "")
    lines = [_item("Họ và tên", name)]
    for label, value in (
            ("Ngày, tháng, năm sinh", short_date(person.born) if person.born else None),
            ("Quê quán", person.hometown), ("Nơi thường trú", person.residence),
            ("Đơn vị công tác", person.unit), ("Chức vụ", person.position),
            ("Ngày tuyển dụng", short_date(person.recruited) if person.recruited else None),
            ("Trình độ chuyên môn, nghiệp vụ", person.qualification),
            ("Trình độ lý luận chính trị", person.political_theory)):
        if value:
            lines.append(_item(label, value))
    if person.party_member:
        lines.append(Paragraph.plain("- Đảng viên Đảng Cộng sản Việt Nam.", "list_item"))
    return lines


def _under(blocks: Sequence[Block]) -> list[Block]:
    """The nominee's own text under a part of the report: its headings one level down."""
    return [Paragraph(p.runs, "subsection") if isinstance(p, Paragraph) and p.role == "section"
            else p for p in blocks]


def _received(heading: str, what: str, rows: list[tuple[int, str, str]], decision: str
              ) -> list[Block]:
    blocks: list[Block] = [Paragraph.plain(heading, "subsection")]
    if not rows:
        blocks.append(Paragraph.plain(NONE_RECEIVED))
        return blocks
    columns = (Column("Năm", 1.2, "center"), Column(what, 3.5), Column(decision, 6))
    blocks.append(Table.of_text(columns, tuple((str(y), t, d) for y, t, d in rows)))
    return blocks


def _pair(left: SignatureBlock, right: SignatureBlock) -> SignatureGrid:
    return SignatureGrid(heading="", rows=((left, right),))


def _block(heading: str, signer: Signer, field_name: str, *, own_title: bool = True
           ) -> SignatureBlock:
    """A block under its heading (``NGƯỜI BÁO CÁO THÀNH TÍCH``), the signer's own title
    below it when it says more than the heading."""
    block = common.signature_block(signer, width=style.GRID_TEXT_MM, field_name=field_name)
    heading_lines = ln.break_lines(heading, style.GRID_TEXT_MM,
                                          style.HEADER_STYLES["signature_title"])
    titles = block.title_lines if own_title else ()
    return SignatureBlock(title_lines=(*heading_lines, *titles), name=block.name,
                          field_name=field_name)


def compose(data: AchievementReportInput, catalog: Catalog) -> Document:
    request = award_request(data.award, data.year, catalog)
    body: list[Block] = []
    if data.subject == "person":
        assert data.person is not None
        who = data.person.name
        body.append(Paragraph.plain("I. SƠ LƯỢC LÝ LỊCH", "section"))
        body.extend(_cv(data.person))
    else:
        assert data.collective is not None
        who = data.collective.name
        body.append(Paragraph.plain("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", "section"))
        body.extend(_under(parse(data.collective.features)))
    body.append(Paragraph.plain("II. THÀNH TÍCH ĐẠT ĐƯỢC", "section"))
    if data.duties:
        label = ("Chức năng, nhiệm vụ được giao: " if data.subject == "collective"
                 else "Nhiệm vụ được giao: ")
        body.append(Paragraph((Run(label, bold=True), Run(data.duties))))
    body.extend(_under(parse(data.achievements)))
    body.append(Paragraph.plain("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", "section"))
    body.extend(_received("1. Danh hiệu thi đua", "Danh hiệu thi đua",
                          [(t.year, t.title, t.decision) for t in data.titles],
                          "Số, ngày, tháng, năm của quyết định công nhận; cơ quan ban hành"))
    body.extend(_received("2. Hình thức khen thưởng", "Hình thức khen thưởng",
                          [(a.year, a.form, a.decision) for a in data.awards],
                          "Số, ngày, tháng, năm của quyết định khen thưởng; cơ quan ban hành"))

    if data.subject == "person":
        left = _block(PERSON_LEFT, data.certifier, "certifier")
        right = _block(PERSON_RIGHT, Signer(title="Người báo cáo", name=who), "reporter",
                       own_title=False)
    else:
        assert data.head is not None
        left = _block(COLLECTIVE_LEFT, data.certifier, "certifier")
        right = _block(COLLECTIVE_RIGHT, data.head, "head")

    issuer = data.issuer
    header = common.header(
        issuer or _no_agency(data.place), symbol=None, number=None, on=data.date,
        numbered=False, year=data.year)
    award = catalog.award(data.award)
    title = f"Báo cáo thành tích - {who} - {award.name} năm {data.year}"
    return Document(
        kind="achievement-report",
        title=title,
        file_stem=slugify(f"bao cao thanh tich {who} {data.year}"),
        header=header,
        draft_mark=common.draft_mark(data.draft, data.draft_label),
        type_name=TYPE_NAME,
        summary=common.summary_lines(capitalize_first(request)),
        body=tuple(body),
        signature_grid=_pair(left, right),
        agency=common.one_line(issuer.name) if issuer else who,
        meta={"award": award.code},
    )


def _no_agency(place: str) -> Issuer:
    """The header of a person's report: no agency on the left, only the place."""
    return Issuer.model_construct(name="", parent=None, symbol=None, place=place)
