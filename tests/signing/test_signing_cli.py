"""``docgen sign``, ``docgen fill`` and ``docgen verify`` as a records office uses them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.signing.conftest import P12_PASSWORD
from tests.signing.helpers import unnumbered_pdf

PASSWORD = P12_PASSWORD.decode()


@pytest.fixture
def files(tmp_path, pki, signature_png, seal_png):
    from tests.conftest import load_sample

    (tmp_path / "giay.pdf").write_bytes(unnumbered_pdf(load_sample))
    (tmp_path / "key.p12").write_bytes(pki.leader.p12())
    (tmp_path / "la.p12").write_bytes(pki.stranger_leaf.p12())
    (tmp_path / "chu-ky.png").write_bytes(signature_png)
    (tmp_path / "dau.png").write_bytes(seal_png)
    pki.trust_file(tmp_path)
    return tmp_path


@pytest.fixture
def runner(files) -> CliRunner:
    return CliRunner(env={"DOCGEN_TRUST_ROOTS": str(files / "goc-tin-cay.pem"),
                          "DOCGEN_SIGNING_CONFIG": None, "DOCGEN_TSA_URL": None})


def sign(runner, files, *extra, password=PASSWORD, key="key.p12", src="giay.pdf",
         out="da-ky.pdf"):
    return runner.invoke(main, ["sign", str(files / src), "--field", "signer",
                                "--pkcs12", str(files / key), "--password-stdin",
                                "--image", str(files / "chu-ky.png"), "-o", str(files / out),
                                *extra], input=password + "\n")


@pytest.mark.slow
def test_sign_then_verify_exits_0(runner, files):
    result = sign(runner, files)
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["verify", str(files / "da-ky.pdf")])
    assert result.exit_code == 0, result.output
    assert "ô signer" in result.output and "Nguyễn Văn Hùng" in result.output
    assert "chứng thư tin cậy: có" in result.output


def test_wrong_password_is_one_line_and_exit_2(runner, files):
    result = sign(runner, files, password="sai-roi")
    assert result.exit_code == 2
    assert result.output.strip() == "password: sai mật khẩu của tệp khóa PKCS#12"
    assert not (files / "da-ky.pdf").exists()


def test_unreadable_key_is_one_line_and_exit_2(runner, files):
    (files / "hong.p12").write_bytes(b"not a key")
    result = sign(runner, files, key="hong.p12")
    assert result.exit_code == 2
    assert result.output.strip() == "pkcs12: không đọc được tệp khóa PKCS#12 (.p12/.pfx)"


def test_verify_exits_non_zero_for_an_untrusted_signer(runner, files):
    assert sign(runner, files, key="la.p12").exit_code == 0
    result = runner.invoke(main, ["verify", str(files / "da-ky.pdf"), "--json"])
    assert result.exit_code == 1
    (sig,) = json.loads(result.output)["signatures"]
    assert sig["intact"] and not sig["trusted"] and sig["signer"] == "Trần Thị Lạ"


def test_verify_of_an_unsigned_file_exits_non_zero(runner, files):
    result = runner.invoke(main, ["verify", str(files / "giay.pdf")])
    assert result.exit_code == 1 and "không có chữ ký số" in result.output


@pytest.mark.slow
def test_leader_then_fill_then_agency_token_from_the_command_line(runner, files, softhsm_token):
    config = files / "ky-so.yaml"
    config.write_text(
        "agencies:\n  vks-hung-yen:\n    seal_image: dau.png\n    seal_mm: 36\n"
        f"    pkcs11:\n      module: {softhsm_token.module}\n"
        f"      token_label: {softhsm_token.label}\n      key_label: {softhsm_token.key_label}\n"
        f"      pin_env: {softhsm_token.pin_env}\n", encoding="utf-8")
    runner.env["DOCGEN_SIGNING_CONFIG"] = str(config)
    assert sign(runner, files).exit_code == 0
    result = runner.invoke(main, ["fill", str(files / "da-ky.pdf"), "--number", "7",
                                  "--date", "2026-01-05", "-o", str(files / "da-dien.pdf")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["sign", str(files / "da-dien.pdf"), "--field", "agency",
                                  "--agency", "vks-hung-yen", "-o", str(files / "ban-hanh.pdf")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["verify", str(files / "ban-hanh.pdf")])
    assert result.exit_code == 0, result.output
    assert result.output.count("nguyên vẹn: có") == 2


@pytest.mark.slow
def test_certificate_zip_batch_signed_with_the_agency_seal(runner, files, pki):
    import io
    import zipfile

    from docgen.signing.verify import verify_pdf
    from tests.helpers import SAMPLES

    (files / "van-thu.p12").write_bytes(pki.agency.p12())
    (files / "mat-khau").write_text(PASSWORD + "\n", encoding="utf-8")
    config = files / "ky-so.yaml"
    config.write_text("agencies:\n  vkstc:\n    seal_image: dau.png\n    pkcs12: van-thu.p12\n"
                      "    password_file: mat-khau\n", encoding="utf-8")
    runner.env["DOCGEN_SIGNING_CONFIG"] = str(config)
    out = files / "bang.zip"
    result = runner.invoke(main, ["batch", "certificates", str(SAMPLES / "certificate.json"),
                                  "-o", str(out), "--sign-agency", "vkstc"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as z:
        pdfs = [z.read(n) for n in z.namelist() if n.endswith(".pdf")]
    assert len(pdfs) >= 2
    for pdf in pdfs:
        (sig,) = verify_pdf(pdf, [pki.root.cert_der]).signatures
        assert sig.ok and sig.field == "agency"
    merged = runner.invoke(main, ["batch", "certificates", str(SAMPLES / "certificate.json"),
                                  "-o", str(files / "in.pdf"), "--sign-agency", "vkstc"])
    assert merged.exit_code == 2  # the print file is never signed
