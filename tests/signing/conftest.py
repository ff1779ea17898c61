"""The test PKI (a root, a leader, an agency, a timestamp authority, and a stranger whose
certificate chains to nothing trusted), made once per session with ``cryptography``;
signature and seal images drawn with Pillow; a SoftHSM2 token holding the agency's key;
and a local RFC 3161 timestamp server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.helpers import serving

# The registry's database fixtures (SQLite and PostgreSQL), for the registry signing tests.

P12_PASSWORD = b"mat-khau-thu"
SOFTHSM_MODULES = (Path("/usr/lib/softhsm/libsofthsm2.so"),
                   Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"))


@dataclass(frozen=True)
class Identity:
    """A key and its certificate, plus the PKCS#12 file the person would be given."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def p12(self, password: bytes = P12_PASSWORD) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"docgen-test", self.key, self.cert, list(self.chain),
            serialization.BestAvailableEncryption(password))

    def key_pem(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _issue(subject: x509.Name, key: rsa.RSAPrivateKey, issuer: Identity | None, *,
           ca: bool = False, tsa: bool = False) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer.cert.subject if issuer else subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                              critical=False))
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False)
    if ca:
        usage = dict(digital_signature=True, content_commitment=False, key_cert_sign=True,
                     crl_sign=True)
    else:
        usage = dict(digital_signature=True, content_commitment=not tsa, key_cert_sign=False,
                     crl_sign=False)
    builder = builder.add_extension(x509.KeyUsage(
        key_encipherment=False, data_encipherment=False, key_agreement=False,
        encipher_only=False, decipher_only=False, **usage), critical=True)
    if tsa:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return builder.sign(issuer.key if issuer else key, hashes.SHA256())


def make_identity(cn: str, org: str, issuer: Identity | None = None, *, ca: bool = False,
                  tsa: bool = False) -> Identity:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _issue(_name(cn, org), key, issuer, ca=ca, tsa=tsa)
    chain = (issuer.cert, *issuer.chain) if issuer else ()
    return Identity(key, cert, chain)


@dataclass(frozen=True)
class Pki:
    root: Identity
    leader: Identity
    agency: Identity
    tsa: Identity
    stranger: Identity  # self-made root, trusted by nobody
    stranger_leaf: Identity

    def trust_file(self, folder: Path) -> Path:
        path = folder / "goc-tin-cay.pem"
        path.write_bytes(self.root.cert_pem)
        return path


@pytest.fixture(scope="session")
def pki() -> Pki:
    root = make_identity("Cơ quan chứng thực gốc thử nghiệm", "Ban Cơ yếu Chính phủ (thử nghiệm)",
                         ca=True)
    org = "Viện kiểm sát nhân dân tỉnh Hưng Yên"
    stranger = make_identity("Gốc lạ", "Tổ chức không rõ", ca=True)
    return Pki(
        root=root,
        leader=make_identity("Nguyễn Văn Hùng", org, root),
        agency=make_identity(org, org, root),
        tsa=make_identity("Máy chủ cấp dấu thời gian thử nghiệm", "Ban Cơ yếu Chính phủ (thử nghiệm)",
                          root, tsa=True),
        stranger=stranger,
        stranger_leaf=make_identity("Trần Thị Lạ", "Tổ chức không rõ", stranger),
    )


@pytest.fixture(scope="session")
def trust_roots(pki: Pki) -> list[bytes]:
    return [pki.root.cert_der]


def _png(draw_fn, size: tuple[int, int]) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw_fn(ImageDraw.Draw(image), size)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="session")
def signature_png() -> bytes:
    return make_signature_png()


@pytest.fixture(scope="session")
def seal_png() -> bytes:
    return make_seal_png()


def make_signature_png() -> bytes:
    """A blue handwritten-like stroke on a transparent background, 2:1."""
    def draw(d, size):
        w, h = size
        pts = [(int(w * (0.08 + 0.84 * i / 40)),
                int(h * (0.55 + 0.3 * ((-1) ** i) * (i % 7) / 7))) for i in range(41)]
        d.line(pts, fill=(20, 40, 200, 255), width=9, joint="curve")
        d.line([(int(w * 0.15), int(h * 0.8)), (int(w * 0.9), int(h * 0.3))],
               fill=(20, 40, 200, 255), width=6)
    return _png(draw, (600, 300))


