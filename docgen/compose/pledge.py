"""Pledge agreement (Giao ước thi đua) of an emulation cluster or bloc (docs/format-rules.md, "The kinds of paper").

Header (bloc under its parent | national name); ``GIAO ƯỚC THI ĐUA``, ``NĂM 2026``; theme
and motto; bases; body; ``./.``; ``ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC`` and a grid of one
signature block per member, two a row, the leader first; an optional witness block.
"""

from __future__ import annotations

from docgen import style
from docgen.catalog import Catalog
from docgen.compose import common
from docgen.compose.document import (
    Block,
    Document,
    Paragraph,
    Run,
    SignatureBlock,
    SignatureGrid,
)
from docgen.compose.markup import parse
from docgen.model.pledge import Member, PledgeInput
from docgen.vn.files import slugify
from docgen.vn.text import upper

GRID_HEADING = "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC"
BLOCKS_PER_ROW = 2


def _rank(member: Member) -> int:
    """Leaders first (Khối/Cụm trưởng), then deputies, then the others in input order."""
    role = (member.role or "").casefold()
    if "trưởng" in role:
        return 0
    if "phó" in role:
        return 1
    return 2


def symbol(data: PledgeInput, catalog: Catalog) -> common.PaperSymbol:
    """A pledge's own symbol, or none (then no number); not a Decree 30 type, so it draws
    from the agency's shared sequence."""
    return common.PaperSymbol(data.symbol, None)


def compose(data: PledgeInput, catalog: Catalog) -> Document:
    ptype = catalog.paper_types["pledge"]
    numbered = data.number is not None or data.symbol is not None
    type_label = ptype.name

    body: list[Block] = []
    if data.theme:
        body.append(Paragraph((Run("Chủ đề: ", bold=True),
                               Run(common.quoted(data.theme, catalog), bold=True, italic=True)),
                              "center"))
    if data.motto:
        body.append(Paragraph((Run("Phương châm: ", bold=True),
                               Run(common.quoted(data.motto, catalog), italic=True)), "center"))
    body.extend(common.basis_lines(data.bases))
    body.extend(common.with_end_mark(parse(data.body)))

    members = sorted(data.members, key=_rank)
    blocks = [
        common.signature_block(m.signer, width=style.GRID_TEXT_MM, field_name=f"member-{i:02d}",
                               units=(m.unit,), role_line=upper(m.role) if m.role else None)
        for i, m in enumerate(members, start=1)
    ]
    rows = tuple(tuple(blocks[i:i + BLOCKS_PER_ROW]) for i in range(0, len(blocks), BLOCKS_PER_ROW))
    witness: SignatureBlock | None = None
    if data.witness:
        w = data.witness
        witness = common.signature_block(
            w.signer, width=style.WITNESS_MM, field_name="witness",
            units=(w.unit,) if w.unit else ())

    agency = common.one_line(data.issuer.name)
    return Document(
        kind="pledge",
        title=f"{type_label} năm {data.year} - {agency}",
        agency=agency,
        file_stem=slugify(f"giao uoc thi dua {data.year} {agency}"),
        header=common.header(data.issuer, symbol=data.symbol, number=data.number, on=data.date,
                             numbered=numbered, year=data.year),
        draft_mark=common.draft_mark(data.draft, data.draft_label),
        type_name=upper(type_label),
        summary=(f"NĂM {data.year}",),
        body=tuple(body),
        signature_grid=SignatureGrid(
            heading=GRID_HEADING, rows=rows,
            witness_heading=upper(data.witness.heading) if data.witness else None,
            witness=witness),
    )
