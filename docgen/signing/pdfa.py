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


@cache
def srgb_profile() -> bytes:
    """The sRGB ICC profile WeasyPrint ships and uses for the papers' own output intent."""
    import weasyprint

    return (Path(weasyprint.__file__).parent / "pdf" / "sRGB2014.icc").read_bytes()


def make_pdfa2b(pdf: bytes) -> bytes:
    """``pdf`` identified as PDF/A-2b (output intent + XMP), saved whole."""
    import pikepdf

    with pikepdf.open(BytesIO(pdf)) as doc:
        if "/OutputIntents" not in doc.Root:
            icc = doc.make_stream(srgb_profile())
            icc.N = 3
            doc.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
                OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
                Info=pikepdf.String("sRGB IEC61966-2.1"), DestOutputProfile=icc)])
        # open_metadata copies the document information (title, author ...) into the XMP,
        # so both say the same, as PDF/A requires.
        with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
        for page in doc.pages:
            for annot in page.get("/Annots") or []:
                annot.F = int(annot.get("/F", 0)) | 4  # printable
        out = BytesIO()
        doc.save(out, compress_streams=True, fix_metadata_version=True)
        return out.getvalue()
