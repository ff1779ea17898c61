"""Where a signing key comes from: one interface, three sources.

- :class:`Pkcs12Key`: a PKCS#12 file and its password, given for one signing. Neither the
  bytes nor the password are written anywhere or logged; they live in memory only as long
  as the object does.
- :class:`Pkcs11Key`: a key that stays on a token or HSM (pyHanko's PKCS#11 support over
  python-pkcs11): module path, token label, key label, PIN from the environment or a file.
  The session is opened once and reused, so a batch pays the login once.
- :class:`ExternalKey`: the key stays on the signer's desk (a USB token driven by the
  signer's own software); docgen prepares the document, the desk signs the digest, docgen
  completes the PDF (see :mod:`docgen.signing.remote`).

Every source answers :meth:`KeySource.pyhanko_signer`, and every failure to use a key is a
:class:`SigningKeyError` (an InputError: exit status 2, HTTP 422) with one Vietnamese sentence.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from docgen.errors import FieldError, InputError


class SigningKeyError(InputError):
    """A key that cannot be used: wrong password, unreadable file, token not found."""

    def __init__(self, message: str, *, loc: str = "pkcs12") -> None:
        super().__init__([FieldError((loc,), message)], message=message)


class KeySource(Protocol):
    """Anything that gives a pyHanko signer (with its certificate and chain)."""

    def pyhanko_signer(self) -> Any: ...


@dataclass
class Pkcs12Key:
    """A PKCS#12 archive (``.p12``/``.pfx``) and its password.

    ``repr`` shows neither, so the object is safe in a log line or a traceback.
    """

    data: bytes = field(repr=False)
    password: bytes | None = field(repr=False, default=None)
    _signer: Any = field(default=None, init=False, repr=False)

    def pyhanko_signer(self) -> Any:
        if self._signer is None:
            self._signer = load_pkcs12(self.data, self.password)
        return self._signer


def load_pkcs12(data: bytes, password: bytes | None) -> Any:
    """A pyHanko SimpleSigner from PKCS#12 bytes, or SigningKeyError."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers import SimpleSigner

    if not data:
        raise SigningKeyError("chưa có tệp khóa PKCS#12 (.p12/.pfx)")
    try:
        # Loaded by cryptography first to tell a wrong password from a broken file
        # (pyHanko's own loader says "could not load" for both), and to keep the key.
        pyca_key, _, _ = pkcs12.load_key_and_certificates(data, password or None)
    except ValueError as exc:
        text = str(exc).lower()
        if "password" in text or "mac" in text or "decrypt" in text:
            raise SigningKeyError("sai mật khẩu của tệp khóa PKCS#12", loc="password") from None
        raise SigningKeyError("không đọc được tệp khóa PKCS#12 (.p12/.pfx)") from None
    except TypeError:
        # cryptography raises TypeError when the file is encrypted and no password was given.
        raise SigningKeyError("tệp khóa PKCS#12 cần mật khẩu", loc="password") from None
    base = SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=password or None)
    if base.signing_cert is None or base.signing_key is None or pyca_key is None:
        raise SigningKeyError("tệp PKCS#12 không có khóa ký và chứng thư đi kèm")
    return _kept_key_signer_class()(pyca_key, signing_key=base.signing_key,
                                    signing_cert=base.signing_cert,
                                    cert_registry=base.cert_registry)


