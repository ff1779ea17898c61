"""Certificates as papers of their own: PDF/A-2b, with the signer's field over the signer's
space and the agency's seal field, signable like the other papers; a ZIP batch carries one
such PDF per certificate, each of which may be signed; the merged print file has no fields."""

from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest

from docgen.signing.appearance import Appearance
from docgen.signing.keys import Pkcs12Key
from docgen.signing.sign import SignOptions, sign_pdf, signature_fields
from docgen.signing.verify import verify_pdf
from tests.signing.conftest import P12_PASSWORD
from tests.signing.helpers import appearance_fonts


@pytest.fixture(scope="module")
def one_certificate() -> bytes:
    from docgen.service import render_paper
    from tests.conftest import load_sample

    data = load_sample("certificate")
    data["recipients"] = data["recipients"][:1]
    return render_paper("certificate", data, "pdf").content


def test_a_certificate_is_pdfa_2b_with_signature_fields(one_certificate):
    with pikepdf.open(io.BytesIO(one_certificate)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "2B"
        assert len(pdf.Root.OutputIntents) == 1
        assert pdf.check_pdf_syntax() == []
        # The document information says what the XMP says (PDF/A 6.6.3).
        assert str(pdf.docinfo["/Producer"]) == meta["pdf:Producer"]
        if "/Title" in pdf.docinfo:
            assert str(pdf.docinfo["/Title"]) == meta["dc:title"]
        assert set(pdf.docinfo.keys()) <= {"/Producer", "/Title", "/Author", "/Subject",
                                           "/Creator", "/CreationDate", "/ModDate"}
    assert signature_fields(one_certificate) == {"signer": False, "agency": False}


def test_the_signer_field_sits_between_titles_and_name(one_certificate):
    import pdfplumber

    from tests.helpers import nfc

    with pikepdf.open(io.BytesIO(one_certificate)) as pdf:
        rect = next([float(v) for v in a.Rect] for a in pdf.pages[0].Annots if a.T == "signer")
    with pdfplumber.open(io.BytesIO(one_certificate)) as doc:
        page = doc.pages[0]
        lines = page.extract_text_lines()
        from tests.conftest import load_sample

        name = load_sample("certificate")["signer"]["name"]
        name_line = next(ln for ln in lines if name in nfc(ln["text"]))
    assert rect[1] >= page.height - name_line["top"] - 1  # the field ends above the name


def test_a_signed_certificate_validates_and_stays_pdfa(one_certificate, pki, signature_png,
                                                       seal_png, trust_roots):
    signed = sign_pdf(one_certificate, Pkcs12Key(pki.leader.p12(), P12_PASSWORD),
                      SignOptions("signer", Appearance(signature_png)))
    sealed = sign_pdf(signed, Pkcs12Key(pki.agency.p12(), P12_PASSWORD),
                      SignOptions("agency", Appearance(seal_png=seal_png)))
    report = verify_pdf(sealed, trust_roots)
    assert report.ok and len(report.signatures) == 2
    assert all(f["embedded"] for f in appearance_fonts(sealed))
    with pikepdf.open(io.BytesIO(sealed)) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"


def test_zip_batch_gives_signable_pdfs_and_each_may_be_signed(sample, pki, trust_roots):
    from docgen.services.jobs.certificates import from_json, run

    data = sample("certificate")
    outcome = run(from_json(data), "zip")
    with zipfile.ZipFile(io.BytesIO(outcome.content)) as z:
        pdfs = [z.read(n) for n in z.namelist() if n.endswith(".pdf")]
    assert len(pdfs) == len(data["recipients"]) >= 2
    key = Pkcs12Key(pki.agency.p12(), P12_PASSWORD)
    for pdf in pdfs:
        assert signature_fields(pdf) == {"signer": False, "agency": False}
        signed = sign_pdf(pdf, key, SignOptions("agency"))
        assert verify_pdf(signed, trust_roots).ok


def test_merged_print_file_is_pdfa_without_fields(sample):
    from docgen.services.jobs.certificates import from_json, run

    merged = run(from_json(sample("certificate")), "pdf").content
    assert signature_fields(merged) == {}
    with pikepdf.open(io.BytesIO(merged)) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"
