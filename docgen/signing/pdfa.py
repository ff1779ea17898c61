"""PDF/A-2b identification for PDFs not written by WeasyPrint (the certificates, drawn by
ReportLab and merged with pikepdf): an sRGB output intent and XMP metadata that says
``pdfaid:part=2, conformance=B`` and repeats the document information (title, author,
subject as whoever set them wrote them: this step only adds, never rewrites them).

What the content already guarantees and this step relies on: every font embedded
(ReportLab embeds its TrueType subsets; no standard-14 font is used), no encryption, no
JavaScript, annotations printable.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any


@cache
def srgb_profile() -> bytes:
    """The sRGB ICC profile WeasyPrint ships and uses for the papers' own output intent."""
    import weasyprint

    return (Path(weasyprint.__file__).parent / "pdf" / "sRGB2014.icc").read_bytes()


def make_pdfa2b(pdf: bytes) -> bytes:
    """``pdf`` identified as PDF/A-2b (output intent + XMP), saved whole."""
    import pikepdf

    with pikepdf.open(BytesIO(pdf)) as doc:
        identify_pdfa2b(doc)
        out = BytesIO()
        doc.save(out, compress_streams=True, fix_metadata_version=True)
        return out.getvalue()


def identify_pdfa2b(doc: Any) -> None:
    """Identify an open pikepdf document as PDF/A-2b, in place (the caller saves it): also
    used on the merged PDF of a large batch, which is never read into memory whole."""
    import pikepdf

    if "/OutputIntents" not in doc.Root:
        icc = doc.make_stream(srgb_profile())
        icc.N = 3
        doc.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
            Info=pikepdf.String("sRGB IEC61966-2.1"), DestOutputProfile=icc)])
    # ReportLab's /Trapped has no XMP counterpart here; PDF/A wants the two equal.
    if "/Trapped" in doc.docinfo:
        del doc.docinfo["/Trapped"]
    # The document information (title, author ...) copied into the XMP first: on
    # closing, pikepdf writes the XMP back into the document information, and both
    # must say the same (PDF/A 6.6.3).
    with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta.load_from_docinfo(doc.docinfo)
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
    for page in doc.pages:
        for annot in page.get("/Annots") or []:
            annot.F = int(annot.get("/F", 0)) | 4  # printable


def incremental_writer(pdf: bytes) -> Any:
    """A pyHanko incremental writer that keeps the document information and the XMP saying
    the same (PDF/A 6.6.3).

    On every update pyHanko sets the XMP producer to "pyHanko x.y" but appends it to the
    information dictionary's producer ("WeasyPrint 70.0; pyHanko x.y"): the two would then
    disagree. Saying "pyHanko x.y" in both keeps them equal.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata.model import VENDOR

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    info_ref = writer.prev.trailer_view.get("/Info")
    if isinstance(info_ref, generic.IndirectObject) and "/Metadata" in writer.root:
        info = info_ref.get_object()
        if str(info.get("/Producer", "")) != VENDOR:
            info["/Producer"] = generic.TextStringObject(VENDOR)
            writer.mark_update(info_ref)
    return writer
