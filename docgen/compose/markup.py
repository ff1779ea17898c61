"""Body markup: a small Markdown subset (paragraphs, **bold**, *italic*, numbered and dash
lists, headings of three levels, pipe tables) parsed with markdown-it-py into the blocks
of a Document (docs/format-rules.md, "The body", says what a clerk or an editor may
write).

Raw HTML is not interpreted (it stays literal text and is escaped by the renderers); links
keep their text; list items keep their marker as text (``- `` or ``1. ``), which is how an
official paper writes them. A table's first row is its header row, repeated on every page
the table spans; its columns get widths from what they hold (``lines.column_widths``).
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from docgen import style
from docgen.compose import lines as ln
from docgen.compose.document import Block, Cell, Column, Paragraph, Role, Run, Table


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    # Images and reference links make no sense in an official paper; tables (GitHub's pipe
    # tables) do: plans and reports carry schedules and figures.
    md.disable(["image", "reference"])
    md.enable("table")
    return md


def _inline_runs(token: Token) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    for child in token.children or []:
        t = child.type
        if t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t in ("text", "code_inline", "html_inline"):
            text = child.content
            if text:
                runs.append(Run(text, bold=bold > 0, italic=italic > 0))
        elif t in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bold=bold > 0, italic=italic > 0))
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs of the same emphasis (fewer runs, same text)."""
    out: list[Run] = []
    for r in runs:
        if out and out[-1].bold == r.bold and out[-1].italic == r.italic:
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic)
        else:
            out.append(r)
    return out


#: A heading written as a bold paragraph: ``**I. MỤC ĐÍCH, YÊU CẦU**`` (level 1) or
#: ``**1. Đổi mới nội dung …**`` (level 2), as official papers number their parts.
_ROMAN_HEADING = re.compile(r"[IVXLC]+\.\s")
_NUMBER_HEADING = re.compile(r"\d+(\.\d+)*\.\s")
#: ``**a) Mục đích**``: the third level, lettered with the Vietnamese alphabet.
_LETTER_HEADING = re.compile(r"[a-zđ]\)\s")
_HEADING_ROLES: tuple[Role, ...] = ("section", "subsection", "point")
_HEADING_TAGS: dict[str, Role] = {"h1": "section", "h2": "subsection"}


def _heading_role(p: Paragraph) -> Role | None:
    """The heading role of a body paragraph that is bold throughout and starts with a part
    number, or None."""
    if p.role != "body" or not all(r.bold for r in p.runs if r.text.strip()):
        return None
    text = p.text.lstrip()
    if _ROMAN_HEADING.match(text):
        return "section"
    if _NUMBER_HEADING.match(text):
        return "subsection"
    if _LETTER_HEADING.match(text):
        return "point"
    return None


#: An article: ``Điều 1.`` opens it, bold whatever the clerk typed (Decree 30, Appendix I,
#: II.6.đ: the word, its number and the article's title upright bold).
_ARTICLE = re.compile(r"Điều \d+\.")


def _article(p: Paragraph) -> Paragraph:
    """A body paragraph that opens with ``Điều N.`` typed plain gets that mark in bold."""
    first = p.runs[0] if p.runs else None
    if p.role != "body" or first is None or first.bold:
        return p
    match = _ARTICLE.match(first.text)
    if match is None:
        return p
    head, rest = first.text[:match.end()], first.text[match.end():]
    runs = (Run(head, bold=True, italic=first.italic),
            *((Run(rest, italic=first.italic),) if rest else ()), *p.runs[1:])
    return Paragraph(runs, p.role)


def _as_heading(p: Paragraph, role: Role) -> Paragraph:
    """A heading paragraph: its style makes it bold, so the runs carry no direct bold."""
    runs = tuple(Run(r.text, bold=False, italic=r.italic) for r in p.runs)
    return Paragraph(runs, role)


#: ``Phần I``, ``Chương II``, ``Mục 1``, ``Tiểu mục 2`` (Decree 30, Appendix I, II.6.đ).
_CHAPTER = re.compile(r"(Phần|Chương|Mục|Tiểu mục)\s+([IVXLC]+|\d+)\.?$")


def _headline(p: Paragraph) -> bool:
    """A Markdown heading or a paragraph bold throughout."""
    return p.role in _HEADING_ROLES or (
        p.role == "body" and all(r.bold for r in p.runs if r.text.strip()))


def _chapter_role(p: Paragraph, previous: Block | None) -> Role | None:
    """``Chương I`` written as a heading or in bold, and the title in capitals right under
    it, are a chapter's two centred lines."""
    if not _headline(p):
        return None
    text = p.text.strip()
    if _CHAPTER.match(text):
        return "chapter"
    if isinstance(previous, Paragraph) and previous.role == "chapter" and text == text.upper():
        return "chapter_title"
    return None


