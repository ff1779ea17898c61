"""Every table of docgen's database, as typed SQLAlchemy 2 models: papers, audit, counters,
certificates, batches, users and API tokens, signatures, agencies' templates, commendation
rounds. One module, so the migrations,
the backups and the services import one place."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


#: Column ``info`` of a column that holds the SHA-256 of a stored file (see backup.py).
STORED_FILE = {"stored_file": True}


class Counter(Base):
    """Last number given in one sequence: per agency, per year (0 for the register of
    certificates, which does not restart), per sequence (``shared``, a type, ``council``,
    ``register``)."""

    __tablename__ = "counters"

    agency: Mapped[str] = mapped_column(String(60), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence: Mapped[str] = mapped_column(String(30), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


#: Longest title a paper keeps (characters); a longer one is cut between words.
PAPER_TITLE_LENGTH = 400


class Paper(Base):
    """A paper in the registry: draft -> submitted -> (returned -> draft) -> approved ->
    issued (number, date, files) -> maybe revoked. ``agency`` is the owning agency (the
    drafting clerk's); the numbering agency comes from the issuer in the input."""

    __tablename__ = "papers"
    __table_args__ = (
        # Number + symbol is unique per agency per year (drafts have no number: NULLs).
        UniqueConstraint("agency", "year", "symbol", "number", name="uq_papers_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    agency: Mapped[str] = mapped_column(String(60), index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    title: Mapped[str] = mapped_column(String(PAPER_TITLE_LENGTH))
    input_json: Mapped[str] = mapped_column(Text)
    #: False for a draft kept as the clerk left it, before it validates (its input is then
    #: stored as typed, its title is the kind's); it cannot be submitted until it does.
    complete: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    symbol: Mapped[str | None] = mapped_column(String(60))
    sequence: Mapped[str | None] = mapped_column(String(30))
    issued_on: Mapped[date | None] = mapped_column(Date)
    # ``stored_file`` marks a column holding the SHA-256 of a file in the FileStore: backups
    # carry every file so marked (docgen.services.registry.backup).
    docx_sha256: Mapped[str | None] = mapped_column(String(64), info=STORED_FILE)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), index=True, info=STORED_FILE)
    verify_code: Mapped[str | None] = mapped_column(String(20), unique=True)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    #: Login of the clerk who drafted it (only they edit and submit it).
    created_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The agency's template (and its version) the paper was made from, if any. No foreign
    #: key: adding one would make SQLite rebuild ``papers``, which the audit refers to.
    template_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    template_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: What the search reads, folded (docgen.services.registry.search): title, composed
    #: trích yếu, the texts of the input; written with the paper.
    search_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: The commendation round whose "Tạo hồ sơ" made this draft, and which of its papers it
    #: is (``minutes``, ``proposal:agency``, ``proposal:higher``, ``decision:<award>``). No
    #: foreign key, for the same reason as ``template_id``.
    round_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    round_slot: Mapped[str | None] = mapped_column(String(80), nullable=True)
    #: For a copy (kind ``copy``: sao y, sao lục, trích sao), the paper it copies: an issued
    #: paper of the same agency, or for a sao lục the sao y it was made from. No foreign
    #: key, as ``template_id``.
    copy_of: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)


