"""Blocks every paper shares: the header pair, the signature block, the recipients list,
the draft mark, the closing mark ``./.`` and file names. Wording rules live here once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from docgen import style
from docgen.catalog import Catalog
from docgen.compose import lines as ln
from docgen.compose.document import (
    Block,
    Header,
    Paragraph,
    Recipients,
    Run,
    SignatureBlock,
    Table,
)
from docgen.model.common import Issuer, PaperBase, Signer
from docgen.vn.dates import date_words, place_date_line, today
from docgen.vn.files import slugify
from docgen.vn.numbering import join_symbol, number_cited, number_ref, number_symbol, pad2
from docgen.vn.text import upper

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_HEADING = "Nơi nhận:"
ADDRESS_HEADING = "Kính gửi:"
#: Before a công văn's summary (Decree 30, Appendix I, II.5.b).
ABOUT_PREFIX = "V/v"
DRAFT_MARK = "DỰ THẢO"
END_MARK = "./."


def name_lines(name: str | None) -> tuple[str, ...]:
    """An agency name as header lines: split at the input's line breaks, upper case."""
    if not name:
        return ()
    return tuple(upper(line.strip()) for line in name.split("\n") if line.strip())


def one_line(name: str) -> str:
    """An agency name on one line, as it reads inside a sentence."""
    return " ".join(part.strip() for part in name.split("\n") if part.strip())


def header(issuer: Issuer, *, symbol: str | None, number: int | None, on: date | None,
           numbered: bool = True, year: int | None = None, about: str | None = None
           ) -> Header:
    """The header pair: agency lines | national name, motto; number line | place and date.

    The agency's lines are the input's own lines, each broken between words where it is
    wider than the header's left column (``lines.break_lines``). ``about``: a công văn's
    summary, ``V/v …`` under the number, broken to the number's column."""
    styles = style.HEADER_STYLES
    place_date = place_date_line(issuer.place, on, year=year or (on or today()).year)
    wide = not ln.fits(place_date, style.HEADER_RIGHT_MM, styles["place_date"])
    about_lines: tuple[str, ...] = ()
    if about:
        column = style.HEADER_NUMBER_MM if wide else style.HEADER_LEFT_MM
        about_lines = ln.break_lines(f"{ABOUT_PREFIX} {about}", column, styles["about"],
                                     max_lines=4, prefer=frozenset())
    return Header(
        parent_lines=ln.break_each(name_lines(issuer.parent), style.HEADER_LEFT_MM,
                                   styles["parent"]),
        agency_lines=ln.break_each(name_lines(issuer.name), style.HEADER_LEFT_MM,
                                   styles["agency"]),
        national_name=NATIONAL_NAME,
        motto=MOTTO,
        number_line=number_symbol(number, symbol) if numbered else None,
        place_date_line=place_date,
        place_date_wide=wide,
        about_lines=about_lines,
    )


