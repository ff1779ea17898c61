"""Quyết định ban hành, phê duyệt một văn bản: Decree 30, Appendix III, Mẫu 1.3 ("quy định
gián tiếp"), with the text it issues in the same file.

The decision: header (``Số: 15/QĐ-…``); ``QUYẾT ĐỊNH``; ``Ban hành Quy chế …`` and its
rule; the authority; ``Căn cứ …;`` lines and ``Theo đề nghị của … .``; ``QUYẾT ĐỊNH:``;
``Điều 1. Ban hành kèm theo Quyết định này Quy chế ….``, then the clerk's articles from
Article 2; ``./.``; recipients | signature.

The text, from a new page (the paper form of the sample): the first row of the header
(agency | national name and motto, no number, no date); its type name (``QUY CHẾ``); its
summary; ``(Kèm theo Quyết định số … ngày … của …)``; a rule; its chapters and articles;
``./.``. It has no signature: the decision's covers it. Then the appendices, if any.
"""

from __future__ import annotations

from docgen.catalog import Catalog
from docgen.compose import common, enactment
from docgen.compose.appendices import appendices
from docgen.compose.document import Appendix, Document, Paragraph, Run
from docgen.compose.markup import parse
from docgen.model.issuing_decision import IssuingDecisionInput
from docgen.vn.text import capitalize_first, upper

TYPE = "QĐ"


def symbol(data: IssuingDecisionInput, catalog: Catalog) -> common.PaperSymbol:
    return common.typed_symbol(TYPE, data.issuer)


def _text_name(data: IssuingDecisionInput, catalog: Catalog) -> str:
    """``Quy chế thi đua, khen thưởng của …``: the text's type name and its summary."""
    kind = catalog.document_types[data.text.type].name
    return f"{kind} {common.one_line(data.text.subject).rstrip('.')}"


def compose(data: IssuingDecisionInput, catalog: Catalog) -> Document:
    label = catalog.document_types[TYPE].name
    sym = symbol(data, catalog).symbol
    authority = data.authority or enactment.issuing_authority(data.signer, data.issuer)
    reference = common.attached_reference(label, data.number, sym, data.date, authority)
    name = _text_name(data, catalog)
    verb = capitalize_first(data.action)
    first = Paragraph((Run("Điều 1.", bold=True),
                       Run(f" {verb} kèm theo Quyết định này {name}.")), "body")
    text = Appendix(
        heading_lines=(upper(catalog.document_types[data.text.type].name),
                       capitalize_first(common.one_line(data.text.subject))),
        reference_line=reference,
        body=tuple(common.with_end_mark(parse(data.text.body))),
        header=common.header(data.issuer, symbol=None, number=None, on=data.date,
                             numbered=False))
    return Document(
        kind="issuing-decision",
        **common.paper_frame(data, label, sym),
        summary=common.summary_lines(f"{verb} {name}"),
        body=(*enactment.preamble(authority, data.bases, data.proposal, enactment.DECIDE),
              first, *common.with_end_mark(parse(data.body))),
        appendices=(text, *appendices(data.appendices, reference)),
    )