def make_seal_png() -> bytes:
    """A red round seal on a transparent background."""
    def draw(d, size):
        w, h = size
        d.ellipse([6, 6, w - 6, h - 6], outline=(220, 20, 20, 255), width=14)
        d.ellipse([60, 60, w - 60, h - 60], outline=(220, 20, 20, 255), width=6)
        d.regular_polygon((w // 2, h // 2, 40), 5, fill=(220, 20, 20, 255))
    return _png(draw, (400, 400))


# --- SoftHSM2 ---------------------------------------------------------------------------

SOFTHSM_TOKEN = "docgen-thu"
SOFTHSM_PIN = "246810"


@dataclass(frozen=True)
class Token:
    module: Path
    label: str
    key_label: str
    pin_env: str


def _der_integer(value: int) -> bytes:
    from asn1crypto.core import Integer

    return Integer(value).dump()


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory, pki: Pki) -> Token:
    """A SoftHSM2 token in a temporary folder holding the agency's key and certificate."""
    return make_softhsm_token(tmp_path_factory.mktemp("softhsm"), pki.agency)


def make_softhsm_token(base: Path, holder: Identity) -> Token:
    """Initialise a SoftHSM2 token under ``base`` and put ``holder``'s key and certificate
    on it (also used by benchmarks/bench_signing.py)."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    module = next((m for m in SOFTHSM_MODULES if m.is_file()), None)
    assert module is not None and shutil.which("softhsm2-util"), \
        "SoftHSM2 is missing: scripts/setup --test installs the Debian package softhsm2"
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\n"
                    "log.level = ERROR\n")
    # SoftHSM reads its configuration when the module is first loaded in this process.
    os.environ["SOFTHSM2_CONF"] = str(conf)
    env = dict(os.environ)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", SOFTHSM_TOKEN,
                    "--so-pin", "13579", "--pin", SOFTHSM_PIN], check=True, env=env,
                   capture_output=True)
    key_file = base / "agency-key.pem"
    key_file.write_bytes(holder.key_pem())
    subprocess.run(["softhsm2-util", "--import", str(key_file), "--token", SOFTHSM_TOKEN,
                    "--label", "agency", "--id", "01", "--pin", SOFTHSM_PIN], check=True,
                   env=env, capture_output=True)
    key_file.unlink()
    lib = pkcs11.lib(str(module))
    with lib.get_token(token_label=SOFTHSM_TOKEN).open(rw=True, user_pin=SOFTHSM_PIN) as s:
        s.create_object({Attribute.CLASS: ObjectClass.CERTIFICATE,
                         Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                         Attribute.TOKEN: True, Attribute.LABEL: "agency",
                         Attribute.ID: b"\x01", Attribute.VALUE: holder.cert_der,
                         Attribute.SUBJECT: holder.cert.subject.public_bytes(),
                         Attribute.ISSUER: holder.cert.issuer.public_bytes(),
                         Attribute.SERIAL_NUMBER: _der_integer(holder.cert.serial_number)})
    os.environ["DOCGEN_TEST_TOKEN_PIN"] = SOFTHSM_PIN
    return Token(module, SOFTHSM_TOKEN, "agency", "DOCGEN_TEST_TOKEN_PIN")


# --- RFC 3161 timestamp server ------------------------------------------------------------

@pytest.fixture(scope="session")
def tsa_url(pki: Pki) -> Iterator[str]:
    """An HTTP timestamp authority on 127.0.0.1 (port chosen by the system), answering
    RFC 3161 requests with pyHanko's test timestamper and the test PKI's TSA key."""

    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import DummyTimeStamper

    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(pki.tsa.cert_der),
        tsa_key=keys.PrivateKeyInfo.load(pki.tsa.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())),
        certs_to_embed=[asn1_x509.Certificate.load(pki.root.cert_der)])

    def tsa(environ: dict, start_response) -> list[bytes]:  # type: ignore[no-untyped-def]
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        data = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
        start_response("200 OK", [("Content-Type", "application/timestamp-reply"),
                                  ("Content-Length", str(len(data)))])
        return [data]

    with serving(tsa) as base:
        yield f"{base}/tsa"