def summary_lines(summary: str, prefer: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The summary under the type name as even lines across the text block (never a word
    or two alone on the last line, as ``… năm`` / ``2026`` would be); ``prefer``: words
    a line had better start with (``và`` between two awards, not inside a title)."""
    return ln.break_lines(one_line(summary), style.A4.text_width_mm,
                          style.HEADER_STYLES["summary"], max_lines=4, prefer=prefer)


def signer_title_lines(signer: Signer) -> tuple[str, ...]:
    """Titles above the signature: ``KT. VIỆN TRƯỞNG`` / ``PHÓ VIỆN TRƯỞNG`` and the like.

    KT., TM., TL. and TUQ. put the authority and whom it acts for on the first line and the
    signer's own title below; Q. (acting head) prefixes the title itself.
    """
    title = upper(signer.title)
    if signer.authority == "Q.":
        return (f"Q. {title}",)
    if signer.authority and signer.on_behalf:
        return (f"{signer.authority} {upper(signer.on_behalf)}", title)
    return (title,)


def signature_block(signer: Signer, *, width: float, field_name: str = "signer",
                    units: tuple[str, ...] = (), role_line: str | None = None
                    ) -> SignatureBlock:
    """A signature block whose unit names and titles are broken to fit ``width`` mm (a
    long unit name wraps inside its column, between words)."""
    styles = style.HEADER_STYLES
    return SignatureBlock(
        title_lines=ln.break_each(signer_title_lines(signer), width, styles["signature_title"]),
        name=signer.name, field_name=field_name,
        unit_lines=ln.break_each(tuple(upper(u) for u in units), width,
                                 styles["signature_unit"]),
        role_line=role_line)


def decider_title(signer: Signer) -> str:
    """Title of the person in whose name the paper is decided (the head, for KT./TL./TUQ.)."""
    if signer.authority in ("KT.", "TL.", "TUQ.") and signer.on_behalf:
        return signer.on_behalf
    return signer.title


def _strip_end(text: str) -> str:
    return text.rstrip().rstrip(";.,").rstrip()


def recipients(items: list[str], archive: list[str], drafter: str | None = None) -> Recipients:
    """``Nơi nhận:``: each item ``- …;``, the last ``- Lưu: VT, VP.`` (Decree 30, element 9b)."""
    lines = [f"- {_strip_end(item)};" for item in items if _strip_end(item)]
    lines.append(f"- Lưu: {', '.join(_strip_end(a) for a in archive)}.")
    return Recipients(heading=RECIPIENTS_HEADING, items=tuple(lines), drafter_line=drafter)


def basis_lines(bases: list[str], closing: str | None = None) -> list[Paragraph]:
    """Legal bases, italic, one ``Căn cứ …;`` a line; the group ends with ``.``: on the last
    basis, or on the ``closing`` line (``Xét đề nghị của … .``) when there is one."""
    texts = []
    for basis in bases:
        text = basis.rstrip().rstrip(";.").rstrip()
        texts.append(text if text.casefold().startswith("căn cứ") else f"Căn cứ {text}")
    if closing:
        texts.append(closing.rstrip().rstrip(".").rstrip())
    return [Paragraph.plain(text + ("." if i == len(texts) - 1 else ";"), "basis", italic=True)
            for i, text in enumerate(texts)]


def paper_frame(data: PaperBase, type_label: str, symbol: str | None, *,
                about: str | None = None, named: bool = True,
                recipient_items: list[str] | None = None) -> dict[str, Any]:
    """The parts every numbered administrative paper has, from its shared input fields:
    title and file name, header, draft mark, type name, recipients and signature.

    ``named=False``: a paper without a type name (a công văn: ``about`` goes under its
    number instead); ``recipient_items``: the ``Nơi nhận`` items when the composer adds
    to the input's (``Như trên``)."""
    items = data.recipients if recipient_items is None else recipient_items
    return {
        "title": paper_title(type_label, data.number, symbol),
        "file_stem": file_stem(type_label, data.number, symbol),
        "header": header(data.issuer, symbol=symbol, number=data.number, on=data.date,
                         about=about),
        "draft_mark": draft_mark(data.draft, data.draft_label),
        "type_name": upper(type_label) if named else "",
        "recipients": recipients(items, data.archive, data.drafter),
        "signature": signature_block(data.signer, width=style.CLOSING_RIGHT_MM),
        "agency": one_line(data.issuer.name),
    }


class PaperSymbol(NamedTuple):
    """A paper's symbol, and the sequence its type draws numbers from when its agency
    numbers each type apart (the catalog's ``numbering: per_type``)."""

    symbol: str | None  # "KH-VKSGL", "VKSHY-VP"; None: the paper has none
    sequence: str | None  # "KH"; a công văn: "official-letter"; None: the shared one


def typed_symbol(type_abbr: str | None, issuer: Issuer) -> PaperSymbol:
    """The symbol of a paper with a type name: ``KH`` + ``VKSGL`` -> ``KH-VKSGL``, drawn
    from its type's sequence (Decree 30, Appendix I, I.3.b; Article 15)."""
    return PaperSymbol(join_symbol(type_abbr, issuer.symbol), type_abbr)


def addressees(heading: str, items: list[str]) -> list[Paragraph]:
    """``Kính gửi:`` (Decree 30, Appendix I, II.9a): one addressee on the heading's line,
    ending with ``.``; several on a line each, ``- …;``, the last ending with ``.``."""
    names = [_strip_end(item) for item in items if _strip_end(item)]
    if len(names) == 1:
        return [Paragraph.plain(f"{heading} {names[0]}.", "addressee")]
    lines = [Paragraph.plain(heading, "addressee")]
    lines += [Paragraph.plain(f"- {name}{'.' if i == len(names) - 1 else ';'}",
                              "addressee_item") for i, name in enumerate(names)]
    return lines


def draft_mark(draft: bool, label: str | None) -> str | None:
    if label:
        return label
    return DRAFT_MARK if draft else None


def with_end_mark(body: Sequence[Block]) -> list[Block]:
    """Close the content with ``./.`` right after its last sentence, once: a body that
    already ends with it (the clerk typed it) is left as it is, a last sentence ending
    with ``.`` takes ``/.``; a body ending with a table gets ``./.`` on a line of its own."""
    if not body:
        return []
    last = body[-1]
    if isinstance(last, Table):
        return [*body, Paragraph.plain(END_MARK, "end_mark")]
    runs = list(last.runs)
    tail = runs[-1]
    text = tail.text.rstrip()
    if last.text.rstrip().endswith(END_MARK):
        suffix = ""
    elif text.endswith("."):
        suffix = "/."
    else:
        suffix = END_MARK
    runs[-1] = Run(text + suffix, bold=tail.bold, italic=tail.italic)
    return [*body[:-1], Paragraph(tuple(runs), last.role)]


def attached_reference(type_label: str, number: int | None, symbol: str | None,
                       on: date | None, of: str) -> str:
    """The line under an appendix's title that names the paper it belongs to (Decree 30,
    Appendix I, III.1.c; Appendix III, Mẫu 1.3 and 2.1): ``(Kèm theo Quyết định số
    15/QĐ-VKSHY ngày 05 tháng 01 năm 2026 của Viện trưởng …)``; a draft leaves the number,
    day and month blank (form fields in its PDF, filled on issue)."""
    when = date_words(on, year=(on or today()).year)
    return f"(Kèm theo {type_label} {number_cited(number, symbol)} {when} của {one_line(of)})"


def paper_title(type_label: str, number: int | None, symbol: str | None) -> str:
    """Readable title: ``Quyết định số 15/QĐ-VKSHY`` (``… (chưa có số)`` on drafts)."""
    if number is None:
        return f"{type_label} {symbol or ''} (chưa có số)".replace("  ", " ")
    return f"{type_label} số {number_ref(number, symbol)}"


def file_stem(type_label: str, number: int | None, symbol: str | None) -> str:
    """ASCII file stem: ``quyet-dinh-15-qd-vkshy``; drafts: ``quyet-dinh-du-thao-qd-vkshy``."""
    num = pad2(number) if number is not None else "du-thao"
    return slugify(" ".join(p for p in (type_label, num, symbol or "") if p))


def quoted(text: str, catalog: Catalog) -> str:
    """A title in the quotation marks the catalog's wording uses."""
    return f"{catalog.wording.quote_open}{text}{catalog.wording.quote_close}"