class AuditEntry(Base):
    """Who did what to which paper, when."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    #: Login of the signed-in user (or ``cli:<os user>``), never a name a client typed.
    actor: Mapped[str] = mapped_column(String(120))
    agency: Mapped[str | None] = mapped_column(String(60), index=True)
    ip: Mapped[str | None] = mapped_column(String(45))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    detail: Mapped[str | None] = mapped_column(Text)
    #: Done with an API token someone else (an administrator) minted for ``actor``: the
    #: minter's login, so acting in another's name is never unseen.
    minted_by: Mapped[str | None] = mapped_column(String(60))
    #: The commendation round the entry is about (its history), if any. No foreign key:
    #: adding one would make SQLite rebuild ``audit``.
    round_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)


class Certificate(Base):
    """A certificate issued from a batch: its register number (sổ vàng) and verification
    code, and what the public page may show."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("agency", "register_number", name="uq_certificates_register"),
        # One certificate per row of a batch: a retried allocation finds it, never adds one.
        UniqueConstraint("batch_id", "row_index", name="uq_certificates_batch_row"),
        # A person is registered once per decision and award, whatever process or batch
        # asks: the database refuses a second entry. A cancelled number holds no key (NULL),
        # so it never blocks the person's real registration.
        UniqueConstraint("agency", "award", "decision_number", "decision_date",
                         "recipient_key", name="uq_certificates_once"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency: Mapped[str] = mapped_column(String(60), index=True)
    register_number: Mapped[int | None] = mapped_column(Integer)
    verify_code: Mapped[str] = mapped_column(String(20), unique=True)
    recipient: Mapped[str] = mapped_column(String(400))
    #: Position and unit as printed under the name ("Kiểm sát viên, Phòng 1").
    unit: Mapped[str | None] = mapped_column(String(800))
    award: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(400))
    issuer: Mapped[str] = mapped_column(String(400))
    #: The award decision carried out: number and symbol ("125/QĐ-VKSTC"), its date.
    decision_number: Mapped[str | None] = mapped_column(String(80))
    decision_date: Mapped[date | None] = mapped_column(Date)
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    batch_id: Mapped[str | None] = mapped_column(String(40), index=True)
    #: Position of the certificate among the batch's produced rows (0-based).
    row_index: Mapped[int | None] = mapped_column(Integer)
    #: Who the certificate is for, as compared (docgen.services.registry.certificates
    #: .recipient_key); NULL for a cancelled number and for entries made before 0009 that
    #: repeated an earlier one.
    recipient_key: Mapped[str | None] = mapped_column(String(64))
    #: The registry's award decision the certificate carries out (an issued paper) ...
    decision_paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id"))
    #: ... or True: the decision is not in this registry (another body's, cited as typed).
    decision_external: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=false())
    #: ``pending`` from allocation until the batch's file is stored, then ``issued``;
    #: ``cancelled`` when the batch failed for good and the number could not be given back.
    status: Mapped[str] = mapped_column(String(10), default="issued")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: What the search reads, folded (docgen.services.registry.search): recipient, unit,
    #: title, issuer, decision.
    search_text: Mapped[str | None] = mapped_column(Text, nullable=True)


class Batch(Base):
    """A long job: a certificate batch, or a paper too large to render inside a request.

    Its state lives here (not in a process) so every web process and worker sees the same
    truth, and a restarted server reports it; inputs and results are storage keys."""

    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: ``certificates`` for a batch, or the paper kind of a render job (``award-decision``).
    kind: Mapped[str] = mapped_column(String(40), default="certificates")
    state: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    output_format: Mapped[str] = mapped_column(String(10))
    #: ``json`` or ``spreadsheet``.
    source: Mapped[str] = mapped_column(String(20))
    input_name: Mapped[str | None] = mapped_column(String(255))
    input_key: Mapped[str] = mapped_column(String(64))
    meta_key: Mapped[str | None] = mapped_column(String(64))
    #: The validated rows, written once by the first step, read by every chunk.
    rows_key: Mapped[str | None] = mapped_column(String(64))
    registered: Mapped[bool] = mapped_column(Boolean, default=False)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    produced: Mapped[int | None] = mapped_column(Integer)
    rejected: Mapped[int | None] = mapped_column(Integer)
    blank_rows: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    notes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    result_key: Mapped[str | None] = mapped_column(String(64))
    result_name: Mapped[str | None] = mapped_column(String(255))
    result_size: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str | None] = mapped_column(String(120))
    agency: Mapped[str | None] = mapped_column(String(60), index=True)
    #: The issued award decision this batch prints certificates for (its paper page's
    #: button), so pressing the button again finds the batch.
    decision_paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id"), index=True)
    #: Rows already in the sổ vàng that this batch reprinted with their own numbers.
    reprinted: Mapped[int | None] = mapped_column(Integer)
    #: The agency (catalog code) whose seal signs each certificate of a ZIP batch, if any.
    seal_agency: Mapped[str | None] = mapped_column(String(60))
    #: ``inprocess`` or ``celery``: who is expected to heartbeat it.
    runner: Mapped[str] = mapped_column(String(10), default="inprocess")
    #: ``hostname:pid`` of the process running an in-process job (none for Celery).
    owner: Mapped[str | None] = mapped_column(String(120))
    #: How many times another process took the in-process job over after its own stopped.
    adoptions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    seconds: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)
    trace: Mapped[str | None] = mapped_column(Text)


