"""Settings read from the environment (``DOCGEN_*``) once, when an app or command starts.

Nothing here is evaluated at import time; ``Settings.from_env()`` is called by the app
factory and the CLI, and tests build a ``Settings`` directly.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "docgen"


@dataclass(frozen=True)
class Settings:
    """Every knob of docgen in one documented place."""

    #: Folder for the SQLite database and stored files (created on first use).
    data_dir: Path = field(default_factory=_default_data_dir)
    #: SQLAlchemy URL of the registry; empty means ``sqlite:///<data_dir>/docgen.sqlite3``.
    database_url: str = ""
    #: Path of an edited catalog (YAML) replacing the packaged one.
    catalog_path: Path | None = None
    #: Largest accepted JSON body, bytes (HTTP 413 above).
    max_body_bytes: int = 2 * 1024 * 1024
    #: Largest accepted upload (spreadsheet) in bytes.
    max_upload_bytes: int = 10 * 1024 * 1024
    #: Most rows accepted in one batch.
    max_batch_rows: int = 20_000
    #: Flask secret key (sessions, CSRF). Random per process when not configured.
    secret_key: str = ""
    #: Public base URL printed in QR codes of issued papers. ``https://`` also makes the
    #: session cookie ``Secure`` and turns on HSTS.
    public_base_url: str = "http://127.0.0.1:8000"
    #: Certificates trusted as roots when verifying signatures: a PEM/DER file or a folder
    #: of ``.pem``/``.crt``/``.cer`` files (e.g. the national government CA's root).
    trust_roots: Path | None = None
    #: RFC 3161 timestamp authority; when set, every signature is timestamped and carries
    #: its validation data (PAdES B-LT).
    tsa_url: str = ""
    #: YAML file with each agency's signing key (PKCS#11 token or PKCS#12 file) and seal
    #: image; without it issuing renders number and date as before (see docgen.signing.config).
    signing_config: Path | None = None
    #: Where sign-in attempts are counted (Flask-Limiter storage URI); ``memory://`` is per
    #: process, ``redis://…`` shares the count between server processes.
    ratelimit_storage_uri: str = "memory://"
    #: Open the stateless render API (``/api/v1/<kind>/render``, schemas) to callers who
    #: are not signed in - for a trusted network only. Off by default.
    open_render_api: bool = False

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'docgen.sqlite3'}"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        s = cls()
        updates: dict[str, object] = {}
        if v := env.get("DOCGEN_DATA_DIR"):
            updates["data_dir"] = Path(v)
        if v := env.get("DOCGEN_DATABASE_URL"):
            updates["database_url"] = v
        if v := env.get("DOCGEN_CATALOG"):
            updates["catalog_path"] = Path(v)
        if v := env.get("DOCGEN_MAX_BODY_BYTES"):
            updates["max_body_bytes"] = int(v)
        if v := env.get("DOCGEN_MAX_UPLOAD_BYTES"):
            updates["max_upload_bytes"] = int(v)
        if v := env.get("DOCGEN_MAX_BATCH_ROWS"):
            updates["max_batch_rows"] = int(v)
        if v := env.get("DOCGEN_PUBLIC_BASE_URL"):
            updates["public_base_url"] = v.rstrip("/")
        if v := env.get("DOCGEN_TRUST_ROOTS"):
            updates["trust_roots"] = Path(v)
        if v := env.get("DOCGEN_TSA_URL"):
            updates["tsa_url"] = v
        if v := env.get("DOCGEN_SIGNING_CONFIG"):
            updates["signing_config"] = Path(v)
        if v := env.get("DOCGEN_RATELIMIT_STORAGE_URI"):
            updates["ratelimit_storage_uri"] = v
        if v := env.get("DOCGEN_OPEN_RENDER_API"):
            updates["open_render_api"] = v.strip().lower() in ("1", "true", "yes", "on")
        updates["secret_key"] = env.get("DOCGEN_SECRET_KEY") or secrets.token_hex(32)
        return replace(s, **updates)  # type: ignore[arg-type]
