"""Settings read from the environment (``DOCGEN_*``) once, when an app or command starts.

This is the one place a setting is read: each face calls ``Settings.from_env()`` once and
hands the result to the composition root (``docgen.services.root``), which gives every
service what it needs; nothing reads ``os.environ`` deep inside. Nothing here is evaluated
at import time; tests build a ``Settings`` directly.

The secret key (sessions, CSRF tokens) must be the same in every web process and worker,
or they reject each other's sessions: unless ``DOCGEN_SECRET_KEY`` is set, it is created
once in the data folder (``secret_key``, mode 0600) and read back by every process.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

log = logging.getLogger("docgen.config")

#: Name of the persisted secret key file inside the data folder.
SECRET_KEY_FILE = "secret_key"


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
    #: Emblem image (PNG or SVG) printed at the top of certificates; None: a neutral ornament.
    certificate_emblem: Path | None = None
    #: Largest accepted JSON body, bytes (HTTP 413 above).
    max_body_bytes: int = 2 * 1024 * 1024
    #: Largest accepted upload (spreadsheet) in bytes.
    max_upload_bytes: int = 10 * 1024 * 1024
    #: Most rows accepted in one batch.
    max_batch_rows: int = 20_000
    #: Flask secret key (sessions, CSRF). Empty: persisted in the data folder on first run
    #: (see ``with_secret_key``).
    secret_key: str = ""
    #: Public base URL printed in QR codes of issued papers. ``https://`` also makes the
    #: session cookie ``Secure`` and turns on HSTS.
    public_base_url: str = "http://127.0.0.1:8000"
    #: Log level of docgen's loggers (``DEBUG``, ``INFO``, ``WARNING``...).
    log_level: str = "INFO"
    #: ``json`` (one JSON object a line, for a log collector) or ``text`` (for a terminal).
    log_format: str = "json"
    #: ``docgen serve``: web processes (1 = one waitress process, more = gunicorn).
    web_workers: int = 1
    #: ``docgen serve``: threads per web process. Most of them wait for a render slot under
    #: a burst of renders; there are enough that a page or a health check finds a free one.
    web_threads: int = 32
    #: ``docgen serve --workers``: a process silent this long (seconds) is killed and replaced.
    web_timeout_s: int = 60
    #: ``docgen serve --workers``: a process is recycled after this many requests (bounds the
    #: memory WeasyPrint and Pango keep growing); 0 never recycles.
    web_max_requests: int = 1000
    #: Renders run at once in one web process; the other threads stay free for pages.
    render_slots: int = 1
    #: How long (seconds) a render request waits for a free slot before a 503.
    render_wait_s: float = 30.0
    #: Certificates trusted as roots when verifying signatures: a PEM/DER file or a folder
    #: of ``.pem``/``.crt``/``.cer`` files (e.g. the national government CA's root).
    trust_roots: Path | None = None
    #: RFC 3161 timestamp authority; when set, every signature is timestamped and carries
    #: its validation data (PAdES B-LT).
    tsa_url: str = ""
    #: YAML file with each agency's signing key (PKCS#11 token or PKCS#12 file) and seal
    #: image; without it issuing renders number and date as before (see docgen.signing.config).
    signing_config: Path | None = None
    #: Where sign-in attempts are counted (Flask-Limiter storage URI). Empty: in docgen's
    #: database, shared by every server process; ``redis://…`` for a busy site;
    #: ``memory://`` counts per process (one process only).
    ratelimit_storage_uri: str = ""
    #: A signed-in browser left untouched this long (minutes) must sign in again.
    session_idle_minutes: int = 30
    #: However active, a browser signs in again after this many hours (a working day).
    session_max_hours: int = 12
    #: Open the stateless render API (``/api/v1/<kind>/render``, schemas) to callers who
    #: are not signed in - for a trusted network only. Off by default.
    open_render_api: bool = False
    #: Serve ``/metrics`` to callers who are not signed in (a scraper on a trusted network).
    #: Off by default: a scraper then sends a Bearer token.
    open_metrics: bool = False
    #: Celery broker (``redis://127.0.0.1:6379/0``): batches and long renders go to Celery
    #: workers (``docgen worker``). Empty: they run inside the web process.
    broker_url: str = ""
    #: Celery queue of docgen's tasks.
    job_queue: str = "docgen"
    #: ``host:port`` where ``docgen worker`` serves the Prometheus metrics of its processes
    #: (jobs, render times); empty: none. The web service's ``/metrics`` shows only its own.
    worker_metrics: str = ""
    #: Certificates per chunk: the unit of work a worker takes (and redoes after a crash).
    job_chunk_size: int = 500
    #: A queued or running job that shows no sign of life this long (no heartbeat, and no
    #: message left in the broker) is marked failed instead of being polled forever.
    job_stale_seconds: int = 600
    #: Redis redelivers a task whose worker died (late acknowledgement) after this long.
    #: Keep it above the longest single task (a chunk, or the merge of a large batch).
    job_visibility_timeout: int = 3600
    #: A chunk whose Celery worker has not renewed its lease this long (seconds; killed,
    #: out of memory, machine lost) is queued again for another worker, instead of
    #: waiting for the visibility timeout. Renewed four times per lease.
    job_lease_seconds: int = 60
    #: Time limit of one render (a chunk of a batch, or a paper rendered as a job), seconds.
    render_time_limit: int = 900
    #: Finished batches and their files are deleted after this many days.
    batch_retention_days: int = 30
    #: ``POST /api/v1/<kind>/render`` with more certificates than this becomes a job (202).
    render_async_certificates: int = 50
    #: ``POST /api/v1/<kind>/render`` of a decision with more people (and collectives) than
    #: this becomes a job (202).
    render_async_people: int = 300
    #: argon2id cost of password hashes: passes, memory (KiB) and lanes. The defaults are
    #: argon2-cffi's (RFC 9106's second recommendation); a hash made with other values is
    #: re-hashed at its owner's next sign-in. The test suite sets them cheap.
    password_hash_time_cost: int = 3
    password_hash_memory_cost: int = 65536
    password_hash_parallelism: int = 4

    #: E-mail notifications of a paper's steps (returned, submitted, approved, issued):
    #: off unless ``smtp_host`` is set. Sent from the job queue, never inside a request.
    smtp_host: str = ""
    smtp_port: int = 587
    #: Sign-in to the SMTP server (empty: none). The password is never logged nor shown.
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    #: The sender's address; empty: ``smtp_user``, else ``docgen@<smtp_host>``.
    smtp_from: str = ""
    #: Upgrade the connection with STARTTLS before signing in (port 587).
    smtp_starttls: bool = True

    @property
    def mail_enabled(self) -> bool:
        return bool(self.smtp_host)

    @property
    def mail_from(self) -> str:
        return self.smtp_from or (self.smtp_user if "@" in self.smtp_user
                                  else f"docgen@{self.smtp_host}")

    #: Public verification (``POST /api/v1/verify``, the upload on ``/verify/<code>``), open
    #: to anyone: the largest PDF checked, in bytes (413 above).
    verify_max_bytes: int = 10 * 1024 * 1024
    #: Most digital signatures checked in one file; a file with more is refused before any
    #: is checked (each later signature costs more than the one before it).
    verify_max_signatures: int = 20
    #: Time limit of one verification, seconds: it runs in a process of its own, killed
    #: past the limit, so it never holds a web thread or the interpreter lock.
    verify_time_limit_s: float = 20.0
    #: Verifications at once per web process; the others wait ``verify_wait_s``, then 503.
    verify_slots: int = 1
    #: How long (seconds) a verification waits for a free slot before a 503.
    verify_wait_s: float = 5.0
    #: Look-ups of a verification code per client address (Flask-Limiter syntax; 429 above).
    verify_rate_limit: str = "30 per minute;300 per hour"
    #: Uploads to verify per client address (the page's and the API's together).
    verify_upload_rate_limit: str = "6 per minute;60 per hour"

    @property
    def worker_metrics_address(self) -> tuple[str, int] | None:
        """``worker_metrics`` as (host, port); None when not set."""
        if not self.worker_metrics:
            return None
        host, _, port = self.worker_metrics.rpartition(":")
        return host.strip("[]") or "127.0.0.1", int(port)

    def __post_init__(self) -> None:
        # A caller embedding docgen may pass a folder or file as text (as from a config
        # file); everything below joins paths with ``/``, so keep them ``Path``s.
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and f.type in ("Path", "Path | None"):
                object.__setattr__(self, f.name, Path(value))

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
        # Folders and files come as text too: __post_init__ makes them ``Path``s.
        texts = {"DOCGEN_DATA_DIR": "data_dir", "DOCGEN_CATALOG": "catalog_path",
                 "DOCGEN_CERTIFICATE_EMBLEM": "certificate_emblem",
                 "DOCGEN_TRUST_ROOTS": "trust_roots", "DOCGEN_SIGNING_CONFIG": "signing_config",
                 "DOCGEN_DATABASE_URL": "database_url", "DOCGEN_SECRET_KEY": "secret_key",
                 "DOCGEN_LOG_LEVEL": "log_level", "DOCGEN_LOG_FORMAT": "log_format",
                 "DOCGEN_RATELIMIT_STORAGE_URI": "ratelimit_storage_uri",
                 "DOCGEN_BROKER_URL": "broker_url", "DOCGEN_JOB_QUEUE": "job_queue",
                 "DOCGEN_TSA_URL": "tsa_url", "DOCGEN_WORKER_METRICS": "worker_metrics",
                 "DOCGEN_VERIFY_RATE_LIMIT": "verify_rate_limit",
                 "DOCGEN_SMTP_HOST": "smtp_host", "DOCGEN_SMTP_USER": "smtp_user",
                 "DOCGEN_SMTP_PASSWORD": "smtp_password", "DOCGEN_SMTP_FROM": "smtp_from",
                 "DOCGEN_VERIFY_UPLOAD_RATE_LIMIT": "verify_upload_rate_limit"}
        ints = {"DOCGEN_MAX_BODY_BYTES": "max_body_bytes",
                "DOCGEN_MAX_UPLOAD_BYTES": "max_upload_bytes",
                "DOCGEN_MAX_BATCH_ROWS": "max_batch_rows", "DOCGEN_WEB_WORKERS": "web_workers",
                "DOCGEN_WEB_THREADS": "web_threads", "DOCGEN_WEB_TIMEOUT": "web_timeout_s",
                "DOCGEN_WEB_MAX_REQUESTS": "web_max_requests",
                "DOCGEN_RENDER_SLOTS": "render_slots",
                "DOCGEN_SESSION_IDLE_MINUTES": "session_idle_minutes",
                "DOCGEN_SMTP_PORT": "smtp_port",
                "DOCGEN_SESSION_MAX_HOURS": "session_max_hours",
                **{f"DOCGEN_{name.upper()}": name for name in (
                    "job_chunk_size", "job_stale_seconds", "job_visibility_timeout",
                    "job_lease_seconds",
                    "render_time_limit", "batch_retention_days", "render_async_certificates",
                    "render_async_people", "password_hash_time_cost",
                    "password_hash_memory_cost", "password_hash_parallelism",
                    "verify_max_bytes", "verify_max_signatures", "verify_slots")}}
        for var, name in texts.items():
            if v := env.get(var):
                updates[name] = v
        for var, name in ints.items():
            if v := env.get(var):
                updates[name] = int(v)
        if v := env.get("DOCGEN_RENDER_WAIT"):
            updates["render_wait_s"] = float(v)
        if v := env.get("DOCGEN_VERIFY_TIME_LIMIT"):
            updates["verify_time_limit_s"] = float(v)
        if v := env.get("DOCGEN_VERIFY_WAIT"):
            updates["verify_wait_s"] = float(v)
        if v := env.get("DOCGEN_PUBLIC_BASE_URL"):
            updates["public_base_url"] = v.rstrip("/")
        if v := env.get("DOCGEN_OPEN_RENDER_API"):
            updates["open_render_api"] = v.strip().lower() in ("1", "true", "yes", "on")
        if v := env.get("DOCGEN_OPEN_METRICS"):
            updates["open_metrics"] = v.strip().lower() in ("1", "true", "yes", "on")
        if v := env.get("DOCGEN_SMTP_STARTTLS"):
            updates["smtp_starttls"] = v.strip().lower() in ("1", "true", "yes", "on")
        return replace(s, **updates)  # type: ignore[arg-type]

    def with_secret_key(self) -> Settings:
        """These settings with a secret key: the configured one, else the persisted one."""
        if self.secret_key:
            return self
        return replace(self, secret_key=persisted_secret_key(self.data_dir))


def persisted_secret_key(data_dir: Path) -> str:
    """The secret key stored in ``data_dir``, created on first call.

    Created atomically: the key is written to a private temporary file, then hard-linked to
    its name, which fails if another process got there first, so two processes starting
    together end up reading the same key. The file is readable by its owner only.
    """
    path = data_dir / SECRET_KEY_FILE
    key = _read_key(path)
    if key:
        return key
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = data_dir / f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
            log.info("secret key created", extra={"path": str(path)})
        except FileExistsError:
            pass  # another process won the race: use its key
    finally:
        tmp.unlink(missing_ok=True)
    key = _read_key(path)
    if not key:
        raise RuntimeError(f"secret key file {path} is empty")
    return key


def _read_key(path: Path) -> str:
    try:
        mode = path.stat().st_mode
        key = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("secret key file is readable by other users; chmod 600 it",
                    extra={"path": str(path)})
    return key
