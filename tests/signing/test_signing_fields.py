"""Empty signature fields: named per signer, placed over the signature room, and usable by
a signing tool (a test signature goes into the field and validates)."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from pypdf import PdfReader

from docgen.signing import aio
from tests.helpers import nfc


def field_boxes(data: bytes) -> dict[str, tuple[int, list[float]]]:
    reader = PdfReader(io.BytesIO(data))
    out = {}
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig":
                out[str(annot["/T"])] = (index, [float(v) for v in annot["/Rect"]])
    return out


def test_one_field_for_the_signer_and_one_for_the_agency_seal(pdf_files):
    boxes = field_boxes(pdf_files["directive"])
    assert list(boxes) == ["signer", "agency"]
    assert PdfReader(io.BytesIO(pdf_files["directive"])).get_fields()["signer"]["/FT"] == "/Sig"
    # The seal's field ends a third of the way into the signer's (Decree 30, II.8.a).
    (_, (sx1, sy1, sx2, sy2)), (_, (_ax1, ay1, ax2, ay2)) = boxes["signer"], boxes["agency"]
    assert ax2 == pytest.approx(sx1 + (sx2 - sx1) / 3, abs=0.1)
    assert (ay1 + ay2) / 2 == pytest.approx((sy1 + sy2) / 2, abs=0.1)


def test_one_field_per_pledge_member_and_witness(pdf_files):
    assert sorted(field_boxes(pdf_files["pledge"])) == [
        "member-01", "member-02", "member-03", "member-04", "member-05", "witness"]


@pytest.mark.parametrize(("kind", "field", "name"), [
    ("directive", "signer", "Trần Minh Khoa"),
    ("award-decision", "signer", "Bùi Thanh Tùng"),
    ("pledge", "member-01", "Lê Văn Minh"),
    ("pledge", "witness", "Đặng Văn Sơn"),
])
def test_field_sits_just_above_the_signers_name(pdf_files, kind, field, name):
    data = pdf_files[kind]
    page_index, (x1, y1, x2, y2) = field_boxes(data)[field]
    with pdfplumber.open(io.BytesIO(data)) as doc:
        page = doc.pages[page_index]
        line = next(ln for ln in page.extract_text_lines() if name in nfc(ln["text"]))
    name_top = page.height - line["top"]  # PDF coordinates
    assert 0 <= y1 - name_top < 20  # the name starts right under the field
    assert x1 <= line["x0"] + 2 and line["x1"] - 2 <= x2 or (x2 - x1) > 150
    assert y2 - y1 == pytest.approx(30 / 25.4 * 72, abs=1)


def test_pdfa_identification_kept_after_adding_fields(pdf_files):
    raw = PdfReader(io.BytesIO(pdf_files["pledge"])).xmp_metadata.stream.get_data()
    assert b"pdfaid" in raw


def test_a_signing_tool_can_sign_in_the_field(pdf_files, tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Văn thư thử nghiệm")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .sign(key, hashes.SHA256()))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    signer = signers.SimpleSigner(
        signing_cert=load_cert_from_pemder(str(tmp_path / "cert.pem")),
        signing_key=load_private_key_from_pemder(str(tmp_path / "key.pem"), passphrase=None),
        cert_registry=None)

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_files["award-decision"]))
    # Through docgen's runner of coroutines: the browser tests' driver may already run an
    # event loop in this thread (pyHanko's synchronous wrappers call asyncio.run).
    out = aio.run(signers.async_sign_pdf(writer, signers.PdfSignatureMetadata(
        field_name="signer"), signer=signer))
    reader = PdfFileReader(out)
    status = aio.run(async_validate_pdf_signature(
        reader.embedded_signatures[0], ValidationContext(trust_roots=[signer.signing_cert])))
    assert reader.embedded_signatures[0].field_name == "signer"
    assert status.intact and status.valid


def test_forty_members_get_forty_fields_across_pages(sample):
    from docgen.render import pdf as pdf_renderer
    from docgen.service import compose_paper

    data = sample("pledge")
    base = data["members"][2]
    data["members"] = [dict(base, unit=f"Phòng {i}") for i in range(1, 41)]
    del data["witness"]
    boxes = field_boxes(pdf_renderer.render(compose_paper("pledge", data)))
    assert sorted(boxes) == [f"member-{i:02d}" for i in range(1, 41)]
    assert len({page for page, _ in boxes.values()}) >= 4
    # Two blocks a row: the odd member sits left of the even one on the same level.
    (p1, b1), (p2, b2) = boxes["member-01"], boxes["member-02"]
    assert p1 == p2 and b1[1] == pytest.approx(b2[1]) and b1[0] < b2[0]