@cache
def _kept_key_signer_class() -> type:
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko.sign.signers import SimpleSigner

    class KeptKeySigner(SimpleSigner):
        """pyHanko's SimpleSigner re-reads (and re-checks) the private key from DER on every
        signature, ~100 ms for RSA-2048; this one keeps the loaded key."""

        def __init__(self, pyca_key: Any, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._pyca_key = pyca_key

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            algo = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            hash_algo = get_pyca_cryptography_hash(digest_algorithm)
            key = self._pyca_key
            if algo == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
                return key.sign(data, PKCS1v15(), hash_algo)
            if algo == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
                return key.sign(data, ECDSA(hash_algo))
            return super().sign_raw(data, digest_algorithm)

    return KeptKeySigner


@dataclass(frozen=True)
class Pkcs11Config:
    """How to reach a key on a PKCS#11 token (the agency's key held by the server)."""

    module: Path
    token_label: str
    key_label: str
    cert_label: str | None = None  # defaults to the key's label
    pin_env: str | None = None  # name of an environment variable holding the PIN
    pin_file: Path | None = None  # or a file holding it (first line)

    def pin(self) -> str:
        if self.pin_env:
            value = os.environ.get(self.pin_env)
            if value:
                return value
        if self.pin_file:
            try:
                return self.pin_file.read_text(encoding="utf-8").splitlines()[0].strip()
            except (OSError, IndexError):
                raise SigningKeyError(f"không đọc được mã PIN trong tệp {self.pin_file}",
                                      loc="pkcs11") from None
        raise SigningKeyError("chưa cấu hình mã PIN của thiết bị ký (biến môi trường hoặc tệp)",
                              loc="pkcs11")


class Pkcs11Key:
    """A key on a PKCS#11 token; the session is opened on first use and kept open."""

    def __init__(self, config: Pkcs11Config) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._session: Any = None
        self._signer: Any = None

    def __repr__(self) -> str:
        return f"Pkcs11Key(token={self.config.token_label!r}, key={self.config.key_label!r})"

    def pyhanko_signer(self) -> Any:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        with self._lock:
            if self._signer is not None:
                return self._signer
            cfg = self.config
            if not cfg.module.is_file():
                raise SigningKeyError(f"không thấy thư viện PKCS#11 {cfg.module}", loc="pkcs11")
            try:
                from pkcs11.exceptions import UserAlreadyLoggedIn

                criteria = TokenCriteria(label=cfg.token_label)
                try:
                    self._session = open_pkcs11_session(str(cfg.module), token_criteria=criteria,
                                                        user_pin=cfg.pin())
                except UserAlreadyLoggedIn:
                    # PKCS#11 logs in per process, not per session: another open session
                    # of this process (another key object) already did.
                    self._session = open_pkcs11_session(str(cfg.module), token_criteria=criteria)
                self._signer = PKCS11Signer(self._session, key_label=cfg.key_label,
                                            cert_label=cfg.cert_label or cfg.key_label)
                # Pull the certificate now so that a wrong label fails here, not mid-signing.
                _ = self._signer.signing_cert
            except SigningKeyError:
                raise
            except Exception as exc:  # python-pkcs11 raises its own hierarchy; say which key.
                self.close()
                raise SigningKeyError(
                    f"không dùng được khóa {cfg.key_label!r} trên thiết bị {cfg.token_label!r}: "
                    f"{type(exc).__name__}", loc="pkcs11") from None
            return self._signer

    def close(self) -> None:
        if self._session is not None:
            try:
                self._session.close()
            finally:
                self._session = None
                self._signer = None


@dataclass
class ExternalKey:
    """The signer's certificate only; the private key stays with the signer.

    pyHanko's ExternalSigner needs a placeholder signature value of the right size to
    reserve room in the PDF; the real value arrives later (``remote.complete``).
    """

    cert_der: bytes
    chain_der: tuple[bytes, ...] = ()

    def pyhanko_signer(self) -> Any:
        from asn1crypto import x509
        from pyhanko.sign.signers import ExternalSigner
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        try:
            cert = x509.Certificate.load(self.cert_der)
            _ = cert.public_key  # parse now: a broken upload fails here
            chain = [x509.Certificate.load(c) for c in self.chain_der]
        except (ValueError, TypeError):
            raise SigningKeyError("không đọc được chứng thư số (DER/PEM)", loc="certificate") \
                from None
        size = cert.public_key.bit_size // 8 if cert.public_key.algorithm == "rsa" else 128
        return ExternalSigner(cert, SimpleCertificateStore.from_certs(chain),
                              signature_value=bytes(size))


def load_certificates(data: bytes) -> list[bytes]:
    """DER certificates from PEM (one or many) or DER bytes."""
    from asn1crypto import pem

    if pem.detect(data):
        return [der for _, _, der in pem.unarmor(data, multiple=True)]
    return [data]
