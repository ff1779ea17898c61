"""Copies of an issued paper (Decree 30/2020/NĐ-CP, Articles 25-27; Appendix I, Part II;
Appendix III, Mẫu 3.1 and 3.2): the parts a trích sao may take, the trích sao's Document,
and the copy block of a paper copy.

- **Parts** (``parts``): a paper divides at its articles (``Điều 1.``, in bold at the start
  of a paragraph) and otherwise at its level-1 headings (``I. MỤC ĐÍCH, YÊU CẦU``; a
  directive's ``1.`` tasks); its appendix list is one part more (``Danh sách kèm theo``).
  A part runs from its heading to the next one. What precedes the first part (legal bases,
  ``QUYẾT ĐỊNH:``, an opening paragraph) belongs to every extract.
- **Trích sao** (``extract``): Article 25.3 wants the format recreated in full with the
  chosen part of the content: the original's header, number and date, type name, summary,
  the preamble, the chosen parts in their order, ``./.``, recipients and signer's block.
- **Copy block** (``copy_block``): what Mẫu 3.1 prints under the last part of the copied
  paper, below a solid rule across the text width: left, the copying agency, its rule and
  ``Số: 05/SY-VKSHY``; right, ``SAO Y`` and the place and date; then ``Nơi nhận`` | the
  signer's titles, room for signature and seal, name; and (docgen's practice) the copy's
  own verification code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from docgen import style
from docgen.catalog import Agency
from docgen.compose import common
from docgen.compose import lines as ln
from docgen.compose.document import (
    Block,
    Document,
    Paragraph,
    Recipients,
    SignatureBlock,
    Verification,
)
from docgen.errors import FieldError, InputError
from docgen.model.copy import CopyInput
from docgen.vn.dates import place_date_line
from docgen.vn.numbering import number_symbol
from docgen.vn.text import capitalize_first, shorten

#: The appendix list as one part of a trích sao.
APPENDIX_PART = "Danh sách kèm theo"
#: How much of a part's first paragraph names it in a list (cut between words, with …).
HEADING_LENGTH = 90
_ARTICLE = re.compile(r"^(Điều \d+)\.")
_HEADING = re.compile(r"^([IVXLC]+|\d+)\.")


@dataclass(frozen=True)
class Part:
    """One part a trích sao may take: its key (what the caller names) and its heading."""

    key: str  # "Điều 1", "II", "Danh sách kèm theo"
    heading: str  # how it begins, as the original prints it (cut between words, with …)


def _part_key(block: Block, articles: bool) -> str | None:
    """The key of the part ``block`` starts, if it starts one."""
    if not isinstance(block, Paragraph) or not block.runs:
        return None
    if articles:
        found = _ARTICLE.match(block.text) if block.runs[0].bold else None
        return found.group(1) if found else None
    if block.role == "section":
        found = _HEADING.match(block.text)
        return found.group(1) if found else None
    return None


def _has_articles(body: tuple[Block, ...]) -> bool:
    return any(_part_key(b, True) for b in body)


def _split(body: tuple[Block, ...]) -> tuple[list[Block], list[tuple[str, list[Block]]]]:
    """(the preamble, [(key, blocks) of each part]) of a body."""
    articles = _has_articles(body)
    preamble: list[Block] = []
    parts: list[tuple[str, list[Block]]] = []
    for block in body:
        key = _part_key(block, articles)
        if key is not None:
            parts.append((key, [block]))
        elif parts:
            parts[-1][1].append(block)
        else:
            preamble.append(block)
    return preamble, parts


def parts(document: Document) -> list[Part]:
    """The parts of ``document`` a trích sao may take, in reading order."""
    _, found = _split(document.body)
    out = [Part(key, shorten(common.one_line(blocks[0].text), HEADING_LENGTH)
                if isinstance(blocks[0], Paragraph) else key) for key, blocks in found]
    if document.appendix is not None:
        out.append(Part(APPENDIX_PART, " ".join(document.appendix.heading_lines)))
    return out


def _without_end_mark(block: Block) -> Block:
    """A part's last paragraph without the ``./.`` the original closed with."""
    if not isinstance(block, Paragraph) or not block.text.rstrip().endswith(common.END_MARK):
        return block
    runs = list(block.runs)
    last = runs[-1]
    text = last.text.rstrip()
    runs[-1] = replace(last, text=text[: -len(common.END_MARK)] + ".")
    return Paragraph(tuple(runs), block.role)


def extract(document: Document, chosen: list[str], title: str) -> Document:
    """The trích sao of ``document``: its frame with the preamble and the ``chosen`` parts
    (keys of :func:`parts`), in the original's order; the last ends with ``./.``. Unknown
    keys are refused, naming the parts there are."""
    preamble, found = _split(document.body)
    known = {key for key, _ in found} | ({APPENDIX_PART} if document.appendix else set())
    wrong = [i for i, key in enumerate(chosen) if key not in known]
    if wrong:
        offered = ", ".join(p.key for p in parts(document)) or "không có phần nào"
        raise InputError([FieldError(("parts", i), f"văn bản không có phần {chosen[i]!r}; "
                                     f"các phần: {offered}") for i in wrong])
    body = [b for key, blocks in found if key in chosen for b in blocks]
    body = [_without_end_mark(b) for b in body] if body else []
    if body:
        body = common.with_end_mark(body)
    return replace(document, title=title, body=tuple(preamble) + tuple(body),
                   appendices=document.appendices if APPENDIX_PART in chosen else (),
                   verification=None, draft_mark=None)


@dataclass(frozen=True)
class CopyBlock:
    """The copy block of Mẫu 3.1, every line final."""

    heading: str  # "SAO Y"
    parent_lines: tuple[str, ...]
    agency_lines: tuple[str, ...]
    number_line: str  # "Số: 05/SY-VKSHY"
    place_date_line: str
    recipients: Recipients
    signature: SignatureBlock | None
    verification: Verification | None = None
    #: The closing macro of the papers reads these too.
    left_signature: None = None


def copy_block(data: CopyInput, agency: Agency, heading: str, *, number: int | None,
               symbol: str, on: date | None, verification: Verification | None
               ) -> CopyBlock:
    """The block a paper copy prints under the copied paper (Mẫu 3.1)."""
    styles = style.HEADER_STYLES
    signer = common.signature_block(data.signer, width=style.CLOSING_RIGHT_MM) \
        if data.signer is not None else None
    return CopyBlock(
        heading=heading,
        parent_lines=style_lines(common.name_lines(agency.parent), styles["parent"]),
        agency_lines=style_lines(common.name_lines(agency.name), styles["agency"]),
        number_line=number_symbol(number, symbol),
        place_date_line=place_date_line(agency.place, on),
        recipients=common.recipients(list(data.recipients), list(data.archive)),
        signature=signer, verification=verification)


def style_lines(lines: tuple[str, ...], element: style.ParagraphStyle) -> tuple[str, ...]:
    """Header lines broken to the left column of the block (as the papers' header)."""
    return ln.break_each(lines, style.HEADER_LEFT_MM, element)


def signature_lines(heading: str, agency: Agency) -> tuple[str, str]:
    """What an electronic copy's signature shows besides its time (Mẫu 3.2, in lower
    case): ``Sao y``, ``Viện kiểm sát nhân dân tỉnh Hưng Yên``."""
    return capitalize_first(heading.lower()), common.one_line(agency.name)