def _headings(blocks: list[Block]) -> list[Block]:
    """Bold numbered paragraphs and Markdown headings become headings of three levels; a
    body numbered only ``1.``, ``2.`` has those at the first level; ``Chương I`` and its
    title are centred chapter lines."""
    out: list[Block] = []
    for p in blocks:
        if isinstance(p, Table):
            out.append(p)
            continue
        chapter = _chapter_role(p, out[-1] if out else None)
        if chapter is not None:
            out.append(_as_heading(p, chapter))
            continue
        role = p.role if p.role in _HEADING_ROLES else _heading_role(p)
        out.append(_as_heading(p, role) if role else _article(p))
    if not any(p.role in ("section", "chapter") for p in out):
        out = [Paragraph(p.runs, "section") if p.role == "subsection" else p for p in out]
    return out


def parse(markup: str) -> list[Block]:
    """The blocks (paragraphs and tables) of a body written in the Markdown subset."""
    return _headings(_parse(markup))


_ALIGN = {"text-align:center": "center", "text-align:right": "right"}


def _table(rows: list[tuple[bool, list[tuple[str, list[Run]]]]]) -> Table:
    """A body table from its parsed rows (header?, [(alignment, runs)]); rows shorter than
    the header are filled with empty cells (pipe tables allow it)."""
    n = max(len(cells) for _, cells in rows)
    aligns = ["left"] * n
    for _, cells in rows:
        for i, (align, _runs) in enumerate(cells):
            if align != "left":
                aligns[i] = align
    grid = [(header, [Cell(tuple(runs)) for _, runs in cells]
             + [Cell(())] * (n - len(cells))) for header, cells in rows]
    header = tuple(tuple(cells) for is_header, cells in grid if is_header)
    body = tuple(tuple(cells) for is_header, cells in grid if not is_header)
    columns_text = [[(c.text, is_header) for is_header, cells in grid for c in cells[i:i + 1]]
                    for i in range(n)]
    widths = ln.column_widths(columns_text, style.A4.text_width_mm,
                              style.HEADER_STYLES["table_cell"],
                              style.HEADER_STYLES["table_header"], style.TABLE_CELL_PAD_MM)
    columns = tuple(Column(header[0][i].text if header else "", round(w, 2),
                           aligns[i])  # type: ignore[arg-type]
                    for i, w in enumerate(widths))
    return Table(columns, header, body)


def _parse(markup: str) -> list[Block]:
    tokens = _parser().parse(markup)
    paragraphs: list[Block] = []
    # The table being read: its rows as (header row?, [(alignment, runs)]).
    table: list[tuple[bool, list[tuple[str, list[Run]]]]] | None = None
    in_head = False
    cell_align = "left"
    # Stack of open lists: [ordered?, next number].
    lists: list[list[int | bool]] = []
    marker: str | None = None
    role: Role = "body"
    for tok in tokens:
        t = tok.type
        if t == "table_open":
            table = []
            continue
        if table is not None:
            if t == "thead_open":
                in_head = True
            elif t == "thead_close":
                in_head = False
            elif t == "tr_open":
                table.append((in_head, []))
            elif t in ("th_open", "td_open"):
                cell_align = _ALIGN.get(str(tok.attrGet("style") or ""), "left")
            elif t == "inline":
                table[-1][1].append((cell_align, _inline_runs(tok)))
            elif t == "table_close":
                paragraphs.append(_table(table))
                table = None
            continue
        if t == "bullet_list_open":
            lists.append([False, 0])
        elif t == "ordered_list_open":
            start = int(tok.attrGet("start") or 1)
            lists.append([True, start])
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t == "list_item_open":
            ordered, number = lists[-1]
            if ordered:
                marker = f"{number}. "
                lists[-1][1] = int(number) + 1
            else:
                marker = "- "
        elif t == "heading_open":
            role = _HEADING_TAGS.get(tok.tag, "point")
        elif t == "heading_close":
            role = "body"
        elif t == "inline":
            runs = _inline_runs(tok)
            if not runs:
                continue
            this_role: Role = role
            if marker is not None:
                first = runs[0]
                runs[0] = Run(marker + first.text, first.bold, first.italic)
                marker = None
                this_role = "list_item"
            elif lists:
                this_role = "list_item"
            paragraphs.append(Paragraph(tuple(runs), this_role))
        elif t in ("code_block", "fence"):
            for line in tok.content.splitlines():
                if line.strip():
                    paragraphs.append(Paragraph((Run(line.strip()),), role))
    return paragraphs