class BatchChunk(Base):
    """A slice of a batch's produced rows, rendered by one task; its file is a storage
    key, set once (a task that finds it set does nothing)."""

    __tablename__ = "batch_chunks"

    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"),
                                          primary_key=True)
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    first: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    result_key: Mapped[str | None] = mapped_column(String(64))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The chunk's lease (Celery): ``hostname:pid`` of the worker process rendering it, and
    #: its last beat. A lease silent for ``job_lease_seconds`` is taken for lost and the
    #: chunk is queued again (``docgen.services.jobs.recovery``).
    holder: Mapped[str | None] = mapped_column(String(120))
    beat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: When its task was last sent to the broker (None: not yet).
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: How many times it was queued again after its worker was lost.
    requeues: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


# -- accounts: users (password hashed with argon2) and API tokens (only a SHA-256 of the
# token is kept; the token itself is shown once) ----------------------------------------


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: The catalog's agency code (``vks-hung-yen``); a user belongs to one agency.
    agency: Mapped[str] = mapped_column(String(60), index=True)
    #: Role names, comma-separated and sorted (``clerk,leader``).
    roles: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Raised on sign-out, password change and disabling: a session cookie carries the
    #: version it was signed in at and is worth nothing once it differs.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Where the paper notifications go (optional; none are sent without it).
    email: Mapped[str | None] = mapped_column(String(254))
    #: The unit (đơn vị: ``Phòng 1``, ``Văn phòng``) the user works in, if any: a clerk
    #: proposes the round's nominations of their own unit only.
    unit: Mapped[str | None] = mapped_column(String(200), nullable=True)

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(r for r in self.roles.split(",") if r)


