"""Each agency's signing set-up for the records office: its key and its seal.

Read from the YAML file named by ``DOCGEN_SIGNING_CONFIG``; secrets (PIN, password) are
never in it, only where to find them (an environment variable or a file)::

    agencies:
      vks-hung-yen:
        seal_image: /etc/docgen/dau-vks-hung-yen.png   # red PNG, transparent
        seal_mm: 36                                    # the seal's real diameter
        pkcs11:                                        # the agency's key on a token/HSM
          module: /usr/lib/softhsm/libsofthsm2.so
          token_label: VKSHY
          key_label: van-thu
          pin_env: DOCGEN_PIN_VKSHY                    # or pin_file: /run/secrets/pin
      vks-gia-lai:
        seal_image: /etc/docgen/dau-vks-gia-lai.png
        pkcs12: /etc/docgen/vks-gia-lai.p12            # or a PKCS#12 file
        password_file: /run/secrets/vks-gia-lai        # or password_env: NAME

An agency missing from the file has no signing set up: its papers are issued as before,
with number and date rendered into the PDF.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.config import Settings
from docgen.errors import DocgenError, FieldError, InputError
from docgen.signing.appearance import DEFAULT_SEAL_MM, Appearance
from docgen.signing.keys import KeySource, Pkcs11Config, Pkcs11Key, Pkcs12Key, SigningKeyError
from docgen.signing.sign import SignOptions, sign_pdf
from docgen.signing.verify import load_trust_roots


class SigningConfigError(DocgenError):
    """The signing configuration file is wrong (an administrator's error: HTTP 500)."""


@dataclass(frozen=True)
class AgencySigning:
    code: str
    seal_png: bytes | None
    seal_mm: float
    pkcs11: Pkcs11Config | None = None
    pkcs12: Path | None = None
    password_env: str | None = None
    password_file: Path | None = None

    def appearance(self, agency_name: str | None = None) -> Appearance:
        """The seal; with no seal image, the information line (agency name and time)."""
        if self.seal_png:
            return Appearance(seal_png=self.seal_png, seal_mm=self.seal_mm)
        return Appearance(agency_name=agency_name)

    def key(self) -> KeySource:
        if self.pkcs11 is not None:
            return _token_key(self.pkcs11)
        assert self.pkcs12 is not None
        try:
            data = self.pkcs12.read_bytes()
        except OSError:
            raise SigningKeyError(f"không đọc được tệp khóa của cơ quan {self.pkcs12}") from None
        return Pkcs12Key(data, _secret(self.password_env, self.password_file))


def _secret(env: str | None, file: Path | None) -> bytes | None:
    if env and os.environ.get(env):
        return os.environ[env].encode()
    if file:
        try:
            return file.read_text(encoding="utf-8").splitlines()[0].strip().encode()
        except (OSError, IndexError):
            raise SigningKeyError(f"không đọc được mật khẩu trong tệp {file}") from None
    return None


_tokens: dict[Pkcs11Config, Pkcs11Key] = {}
_tokens_lock = threading.Lock()


def _token_key(config: Pkcs11Config) -> Pkcs11Key:
    """One open token session per configuration and process (login once)."""
    with _tokens_lock:
        if config not in _tokens:
            _tokens[config] = Pkcs11Key(config)
        return _tokens[config]


def _path(value: Any, base: Path) -> Path:
    path = Path(str(value))
    return path if path.is_absolute() else base / path


def load_signing_config(path: Path | None) -> dict[str, AgencySigning]:
    """Agency code -> its signing set-up (empty when no file is configured)."""
    if path is None:
        return {}
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        agencies = raw.get("agencies") or {}
        out = {}
        for code, entry in agencies.items():
            base = path.parent
            seal = entry.get("seal_image")
            p11 = entry.get("pkcs11")
            signing = AgencySigning(
                code=str(code),
                seal_png=_path(seal, base).read_bytes() if seal else None,
                seal_mm=float(entry.get("seal_mm", DEFAULT_SEAL_MM)),
                pkcs11=Pkcs11Config(
                    module=_path(p11["module"], base), token_label=str(p11["token_label"]),
                    key_label=str(p11["key_label"]), cert_label=p11.get("cert_label"),
                    pin_env=p11.get("pin_env"),
                    pin_file=_path(p11["pin_file"], base) if p11.get("pin_file") else None)
                if p11 else None,
                pkcs12=_path(entry["pkcs12"], base) if entry.get("pkcs12") else None,
                password_env=entry.get("password_env"),
                password_file=_path(entry["password_file"], base)
                if entry.get("password_file") else None)
            if signing.pkcs11 is None and signing.pkcs12 is None:
                raise ValueError(f"{code}: cần pkcs11 hoặc pkcs12")
            out[str(code)] = signing
        return out
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SigningConfigError(f"tệp cấu hình ký số {path} không dùng được: {exc}") from None


@dataclass(frozen=True)
class SigningSetup:
    """Everything signing needs from the settings, loaded once per app or command."""

    trust_roots: tuple[bytes, ...]
    tsa_url: str | None
    agencies: dict[str, AgencySigning]

    @classmethod
    def from_settings(cls, settings: Settings) -> SigningSetup:
        return cls(tuple(load_trust_roots(settings.trust_roots)), settings.tsa_url or None,
                   load_signing_config(settings.signing_config))

    def for_agency(self, code: str) -> AgencySigning | None:
        return self.agencies.get(code)

    def sealer(self, code: str, agency_name: str | None = None) -> Callable[[bytes], bytes]:
        """A function that adds the agency's seal signature (field ``agency``) to a PDF:
        used by issuing and by certificate batches alike."""

        agency = self.for_agency(code)
        if agency is None:
            raise InputError([FieldError(("agency",), f"cơ quan {code!r} chưa được cấu hình ký "
                                                      "số (DOCGEN_SIGNING_CONFIG)")])
        key = agency.key()
        options = SignOptions(field="agency", appearance=agency.appearance(agency_name),
                              reason="Ban hành văn bản", timestamp_url=self.tsa_url,
                              trust_roots=self.trust_roots)
        return lambda pdf: sign_pdf(pdf, key, options)

    def copy_signer(self, code: str, *, field: str, heading: str, agency_name: str,
                    reason: str) -> Callable[[bytes], bytes]:
        """A function that signs an electronic copy with the agency's key in ``field``,
        showing no image: the copy's form, the agency and the time (Mẫu 3.2)."""
        agency = self.for_agency(code)
        if agency is None:
            raise InputError([FieldError(("electronic",), "cơ quan chưa được cấu hình ký số "
                                         "nên chưa làm được bản sao điện tử; hãy làm bản sao "
                                         "giấy hoặc báo quản trị")])
        key = agency.key()
        options = SignOptions(field=field, appearance=Appearance(agency_name=agency_name,
                                                                 heading=heading),
                              reason=reason, timestamp_url=self.tsa_url,
                              trust_roots=self.trust_roots)
        return lambda pdf: sign_pdf(pdf, key, options)