class MailOutbox(Base):
    """An e-mail to send (a step of a paper, to one person), written in the step's own
    transaction so that none is lost, sent by the job queue, marked sent once
    (``docgen.services.registry.notices`` writes them, ``docgen.services.jobs.mail`` sends)."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id"), index=True)
    #: The step that made it: ``returned``, ``submitted``, ``approved``, ``issued``.
    event: Mapped[str] = mapped_column(String(20))
    to_login: Mapped[str | None] = mapped_column(String(60))
    to_addr: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(400))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: When the next try is due; None once sent or given up.
    next_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    #: A sender holds the row until then (two processes never send it at once).
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Why the last try failed (never the SMTP password).
    error: Mapped[str | None] = mapped_column(Text)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: SHA-256 (hex) of the token: tokens are 256-bit random, so a fast hash is enough and
    #: lets a request be matched with one indexed look-up.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The first characters, to tell tokens apart in lists (not enough to use one).
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Login of whoever minted the token for another user (an administrator); None when
    #: the user's own (or the server operator's command line).
    minted_by: Mapped[str | None] = mapped_column(String(60))


class RateLimit(Base):
    """A counter of the sign-in limits (Flask-Limiter's fixed windows), kept in the
    database so every server process counts the same attempts."""

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    #: Seconds since the epoch at which the window ends (and the row may be deleted).
    expires_at: Mapped[float] = mapped_column(Float, index=True)


# -- signatures -----------------------------------------------------------------------------


class PaperSignature(Base):
    """One signature on one paper: who, with which certificate, when, and the file after it."""

    __tablename__ = "paper_signatures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    signer: Mapped[str] = mapped_column(String(400))
    organisation: Mapped[str | None] = mapped_column(String(400))
    cert_sha256: Mapped[str] = mapped_column(String(64))
    #: Which certificate signed: its issuer, serial number (hex) and the certificate (DER).
    cert_issuer: Mapped[str | None] = mapped_column(String(400))
    cert_serial: Mapped[str | None] = mapped_column(String(80))
    certificate: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: Aware UTC (SQLite gives it back naive: read with ``docgen.vn.dates.utc``).
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: The PDF right after this signature (stored by hash; backups carry it).
    pdf_sha256: Mapped[str] = mapped_column(String(64), info=STORED_FILE)
    #: The verification code printed in the PDF the leader signed (becomes the paper's).
    verify_code: Mapped[str | None] = mapped_column(String(20))
    #: Login of the user who signed (or, for the agency's signature, who issued).
    actor: Mapped[str] = mapped_column(String(120))


# -- agencies' templates: each save a new immutable version ---------------------------------


class Template(Base):
    """An agency's template of a kind of paper; its content lives in its versions."""

    __tablename__ = "templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The owning agency (catalog code); only it manages the template.
    agency: Mapped[str] = mapped_column(String(60), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(400))
    #: Offered to the agencies below the owner too (a VKSTC template for every province).
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The version the agency chose to use (the first one until it chooses another).
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TemplateVersion(Base):
    """One saved content of a template, never changed: numbered from 1, with the SHA-256
    of its canonical JSON."""

    __tablename__ = "template_versions"
    __table_args__ = (UniqueConstraint("template_id", "sha256", name="uq_template_content"),)

    template_id: Mapped[int] = mapped_column(ForeignKey("templates.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    content_json: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- commendation rounds (đợt xét khen thưởng) ----------------------------------------------


class Round(Base):
    """A commendation round of an agency: its head (issuer, council, meeting, proposal) as
    the round document's JSON without its nominations, which are rows of their own so that
    each unit edits its own. ``status``: ``open`` (nominations come in) -> ``meeting`` (the
    council's meeting and votes are recorded) -> ``papers`` (the drafts are made).
    ``version`` rises with every change: a page that saves the head or the votes sends the
    version it read, and a stale one is refused (409)."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency: Mapped[str] = mapped_column(String(60), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(10), default="open")
    version: Mapped[int] = mapped_column(Integer, default=1)
    head_json: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RoundNomination(Base):
    """One nomination of a round: the proposing unit (who may edit it), the nomination as
    the round model checks it (without votes), and the council's votes once counted."""

    __tablename__ = "round_nominations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    #: Order in the round (the minutes and the check keep it).
    position: Mapped[int] = mapped_column(Integer)
    #: The proposing unit (``proposed_by``), as typed; None: entered by the council's office.
    unit: Mapped[str | None] = mapped_column(String(200))
    data_json: Mapped[str] = mapped_column(Text)
    votes: Mapped[int | None] = mapped_column(Integer)
    written_votes: Mapped[int | None] = mapped_column(Integer)
    #: The achievement report attached as a file (a signed scan, the unit's own DOCX): its
    #: content in the file store, the name it was sent with, ``pdf`` or ``docx``.
    report_sha256: Mapped[str | None] = mapped_column(String(64), info=STORED_FILE)
    report_filename: Mapped[str | None] = mapped_column(String(200))
    report_format: Mapped[str | None] = mapped_column(String(10))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- clusters' scoring years (Cụm, Khối thi đua) --------------------------------------------


class ClusterYear(Base):
    """One cluster's scoring year: the year's document (``docgen.model.scoring.ScoringYear``
    as JSON: members, criteria, results, reviews, the trail of changes, the lock, the
    meeting), the agency that organises the cluster, and where the year stands.

    ``version`` rises with every change; a change sent for an older version is refused
    (someone else saved meanwhile), so two people never overwrite each other."""

    __tablename__ = "cluster_years"
    __table_args__ = (UniqueConstraint("organiser", "name", "year", name="uq_cluster_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The agency (catalog code) that organises the cluster; its clerks set the year up
    #: and draft its papers, its records office issues them.
    organiser: Mapped[str] = mapped_column(String(60), index=True)
    #: The cluster's name on one line (``Khối thi đua số 2``).
    name: Mapped[str] = mapped_column(String(400))
    year: Mapped[int] = mapped_column(Integer)
    #: ``scoring`` (members score, the head reviews), ``locked`` (finalised, no change),
    #: ``met`` (the meeting and its vote recorded).
    status: Mapped[str] = mapped_column(String(10), default="scoring")
    version: Mapped[int] = mapped_column(Integer, default=1)
    document_json: Mapped[str] = mapped_column(Text)
    #: The issued pledge the year was started from, if any.
    pledge_paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id"))
    #: The drafts made from the year: the minutes and the proposal (Tờ trình).
    minutes_paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id"))
    proposal_paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id"))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ClusterMember(Base):
    """A member unit of a cluster's year: its code in the year's document and the agency
    (catalog code) whose people act for it."""

    __tablename__ = "cluster_members"
    __table_args__ = (UniqueConstraint("cluster_year_id", "agency",
                                       name="uq_cluster_member_agency"),)

    cluster_year_id: Mapped[int] = mapped_column(
        ForeignKey("cluster_years.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    agency: Mapped[str] = mapped_column(String(60), index=True)
